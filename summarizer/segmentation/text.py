"""Text normalisation shared by the features: case, diacritics and decorations.

Everything is matched on normalised forms so that case, spacing, decoration (►, », ***,
[ ], emoji, trailing colons) and missing tone marks do not change what a line looks like.
"""
from __future__ import annotations

import re
import unicodedata

from summarizer.text import decode_references, drop_invisible

# A Han or kana character is one syllable, like a space-separated Vietnamese syllable, so
# Chinese or Japanese lines get comparable lengths.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[^\W{_CJK}]+|[{_CJK}]")
# Characters that only decorate a line: anything that is not a letter, digit, quote or bracket.
_LEADING_EDGE = re.compile(r"^[^\w\"“”'‘’(\[]+")
_TRAILING_EDGE = re.compile(r"[^\w\"“”'‘’)\].!?…]+$")
_KEEPS_END = re.compile(r"[\w\"“”'‘’)\].!?…]")
_LETTER_WORD = re.compile(r"[^\W\d_]+")


def _deaccent_table() -> list[str | None]:
    """Map every Latin letter with marks (and lone combining marks) to its bare form: a list
    indexed by code point (twice as fast as a dict in str.translate); code points past its end
    are left as they are."""
    table: list[str | None] = [chr(code) for code in range(0x2000)]
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    for code in range(0xC0, 0x2000):
        ch = chr(code)
        if unicodedata.combining(ch):
            table[code] = None
            continue
        bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if bare != ch and bare:
            table[code] = bare
    return table


_DEACCENT = _deaccent_table()

# The words a photo credit opens with, casefolded: "Ảnh", "Hình ảnh", "Nguồn ảnh", "Nguồn hình",
# "Photo", "Đồ hoạ", "Ảnh minh hoạ", "Ảnh tư liệu", "Photo credit", and joined ones: "Ảnh & clip",
# "Ảnh/Video", "Ảnh, video", "Ảnh và video". Sites word credits many ways; the patterns that find
# them share this one.
_CREDIT_KIND = (r"(?:ảnh|hình(?:\s+ảnh)?|nguồn(?:\s+(?:ảnh|hình))?|photo|foto|video|clip|đồ h(?:oạ|ọa)|thiết kế"
                r"|infographic|tư liệu|minh h(?:oạ|ọa))"
                r"(?:\s+(?:minh h(?:oạ|ọa)|tư liệu|chụp màn hình|internet|sưu tầm|credit))?")
CREDIT_WORDS = rf"{_CREDIT_KIND}(?:\s*(?:[/&,+]|\svà\s)\s*{_CREDIT_KIND})*"


def deaccent(text: str) -> str:
    """Lower-case form with tone marks removed, đ -> d (for keyword matching)."""
    return deaccent_folded(text.casefold())


def deaccent_folded(folded: str) -> str:
    """``deaccent`` of an already casefolded text."""
    return folded.translate(_DEACCENT)


# Fullwidth forms of ASCII ("：", "（", "！"), as pages from sites set for CJK scripts print them.
_FULLWIDTH = re.compile("[\uff01-\uff5e]")
_ASCII_OF_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


# Markdown's strong emphasis around a whole line ("**Lead.**"), as reader tools print a page's bold
# lead: the line is read without it. Not italics ("*X*"): they print a photo's caption so.
_EMPHASIS = re.compile(r"^(\*\*|__)(?=\S)(.*\S)\1$")


def squash(text: str) -> str:
    """Whitespace-collapsed NFC text (nbsp and tabs included) without invisible characters, HTML
    character references or markdown's bold around it, fullwidth punctuation read as ASCII: a
    zero-width space, a "&quot;" or a "**" after the full stop must not hide that a line is prose,
    nor "：" that "Xem thêm：" introduces a link."""
    # Line breaks other than "\n" are whitespace here, so only invisible characters need care.
    # str.split() splits on the same whitespace as "\s+", several times faster.
    text = " ".join(unicodedata.normalize("NFC", drop_invisible(decode_references(text))).split())
    if text[:2] in ("**", "__") and (emphasised := _EMPHASIS.match(text)):
        text = emphasised.group(2)
    return text.translate(_ASCII_OF_FULLWIDTH) if _FULLWIDTH.search(text) else text


# What closes an article or an instalment of a series after its last sentence: "... (Còn nữa)",
# "(Kỳ sau: ...)", "(*)", "[end]", an end mark ("■"). Read without it, the paragraph ends as prose
# does.
_END_MARK = re.compile(r"\s*(?:[(\[]\s*(?:còn nữa|còn tiếp|hết|kỳ sau\b[^()\[\]]*|end|\*+)\s*[)\]]"
                       r"|[■□▪◼◾●◆♦]+)$", re.I)
_END_MARK_LAST = frozenset(")]■□▪◼◾●◆♦")


def drop_end_mark(text: str) -> str:
    """``text`` without a mark that closes an article or an instalment after its last sentence,
    unless the line is nothing else."""
    if not text or text[-1] not in _END_MARK_LAST:  # skips the regex on almost every line
        return text
    kept = _END_MARK.sub("", text)
    return kept if _LETTER_WORD.search(kept) else text


# A camera pictogram stands for the word it pictures: "X 📷 AFP", "📸 TIỀN PHONG: X", "📷: N.Bình"
# credit a photo as "Ảnh: ..." does.
_PICTOGRAM_WORDS = {"\U0001F4F7": "Ảnh", "\U0001F4F8": "Ảnh", "\U0001F3A5": "Video", "\U0001F4F9": "Video"}
_PICTOGRAM = re.compile(rf"\s*([{''.join(_PICTOGRAM_WORDS)}])\ufe0f?\s*[:：]?\s*")


def spell_pictograms(text: str) -> str:
    """A squashed line with each camera or video-camera pictogram written as the credit word it
    stands for, followed by a colon ("X 📷 AFP" -> "X Ảnh: AFP")."""
    if not any(pictogram in text for pictogram in _PICTOGRAM_WORDS):  # skips the regex on almost every line
        return text
    return _PICTOGRAM.sub(lambda m: f" {_PICTOGRAM_WORDS[m.group(1)]}: ", text).strip()


def sentence_case(text: str) -> str:
    """A title, caption or headline that a site prints in capitals or in Title Case, in
    sentence case, so that it looks like one: a line of six or more words (digits aside) in
    capitals only, or of eight or more words each capitalised and no colon. Shorter lines in
    capitals (teaser headings "CÓ THỂ BẠN MUỐN ĐỌC", date lines) keep the capitals that say what
    they are, as do names with a photo credit ("Ông Lê Phước Hoài Bảo - Ảnh: LÊ TRUNG"); 99.4%
    of dev titles have six words or more."""
    shouted = text.isupper()
    # Most lines stop here, cheaply: a word among the first few starts in lower case.
    if not shouted and (":" in text or any(token[:1].islower() for token in text.split(maxsplit=12))):
        return text
    words = _LETTER_WORD.findall(text)
    if len(words) < (6 if shouted else 8) or not shouted and not all(word[0].isupper() for word in words):
        return text
    lower = text.lower()
    first = next((i for i, ch in enumerate(lower) if ch.isalpha()), 0)
    return lower[:first] + lower[first:first + 1].upper() + lower[first + 1:]


def core(text: str) -> str:
    """A squashed line without its decorations at either end: '►► TIN LIÊN QUAN:' -> 'TIN LIÊN QUAN'."""
    text = _LEADING_EDGE.sub("", text, count=1)
    # Most lines end in a letter or a full stop: no need to scan them for a trailing run.
    if text and not _KEEPS_END.match(text[-1]):
        text = _TRAILING_EDGE.sub("", text, count=1)
    return text.strip()


def words_of_folded(folded: str) -> list[str]:
    """``words`` of an already casefolded text."""
    return _WORD.findall(folded)


def words(text: str) -> list[str]:
    """Casefolded syllables."""
    return words_of_folded(text.casefold())
