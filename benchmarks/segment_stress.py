"""How the segmenter holds up on page furniture styles that neither the dev set nor the
training perturbation (perturb.py) contains, one style at a time, on the held-out pages.

Each variant rewrites or adds one kind of line and keeps every gold label:

  credit_first    a caption's photo credit moved in front of it ("Ảnh: X. ...", "Ảnh X - ...")
  credit_words    credits in other words ("(Hình: X)", "/ Ảnh: X", "[Photo: X]", "(Ảnh: X/TTXVN)")
  credit_lines    every credit on a line of its own under its caption ("Ảnh: X", "Hình: X")
  credit_wording  credits worded in other ways, in front or behind ("Nguồn hình: X - ...", "Ảnh (X): ...",
                  "... (Photo by X)", "... Ảnh/ X")
  numbered        captions prefixed "Ảnh 1:", "Hình 2.", "Ảnh minh hoạ:", "Clip:"
  bullets         teaser headlines behind "•", "-", "+", "✓"
  ranked          teaser headlines numbered "1.", "2."... in each run, as "most read" lists print them
  merged_items    each teaser's headline and lead on one line ("X - Y", "X: Y", "X | Y", "X — Y")
  timed_teasers   a time or date after half of the teaser headlines
  bylines         e-mail, "HÀ NỘI -", "Bài, ảnh:", "PV" bylines
  boilerplate     comment counters, view counts, star ratings, "was this useful?" lines
  inline_links    "Xem thêm: ..." links rewritten as "=> ...", "Mời quý vị xem thêm: ..."...
  arrow_links     "Xem thêm: ..." links rewritten as a bare headline behind "►", ">>>", "→"
  link_stops      "Xem thêm: ..." links ending in a full stop
  headline_stops  every teaser headline ending in a full stop
  under_title     an author or a date line between the title and the lead ("PV - CTV")
  ads_inside      an ad slot or a video plug between two paragraphs ("ADVERTISEMENT", "Video đang HOT")
  closing_lines   a whole sentence of site chrome right after the article ("Cảm ơn bạn đã đọc bài viết!")
  masthead        two to four lines of the site's footer right after the article ("Tổng biên tập: X",
                  "Giấy phép số 248/GP-BTTTT ...", "Email: ..."), as a page with nothing between prints it
  link_box        three of the page's other headlines under a heading ("Đọc thêm:", "BÀI LIÊN QUAN"), above
                  the article's last paragraph, as sites set boxes of links inside an article
  heading_styles  teaser headings as "------ TIN LIÊN QUAN ------", "=== ... ===", "~ ... ~"
  no_headings     every teaser heading removed
  capitals        the title and every teaser headline printed in capitals
  lower_case      a tenth of the lines, whatever their label, printed in lower case
  title_case      the title and every teaser headline printed in Title Case
  doubled_title   the title printed twice (the page's name bar, then the headline)
  comments        readers' comments right after the article, under "Bình luận (12)" or the like
  wrapped         every line hard-wrapped at 80 columns, as a text dump prints a page
  one_sentence    every body sentence a paragraph of its own, as some sites print articles
  lone_captions   every caption printed once, without its photo credit
  photo_on_top    the first photo's caption right under the title, above the lead
  article_list    one paragraph printed as a bulleted or numbered list of its sentences ("- ...;", "2. ...")
  mixed           three of the furniture styles above at once (not the layouts from wrapped on), drawn per page

headline_stops, link_box, one_sentence and lone_captions are layouts that train.py also gives a
share of its training copies (link boxes under other headings), so those rows show what was
learnt, not how unseen styles fare. The training copies also put some credits in front of their
captions, in other forms than credit_first's ("(Ảnh: X) ...", "Nguồn: X. ..."), and get closing
sentences of chrome, other ones than these (perturb.py), but the word pairs that features.py reads
in such sentences were picked with these in view: tests/test_segmentation.py checks four
sentences written afterwards. credit_wording's forms were written while the credit patterns were
widened to them, and masthead's lines while the masthead patterns of features.py were written.

Not a test and not used for training: `python benchmarks/segment_stress.py [DATA] [--only NAMES]`
(about two minutes). Compare each row with the plain one.
"""
from __future__ import annotations

import argparse
import random
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

from summarizer.segmentation import perturb, segment
from summarizer.segmentation.data import line_gaps, load_pages
from summarizer.segmentation.evaluate import score
from summarizer.segmentation.features import join_lines
from summarizer.segmentation.perturb import CAPTION_CREDIT, READ_MORE_PREFIX, one_sentence_paragraphs
from summarizer.segmentation.train import DEFAULT_DATA
from summarizer.text import split_sentences
from summarizer.types import MAIN_LABELS

Rewrite = Callable[[str, str, random.Random], Iterator[tuple[str, str]]]
PageRewrite = Callable[[dict, random.Random], dict]


def relaid(page: dict, lines: list[dict], gaps: list[bool]) -> dict:
    """``page`` with these labelled lines, a blank line before each line whose gap is set."""
    return {**page, "text": join_lines([line["text"] for line in lines], gaps), "lines": lines}


def split_credit(text: str, label: str) -> tuple[str, str] | None:
    """(caption without its credit, who is credited) for a credited caption, else None."""
    match = CAPTION_CREDIT.search(text)
    if label != "caption" or not match:
        return None
    return text[: match.start()].strip(), (match.group(1) or match.group(2)).strip().rstrip(".")


def credit_first(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if credited := split_credit(text, label):
        caption, who = credited
        text = rng.choice([f"Ảnh: {who}. ", f"[Ảnh: {who}] ", f"Ảnh {who} - "]) + caption
    yield text, label


def credit_words(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if credited := split_credit(text, label):
        caption, who = credited
        credit = rng.choice([" (Hình: {})", " / Ảnh: {}", " - Nguồn: {}", " [Photo: {}]", " — Hình ảnh: {}",
                             " (Ảnh: {}/TTXVN)", ". Ảnh: {}"])
        text = caption + credit.format(who)
    yield text, label


def credit_lines(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if not (credited := split_credit(text, label)):
        yield text, label
        return
    caption, who = credited
    if caption:
        yield caption, label
    yield rng.choice(["Ảnh: {}", "Hình: {}", "Photo: {}", "(Ảnh: {})"]).format(who), label


CREDIT_IN_FRONT = ["Nguồn hình: {} - ", "Ảnh ({}): ", "Photo by {}: ", "Ảnh / {}: ", "Hình ảnh do {} cung cấp: "]
CREDIT_BEHIND = [" (Nguồn ảnh: {})", " (Photo by {})", " Ảnh/ {}", " - Ảnh minh hoạ: {}", " — Nguồn hình: {}"]


def credit_wording(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if credited := split_credit(text, label):
        caption, who = credited
        if rng.random() < 0.5:
            text = rng.choice(CREDIT_IN_FRONT).format(who) + caption
        else:
            text = caption + rng.choice(CREDIT_BEHIND).format(who)
    yield text, label


def numbered(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    yield (rng.choice(["Ảnh 1: ", "Hình 2. ", "Ảnh minh hoạ: ", "Clip: "]) + text if label == "caption" else text), label


def bullets(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    headline = label == "teaser" and len(text.split()) <= 25
    yield (rng.choice(["• ", "- ", "+ ", "✓ "]) + text if headline else text), label


def ranked(page: dict, rng: random.Random) -> dict:
    lines, rank = [], 0
    for line in page["lines"]:
        text = line["text"].strip()
        headline = line["label"] == "teaser" and len(text.split()) <= 25 and not READ_MORE_PREFIX.match(text)
        rank = rank + 1 if headline else 0
        lines.append({**line, "text": f"{rank}. {text}" if headline else line["text"]})
    return relaid(page, lines, line_gaps(page))


def merged_items(page: dict, rng: random.Random) -> dict:
    """Each teaser's headline and lead on one line ("X - Y", "X: Y", "X | Y"), as a list that
    sets them inline copies."""
    separator = rng.choice([" - ", ": ", " | ", " — "])
    lines, gaps = list(page["lines"]), line_gaps(page)
    i = 0
    while i + 1 < len(lines):
        headline, lead = lines[i]["text"].strip(), lines[i + 1]["text"].strip()
        if (lines[i]["label"] == lines[i + 1]["label"] == "teaser" and len(headline.split()) <= 25
                and not headline.endswith((".", "…", "?", "!")) and len(lead.split()) >= 15):
            lines[i] = {"text": headline + separator + lead, "label": "teaser"}
            del lines[i + 1], gaps[i + 1]
        i += 1
    return relaid(page, lines, gaps)


def timed_teasers(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "teaser" and len(text.split()) <= 25 and rng.random() < 0.5:
        text += rng.choice([" - 2 giờ trước", " (15/03/2021)", " | 08:30"])
    yield text, label


def bylines(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "byline":
        text = rng.choice(["Minh Anh (minhanh@baomoi.vn)", "HÀ NỘI - Thu Trang", "Bài, ảnh: Quốc Việt", "PV"])
    yield text, label


def boilerplate(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "boilerplate":
        text = rng.choice(["Bình luận (12)", "Gửi ý kiến của bạn", "Lượt xem: 1.234", "Đánh giá: ★★★★☆",
                           "Bài viết có hữu ích với bạn không?", "Ủng hộ tác giả"])
    yield text, label


def inline_links(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    match = READ_MORE_PREFIX.match(text)
    if label == "teaser" and match:
        text = rng.choice(["XEM THÊM VIDEO: ", "Mời quý vị xem thêm: ", "=> ", "Clip: "]) + text[match.end():]
    yield text, label


def arrow_links(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    match = READ_MORE_PREFIX.match(text)
    if label == "teaser" and match:
        text = rng.choice(["► ", ">>> ", "→ "]) + text[match.end():]
    yield text, label


def link_stops(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "teaser" and READ_MORE_PREFIX.match(text) and text[-1:].isalnum():
        text += "."
    yield text, label


def headline_stops(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    yield (text + "." if label == "teaser" and text[-1:].isalnum() else text), label


def under_title(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "lead":
        yield rng.choice([("Trần Minh Khoa", "byline"), ("PV - CTV", "byline"), ("Bởi Lan Hương", "byline"),
                          ("Hà Nội, 12/03/2023 - 10:15", "boilerplate")])
    yield text, label


def ads_inside(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "body" and rng.random() < 0.2:
        yield rng.choice(["ADVERTISEMENT", "Video đang HOT", "Sponsored", "Kéo xuống để xem tiếp"]), "boilerplate"
    yield text, label


CLOSING = ["Mời quý độc giả gửi bình luận, ý kiến về bài viết này.",
           "Bạn đọc có thông tin phản ánh xin gửi về email toasoan@baox.vn.",
           "Nội dung bài viết thể hiện quan điểm riêng của tác giả.",
           "Mọi thông tin chi tiết xin liên hệ đường dây nóng của Báo.",
           "Độc giả có thể theo dõi các tin tức mới nhất trên trang chủ của chúng tôi.",
           "Bài viết được thực hiện với sự hỗ trợ của nhà tài trợ.",
           "Vui lòng không sao chép nội dung khi chưa được sự đồng ý.",
           "Cảm ơn bạn đã đọc bài viết!",
           "Hãy chia sẻ bài viết nếu bạn thấy hữu ích.",
           "Ý kiến bạn đọc xin gửi về hộp thư của chuyên mục."]


def inserted(page: dict, at: int, new: list[dict]) -> dict:
    """``page`` with the labelled lines ``new``, each after a blank line, in front of line ``at``."""
    lines, gaps = list(page["lines"]), line_gaps(page)
    lines[at:at] = new
    gaps[at:at] = [True] * len(new)
    return relaid(page, lines, gaps)


def after_article(page: dict) -> int:
    """The index of the line right after the page's last main line."""
    return max(i for i, line in enumerate(page["lines"]) if line["label"] in MAIN_LABELS) + 1


def closing_lines(page: dict, rng: random.Random) -> dict:
    return inserted(page, after_article(page), [{"text": rng.choice(CLOSING), "label": "boilerplate"}])


MASTHEAD = ["Cơ quan chủ quản: Bộ Thông tin và Truyền thông", "Tổng biên tập: Nguyễn Văn Minh",
            "Giấy phép số 248/GP-BTTTT do Bộ Thông tin và Truyền thông cấp ngày 10/6/2016.",
            "Địa chỉ: 71 Hàng Trống, quận Hoàn Kiếm, Hà Nội", "Điện thoại: 024.3825.4231 - Fax: 024.3825.5593",
            "Email: toasoan@baotintuc.vn", "Ghi rõ nguồn \"Báo Tin Tức\" khi phát hành lại thông tin từ website này.",
            "© 2019 Bản quyền thuộc về Báo Tin Tức. Mọi quyền được bảo lưu.", "Website: www.baotintuc.vn",
            "Chịu trách nhiệm nội dung: Phó Tổng biên tập Trần Hữu Lộc", "Liên hệ quảng cáo: 0912 345 678"]


def masthead(page: dict, rng: random.Random) -> dict:
    lines = [{"text": text, "label": "boilerplate"} for text in rng.sample(MASTHEAD, rng.randint(2, 4))]
    return inserted(page, after_article(page), lines)


BOX_HEADINGS = ["Đọc thêm:", "BÀI LIÊN QUAN", "Tin cùng chủ đề:", "» Có thể bạn muốn xem", "Xem nhanh"]


def link_box(page: dict, rng: random.Random) -> dict:
    lines = page["lines"]
    headlines = [line for line in lines if line["label"] == "teaser" and 4 <= len(line["text"].split()) <= 25]
    paragraphs = [i for i, line in enumerate(lines) if line["label"] == "body"][1:]
    if not headlines or not paragraphs:
        return page
    box = [{"text": rng.choice(BOX_HEADINGS), "label": "teaser_heading"}] + [
        {"text": line["text"], "label": "teaser"} for line in rng.sample(headlines, min(3, len(headlines)))]
    return inserted(page, paragraphs[-1], box)


def heading_styles(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "teaser_heading":
        text = rng.choice(["------ TIN LIÊN QUAN ------", "=== Có thể bạn chưa đọc ===", "~ Tin mới ~",
                           "BÀI CÙNG CHUYÊN MỤC"])
    yield text, label


def no_headings(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label != "teaser_heading":
        yield text, label


def capitals(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    yield (text.upper() if label == "title" or label == "teaser" and len(text.split()) <= 25 else text), label


def lower_case(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    yield (text.lower() if rng.random() < 0.1 else text), label


def title_case(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    yield (text.title() if label == "title" or label == "teaser" and len(text.split()) <= 25 else text), label


def doubled_title(text: str, label: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    if label == "title":
        yield text, "boilerplate"
    yield text, label


COMMENT_HEADINGS = ["Bình luận ({})", "Ý kiến bạn đọc", "Gửi bình luận của bạn", "{} bình luận"]
COMMENTS = ["Minh Anh: Mong các cơ quan chức năng sớm vào cuộc làm rõ vụ việc này.",
            "Bài viết rất hay, cảm ơn tác giả đã phản ánh kịp thời.", "Trần Hùng", "Hoàng Lan - Hà Nội",
            "Thật đáng buồn khi những chuyện như thế này vẫn còn xảy ra ở nhiều nơi.",
            "Cần xử lý thật nghiêm để làm gương cho những người khác.", "Trả lời · Thích · 2 giờ trước"]


def comments(page: dict, rng: random.Random) -> dict:
    section = [rng.choice(COMMENT_HEADINGS).format(rng.randrange(2, 300)), *rng.sample(COMMENTS, 4)]
    return inserted(page, after_article(page), [{"text": text, "label": "boilerplate"} for text in section])


def wrapped(page: dict, rng: random.Random) -> dict:
    lines, gaps = [], []
    for line, gap in zip(page["lines"], line_gaps(page)):
        pieces = textwrap.wrap(line["text"], 80)
        lines += [{"text": piece, "label": line["label"]} for piece in pieces]
        gaps += [gap] + [False] * (len(pieces) - 1)
    return relaid(page, lines, gaps)


def one_sentence(page: dict, rng: random.Random) -> dict:
    return one_sentence_paragraphs(page)


def lone_captions(page: dict, rng: random.Random) -> dict:
    return perturb.lone_captions(page)


def photo_on_top(page: dict, rng: random.Random) -> dict:
    """The page's first run of caption lines moved right under its title."""
    lines, gaps = list(page["lines"]), line_gaps(page)
    labels = [line["label"] for line in lines]
    if "caption" not in labels:
        return page
    start = end = labels.index("caption")
    while end < len(lines) and labels[end] == "caption":
        end += 1
    moved, moved_gaps = lines[start:end], gaps[start:end]
    del lines[start:end], gaps[start:end]
    under = next(i for i, line in enumerate(lines) if line["label"] == "title") + 1
    lines[under:under], gaps[under:under] = moved, moved_gaps
    return relaid(page, lines, gaps)


# How articles mark list items ({n}: the item's number); teaser lists use some of these too.
LIST_MARKERS = ["- ", "+ ", "• ", "* ", "– ", "{n}. ", "{n}) ", "{n}/ "]


def article_list(page: dict, rng: random.Random) -> dict:
    """One body paragraph past the first (of two sentences or more) printed as a list of its
    sentences, as articles list measures, figures or steps: behind a bullet or a number, half the
    time ending in ";" but the last."""
    lines, gaps = list(page["lines"]), line_gaps(page)
    paragraphs = [i for i, line in enumerate(lines) if line["label"] == "body"][1:]
    paragraphs = [i for i in paragraphs if len(split_sentences(lines[i]["text"])) >= 2]
    if not paragraphs:
        return page
    at = rng.choice(paragraphs)
    sentences = split_sentences(lines[at]["text"])
    marker, semicolons = rng.choice(LIST_MARKERS), rng.random() < 0.5
    items = [marker.format(n=k + 1) + (sentence[:-1] + ";" if semicolons and k + 1 < len(sentences)
                                         and sentence.endswith(".") else sentence)
             for k, sentence in enumerate(sentences)]
    lines[at:at + 1] = [{"text": item, "label": "body"} for item in items]
    gaps[at:at + 1] = [gaps[at]] + [rng.random() < 0.5] * (len(items) - 1)
    return relaid(page, lines, gaps)


def per_line(variant: Rewrite) -> PageRewrite:
    """The page rewrite that applies ``variant`` to every line, blank lines kept."""
    def rewrite(page: dict, rng: random.Random) -> dict:
        out = [(text, label, gap) for line, gap in zip(page["lines"], line_gaps(page))
               for text, label in variant(line["text"].strip(), line["label"], rng)]
        return relaid(page, [{"text": t, "label": lab} for t, lab, _ in out], [g for _, _, g in out])

    rewrite.__name__ = variant.__name__
    return rewrite


# Rows that restyle the furniture around the article...
FURNITURE: list[PageRewrite] = [
    *map(per_line, [credit_first, credit_words, credit_lines, credit_wording, numbered, bullets]), ranked, merged_items,
    *map(per_line, [timed_teasers, bylines, boilerplate, inline_links, arrow_links, link_stops, headline_stops,
                    under_title, ads_inside]),
    closing_lines, masthead, link_box, *map(per_line, [heading_styles, no_headings, capitals, lower_case, title_case,
                                                           doubled_title]),
    comments]
# ... and rows that re-lay the article itself.
LAYOUTS: list[PageRewrite] = [wrapped, one_sentence, lone_captions, photo_on_top, article_list]


def mixed(page: dict, rng: random.Random) -> dict:
    """Three furniture styles at once, drawn for each page: the hidden set mixes its variants."""
    for variant in rng.sample(FURNITURE, 3):
        page = variant(page, rng)
    return page


VARIANTS: list[PageRewrite] = [*FURNITURE, *LAYOUTS, mixed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("--only", metavar="NAMES", help="comma-separated variants to run (the plain row always runs)")
    args = parser.parse_args(argv)
    variants = VARIANTS
    if args.only:
        wanted = args.only.split(",")
        variants = [variant for variant in VARIANTS if variant.__name__ in wanted]
        if unknown := set(wanted) - {variant.__name__ for variant in variants}:
            parser.error(f"unknown variant(s): {', '.join(sorted(unknown))}")
    if not Path(args.data).exists():
        print(f"{args.data} not found (it lives in ../shared/data)", file=sys.stderr)
        return 1
    pages = load_pages(args.data, split="heldout")
    print(f"{'variant':16s} {'P':>7s} {'R':>7s} {'F1':>7s} {'exact':>7s} {'clean lost':>10s}")
    for variant in [None, *variants]:
        rng = random.Random(7)
        rewritten = pages if variant is None else [variant(page, rng) for page in pages]
        r = score(rewritten, [[line.label for line in segment(page["text"]).lines] for page in rewritten])
        name = "plain" if variant is None else variant.__name__
        print(f"{name:16s} {r['precision']:7.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['exact']:7.2%} "
              f"{r['clean_lost']:10.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
