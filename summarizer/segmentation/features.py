"""Hand-made line features: shape, punctuation, language cues, duplicates, position, topic.

The features describe what a line looks like and where it sits, never which exact string it
is, so that unseen headings, credits, bylines and boilerplate strings are still recognised.
Keyword sets are generic Vietnamese words of page furniture, matched without tone marks.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from itertools import islice

import numpy as np

from summarizer.text import CLOSERS

from .layout import CREDIT_AT_END
from .lexical import caption_score, caption_words, has_credit_word
from .text import (CREDIT_WORDS, core, deaccent, deaccent_folded, drop_end_mark, spell_pictograms, squash,
                   sentence_case, words_of_folded)

# Words that make up teaser headings ("Tin liên quan", "Có thể bạn quan tâm", "Đọc thêm"...).
HEADING_WORDS = frozenset(
    "tin bai viet lien quan xem them doc nhieu moi nhat khac noi bat co the ban chua cung "
    "chuyen muc tam hay nong tieu diem goi y de xuat su kien chu noi dung bo lo tuc video "
    "anh hot top dang chu y danh cho phan tiep theo khong nen ky truoc nhan cac nhung "
    "related news more read also trending popular latest".split()
)
# Words of share bars, comment boxes, tags, footers and site chrome.
BOILER_WORDS = frozenset(
    "facebook zalo twitter email mail copy link chia se in bai binh luan gui tags tag tu khoa "
    "theo doi google news ban quyen luot xem tro lai dau trang y kien doc cap nhat dang nhap "
    "ky hotline lien he quang cao tai ung dung like share tweet pinterest linkedin telegram "
    "messenger youtube tiktok fanpage nhan thich ve chu quay tiep phan hoi tra loi luu "
    "print comment comments follow subscribe copyright sao chep top".split()
)
_FURNITURE_WORDS = HEADING_WORDS | BOILER_WORDS
# Word pairs of sentences that address the reader or speak of the site ("Mời bạn đọc gửi ý
# kiến về bài viết."): pairs, since single syllables without tone marks are everyday words.
_READER_PAIRS = frozenset(
    "ban doc|doc gia|quy vi|bai viet|toa soan|bien tap|chuyen muc|trang chu|vui long|cam on|dong gop|phan hoi|"
    "lien he|binh luan|chia se|theo doi|ban quyen|sao chep|y kien|dang ky|hop thu|duong day|day nong|tin moi|"
    "thong bao|ung dung".split("|"))
# Words that introduce a byline or a credit.
BYLINE_WORDS = frozenset("theo tong hop pv ctv phong vien nhom thuc hien luoc dich bien tac gia nguon".split())
_STOP = frozenset(
    "va cua co la duoc cho cac nhung mot trong da voi nguoi khong nay den tai ve tu khi thi "
    "cung nhu de sau con ra se dang vao len nhieu hon theo do tren nam ngay".split()
)

_TERMINAL = re.compile(r"[.!?…;。！？；]['\"”’)\]」』]*$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)['\"”’)\]]*$")
# "(Ảnh: X)", "- Ảnh: X", "Ảnh: X.", "(Ảnh minh hoạ)", "Nguồn: X", "Photo: X", "Video: X".
_CREDIT = re.compile(
    r"(?:^|[\s(\[\-–—|/:.])(?:anh|nguon|photo|foto|video|clip|do hoa|thiet ke|infographic|"
    r"anh minh hoa|anh chup man hinh|tu lieu)\s*(?:[:：]|minh hoa|tu lieu|internet|\)|$)"
    # "Hình: X" ("picture"), but not "tình hình: ..." ("the situation: ...").
    r"|(?:^|[(\[\-–—|/.])\s*hinh(?: anh)?\s*[:：]"
)
# What a _CREDIT match needs: one of these, or a credit word closing the line. Checking them
# first skips the regex, which tries every position of a line, on most lines.
_CREDIT_NEEDS = (":", "：", ")", "minh hoa", "tu lieu", "internet")
_CREDIT_LAST_WORDS = ("anh", "nguon", "photo", "foto", "video", "clip", "hoa", "ke", "infographic", "hinh", "lieu")
# "Ảnh - REUTERS" on a line of its own (accented: "Anh - Pháp" is the UK and France).
_CREDIT_LINE = re.compile(r"^\W*(?:ảnh|hình|nguồn|photo|video|clip)\s*[-–—]\s*\S", re.I)
# Credit words, alone or joined: "Ảnh: X", "Ảnh/Video: X", "Ảnh & clip: X", "Nguồn ảnh: X".
_CREDIT_ONLY = re.compile(rf"^\W*(?:{CREDIT_WORDS})\s*(?:[:：\-–—|)]|$)")
_CREDIT_TAIL = re.compile(r"[(\[\-–—|]\s*(?:anh|hinh|nguon|photo|foto|theo)\b[^()\[\]]{0,60}[)\]]?\W*$")
_DATE = re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{2,4})?\b")
_TIME = re.compile(r"\b\d{1,2}\s*[:h]\s*\d{2}\b|\bgmt\b|\b(?:am|pm)\b")
_WEEKDAY = re.compile(r"\b(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat)\b")
_AGO = re.compile(r"\b\d+\s*(?:giay|phut|gio|ngay|tuan|thang|nam)\s*truoc\b")
# Words that only say when: "Cập nhật lúc 10:25 ngày 3/4", "Đăng ngày", "(GMT+7)".
_WHEN_WORDS = frozenset("ngay thang nam luc gio phut giay truoc hom qua nay cap nhat dang sang chieu toi "
                        "trua dem gmt am pm utc".split())
_READ_ON = re.compile(r"\b(?:xem|doc) (?:them|tiep)\b")
_READ_MORE = re.compile(rf"{_READ_ON.pattern}|\blien quan\b")
# A link's prefix may open with a bid to read, whatever follows: "Đọc ngay:", "Tham khảo thêm:",
# "Click xem:" (with tone marks: "Độc quyền:", "Mới nhất:" are other words), or offer the details
# ("Chi tiết:", short for "Xem chi tiết": no VietNews paragraph, lead or caption opens so).
_INVITES = frozenset(("xem", "đọc", "click", "bấm", "nhấn", "mời"))
_INVITING_PAIRS = (["tham", "khảo"], ["chi", "tiết"])
# Arrows in front of a line point to another page: "► X", ">> X", "=> X", "→ X".
_LINK_ARROW = re.compile(r"^(?:[>»›►▶▸→⇒➤➜➔➡]|=>)")
_KV = re.compile(r"^[^:]{1,25}:\s*\S")  # "Tags: a, b, c" / "Từ khoá: ..." / "Bài và ảnh: ..."
# "Xem thêm >> X", "Tin liên quan: X", "[Đọc thêm] X", "Đọc tiếp ➜ X": a few words, a separator
# (a colon, a bracket, a bar, a dash or an arrow), then a headline.
_PREFIX = re.compile(r"^\W*(\w+(?:\s+\w+){0,4})\s*(?::|[>»►▶▸›→⇒➜➔➤]+|\]|\||–|—|-\s)\s*(\S.*)$")
_SENTENCE = re.compile(r"[.!?…]['\"”’)]*\s+[\"“'‘(]?[^\W\d_]")
_TAG = re.compile(r"^\s*[\[(][^\])]{1,20}[\])]")  # "[Ảnh] ...", "(Video) ..."
_LEAD_DECO = re.compile(r"^\s*[^\w\s\"“'‘(\[]")
_WORDS = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
# A photo credit at either end of a caption, on the casefolded line (accents matter: "Anh:"
# can be a speaker): "X - Ảnh: Y", "X (Nguồn ảnh: Y)", "X (Photo by Y)", "X Ảnh/ Y", "X - Ảnh tư
# liệu", "X (Ảnh minh hoạ)"; "Ảnh: Y. X", "[Ảnh: Y] X", "Ảnh/ Y: X", "Photo by Y: X", "Ảnh Y - X".
_NAME = r"[^\s()\[\].,;:!?]+(?:\s+[^\s()\[\].,;:!?]+){0,3}"  # up to four words
_CREDIT_END = re.compile(
    # "X - Hình: Y", not "loại hình: Y" (a kind: Y)
    rf"(?:^|[(\[\-–—|/.,]|\s(?!hình\s*[:：]))\s*(?:{CREDIT_WORDS})\s*[:：][^()\[\]]*[)\]]?\W*$"
    r"|[(\[\-–—|]\s*(?:ảnh|hình|photo|foto)\s+(?:by|do)\s+[^()\[\]]{1,60}[)\]]?\W*$"
    rf"|(?:^|[\s(\[\-–—|.,])\s*(?:ảnh|photo|foto)\s*[\-–—/]\s*{_NAME}[)\]]?\W*$"
    r"|[\-–—|]\s*ảnh\s+(?:tư liệu|minh h(?:oạ|ọa)|chụp màn hình|cắt từ [^()\[\]]{1,30})\W*$"
    r"|\(\s*ảnh\b(?!\s*hưởng)[^)]*\)\W*$")
# In front, photo words only: "Video: X - Y" opens a link to a clip.
_FRONT_CREDIT = rf"(?!video|clip)(?:{CREDIT_WORDS})"
_CREDIT_START = re.compile(
    rf"^\W*(?:{_FRONT_CREDIT}\s*[:：][^.\]\-–—|)]*[.\]\-–—|)]"
    rf"|{_FRONT_CREDIT}\s*[/|]\s*[^.\]\-–—|):：/]{{1,40}}?\s*[.\]\-–—|):：](?=\s*\S)"
    rf"|{_FRONT_CREDIT}\s+(?:by|do)\s+[^\s.\-–—:：|]+(?:\s+[^\s.\-–—:：|]+){{0,3}}\s*[.\-–—:：|](?=\s*\S)"
    r"|ảnh\s+(?!hưởng)[^\-–—:]{1,40}?\s[\-–—])\s*")


def ends_with_full_stop(text: str) -> bool:
    """Whether a line ends in a plain full stop (not "..."), closing quotes and brackets aside:
    headlines end in "?", "!", a quote or nothing, so only a plain full stop marks prose."""
    bare = text.rstrip(CLOSERS)
    return bare.endswith("。") or bare.endswith(".") and not bare.endswith("..")


def names_credit(low: str) -> bool:
    """Whether a line (``deaccent``) holds a photo or source credit (``_CREDIT``)."""
    return ((any(needed in low for needed in _CREDIT_NEEDS) or low.rstrip().endswith(_CREDIT_LAST_WORDS))
            and bool(_CREDIT.search(low)))


def is_date_line(low: str) -> bool:
    """Whether a line (lower-cased, without tone marks: ``deaccent``) only gives a date or a
    time ("20/10/2022", "2 giờ trước", "Thứ Hai, 5/6/2023 - 10:20", "Cập nhật: 09:15"): at
    most one word left once those are removed."""
    if len(low) > 80 or not _DIGIT.search(low):
        return False
    rest = _AGO.sub(" ", _TIME.sub(" ", _DATE.sub(" ", _WEEKDAY.sub(" ", low))))
    return sum(w not in _WHEN_WORDS and not w.isdigit() for w in _WORDS.findall(rest)) <= 1


def is_bare_credit(text: str) -> bool:
    """Whether a (squashed) line is only a photo credit: "Ảnh minh hoạ", "(Ảnh: TTXVN)",
    "Nguồn ảnh - Reuters", or a photographer's name (is_photo_credit: "Ảnh VĂN SƠN"). Accents
    matter: "Anh: ..." can be a speaker in an interview."""
    return len(text.split()) <= 8 and (bool(_CREDIT_ONLY.match(text.casefold())) or is_photo_credit(text))


# "Ảnh: X", "(Hình - X)", not "Ảnh: X. <caption>" nor "[Ảnh: X] <caption>" (a credit in front).
_PHOTO_CREDIT = re.compile(r"^\W*(?:(?:nguồn )?(?:ảnh|hình)(?: ảnh)?|photo|foto)\s*[:：\-–—]"
                           r"(?!\s*(?:minh h|tư liệu|internet|chụp))\s*"
                           r"((?:[^.)\]\-–—|]|\.(?!\s))+)[.)\]]?$", re.I)


# "Ảnh DANH TRỌNG": without a separator only a name in capitals makes a credit ("Ảnh Bác Hồ" is a caption).
_PHOTO_CREDIT_UNSEPARATED = re.compile(r"^\W*(?:ảnh|hình|photo)\s+(\w[^:：]*?)\W*$", re.I)


def is_photo_credit(text: str) -> bool:
    """Whether a (squashed) line only names who took a photo: "Ảnh: X", "Hình - X", "Nguồn ảnh: X",
    "Photo: X", "Ảnh X" with X in capitals (a line all in capitals says nothing). A name is
    capitalised, at least every other word ("Ảnh: Văn phòng Chính phủ"); "Ảnh: Người dân đổ ra
    đường" is a caption that opens with the word for photo."""
    if len(text.split()) > 8:
        return False
    if not (credit := _PHOTO_CREDIT.match(text)):
        unseparated = _PHOTO_CREDIT_UNSEPARATED.match(text)
        return bool(unseparated) and unseparated.group(1).isupper() and not text.isupper()
    name = credit.group(1).split()
    return 2 * sum(word[:1].isupper() or word[:1].isdigit() for word in name) >= len(name)


def holds_sentences(text: str) -> bool:
    """Whether a line holds more than one sentence (most photo captions hold one)."""
    return bool(_SENTENCE.search(text))


# An illustration credit closing a line: "(Ảnh minh hoạ)", "Hình: minh hoạ", "Ảnh mang tính minh hoạ".
_ILLUSTRATION_END = re.compile(r"(?:\b(?:ảnh|hình)(?:\s*[:：]\s*|\s+mang tính\s+|\s+)|\(\s*)minh h(?:oạ|ọa)\W*$")


# Any credit in front: a credit word, then up to six words of credit wording or names, a
# separator and the caption ("Ảnh Ngọc Diệp: ...", "Nguồn hình: X - ...", "Ảnh (X): ...", "Photo
# credit: X. ...").
_LOOSE_CREDIT_START = re.compile(r"^\W*(?:ảnh|hình|nguồn|photo|foto)(?!\s*hưởng)\b([^.:：\-–—|\[\]]{0,50}?)\s*"
                                 r"[:：\-–—|.\]]\s*(?=\S)", re.I)
_CREDIT_WORDING = frozenset("ảnh hình nguồn photo foto chụp minh hoạ họa tư liệu credit by do của và video clip & /".split())


def starts_with_credit(text: str) -> bool:
    """Whether a (squashed) line opens with a photo credit: "Ảnh: X. <caption>", "[Ảnh: X] ...",
    "Ảnh X - ...", "Ảnh Ngọc Diệp: ...", "Nguồn hình: X - ...". No VietNews paragraph does (a
    title can: "Ảnh tươi cười của ... - ...", where lower-case words follow the credit word)."""
    return bool(_CREDIT_START.match(text.casefold())) or loose_credit_end(text) is not None


def loose_credit_end(text: str) -> int | None:
    """Where the caption starts after a credit in front in any wording (_LOOSE_CREDIT_START), or
    None: the words between the credit word and the separator must be credit wording or names."""
    loose = _LOOSE_CREDIT_START.match(text)
    if not loose:
        return None
    between = [word.strip("()[]\"'“”") for word in loose.group(1).split()]
    credit_like = len(between) <= 6 and all(
        word.casefold() in _CREDIT_WORDING or word[:1].isupper() or word[:1].isdigit() for word in between if word)
    return loose.end() if credit_like else None


def ends_with_photo_credit(text: str) -> bool:
    """Whether a (squashed) line ends with a photographer's credit ("... - Ảnh: LÊ TRUNG", "...
    (Photo: Reuters)", "... (Photo by X)", "... Ảnh/ X"): 1,110 dev captions and 1,857 teaser lines
    do, two dev body lines and three of 10,101 VietNews paragraphs, each a caption run into its
    paragraph."""
    # Every CREDIT_AT_END match holds a colon or, without one, a photo word.
    return (":" in text or "：" in text or has_credit_word(text.casefold())) and bool(CREDIT_AT_END.search(text))


_LETTER = re.compile(r"[^\W\d_]")


def has_letters(text: str) -> bool:
    """Whether a line holds a letter: titles and paragraphs do; rating bars ("👍 723 👎 31"),
    separators and bare numbers do not."""
    return bool(_LETTER.search(text))


def ends_with_illustration_credit(text: str) -> bool:
    """Whether a (squashed) line ends by saying its photo is an illustration ("... (Ảnh minh
    hoạ)", "... Ảnh mang tính minh hoạ"): 107 dev captions and 198 teaser items do, no dev body
    line, and of 10,101 VietNews paragraphs one ends in "minh hoạ", none in this form."""
    folded = text.casefold()
    return "minh h" in folded and bool(_ILLUSTRATION_END.search(folded))


def is_inline_teaser(ln: LineFacts) -> bool:
    """Whether a line is a link to another story: an arrow in front of a headline ("► X",
    ">> X", "=> X"), or a prefix of two or more heading words, or one that says "read more"
    ("Mời quý vị xem thêm") or opens with a bid to read ("Đọc ngay", "Tham khảo thêm", "Chi tiết"), a
    separator, then a headline ("Tin liên quan: ...", ">> Bạn đọc quan tâm: ...", "[Đọc thêm]
    ..."). The headline has no full stop, unless the prefix is three heading words or says
    "xem/đọc thêm/tiếp" ("Tin liên quan: X.", "Xem thêm: X.", where X may hold two sentences, as
    headlines do: "Muốn đi làm? Cứ phải biết giao tiếp."). Every such line in the dev set is a
    teaser, and of the paragraphs, leads and captions of 2,000 VietNews articles only a video's
    link has such a prefix ("Xem clip: Tiểu Vy hát ...")."""
    # Behind an arrow, one sentence: "→ " may also open an item of a list in the article.
    if _LINK_ARROW.match(ln.text) and 3 <= ln.nwords <= 30 and not _SENTENCE.search(ln.text):
        return True
    if ln.prefix is None:
        return False
    head, headline = ln.prefix
    said = " ".join(head)
    heading_words = all(map(HEADING_WORDS.__contains__, head))
    invites = bool(ln.toks) and (ln.toks[0] in _INVITES or ln.toks[:2] in _INVITING_PAIRS)
    if len(head) < 2 or not (heading_words or invites or _READ_MORE.search(said)) or len(headline.split()) < 3:
        return False
    # A full stop may close the headline of an unmistakable link ("Tin liên quan: X.").
    plain_link = len(head) >= 3 and heading_words or bool(_READ_ON.search(said))
    return not ends_with_full_stop(headline) or plain_link and ln.nwords <= 30


def introduces_list(ln: LineFacts) -> bool:
    """Whether a line is prose that announces what follows ("Cụ thể, quyết định nêu rõ:"): four
    words or more ending in a colon, not mostly words of headings or chrome and saying no "read
    more" ("Có thể bạn quan tâm:", "Mời bạn đọc xem thêm các tin liên quan:"). Of the dev lines
    that end in a colon, no teaser heading is such a line, and 16 of the 17 that are are body
    (the other a teaser's lead)."""
    return (ln.nwords >= 4 and ln.text.rstrip(CLOSERS + " ").endswith(":") and not _READ_MORE.search(ln.low)
            and _ratio(ln.atoks, _FURNITURE_WORDS) < 0.5)


def is_furniture(ln: LineFacts) -> bool:
    """Whether a short line without closing punctuation is page furniture by its words alone: it
    invites to read on ("Kéo xuống để đọc tiếp", "Xem thêm ảnh"), or every word is a word of
    headings, share bars and site chrome ("Video đang HOT", "Tin nổi bật"). No dev article
    line is."""
    if ln.terminal or not ln.atoks:
        return False
    return (ln.nwords <= 12 and bool(_READ_ON.search(ln.low))
            or ln.nwords <= 8 and all(map(_FURNITURE_WORDS.__contains__, ln.atoks)))


# What Vietnamese news sites must print in their footer, matched on the deaccented line: a
# copyright, the press licence ("Giấy phép số 248/GP-BTTTT"), "Ghi rõ nguồn ... khi phát hành
# lại" (not "ghi rõ nguồn gốc", "state the origin"), and who answers for the paper ("Tổng biên
# tập: X", "Cơ quan chủ quản: X", "Chịu trách nhiệm xuất bản: X").
_LEGAL_NOTICE = re.compile(
    r"©|\bcopyright\b|\b\d+\s*/\s*gp\b|\bghi ro nguon\b(?!\s*goc)"
    r"|^\W*(?:(?:pho )?tong bien tap|co quan chu quan|thu ky toa soan"
    r"|chiu trach nhiem (?:noi dung|xuat ban|quan ly noi dung))\s*:")

# What every _LEGAL_NOTICE match holds: a substring test skips the regex on almost every line.
_LEGAL_NEEDS = ("©", "copyright", "gp", "ghi ro nguon", "tong bien tap", "co quan chu quan", "thu ky toa soan",
                "chiu trach nhiem")


def is_legal_notice(ln: LineFacts) -> bool:
    """Whether a line is a copyright or masthead notice (_LEGAL_NOTICE). Such a line can read
    like a sentence of prose ("Giấy phép số 248/GP-BTTTT do Bộ Thông tin và Truyền thông cấp
    ngày 10/6/2016."); no VietNews article line holds one."""
    return any(needed in ln.low for needed in _LEGAL_NEEDS) and bool(_LEGAL_NOTICE.search(ln.low))


# A web or e-mail address, or a social-media handle ("(@Reuters)", "@vtv24news").
_ADDRESS = re.compile(r"https?://|\bwww\.|[\w.+-]+@[\w-]+\.\w|(?<![\w.])@[a-z_][a-z0-9_]{1,30}\b")


# What a scraper leaves of a page's source: markup only ("<br>", "&nbsp;", "[caption id=...]"),
# script ("googletag.cmd.push(function() {...});": ASCII only), an image's file name.
_MARKUP_ONLY = re.compile(r"(?:\s*(?:</?[a-z][^<>]*>|&#?\w+;|\[/?[a-z_]+(?:\s[^\]]*)?\]))+\s*", re.I)
_SCRIPT = re.compile(r"\bfunction\s*\(|=>|\|\||&&|\b[a-z_$][\w$]+(?:\.[a-z_$][\w$]+)+\(|[;{}]\s*$", re.I)
_FILE_NAME = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|bmp|svg|mp4|mov)", re.I)


def is_markup(text: str) -> bool:
    """Whether a (squashed) line is what a scraper left of the page's source, not text: markup,
    script or a file name. No line of the dev pages or of 2,000 VietNews articles is."""
    return (text.isascii() and bool(_SCRIPT.search(text))
            or bool(_MARKUP_ONLY.fullmatch(text)) or bool(_FILE_NAME.fullmatch(text)))


def is_address_line(ln: LineFacts) -> bool:
    """Whether a line of up to 15 words holds a web or e-mail address or a social-media handle: a
    source link ("Nguồn: https://..."), a contact line, the attribution under an embedded post ("—
    Reuters (@Reuters) 5 tháng 6, 2023"). Of the 17,000 lines of 2,000 VietNews articles, two long
    paragraphs and a photo credit hold an address, and none a handle."""
    return len(ln.text.split()) <= 15 and bool(_ADDRESS.search(ln.low))


# Words of a comment section's heading: "Bình luận (12)", "Ý kiến bạn đọc", "Gửi bình luận của bạn",
# "Thảo luận", "Bình luận của độc giả".
_COMMENT_WORDS = frozenset("binh luan y kien ban doc gia gui viet cua phan hoi thao comment comments co cac tat ca "
                           "moi nhat xem them hay".split())
_COMMENT_TOPIC = re.compile(r"\b(?:binh luan|y kien|thao luan|comments?)\b")


def is_comment_heading(ln: LineFacts) -> bool:
    """Whether a line heads a comment section: at most six words, all of them comment-section
    words (or a count), one of them "bình luận", "ý kiến", "thảo luận" or "comment". Readers'
    comments are whole sentences that can read like paragraphs; no dev article goes on after
    such a heading."""
    return (0 < ln.nwords <= 6 and bool(_COMMENT_TOPIC.search(ln.key))
            and all(word in _COMMENT_WORDS or word.isdigit() for word in ln.atoks))


def prose_topic(lines: list[LineFacts]) -> set[str] | None:
    """The syllables of the title and the paragraphs of a page (what its prose is about), or
    None when it has fewer than two paragraphs to tell."""
    paragraphs = [ln.toks for ln in lines if ln.long]
    return set().union(lines[0].toks, *paragraphs) if len(paragraphs) >= 2 else None


def on_topic_sentences(lines: list[LineFacts]) -> list[bool]:
    """Which lines end like a sentence and share three or more pairs of content syllables ("liên
    minh", "quốc tế") with the title and the page's paragraphs: site chrome worded as a sentence
    ("Cảm ơn bạn đã đọc bài viết!") is not about the story. 91% of dev body lines that end like a
    sentence do, 0.2% of sentences of chrome set under dev articles."""
    if not lines:
        return []
    # A paragraph ("long") ends like a sentence: only the title and such lines need their pairs.
    pairs = [_content_pairs(ln) if i == 0 or ln.terminal else set() for i, ln in enumerate(lines)]
    used = Counter(pair for i, ln in enumerate(lines) if i == 0 or ln.long for pair in pairs[i])
    shared = []
    for i, ln in enumerate(lines):
        own = i == 0 or ln.long  # a paragraph's own pairs are counted in ``used``
        shared.append(ln.terminal and sum(used[pair] > own for pair in pairs[i]) >= 3)
    return shared


def lead_index(lines: list[LineFacts]) -> int | None:
    """Where the lead most likely is: the first line of 15 words or more among the twelve under
    the first (chrome or a headline list may sit above the title)."""
    return next((i for i in range(1, min(len(lines), 13)) if lines[i].nwords >= 15), None)


def topical_paragraphs(lines: list[LineFacts]) -> np.ndarray:
    """Which lines are paragraphs sharing three or more pairs of content syllables with the lines
    down to the lead: the article's own, for 63% of dev body paragraphs (25 words or more) do, and
    14% of teaser lines as long."""
    lead = lead_index(lines) or 0
    anchor = set().union(*(_content_pairs(lines[i]) for i in range(lead + 1)))
    return np.asarray([i > lead and ln.long and len(_content_pairs(ln) & anchor) >= 3
                       for i, ln in enumerate(lines)], dtype=bool)


def _content_pairs(ln: LineFacts) -> set[tuple[str, str]]:
    """A line's pairs of adjacent content syllables (tone marks aside)."""
    content = ln.content
    return {(a, b) for a, b in zip(ln.atoks, ln.atoks[1:]) if a in content and b in content}


def is_off_topic(ln: LineFacts, topic: set[str] | None) -> bool:
    """Whether a short unpunctuated line shares no content word (tone marks kept) with the
    page's ``prose_topic``: a subheading is about its article, "Phóng to ảnh" is not. 1 of 82
    dev subheadings breaks this."""
    return (topic is not None and ln.nwords <= 10 and not ln.terminal and bool(ln.content)
            and topic.isdisjoint(t for t in ln.toks if deaccent(t) in ln.content))


def _reader_pairs(tokens: list[str]) -> float:
    """How many of _READER_PAIRS a line holds (up to 3), over 3."""
    return min(sum(f"{a} {b}" in _READER_PAIRS for a, b in zip(tokens, tokens[1:])), 3) / 3


def _ratio(tokens: list[str], vocab: frozenset[str]) -> float:
    return sum(map(vocab.__contains__, tokens)) / len(tokens) if tokens else 0.0


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


# "(2/5) ": a photo's place in a gallery, in front of its caption.
_GALLERY_COUNTER = re.compile(r"[(\[]\s*\d{1,2}\s*/\s*\d{1,2}\s*[)\]]\s*")


class LineFacts:
    """Per-line facts computed once and reused by the context features."""

    __slots__ = ("text", "low", "core", "toks", "atoks", "content", "key", "bare_key", "nwords", "terminal",
                 "ellipsis", "long", "prefix")

    def __init__(self, raw: str) -> None:
        self.text = sentence_case(spell_pictograms(drop_end_mark(squash(raw))))
        self.core = core(self.text)
        folded = self.text.casefold()
        self.low = deaccent_folded(folded)
        self.toks = words_of_folded(folded)
        self.atoks = _WORDS.findall(self.low)
        self.content = {t for t in self.atoks if t not in _STOP and not t.isdigit()}
        self.key = " ".join(self.atoks)
        # The key without a photo credit or a gallery's counter ("(2/5) ..."): a doubled caption
        # often carries them on one copy only.
        self.bare_key = self.key
        if folded[:1] in "([" and (counter := _GALLERY_COUNTER.match(folded)):
            folded = folded[counter.end():]
            self.bare_key = " ".join(_WORDS.findall(deaccent_folded(folded)))
        if has_credit_word(folded):
            bare = _CREDIT_START.sub("", folded)
            # A credit in other words ("Nguồn hình: X - ..."); "[Ảnh] ..." (one word) tags a link.
            if bare == folded and (end := loose_credit_end(self.text)) is not None and len(self.text[:end].split()) > 1:
                bare = self.text[end:].casefold()
            self.bare_key = " ".join(_WORDS.findall(deaccent(_CREDIT_END.sub("", bare))))
        self.nwords = len(self.toks)
        self.terminal = bool(_TERMINAL.search(self.text))
        self.ellipsis = bool(_ELLIPSIS.search(self.text))
        # A paragraph that reads like article prose (teaser leads are cut with "...").
        self.long = self.nwords >= 25 and self.terminal and not self.ellipsis
        # (words before the separator, what follows) of "Tin liên quan: X"-shaped lines.
        match = _PREFIX.match(self.low) if self.nwords <= 40 else None
        self.prefix = (match.group(1).split(), match.group(2)) if match else None


def _base(ln: LineFacts, caption_weights: dict[str, float]) -> list[float]:
    text, n = ln.text, ln.nwords
    low = ln.low
    first_words = ln.atoks[:4]
    upper = 0.0
    letters = 0
    if n <= 12:  # only short lines can be shouted headings
        letters = sum(map(str.isalpha, text))
        upper = sum(map(str.isupper, text)) / letters if letters else 0.0
    raw_words = text.split()
    capital = sum(map(str.isupper, [w[0] for w in raw_words])) / max(len(raw_words), 1)
    short = n <= 8
    date = short and (bool(_DATE.search(low)) or bool(_WEEKDAY.search(low)))
    prefix_heading = 0.0
    if ln.prefix is not None and n <= 30:
        head, headline = ln.prefix
        prefix_heading = _ratio(head, HEADING_WORDS) * (not ends_with_full_stop(headline))
    name_like = 1 <= n <= 7 and capital >= 0.75 and not ln.terminal and not any(c.isdigit() for c in text)
    return [
        math.log1p(n) / 4,
        n <= 3, n <= 6, 6 < n <= 12, 12 < n <= 25, 25 < n <= 50, n > 50,
        ln.terminal, ln.ellipsis, ln.text.endswith("?"),
        text.rstrip().endswith(":"),
        bool(_LEAD_DECO.match(text)),
        bool(_TAG.match(text)),
        ln.core != text,
        names_credit(low) or bool(_CREDIT_LINE.match(text)) or ln.bare_key != ln.key,
        bool(_CREDIT_TAIL.search(low)),
        upper > 0.8 and letters > 3,
        capital,
        _ratio(ln.atoks, HEADING_WORDS) if short else 0.0,
        _ratio(ln.atoks, BOILER_WORDS) if short else 0.0,
        # Chrome also comes as a sentence ("Mời bạn đọc gửi ý kiến về bài viết.").
        _reader_pairs(ln.atoks) if 8 < n <= 30 else 0.0,
        _ratio(first_words, BYLINE_WORDS) if short else 0.0,
        bool(ln.atoks) and ln.atoks[0] == "theo" and n <= 10,
        name_like,
        date, short and bool(_TIME.search(low)),
        sum(map(str.isdigit, ln.atoks)) / max(n, 1),
        bool(_KV.match(text)) and text.count(",") >= 1 and not ln.terminal,
        bool(_KV.match(text)) and n <= 12,
        text.count(",") / max(n, 1),
        text[:1] in "\"“'‘",
        prefix_heading,
        *caption_score(caption_words(ln.text, ln.toks), caption_weights),
        min(len(_SENTENCE.findall(text)), 4) / 4,
        "(" in text and text.rstrip().endswith(")"),
        # Prose ends in a plain full stop; headlines end in "?", "!", a quote or nothing.
        ends_with_full_stop(text),
        text.rstrip().endswith("!"),
        # Copyright and masthead lines are chrome whatever their length or wording.
        is_legal_notice(ln) or "ban quyen" in low,
    ]


N_BASE = len(_base(LineFacts("x"), {}))
N_EXTRA = 29
STYLE_LINES = 6  # prose lines that tell a page's paragraph style
CONTEXT = (-3, -2, -1, 1, 2, 3)


def _pair(a: LineFacts, b: LineFacts | None) -> list[float]:
    """How line a relates to a neighbour b: duplicate, prefix (caption + credit), overlap."""
    if b is None:
        return [0.0, 0.0, 0.0, 1.0]
    dup = a.key == b.key and bool(a.key)
    prefix = not dup and bool(a.key) and bool(b.key) and (
        a.key.startswith(b.key) or b.key.startswith(a.key) or same_caption(a, b))
    return [dup, prefix, _overlap(a.content, b.content), 0.0]


def same_caption(a: LineFacts, b: LineFacts) -> bool:
    """Whether two lines are the same text once a photo credit is cut from either."""
    return bool(a.bare_key) and a.bare_key == b.bare_key


def _same(a: LineFacts, b: LineFacts) -> bool:
    return bool(a.key) and (a.key == b.key or a.key.startswith(b.key) or b.key.startswith(a.key)
                            or same_caption(a, b))


def split_lines(text: str) -> tuple[list[str], list[bool]]:
    """The non-empty lines of a page and, for each, whether blank lines separate it from the
    previous one (photo captions often hang right under a picture or a paragraph)."""
    lines: list[str] = []
    gaps: list[bool] = []
    blank = False
    for raw in text.split("\n"):
        if raw.strip():
            lines.append(raw)
            gaps.append(blank and len(lines) > 1)
            blank = False
        else:
            blank = True
    return lines, gaps


def join_lines(lines: list[str], gaps: list[bool]) -> str:
    """A page from its lines, a blank line before each line whose gap is set (the inverse
    of split_lines; the first line's gap is ignored)."""
    return lines[0] + "".join(("\n\n" if gap else "\n") + line for line, gap in zip(lines[1:], gaps[1:]))


def describe(raw_lines: list[str]) -> list[LineFacts]:
    """The facts of each line that features and decoding rules share, computed once."""
    return [LineFacts(raw) for raw in raw_lines]


def page_features(lines: list[LineFacts], caption_weights: dict[str, float],
                  gaps: list[bool] | None = None) -> np.ndarray:
    """One feature row per line: its own shape, its neighbours' shape, position and topic.

    ``caption_weights`` are the naive-Bayes caption-vs-prose log-odds of lexical.py; ``gaps``
    (from split_lines) says which lines follow a blank line.
    """
    n = len(lines)
    if n == 0:
        return np.zeros((0, n_features()), dtype=np.float32)
    base = np.asarray([_base(ln, caption_weights) for ln in lines], dtype=np.float32)

    # Topic anchors: the title, the first prose paragraph (the lead) and the first body paragraphs.
    # Chrome or a headline list may sit above the title: every line before the lead counts.
    lead_idx = lead_index(lines)
    head = range(lead_idx + 1) if lead_idx is not None else range(1)
    anchor = set().union(*(lines[i].content for i in head))
    core_idx = [i for i in range(1, n) if lines[i].long][:5]
    core_all = set().union(*(lines[j].content for j in core_idx))

    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.key] = counts.get(ln.key, 0) + 1
    long_flags = [ln.long for ln in lines]
    long_before = np.cumsum([0] + long_flags[:-1])
    long_after = np.cumsum(long_flags[::-1])[::-1] - np.asarray(long_flags)

    # The article's paragraph style, from the first prose lines under the lead (where no teaser
    # block sits yet): sites that print one sentence per paragraph show body lines shaped like
    # lone photo captions and like teaser items.
    prose = list(islice((ln for ln in lines[(lead_idx or 0) + 1:] if ln.nwords >= 8 and ends_with_full_stop(ln.text)),
                        STYLE_LINES))
    one_sentence = sum(not _SENTENCE.search(ln.text) for ln in prose) / len(prose) if prose else 0.0
    prose_words = math.log1p(sum(ln.nwords for ln in prose) / len(prose)) / 4 if prose else 0.0

    # Syllable pairs (word-like units) of the title and the paragraphs: a line that uses none of
    # them changes the subject (site chrome, another story), a short closing paragraph rarely does.
    pairs = [set(zip(ln.toks, ln.toks[1:])) for ln in lines]
    paragraph_pairs = Counter(pair for i in range(1, n) if lines[i].long for pair in pairs[i])
    paragraph_pairs.update(pairs[0])
    used_pairs = set(paragraph_pairs)
    used_twice = {pair for pair, count in paragraph_pairs.items() if count > 1}

    gaps = list(gaps) if gaps is not None and len(gaps) == n else [False] * n
    # Only pages that separate paragraphs by blank lines say anything with a missing one.
    blank_share = sum(gaps[1:]) / (n - 1) if n > 1 else 0.0
    extra = np.zeros((n, N_EXTRA), dtype=np.float32)
    for i, ln in enumerate(lines):
        prev = lines[i - 1] if i > 0 else None
        nxt = lines[i + 1] if i + 1 < n else None
        core_words = core_all if i not in core_idx else set().union(
            *(lines[j].content for j in core_idx if j != i))
        extra[i] = [
            i == 0, i == 1, i / max(n - 1, 1), math.log1p(i) / 4, math.log1p(n - 1 - i) / 4,
            math.log1p(long_before[i]) / 3, math.log1p(long_after[i]) / 3,
            counts[ln.key] > 1 and bool(ln.key),
            _overlap(ln.content, anchor - ln.content if i in head else anchor),
            _overlap(ln.content, core_words),
            *_pair(ln, prev), *_pair(ln, nxt)[:3],
            # A doubled caption with a credit line between the two copies.
            i > 1 and _same(ln, lines[i - 2]), i + 2 < n and _same(ln, lines[i + 2]),
            i == lead_idx,
            lead_idx is not None and i == lead_idx + 1,
            blank_share, gaps[i] - blank_share, (gaps[i + 1] if i + 1 < n else 1.0) - blank_share,
            one_sentence, prose_words,
            _shared_pairs(pairs[i], used_pairs, used_twice, own=i == 0 or ln.long),
            # A teaser's lead retells its headline (one or two lines up, past a doubled one); a
            # paragraph under a box of links does not.
            _overlap(prev.content, ln.content) if prev else 0.0,
            _overlap(lines[i - 2].content, ln.content) if i > 1 else 0.0,
        ]

    blocks = [base, extra]
    pad = np.zeros((1, N_BASE), dtype=np.float32)
    for off in CONTEXT:
        # Row i gets the base features of line i + off (zeros and a flag past either end).
        if off < 0:
            ctx = np.concatenate([np.repeat(pad, -off, axis=0), base])[:n]
        else:
            ctx = np.concatenate([base, np.repeat(pad, off, axis=0)])[off:]
        missing = np.zeros((n, 1), dtype=np.float32)
        if off < 0:
            missing[: min(-off, n)] = 1
        else:
            missing[max(n - off, 0):] = 1
        blocks += [ctx, missing]
    return np.concatenate(blocks, axis=1)


def _shared_pairs(own_pairs: set, used: set, used_twice: set, own: bool) -> float:
    """Share of a line's syllable pairs that the title or the paragraphs use, its own copy aside
    (``used``: pairs of the title and the paragraphs, ``used_twice``: those used more than once)."""
    if not own_pairs:
        return 0.0
    return len(own_pairs & (used_twice if own else used)) / len(own_pairs)


def n_features() -> int:
    return N_BASE + N_EXTRA + len(CONTEXT) * (N_BASE + 1)
