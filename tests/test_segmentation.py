"""Behaviour of the page segmenter: seed page, dev sample, invariants, HTML input, full dev set."""
from __future__ import annotations

import functools
import html
import io
import json
import re
import textwrap
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from summarizer.segmentation import segment
from summarizer.segmentation.data import line_gaps, load_pages
from summarizer.segmentation.evaluate import evaluate, score
from summarizer.segmentation.features import ends_with_photo_credit, join_lines
from summarizer.segmentation.perturb import CAPTION_CREDIT, lone_captions, one_sentence_paragraphs
from summarizer.segmentation.text import core, squash, sentence_case
from summarizer.text import drop_invisible, split_sentences
from summarizer.types import MAIN_LABELS, Document

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_JSON = SHARED / "data" / "seed-labelled.json"
DEV = SHARED / "data" / "segment-dev.jsonl.gz"
SAMPLE = HERE / "data" / "segment-sample.jsonl"


def _seed() -> dict:
    if not SEED_JSON.exists():
        pytest.skip("../shared/data is not available")
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def _seed_lines(label: str) -> list[int]:
    """Positions of the seed page's lines hand-labelled ``label``."""
    return [i for i, line in enumerate(_seed()["lines"]) if line["label"] == label]


def _seed_with_line(text: str, at: int) -> tuple[Document, list[bool]]:
    """The seed page with ``text`` inserted before its line ``at``, segmented, and what each of
    its lines should be (main or not): the inserted line removed, the rest as hand-labelled."""
    return _seed_with_lines([text], at)


def _seed_with_lines(texts: list[str], at: int) -> tuple[Document, list[bool]]:
    """``_seed_with_line`` for several lines, inserted in order before line ``at``."""
    seed = _seed()
    lines = [line["text"] for line in seed["lines"]]
    gold_main = [line["label"] in MAIN_LABELS for line in seed["lines"]]
    lines[at:at] = texts
    gold_main[at:at] = [False] * len(texts)
    return segment("\n\n".join(lines)), gold_main


def test_seed_page_main_and_removed_match_hand_labels():
    seed = _seed()
    doc = segment(seed["text"])
    assert [line.text for line in doc.lines] == [line["text"] for line in seed["lines"]]
    gold_main = [line["label"] in MAIN_LABELS for line in seed["lines"]]
    assert [line.is_main for line in doc.lines] == gold_main
    assert doc.lines[0].label == "title"


def test_seed_page_duplicated_captions_and_teaser_block_removed():
    seed = _seed()
    doc = segment(seed["text"])
    texts = [line.text.strip() for line in doc.lines]
    # Three photo captions, each printed twice in a row, none of them in the article.
    doubled = {t for a, t in zip(texts, texts[1:]) if a == t and texts.index(t) < texts.index("Có thể bạn quan tâm")}
    assert len(doubled) == 3
    for caption in doubled:
        assert all(not line.is_main for line in doc.lines if line.text.strip() == caption)
    # Everything from the "Có thể bạn quan tâm" heading on is removed.
    start = texts.index("Có thể bạn quan tâm")
    assert doc.lines[start].label == "teaser_heading"
    assert not any(line.is_main for line in doc.lines[start:])
    assert len(doc.body) >= 15 and doc.lead.startswith("Ngày 7/9")


def test_dev_sample_scores_high():
    out = io.StringIO()
    result = evaluate(str(SAMPLE), out=out)
    assert result["pages"] == 20
    assert result["f1"] >= 0.97
    assert result["exact"] >= 0.6
    assert "gold \\ pred" in out.getvalue()


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", " \t \n \u00a0 \n", "\r\n"])
def test_blank_input_gives_no_lines(text):
    doc = segment(text)
    expected = [line for line in text.split("\n") if line.strip()]
    assert [line.text for line in doc.lines] == expected
    if not expected:
        assert doc.lines == () and doc.main_text == "" and doc.title == ""


def test_lines_are_the_input_lines_in_order():
    pages = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    for page in pages[:5]:
        text = page["text"].replace("\n\n", "\n  \n", 3)
        doc = segment(text)
        assert [line.text for line in doc.lines] == [line for line in text.split("\n") if line.strip()]


def test_huge_and_odd_input():
    para = "Đây là một đoạn văn bình thường của bài báo, có dấu chấm ở cuối câu. " * 5
    text = "Tiêu đề\n\n" + "\n\n".join([para] * 6000) + "\n" + "x" * 200_000
    doc = segment(text)
    assert len(doc.lines) == 6002
    odd = "\x00\ud800\n\u202e»»\n🔥🔥🔥\n[ ]\n***\n" + "ả" * 5000
    assert [line.text for line in segment(odd).lines] == [line for line in odd.split("\n") if line.strip()]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=400)
       | st.lists(st.sampled_from(["Tin liên quan", "", " ", "Ảnh: A", "Theo TTXVN", "Một câu.", "►", "\t"]),
                  max_size=30).map("\n".join))
def test_segment_never_raises_and_keeps_lines(text):
    doc = segment(text)
    assert [line.text for line in doc.lines] == [line for line in text.split("\n") if line.strip()]
    assert all(line.label in {"title", "lead", "body", "caption", "byline", "teaser_heading", "teaser",
                              "boilerplate"} for line in doc.lines)


def test_html_page_keeps_article_and_drops_teasers():
    pytest.importorskip("trafilatura")
    from summarizer.html import html_to_text, looks_like_html

    seed = _seed()
    title = seed["lines"][0]["text"]
    paragraphs = [line["text"] for line in seed["lines"] if line["label"] in ("lead", "body")]
    headlines = [line["text"] for line in seed["lines"] if line["label"] == "teaser"][:6]
    related = "".join(f'<li><a href="/tin-{i}.html">{h}</a></li>' for i, h in enumerate(headlines))
    html = (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        '<nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav>'
        f"<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
        + f'<div class="related"><h3>Tin liên quan</h3><ul>{related}</ul></div></article>'
        f"<aside><h3>Xem thêm</h3><ul>{related}</ul></aside>"
        "<footer>Bản quyền thuộc về Báo Nhân Dân</footer></body></html>"
    )
    assert looks_like_html(html) and not looks_like_html(seed["text"])
    text = html_to_text(html)
    assert text.split("\n")[0].strip() == title
    doc = segment(text)
    main = {line.text.strip() for line in doc.lines if line.is_main}
    kept = sum(p.strip() in main for p in paragraphs)
    assert kept >= len(paragraphs) - 1
    assert doc.title.strip() == title
    assert not any(h.strip() in main for h in headlines)


@functools.lru_cache(maxsize=1)
def _dev_heldout() -> dict:
    return evaluate(str(DEV), split="heldout", out=io.StringIO())


# A tone mark over the first vowel of "oa", "oe", "uy" closing a syllable: "hóa", "thủy", "khỏe" for the
# dev set's "hoá", "thuỷ", "khoẻ" (most sites print the newer placement; the seed page's "Tỉnh ủy").
_OLD_TONE_PLACEMENT = re.compile(r"(?i)(?<!q)([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])(?!\w)")


def _newer_tone_placement(text: str) -> str:
    return unicodedata.normalize("NFC", _OLD_TONE_PLACEMENT.sub(r"\1\3\2", unicodedata.normalize("NFD", text)))


# How else a copied page spells the same lines: Windows line ends, indented lines, no-break spaces,
# decomposed tone marks (as macOS file names and some editors write them), the newer tone placement,
# HTML character references left by a scraper ("&quot;", "&#x27;", "&amp;", "&nbsp;").
RESPELLINGS = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "tab-indented": lambda text: "\n".join("\t" + line if line.strip() else line for line in text.split("\n")),
    "no-break spaces": lambda text: text.replace(" ", "\u00a0"),
    "decomposed": lambda text: unicodedata.normalize("NFD", text),
    "newer tone placement": _newer_tone_placement,
    "html references": lambda text: html.escape(text).replace(", ", ",&nbsp;"),
}


def test_newer_tone_placement_respells_the_dev_sets_old_one():
    """The respelling above changes what it should (or the test that uses it could not fail)."""
    assert _newer_tone_placement("Ảnh minh hoạ: thuỷ điện, Uỷ ban, khoẻ, quý, hoàng") == \
        "Ảnh minh họa: thủy điện, Ủy ban, khỏe, quý, hoàng"


@functools.lru_cache(maxsize=1)
def _heldout_labels() -> dict[str, list[str]]:
    """Each held-out page's labels as printed, by page id (segmented once for the tests that compare)."""
    return {page["id"]: [line.label for line in segment(page["text"]).lines]
            for page in load_pages(str(DEV), split="heldout")}


@pytest.mark.parametrize("respelling", RESPELLINGS)
def test_heldout_pages_respelled_keep_their_labels(respelling):
    """Every held-out page respelled keeps every line's label: whitespace and normalisation are
    not what the segmenter reads."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    plain = _heldout_labels()
    for page in load_pages(str(DEV), split="heldout"):
        assert [line.label for line in segment(RESPELLINGS[respelling](page["text"])).lines] == plain[page["id"]], \
            page["id"]


# Marks a page may carry on every line: an e-mail reply's ("> ", ">" alone on the blank lines), an
# export's quotes and commas, markdown's bold or hard line breaks.
LINE_MARKS = {
    "e-mail reply": lambda line: "> " + line if line.strip() else ">",
    "export": lambda line: f'"{line}",' if line.strip() else line,
    "markdown bold": lambda line: f"**{line}**" if line.strip() else line,
    "markdown line breaks": lambda line: line + "\\" if line.strip() else line,
}


@pytest.mark.parametrize("marks", LINE_MARKS)
def test_heldout_pages_with_marks_on_every_line_keep_their_labels(marks):
    """Each line keeps the label it has as printed, and a line of marks alone is boilerplate (before,
    held-out pages so printed were 3-46% exact)."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    plain = _heldout_labels()
    for page in load_pages(str(DEV), split="heldout"):
        marked = "\n".join(map(LINE_MARKS[marks], page["text"].split("\n")))
        lines = segment(marked).lines
        assert [line.label for line in lines if line.text != ">"] == plain[page["id"]], page["id"]
        assert {line.label for line in lines if line.text == ">"} <= {"boilerplate"}


def test_a_bold_lead_reads_as_the_lead():
    """Reader tools print a page's lead in markdown's bold ("**...**"): held-out pages so printed
    were 81% exact (the lead read as a heading), 92% now, as printed; 1 of 474 pages labels a line
    otherwise than as printed."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    plain = _heldout_labels()
    changed = 0
    for page in load_pages(str(DEV), split="heldout"):
        lead = next(line["text"] for line in page["lines"] if line["label"] == "lead")
        bold = "\n".join(f"**{line}**" if line == lead else line for line in page["text"].split("\n"))
        changed += [line.label for line in segment(bold).lines] != plain[page["id"]]
    assert changed <= 2


@pytest.mark.parametrize("notice", ["© Bản quyền thuộc Báo X. Ghi rõ nguồn khi phát hành lại.",
                                    "Giấy phép số 248/GP-BTTTT do Bộ Thông tin và Truyền thông cấp."])
def test_a_copyright_or_licence_line_is_removed_as_boilerplate(notice):
    """A site's footer is removed for what it is, not as another story's teaser: at the end of a
    held-out page, these lines were labelled teaser on 376 and 196 of 474 pages (the main text was
    right either way), and boilerplate on all of them now, even where the article names the ministry
    ("Bộ Thông tin và Truyền thông") and so shares the notice's words."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    labels = [segment(f"{page['text']}\n\n{notice}").lines[-1].label for page in load_pages(str(DEV), split="heldout")]
    assert labels == ["boilerplate"] * len(labels)


def test_dev_heldout_split_regression_floor():
    """Current level on the held-out split (see the report); guards against regressions."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    result = _dev_heldout()
    assert result["pages"] > 400
    assert result["f1"] >= 0.99
    assert result["exact"] >= 0.88
    assert result["clean_lost"] <= 0.04
    # The same pages with furniture nobody tuned on: headings (or none), chrome above the
    # title, time lines in teaser blocks, credits, bylines, boilerplate, case and spacing.
    perturbed = evaluate(str(DEV), split="heldout", perturb=True, out=io.StringIO())
    assert perturbed["f1"] >= 0.99
    assert perturbed["exact"] >= 0.88


@pytest.mark.xfail(reason="held-out exact pages 92.8%, F1 0.9944: single photo captions without credit or "
                          "duplicate read like short body paragraphs", strict=True)
def test_dev_heldout_split_meets_targets():
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    result = _dev_heldout()
    assert result["f1"] >= 0.995
    assert result["exact"] >= 0.95
    assert result["clean_lost"] <= 0.005


def test_caption_words_tell_a_one_sentence_caption_from_a_one_sentence_body_line():
    """The lexical score alone ranks held-out lone captions above body lines of the same shape
    (one sentence, 5-30 words, a full stop, no credit, printed once): the case no shape rule decides."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    from summarizer.segmentation.lexical import caption_score, caption_words
    from summarizer.segmentation.model import load

    weights = load().caption_weights
    scores: dict[str, list[float]] = {"caption": [], "body": []}
    for page in load_pages(str(DEV), split="heldout"):
        texts = [line["text"].strip() for line in page["lines"]]
        for text, line in zip(texts, page["lines"]):
            one_sentence = text.endswith(".") and not re.search(r"[.!?…][\"”]?\s+\S", text)
            no_credit = not re.search(r"[:(]", text)  # every credit form has one of them
            if (line["label"] in scores and one_sentence and no_credit and 5 <= len(text.split()) <= 30
                    and texts.count(text) == 1):
                scores[line["label"]].append(caption_score(caption_words(text), weights)[1])
    captions, body = np.asarray(scores["caption"]), np.asarray(scores["body"])
    assert len(captions) > 50 and len(body) > 100
    ranked_right = (captions[:, None] > body[None, :]).mean() + (captions[:, None] == body[None, :]).mean() / 2
    assert ranked_right >= 0.85


def test_caption_terms_mark_a_lines_first_and_last_words():
    """A paragraph opens with a connective or a source ("Tuy nhiên", "Theo ông"), a caption with
    what the picture shows: the first and last words count apart from the same words inside."""
    from summarizer.segmentation.lexical import terms
    from summarizer.segmentation.model import load

    found = terms("tuy nhiên ông nói tuy nhiên".split())
    assert {"^tuy", "^tuy nhiên", "$nhiên", "$tuy nhiên", "tuy nhiên"} <= found
    assert "^ông" not in found and "$nói" not in found
    weights = load().caption_weights
    assert weights["^tuy nhiên"] < 0  # learned from VietNews: it opens prose, not captions


def test_trained_parameters_are_small_json_the_model_reads():
    """The versioned parameters stay under 1 MB of plain JSON (no pickle), and their shapes are
    the ones the features and states of this code need."""
    from summarizer.segmentation.features import n_features
    from summarizer.segmentation.model import PARAMS_PATH, STATES, ZONES

    assert PARAMS_PATH.stat().st_size < 1_000_000
    params = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    assert [tuple(state) for state in params["states"]] == list(STATES)
    for net, classes in (("label_net", len(params["labels"])), ("zone_net", len(ZONES))):
        w1, w2 = np.asarray(params[net]["w1"]), np.asarray(params[net]["w2"])
        assert w1.shape[0] == n_features() and w2.shape == (w1.shape[1], classes)


def test_transitions_expect_fewer_photos_after_the_first():
    """Learned from the tune pages: a page's first photo caption most often hangs under the
    lead, and once a page has shown a caption, a paragraph is less often followed by another."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    from summarizer.segmentation.model import CAPTION_RUNS, STATES
    from summarizer.segmentation.train import page_targets, transitions

    seqs = [page_targets([line["label"] for line in page["lines"]])[2]
            for page in load_pages(str(DEV), split="tune")]
    _, log_trans = transitions(seqs)
    assert log_trans.shape == (CAPTION_RUNS, len(STATES), len(STATES))
    trans = np.exp(log_trans)
    assert np.allclose(trans.sum(axis=2), 1.0, atol=1e-3)
    lead, body, caption = (STATES.index((label, "A")) for label in ("lead", "body", "caption"))
    assert trans[0, lead, caption] > 0.3
    assert trans[0, body, caption] > 1.5 * trans[1, body, caption]


def test_prose_shape_decides_headlines_and_leads():
    """A headline-shaped line (9-25 words, no closing punctuation) between body paragraphs is
    never kept as body, and a short chrome line under the title is never taken for the lead."""
    lead = ("Chiều 12/3, Uỷ ban nhân dân tỉnh Quảng Nam tổ chức họp báo công bố kết quả kiểm tra "
            "việc xây dựng trái phép tại khu vực ven biển Hội An sau nhiều phản ánh của người dân.")
    body = ("Theo báo cáo của đoàn kiểm tra, có 14 công trình xây dựng không phép trên diện tích gần "
            "hai hecta, trong đó nhiều công trình đã đưa vào kinh doanh dịch vụ lưu trú cho khách du lịch.")
    # Other paragraphs, not near-copies of the first: a line printed again two lines on with a
    # word changed reads as a doubled photo caption.
    more = ["Ông Nguyễn Văn Sơn, Phó chủ tịch UBND tỉnh, yêu cầu các địa phương tháo dỡ toàn bộ công trình "
            "vi phạm trước ngày 30/4 và xử lý trách nhiệm của cán bộ liên quan.",
            "Trước đó, nhiều hộ dân đã phản ánh tình trạng lấn chiếm đất rừng phòng hộ ven biển để xây nhà "
            "nghỉ, nhà hàng mà chính quyền không kịp thời ngăn chặn."]
    headline = "Người dân vùng lũ miền Trung bắt đầu dọn dẹp nhà cửa sau nhiều ngày ngập sâu"
    page = "\n\n".join(["Quảng Nam xử lý công trình trái phép ven biển Hội An", "Liên hệ đặt báo",
                        lead, body, headline, *more])
    labels = {line.text: line.label for line in segment(page).lines}
    assert labels[lead] == "lead"
    assert labels["Liên hệ đặt báo"] not in MAIN_LABELS
    assert labels[headline] not in MAIN_LABELS
    assert labels[body] == "body"


@pytest.mark.parametrize("credit", ["Ảnh VĂN SƠN", "Photo: Văn Sơn", "Nguồn ảnh: Văn Sơn", "Ảnh - Văn Sơn"])
def test_a_photographers_credit_alone_is_never_article_text(credit):
    """A line that only names who took a photo ("Ảnh VĂN SƠN": no separator, a name in capitals) was
    read as a subheading where the name shares a word with the article (the credit stood above its
    caption); "Ảnh hưởng ..." and "Ảnh Hội An ..." (a caption that opens with the word for photo)
    are other lines."""
    from summarizer.segmentation.features import describe
    from summarizer.segmentation.model import STATES, load

    lines = [LEAD, "Ảnh hưởng của xây dựng trái phép ven biển Hội An", credit,
             "Ảnh Hội An ven biển sau kiểm tra xây dựng", *BODY]
    forbidden = load().constraints(describe(lines)).forbidden
    main_states = [j for j, (label, _) in enumerate(STATES) if label in MAIN_LABELS]
    assert [bool(forbidden[i, main_states].all()) for i in range(3)] == [False, False, True]
    assert not forbidden[3, main_states].all()


def test_prose_shape_constraints():
    from summarizer.segmentation.features import describe
    from summarizer.segmentation.model import STATES, load

    lines = ["Tiêu đề bài báo về một vụ việc ở tỉnh Quảng Nam hôm nay",   # first line: never a headline ban
             "Liên hệ đặt báo",                                           # too short for a lead
             "Người dân vùng lũ miền Trung bắt đầu dọn dẹp nhà cửa sau nhiều ngày",  # headline shape
             "Người dân vùng lũ miền Trung bắt đầu dọn dẹp nhà cửa sau nhiều ngày mưa.",  # prose ending
             "Thứ Hai, 5/6/2023 - 10:20 (GMT+7)",                          # a date line is never article text
             "(Ảnh minh họa)",                                              # nor is a bare photo credit
             ">> Bạn đọc quan tâm: Bão số 3 đổ bộ, hàng nghìn hộ dân mất điện trong đêm?",  # nor a story link
             "Mời quý vị xem thêm: Giá vàng tăng mạnh phiên đầu tuần",       # behind any "read more" prefix
             "Xem thêm: Giá vàng tăng mạnh phiên đầu tuần.",                 # a full stop after "xem thêm" too
             "Tin liên quan: Muốn có việc làm? Cứ phải biết giao tiếp.",     # even a headline of two sentences
             "► Giá vàng tăng mạnh phiên đầu tuần",                          # or behind an arrow
             "Thông tin liên quan: hai người bị thương, một người đã xuất viện.",  # prose after a colon
             "Kéo xuống để đọc tiếp",                                        # an invitation to read on
             "Video đang HOT",                                               # furniture words only
             "Không có đối thủ",                                             # a subheading may be body
             "Tin liên quan đến vụ việc đã được cơ quan chức năng xác minh: hai người bị thương.",  # prose
             "朔庄省委周二召开会议，总结任期前半段的工作。代表们讨论了经济、学校和医院等问题"]  # unspaced script
    forbidden, not_last, headline = load().constraints(describe(lines))
    banned = [{STATES[j][0] for j in range(len(STATES)) if forbidden[i, j]} for i in range(len(lines))]
    never_main = {"title", "lead", "body"}
    # A lead has 15 words or more: the first line and "Thông tin liên quan: ..." have 14 and 13;
    # a byline fewer (the unspaced script aside: no word rule reads it).
    assert banned == [{"lead"}, {"lead"}, {"lead", "body", "byline"}, {"byline"}, never_main, never_main,
                      never_main | {"caption", "byline"},  # a question is no photo caption either
                      never_main, never_main, never_main, never_main, {"lead"}, never_main, never_main, {"lead"},
                      {"byline"}, set()]
    # A bracket closes a line only after punctuation: "... (GMT+7)" and "(Ảnh minh họa)" are open.
    assert not_last.tolist() == [False, True, False, False, True, True, False, False, False, False, True, False,
                                 True, True, True, False, False]
    # A line printed again one or two lines on is a doubled caption, not a paragraph, even
    # when only one copy carries the photo credit, before or after the caption.
    doubled = [lines[0], lines[3], "Nguyễn Văn Nam", lines[3], "Các đội xung kích đã có mặt tại hiện trường.",
               "Ảnh: Hoàng Hà - Các đội xung kích đã có mặt tại hiện trường.",
               "Ông Nam cho biết các đội xung kích đã có mặt tại hiện trường."]
    forbidden = load().constraints(describe(doubled)).forbidden
    assert [forbidden[i, STATES.index(("body", "A"))] for i in range(len(doubled))] == [
        False, True, False, True, True, True, False]


def _link_above_middle_paragraph(prefix: str):
    """A rewrite for _heldout_score: a link to one of the page's teaser headlines, behind
    ``prefix``, above its middle body paragraph (pages without such a headline as they are)."""
    def rewrite(page: dict) -> tuple[list[dict], list[bool]]:
        lines, gaps = list(page["lines"]), line_gaps(page)
        headlines = [line["text"] for line in lines if line["label"] == "teaser"
                     and 5 <= len(line["text"].split()) <= 25 and not line["text"].rstrip().endswith(".")]
        body = [i for i, line in enumerate(lines) if line["label"] == "body"]
        if headlines and len(body) >= 2:
            at = body[len(body) // 2]
            lines.insert(at, {"text": f"{prefix} {headlines[len(lines) % len(headlines)]}", "label": "teaser"})
            gaps.insert(at, True)
        return lines, gaps
    return rewrite


@pytest.mark.parametrize("prefix", ["Đọc ngay:", "Tham khảo thêm:", "Xem ngay:", "Chi tiết:"])
def test_story_link_behind_a_bid_to_read_is_removed(prefix):
    """A link's prefix need not hold heading words: one that opens with a bid to read ("Đọc ngay",
    "Tham khảo thêm") or offers the details ("Chi tiết") introduces another story's headline too,
    and the article around it stays. Held-out pages with such a link between two paragraphs:
    88.2-89.2% exact before (88.8% for "Chi tiết:"; the link read as a subheading), 92.2-92.8% now."""
    plain = _dev_heldout()["exact"]
    assert _heldout_score(_link_above_middle_paragraph(prefix))["exact"] >= plain - 0.01


@pytest.mark.parametrize("line", ["Thảm hoạ chìm phà Tanzania: 136 thi thể được đưa lên từ hồ Victoria",
                                  "Chi tiêu công: Chính phủ yêu cầu cắt giảm 10% chi thường xuyên năm 2024",
                                  "Độc quyền: Hãng phim công bố dự án mới về chiến tranh biên giới",
                                  "Bạn đọc hỏi: Tôi có được hưởng chế độ thai sản khi nghỉ việc không?"])
def test_a_colon_after_other_words_is_no_story_link(line):
    """Without tone marks "Thảm" and "Độc" would read as "tham khảo" and "đọc": bids to read are
    matched with them. A reader's question is no link either."""
    from summarizer.segmentation.features import LineFacts, is_inline_teaser

    assert not is_inline_teaser(LineFacts(line))


@pytest.mark.parametrize("caption", ["Lãnh đạo tỉnh Sóc Trăng chủ trì hội nghị sáng 7/9.",
                                     "Bí thư Tỉnh ủy Lâm Văn Mẫn phát biểu tại hội nghị.",
                                     "Lãnh đạo tỉnh Sóc Trăng chủ trì hội nghị sơ kết sáng 7/9."])
def test_photo_caption_between_title_and_lead_is_not_the_lead(caption):
    """Sites that open an article with its photo print the caption under the title. A lead has 15
    words or more (every dev lead, and all but 3 of 2,000 VietNews leads): a caption of 11 to 13
    words there was read as the lead, and the lead as a paragraph."""
    doc, gold_main = _seed_with_line(caption, 1)
    assert [line.is_main for line in doc.lines] == gold_main
    assert doc.lines[2].label == "lead"


def test_credited_photo_caption_above_the_lead_is_never_the_lead():
    """A caption that ends with its photographer's credit ("... - Ảnh: LÊ TRUNG") is no lead, nor
    the title, where the site prints the photo above the lead: held-out pages with their first
    photo moved under the title had 47 of 348 such lines read as lead or title."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    credited = leads = pages = 0
    for page in load_pages(str(DEV), split="heldout"):
        lines, gaps = list(page["lines"]), line_gaps(page)
        labels = [line["label"] for line in lines]
        if "caption" not in labels:
            continue
        start = end = labels.index("caption")
        while end < len(lines) and labels[end] == "caption":
            end += 1
        if not any(ends_with_photo_credit(line["text"]) for line in lines[start:end]):
            continue
        photo, photo_gaps = lines[start:end], gaps[start:end]
        del lines[start:end], gaps[start:end]
        under_title = labels.index("title") + 1
        lines[under_title:under_title], gaps[under_title:under_title] = photo, photo_gaps
        doc = segment(join_lines([line["text"] for line in lines], gaps))
        for line, got in zip(lines, doc.lines):
            if line["label"] == "caption" and ends_with_photo_credit(line["text"]):
                assert not got.is_main, line["text"]
                credited += 1
            leads += line["label"] == "lead" and got.is_main
        pages += 1
    assert credited > 300
    assert leads >= 0.93 * pages  # the lead itself stays article text (195 of 208 pages)


LEAD = ("Chiều 12/3, Uỷ ban nhân dân tỉnh Quảng Nam tổ chức họp báo công bố kết quả kiểm tra "
        "việc xây dựng trái phép tại khu vực ven biển Hội An sau nhiều phản ánh của người dân.")
BODY = ["Theo báo cáo của đoàn kiểm tra, có 14 công trình xây dựng không phép trên diện tích gần "
        "hai hecta, trong đó nhiều công trình đã đưa vào kinh doanh dịch vụ lưu trú cho khách du lịch.",
        "Ông Nguyễn Văn Sơn, Phó chủ tịch UBND tỉnh, yêu cầu các địa phương tháo dỡ toàn bộ công "
        "trình vi phạm trước ngày 30/6 và xử lý trách nhiệm cán bộ buông lỏng quản lý.",
        "Các hộ kinh doanh cho biết sẽ chấp hành quyết định của tỉnh và đề nghị được hướng dẫn "
        "thủ tục để xin cấp phép xây dựng theo đúng quy hoạch đã được phê duyệt."]


@pytest.mark.parametrize("prefix", ["Đọc tiếp ➜", "Xem thêm →", "Tin liên quan ▸", "Có thể bạn quan tâm ⇒"])
def test_story_link_behind_an_arrow_is_never_article(prefix):
    """An arrow separates a "read more" prefix from the headline as a colon or ">>" does."""
    from summarizer.segmentation.features import describe
    from summarizer.segmentation.model import STATES, load

    headline = "Giá vàng tăng mạnh phiên đầu tuần sau khi Mỹ công bố số liệu việc làm tháng Năm"
    lines = ["Tiêu đề bài báo về một vụ việc ở tỉnh Quảng Nam hôm nay", f"{prefix} {headline}"]
    forbidden = load().constraints(describe(lines)).forbidden
    assert {STATES[j][0] for j in range(len(STATES)) if forbidden[1, j]} >= {"title", "lead", "body"}


def test_short_line_after_the_last_paragraph_is_chrome_not_a_subheading():
    """A short unpunctuated line after the last paragraph is page chrome, whatever its words;
    the paragraphs themselves, around a subheading, stay in the article."""
    page = "\n\n".join(["Quảng Nam xử lý công trình trái phép ven biển Hội An", LEAD, BODY[0],
                         "Tháo dỡ trước tháng Sáu", BODY[1], BODY[2], "Nội dung này có hữu ích không?",
                         "Báo cáo sai phạm"])
    labels = {line.text: line.label for line in segment(page).lines}
    assert all(labels[paragraph] == "body" for paragraph in BODY)
    assert labels["Nội dung này có hữu ích không?"] not in MAIN_LABELS
    assert labels["Báo cáo sai phạm"] not in MAIN_LABELS


@pytest.mark.parametrize("byline", ["(Theo Dân trí)", "(Theo Báo Tuổi Trẻ)", "Hoàng Nam (tổng hợp)",
                                    "Ngọc Lan (lược dịch)", "Trần Văn Hùng (Thanh Niên)"])
def test_byline_ending_in_a_bracket_after_the_last_paragraph_is_not_article(byline):
    """A bracket closes a line only after punctuation: "(Theo Dân trí)" is a short open line,
    which after the last paragraph is chrome or a byline, not the article's last subheading.
    Before, held-out pages with such a byline above another one scored 76.8% exact ("(Theo Dân
    trí)") and 83.8% ("Hoàng Nam (tổng hợp)"), against 92.8% without."""
    doc, gold_main = _seed_with_lines([byline, "PV"], _seed_lines("body")[-1] + 1)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("mark", [" (Còn nữa)", " (Kỳ sau: Những con số biết nói)", " ■", " (*)", " [END]"])
@pytest.mark.parametrize("paragraph", [0, -1])
def test_mark_after_a_paragraphs_last_sentence_keeps_it_prose(mark, paragraph):
    """Series and magazines close an instalment or an article after its last sentence ("...
    (Còn nữa)", "... ■"): the paragraph still ends as prose does. Before, held-out pages whose
    last paragraph ended so scored 78-80% exact, with 13-16% of clean pages losing it."""
    seed = _seed()
    at = _seed_lines("body")[paragraph]
    lines = [line["text"] + mark if i == at else line["text"] for i, line in enumerate(seed["lines"])]
    doc = segment("\n\n".join(lines))
    assert [line.is_main for line in doc.lines] == [line["label"] in MAIN_LABELS for line in seed["lines"]]


def test_chrome_line_before_a_rating_line_is_not_a_subheading():
    """A short question after the last paragraph stays chrome when furniture that may sit
    inside an article follows it: a subheading is followed by article text before the page
    leaves the article."""
    page = "\n\n".join(["Quảng Nam xử lý công trình trái phép ven biển Hội An", LEAD, *BODY,
                         "Bài viết có hữu ích với bạn không?", "Đánh giá: ★★★★☆", "Tin cùng chuyên mục",
                         "Hà Nội mở thêm ba tuyến xe buýt điện từ tháng tới",
                         "Giá xăng giảm lần thứ tư liên tiếp trong tháng"])
    doc = segment(page)
    assert [line.text for line in doc.lines if line.is_main] == [doc.lines[0].text, LEAD, *BODY]


@pytest.mark.parametrize("question", ["Vì sao sai phạm kéo dài nhiều năm?", "Du lịch Hội An sẽ bị ảnh hưởng?"])
def test_question_under_the_lead_is_a_subheading_not_a_caption(question):
    """A photo caption says what the picture shows and is almost never a question (4 of 5,231
    dev and VietNews captions): a question right under the lead stays in the article."""
    from summarizer.segmentation.features import describe
    from summarizer.segmentation.model import STATES, load

    page = "\n\n".join(["Quảng Nam xử lý công trình trái phép ven biển Hội An", LEAD, question, *BODY])
    doc = segment(page)
    assert [line.is_main for line in doc.lines] == [True] * (len(BODY) + 3)
    forbidden = load().constraints(describe([question, question + "”", "Ảnh: " + question[:-1] + "."])).forbidden
    assert forbidden[:, STATES.index(("caption", "A"))].tolist() == [True, True, False]


@pytest.mark.parametrize("when", ["20/10/2022", "3 giờ trước", "Thứ Tư, 12/6/2024 | 14:20"])
def test_date_lines_in_a_teaser_block_are_not_article(when):
    teasers = ["Hà Nội mở thêm ba tuyến xe buýt điện từ tháng tới",
               "Sở Giao thông vận tải cho biết các tuyến mới nối trung tâm với các khu đô thị phía Tây...",
               "Giá xăng giảm lần thứ tư liên tiếp", "Liên bộ Công Thương - Tài chính vừa điều chỉnh giá..."]
    page = "\n\n".join(["Quảng Nam xử lý công trình trái phép ven biển Hội An", LEAD, *BODY,
                         teasers[0], when, teasers[1], teasers[2], when, teasers[3]])
    doc = segment(page)
    assert [line.text for line in doc.lines if line.is_main] == [doc.lines[0].text, LEAD, *BODY]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\u00a0\u2003\u200b\x1c.:!?…\"“”()[]►»*-_aĐđệ漢字1"))))
def test_fast_line_normalisation_matches_the_plain_definitions(text):
    """squash and core are written for speed; they must equal their plain regex definitions,
    or the trained features would shift."""
    squashed = squash(text)
    assert squashed == re.sub(r"\s+", " ", unicodedata.normalize("NFC", drop_invisible(text))).strip()
    assert core(squashed) == re.sub(r"^[^\w\"“”'‘’(\[]+|[^\w\"“”'‘’)\].!?…]+$", "", squashed).strip()


_FRAGMENTS = [" ", ".", "..", "…", "。", ":", "：", ")", "(", "-", "/", "\"", "”", "’", "]", "」", "a", "anh", "ảnh", "Ảnh",
              "hinh", "hình", "nguon", "nguồn", "photo", "video", "clip", "foto", "do hoa", "thiet ke", "infographic",
              "tu lieu", "minh hoa", "minh hoạ", "minh họa", "internet", "mang tính", "loai", "X",
              "\U0001F4F7", "\U0001F4F8", "\U0001F3A5", "\U0001F4F9", "\ufe0f"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_fast_line_checks_match_their_regex_definitions(text):
    """Checks that look for what a regex needs before running it (the regexes try every position
    of a line) must answer as the regex alone does, or the trained features would shift."""
    from summarizer.segmentation import features, lexical
    from summarizer.segmentation import text as segtext

    folded = text.casefold()
    assert features.ends_with_full_stop(text) == bool(re.search(r"(?:(?<!\.)\.|。)['\"”’)\]」』]*$", text))
    assert features.names_credit(folded) == bool(features._CREDIT.search(folded))
    assert features.ends_with_illustration_credit(text) == bool(features._ILLUSTRATION_END.search(folded))
    assert features.ends_with_photo_credit(text) == bool(features.CREDIT_AT_END.search(text))
    syllables = lexical.words(text)
    assert lexical.caption_words(text, syllables) == lexical.caption_words(text)
    spelled = segtext.spell_pictograms(text)
    if segtext._PICTOGRAM.search(text):
        assert not any(pictogram in spelled for pictogram in segtext._PICTOGRAM_WORDS)
    else:
        assert spelled == text


_NOTICE_FRAGMENTS = [" ", ":", "/", "-", "a", "248", "248/", "©", "(c)", "Copyright", "GP", "Ghi rõ nguồn", "gốc", "Phó ",
                     "Tổng biên tập", "Cơ quan chủ quản", "Thư ký toà soạn", "Chịu trách nhiệm ", "nội dung", "xuất bản"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NOTICE_FRAGMENTS), max_size=8).map("".join))
@example("© 2024 Báo X")
@example("Copyright by X")
@example("Giấy phép số 248 / GP-BTTTT")
@example("Ghi rõ nguồn khi phát hành lại")
@example("Phó Tổng biên tập: X")
@example("Cơ quan chủ quản: X")
@example("Thư ký toà soạn: X")
@example("Chịu trách nhiệm xuất bản: X")
def test_fast_legal_notice_check_matches_its_regex(text):
    from summarizer.segmentation import features

    facts = features.LineFacts(text)
    assert features.is_legal_notice(facts) == bool(features._LEGAL_NOTICE.search(facts.low))


def test_invisible_characters_do_not_change_labels():
    """A zero-width space or BOM after the full stop must not make prose look like a headline."""
    seed = _seed()
    marked = "\n".join(line + "\u200b" if line.strip() else line for line in seed["text"].split("\n"))
    plain = [line.label for line in segment(seed["text"]).lines]
    assert [line.label for line in segment(marked).lines] == plain


def test_fullwidth_punctuation_reads_as_ascii():
    """Sites set for CJK scripts print "．", "，", "：", "（）": the full stop still ends prose and
    the colon still follows a credit or a link heading. Held-out pages with all their
    punctuation fullwidth were 51.1% exact before, 92.6% (as printed) now."""
    seed = _seed()
    fullwidth = seed["text"].translate({ord(c): ord(c) + 0xFEE0 for c in ".,?!():;"})
    assert [line.label for line in segment(fullwidth).lines] == [line["label"] for line in seed["lines"]]


@pytest.mark.parametrize("line, read_as", [
    ("ĐIỀU TRA VỤ HAI VỢ CHỒNG TỬ VONG TRONG CĂN NHÀ KHOÁ CỬA", "Điều tra vụ hai vợ chồng tử vong trong căn nhà khoá cửa"),
    ("► PHÁT HIỆN 3 THI THỂ TRÔI DẠT VÀO BỜ BIỂN", "► Phát hiện 3 thi thể trôi dạt vào bờ biển"),
    ("► CÓ THỂ BẠN MUỐN ĐỌC ▼", "► CÓ THỂ BẠN MUỐN ĐỌC ▼"),  # a heading: its capitals say so
    ("CHỦ NHẬT, 07/07/2024 - 21:05", "CHỦ NHẬT, 07/07/2024 - 21:05"),  # a date line
    ("Bộ Y tế công bố 5 ca mắc mới", "Bộ Y tế công bố 5 ca mắc mới"),
    ("“Tôi Đã Làm Hết Sức” Cho Đội Tuyển Việt Nam Hôm Nay", "“Tôi đã làm hết sức” cho đội tuyển việt nam hôm nay"),
    ("TP Hồ Chí Minh Mở Rộng Đường Vành Đai Ba Qua Quận Bảy", "Tp hồ chí minh mở rộng đường vành đai ba qua quận bảy"),
    ("Ông Lê Phước Hoài Bảo - Ảnh: LÊ TRUNG.", "Ông Lê Phước Hoài Bảo - Ảnh: LÊ TRUNG."),  # names, credited
])
def test_long_titles_in_capitals_or_title_case_are_read_in_sentence_case(line, read_as):
    assert sentence_case(line) == read_as


@pytest.mark.parametrize("style", [str.upper, str.title])
def test_title_in_capitals_or_title_case_reads_like_a_title(style):
    """Some sites print the title in capitals or in Title Case. On the held-out pages that must
    not change what is article (it changed 11 and 8 of 474 pages before such lines were read in
    sentence case)."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    changed = 0
    pages = load_pages(str(DEV), split="heldout")
    for page in pages:
        texts = [line["text"] for line in page["lines"]]
        title = [line["label"] for line in page["lines"]].index("title")
        texts[title] = style(texts[title])
        shouted = segment(join_lines(texts, line_gaps(page)))
        changed += [line.is_main for line in shouted.lines] != [line.is_main for line in segment(page["text"]).lines]
    assert changed <= len(pages) // 200


def _printed(page: dict, lines: list[dict], gaps: list[bool]) -> dict:
    """``page`` with other labelled lines, a blank line before those whose gap is set."""
    return {**page, "text": join_lines([line["text"] for line in lines], gaps), "lines": lines}


def _heldout_score(rewrite) -> dict:
    """Scores on the held-out pages, each rewritten by ``rewrite(page) -> (lines, gaps)``."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    pages = [_printed(page, *rewrite(page)) for page in load_pages(str(DEV), split="heldout")]
    return score(pages, [[line.label for line in segment(page["text"]).lines] for page in pages])


def _wrapped(lines: list[dict], gaps: list[bool], width: int) -> tuple[list[dict], list[bool]]:
    """Labelled lines hard-wrapped at ``width`` columns, as a text dump prints them: each piece
    keeps its line's label, and only the first keeps its blank line."""
    out, out_gaps = [], []
    for line, gap in zip(lines, gaps):
        pieces = textwrap.wrap(line["text"], width)
        out += [{"text": piece, "label": line["label"]} for piece in pieces]
        out_gaps += [gap] + [False] * (len(pieces) - 1)
    return out, out_gaps


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("blank_lines", [True, False])
def test_hard_wrapped_seed_page_keeps_its_labels(width, blank_lines):
    """A text dump cuts every paragraph into lines of a fixed width: each piece is what its
    paragraph is (before wrapped lines were joined, 75 to 86 of them were wrong)."""
    seed = _seed()
    wrapped = _printed(seed, *_wrapped(seed["lines"], [blank_lines] * len(seed["lines"]), width))
    doc = segment(wrapped["text"])
    assert max(len(line.text) for line in doc.lines) <= width
    assert [line.is_main for line in doc.lines] == [line["label"] in MAIN_LABELS for line in wrapped["lines"]]
    # The summariser reads the same text, paragraphs whole where blank lines tell them apart
    # (without, a paragraph may be cut between two sentences).
    unwrapped = segment(seed["text"])
    assert " ".join(doc.main_text.split()) == " ".join(unwrapped.main_text.split())
    if blank_lines:
        assert [" ".join(p.split()) for p in doc.body] == [" ".join(p.split()) for p in unwrapped.body]


@pytest.mark.parametrize("at_top", [True, False])
def test_hard_wrapped_page_with_a_line_left_unwrapped_is_read_as_wrapped(at_top):
    """A tool that notes where a page came from adds that line unwrapped: one line longer than the
    rest made the page read as never wrapped, every piece a line of its own (held-out pages wrapped
    at 76 columns with such a line were 0% exact, 92% now)."""
    seed = _seed()
    lines, gaps = _wrapped(seed["lines"], [True] * len(seed["lines"]), 76)
    plain = [line.label for line in segment(_printed(seed, lines, gaps)["text"]).lines]
    source = {"text": "Bản lưu của trang Báo Sóc Trăng, chuyên mục Chính trị - Xây dựng Đảng, truy cập ngày "
                      "27/09/2023", "label": "boilerplate"}
    at = 0 if at_top else len(lines)
    doc = segment(_printed(seed, lines[:at] + [source] + lines[at:], gaps[:at] + [True] + gaps[at:])["text"])
    labels = [line.label for line in doc.lines]
    assert not doc.lines[at].is_main
    assert labels[:at] + labels[at + 1:] == plain


# Held-out exact pages: 90.9% with the page's blank lines, 85.4% with none (92.6% unwrapped).
@pytest.mark.parametrize("blank_lines, exact, clean_lost", [(True, 0.89, 0.011), (False, 0.84, 0.05)])
def test_hard_wrapped_held_out_pages(blank_lines, exact, clean_lost):
    result = _heldout_score(lambda page: _wrapped(
        page["lines"], line_gaps(page) if blank_lines else [False] * len(page["lines"]), 80))
    assert result["exact"] >= exact
    assert result["clean_lost"] <= clean_lost


def test_title_printed_twice_keeps_one_title():
    """A copied page can show the title twice (the page's name bar, then the headline): one copy
    is the title, the other removed (a line printed twice is otherwise never article text)."""
    seed = _seed()
    doc = segment(seed["lines"][0]["text"] + "\n\n" + seed["text"])
    assert not doc.lines[0].is_main
    assert doc.title == seed["lines"][0]["text"]
    assert [line.is_main for line in doc.lines[1:]] == [line["label"] in MAIN_LABELS for line in seed["lines"]]


def _printed_by(layout):
    """A rewrite for _heldout_score from a page layout (page -> page, labels kept)."""
    def rewrite(page: dict) -> tuple[list[dict], list[bool]]:
        printed = layout(page)
        return printed["lines"], line_gaps(printed)
    return rewrite


def _listed(marker: str, announced: bool = False):
    """A rewrite for _heldout_score: the middle one of a page's body paragraphs of three sentences
    or more (the first aside) printed as a list of its sentences behind ``marker`` ("{n}" for the
    item's number), each item but the last ending in ";" instead of its full stop, or, when
    ``announced``, its first sentence ending in ":" above the others, which keep their stops."""
    def rewrite(page: dict) -> tuple[list[dict], list[bool]]:
        lines, gaps = list(page["lines"]), line_gaps(page)
        paragraphs = [i for i, line in enumerate(lines) if line["label"] == "body"
                      and len(split_sentences(line["text"])) >= 3
                      and split_sentences(line["text"])[0].endswith(".")][1:]
        if paragraphs:
            at = paragraphs[len(paragraphs) // 2]
            sentences = split_sentences(lines[at]["text"])
            if announced:
                items = [sentences[0][:-1] + ":"] + [marker.format(n=k + 1) + sentence
                                                     for k, sentence in enumerate(sentences[1:])]
            else:
                items = [marker.format(n=k + 1) + (sentence[:-1] + ";" if k + 1 < len(sentences)
                                                   and sentence.endswith(".") else sentence)
                         for k, sentence in enumerate(sentences)]
            lines[at:at + 1] = [{"text": item, "label": "body"} for item in items]
            gaps[at:at + 1] = [gaps[at]] * len(items)
        return lines, gaps
    return rewrite


@pytest.mark.parametrize("marker", ["- ", "• ", "{n}. "])
def test_list_whose_items_end_in_semicolons_stays_in_the_article(marker):
    """An article lists measures or figures as items that end in ";" but the last: no caption,
    teaser or chrome line of the dev pages or of 2,000 VietNews articles ends so, and the item
    after one, behind the same marker, is the list's too. Bulleted, such items read like a box of
    links: held-out pages with one such list were 58% exact before (37% of clean pages losing
    it), numbered 87%; 92-93% now, as without the list."""
    plain = _dev_heldout()["exact"]
    result = _heldout_score(_listed(marker))
    assert result["exact"] >= plain - 0.01
    assert result["clean_lost"] == 0.0


@pytest.mark.parametrize("marker", ["- ", "• ", "{n}. "])
def test_list_under_a_sentence_ending_in_a_colon_stays_in_the_article(marker):
    """Items behind the same marker right under a sentence that announces them ("Cơ quan điều tra
    xác định:") are the article's, whatever they end in: a box of links has a short heading. Held-
    out pages with one such list: bulleted 80.6% exact before (12.9% of clean pages losing it),
    numbered 91.6%; 92.4-92.6% now."""
    plain = _dev_heldout()["exact"]
    assert _heldout_score(_listed(marker, announced=True))["exact"] >= plain - 0.01


def _interview(tag: str):
    """A rewrite for _heldout_score: every other body paragraph past the first (of two sentences
    or more) under an interviewer's question built from its first words ("PV: Thưa ông, cụ thể ...
    ra sao?"), as interviews print them."""
    def rewrite(page: dict) -> tuple[list[dict], list[bool]]:
        lines, gaps = list(page["lines"]), line_gaps(page)
        paragraphs = [i for i, line in enumerate(lines) if line["label"] == "body"
                      and len(split_sentences(line["text"])) >= 2][1:]
        for at in reversed(paragraphs[::2]):
            opening = " ".join(lines[at]["text"].split()[:6]).rstrip(",.")
            lines.insert(at, {"text": f"{tag} Thưa ông, cụ thể {opening} ra sao?", "label": "body"})
            gaps.insert(at, gaps[at])
        return lines, gaps
    return rewrite


@pytest.mark.parametrize("tag", ["PV:", "Hỏi:"])
def test_interviewers_questions_stay_in_the_article(tag):
    """A line that opens with the interviewer's tag and says a sentence ("PV: ...?", "Hỏi: ...")
    is article text; a question between paragraphs otherwise reads like a teaser's headline, and
    the answer under it like its lead. Held-out pages with such questions: 89.0-89.2% exact
    before (4.3% of clean pages losing a line), 90.7% now (1.1%)."""
    result = _heldout_score(_interview(tag))
    assert result["exact"] >= _dev_heldout()["exact"] - 0.025
    assert result["clean_lost"] <= 0.02


def _thanks_to_the_interviewee(tag: str):
    """A rewrite for _heldout_score: the interviewer's thanks under the last paragraph ("P/V: Xin
    cảm ơn ông!"), as interviews end."""
    def rewrite(page: dict) -> tuple[list[dict], list[bool]]:
        lines, gaps = list(page["lines"]), line_gaps(page)
        last = max((i for i, line in enumerate(lines) if line["label"] == "body"), default=None)
        if last is not None:
            lines.insert(last + 1, {"text": f"{tag} Xin cảm ơn ông!", "label": "body"})
            gaps.insert(last + 1, True)
        return lines, gaps
    return rewrite


@pytest.mark.parametrize("tag", ["PV:", "P/V:"])
def test_interviewers_short_thanks_stay_in_the_article(tag):
    """Too short for a sentence by length, the thanks closing an interview ends in "!", which no
    byline does: 61.8-63.1% of held-out pages were exact with it before (it was read as chrome),
    93.0% now."""
    assert _heldout_score(_thanks_to_the_interviewee(tag))["exact"] >= _dev_heldout()["exact"] - 0.01


def _gallery_counters(page: dict) -> tuple[list[dict], list[bool]]:
    """A rewrite for _heldout_score: the first copy of each doubled caption behind a gallery's
    counter ("(1/5) X", "(2/5) Y"), as sites that number their photos print it."""
    lines, count = [dict(line) for line in page["lines"]], 0
    for line, below in zip(lines, lines[1:]):
        if line["label"] == "caption" and line["text"].strip() == below["text"].strip():
            count += 1
            line["text"] = f"({count}/5) {line['text']}"
    return lines, line_gaps(page)


def test_doubled_caption_with_a_gallery_counter_on_one_copy_is_removed():
    """A counter on one copy of a doubled caption hid the doubling: the other copy was read as a
    short paragraph on 4 held-out pages (91.98% exact). The counter is left out when copies are
    compared, as a photo credit is: now no page is lost to it."""
    assert _heldout_score(_gallery_counters)["exact"] >= _dev_heldout()["exact"]


def test_one_sentence_paragraphs_stay_in_the_article():
    """Some sites print every sentence as a paragraph: each then has the shape of a lone photo
    caption or of a teaser item. Held-out pages printed that way: 66.7% exact and 24.7% of clean
    pages losing a line before the page's paragraph style was a feature and the training copies
    showed it, 88.0% and 2.2% now (92.8% and none as printed)."""
    result = _heldout_score(_printed_by(one_sentence_paragraphs))
    assert result["exact"] >= 0.80
    assert result["clean_lost"] <= 0.08


def test_captions_printed_once_without_credit_are_removed():
    """Some sites print a caption once and without a photo credit: then only its wording, shape
    and position tell it from a short paragraph. Held-out pages printed that way: 85.4% exact
    before a share of the training copies showed it, 87.3% now; no clean page loses a line."""
    result = _heldout_score(_printed_by(lone_captions))
    assert result["exact"] >= 0.86
    assert result["clean_lost"] <= 0.011


def test_lone_captions_drops_credits_and_copies_and_keeps_the_rest():
    from summarizer.segmentation.features import is_photo_credit, split_lines

    for page in load_pages(SAMPLE):
        printed = lone_captions(page)
        assert [x["text"] for x in printed["lines"]] == split_lines(printed["text"])[0]
        assert [x for x in printed["lines"] if x["label"] != "caption"] == [
            {"text": x["text"], "label": x["label"]} for x in page["lines"] if x["label"] != "caption"]
        captions = [x["text"] for x in printed["lines"] if x["label"] == "caption"]
        assert not any(CAPTION_CREDIT.search(text) or is_photo_credit(text) for text in captions)
        assert all(a != b for a, b in zip(printed["lines"], printed["lines"][1:]) if a["label"] == "caption")
        # Each caption is an original one with its credit cut, and every photo keeps a caption.
        originals = [x["text"] for x in page["lines"] if x["label"] == "caption"]
        assert all(any(original.startswith(text) for original in originals) for text in captions)
        runs = sum(a["label"] == "caption" and b["label"] != "caption" for a, b in zip(page["lines"], page["lines"][1:]))
        assert len(captions) >= runs


def _after_article(page: dict, chrome: list[str]) -> tuple[list[dict], list[bool]]:
    """A page's labelled lines and gaps with ``chrome`` (boilerplate, each after a blank line)
    right after its last main line."""
    lines, gaps = list(page["lines"]), line_gaps(page)
    after = max(i for i, line in enumerate(lines) if line["label"] in MAIN_LABELS) + 1
    lines[after:after] = [{"text": text, "label": "boilerplate"} for text in chrome]
    gaps[after:after] = [True] * len(chrome)
    return lines, gaps


READER_COMMENTS = ["Minh Anh: Mong các cơ quan chức năng sớm vào cuộc làm rõ vụ việc này.",
                   "Bài viết rất hay, cảm ơn tác giả đã phản ánh kịp thời những chuyện như thế.",
                   "Trần Hùng", "Thật đáng buồn khi những chuyện như thế này vẫn còn xảy ra.",
                   "Trả lời · Thích · 2 giờ trước"]


@pytest.mark.parametrize("heading", ["Bình luận (12)", "Ý kiến bạn đọc", "Bình luận của độc giả"])
def test_readers_comments_after_the_article_are_removed(heading):
    """Readers' comments are whole sentences that read like paragraphs; past the article, a
    comment section's heading ends it. Held-out pages with comments right after the article:
    3-10% exact before (they were read as its last paragraphs), 92.8-93.5% now (92.8% without)."""
    comments = [heading, *READER_COMMENTS]
    assert _heldout_score(lambda page: _after_article(page, comments))["exact"] >= 0.90


@pytest.mark.parametrize("count", ["Bình luận (12)", "12 bình luận", "Ý kiến bạn đọc (3)"])
@pytest.mark.parametrize("under", ["lead", "first paragraph", "second paragraph"])
def test_comment_count_inside_the_article_keeps_the_article(count, under):
    """A comment count in a share bar inside the article is no comment section: the article's own
    paragraphs go on under it. Before, everything under it was removed (2 to 4 of the seed page's
    19 article lines kept)."""
    at = _seed_lines("lead")[0] + 1 if under == "lead" else _seed_lines("body")[under == "second paragraph"] + 1
    doc, gold_main = _seed_with_line(count, at)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("chrome", ["Xem video HOT", "Tin nổi bật"])
def test_a_lead_under_which_chrome_sits_is_no_byline(chrome):
    """A byline names a writer or a source (no dev or VietNews byline has ten words); with a line of
    chrome under the lead, 14 held-out leads were read as the byline of an article that ended there."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    leads = 0
    for page in load_pages(str(DEV), split="heldout"):
        lines, gaps = list(page["lines"]), line_gaps(page)
        under_lead = [line["label"] for line in lines].index("lead") + 1
        lines.insert(under_lead, {"text": chrome, "label": "boilerplate"})
        gaps.insert(under_lead, True)
        labels = [line.label for line in segment(join_lines([line["text"] for line in lines], gaps)).lines]
        assert labels[under_lead - 1] != "byline", page["id"]
        leads += labels[under_lead - 1] == "lead"
    assert leads >= 460  # of 474


# Unlike the training copies' (perturb.py) and the stress benchmark's.
CLOSING_SENTENCES = ["Quý độc giả có thể gửi thắc mắc về địa chỉ email của chuyên mục.",
                     "Mọi hình thức sao chép đều phải được sự đồng ý của toà soạn.",
                     "Cảm ơn các bạn đã dành thời gian đọc bài!",
                     "Bài viết được tổng hợp từ nhiều nguồn và chỉ có giá trị tham khảo."]


def test_sentence_of_site_chrome_after_the_article_is_removed():
    """A whole sentence of site chrome right after the last paragraph reads like a closing
    paragraph, but it shares no wording with the article and speaks to the reader or of the
    site. Held-out pages with one of these sentences: 0.8% exact (3.2% of clean pages losing a
    line) before the training copies showed such lines, 88.0% (none) now."""
    result = _heldout_score(lambda page: _after_article(
        page, [CLOSING_SENTENCES[len(page["lines"]) % len(CLOSING_SENTENCES)]]))
    assert result["exact"] >= 0.80
    assert result["clean_lost"] <= 0.03


def test_closing_paragraph_shares_the_articles_words_and_chrome_does_not():
    """A sentence that shares three pairs of content syllables with the title and the paragraphs
    is about the story, so no site chrome (on_topic_sentences): that holds for most paragraphs
    that end like a sentence, and for almost no sentence of chrome under an article. Before the
    rule, held-out pages with an unseen line after the article (an ALL CAPS byline, a rating, an
    ad slot, a pager) lost their last paragraph, read as chrome, 31 times in 2,844; 23 now."""
    from summarizer.segmentation.features import describe, on_topic_sentences

    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    paragraphs = flagged_paragraphs = chrome = flagged_chrome = 0
    for page in load_pages(str(DEV), split="heldout"):
        texts = [line["text"] for line in page["lines"]]
        labels = [line["label"] for line in page["lines"]]
        facts = describe(texts)
        for ln, label, on_topic in zip(facts, labels, on_topic_sentences(facts)):
            if label == "body" and ln.terminal:
                paragraphs += 1
                flagged_paragraphs += on_topic
        end = max(i for i, label in enumerate(labels) if label in MAIN_LABELS) + 1
        for sentence in CLOSING_SENTENCES:
            chrome += 1
            flagged_chrome += on_topic_sentences(describe(texts[:end] + [sentence]))[-1]
    assert flagged_paragraphs / paragraphs >= 0.85
    assert flagged_chrome / chrome <= 0.01


OTHER_HEADLINES = ["Giá xăng giảm hơn 300 đồng một lít", "Hà Nội mở rộng tuyến phố đi bộ quanh hồ Gươm",
                   "Đội tuyển Việt Nam công bố danh sách dự giải châu Á"]


def _above_last_paragraph(page: dict, box: list[dict]) -> tuple[list[dict], list[bool]]:
    """A page's labelled lines and gaps with ``box`` right above its last body paragraph (pages
    without two body paragraphs as they are)."""
    lines, gaps = list(page["lines"]), line_gaps(page)
    body = [i for i, line in enumerate(lines) if line["label"] == "body"]
    if len(body) >= 2:
        lines[body[-1]:body[-1]] = box
        gaps[body[-1]:body[-1]] = [True] * len(box)
    return lines, gaps


@pytest.mark.parametrize("bullet", ["▸", "·"])
def test_headline_list_between_paragraphs_keeps_the_paragraph_under_it(bullet):
    """Sites set boxes of links to other stories inside the article, often without a heading.
    A list of headlines is where appended material starts on most pages, but the paragraph under
    one is still the article's. Held-out pages with a bulleted list above their last paragraph:
    57.8% exact before the training copies showed such lists, 87.8% now. (Without bullets, the
    list and the paragraph under it read like the headlines and lead of appended teasers: 65.6%
    before, 76.6% now.)"""
    box = [{"text": f"{bullet} {headline}", "label": "teaser"} for headline in OTHER_HEADLINES]
    assert _heldout_score(lambda page: _above_last_paragraph(page, box))["exact"] >= 0.85


@pytest.mark.parametrize("heading", ["Xu hướng", "Cùng tác giả", "Tham khảo", "Đọc gì hôm nay?"])
def test_headed_teaser_block_between_paragraphs_is_not_a_subheading(heading):
    """Under a heading in words no dev teaser heading uses, a list of headlines between two
    paragraphs reads like a subheading followed by captions or links; but a subheading
    introduces a paragraph, and in the dev set at most one teaser line (an inline link) comes
    between them. On the seed page 2 of 7 such headings were right before that rule, 7 now."""
    at = _seed_lines("body")[2]
    doc, gold_main = _seed_with_lines([heading, *OTHER_HEADLINES], at)
    assert [line.is_main for line in doc.lines] == gold_main


def test_comment_count_under_the_title_leaves_the_article():
    """Above the first paragraph a comment count is page chrome, not the end of the article."""
    doc, gold_main = _seed_with_line("Bình luận (12)", 1)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("chrome", [["Trang chủ › Chính trị"], ["Báo Nhân Dân điện tử", "Thứ Ba, 08/09/2020 - 14:05"],
                                    ["Đăng ký nhận tin", "Xã hội | Giáo dục | Y tế", "08/09/2020"]])
def test_site_chrome_above_the_title_is_removed(chrome):
    seed = _seed()
    doc = segment("\n\n".join(chrome) + "\n\n" + seed["text"])
    assert not any(line.is_main for line in doc.lines[:len(chrome)])
    gold_main = [line["label"] in MAIN_LABELS for line in seed["lines"]]
    assert [line.is_main for line in doc.lines[len(chrome):]] == gold_main
    assert doc.title == seed["lines"][0]["text"]


@pytest.mark.parametrize("notice", ["© Bản quyền thuộc Báo Nhân Dân. Ghi rõ nguồn khi phát hành lại thông tin.",
                                    "Copyright © 2023 Báo Điện tử. Không sao chép khi chưa có sự đồng ý bằng văn bản."])
@pytest.mark.parametrize("where", ["above the title", "after the last paragraph"])
def test_copyright_sentence_is_never_article(notice, where):
    """A copyright notice can read like a sentence of prose; its "©" says it is page chrome."""
    seed = _seed()
    at = 0 if where == "above the title" else max(
        i for i, line in enumerate(seed["lines"]) if line["label"] in MAIN_LABELS) + 1
    doc, gold_main = _seed_with_line(notice, at)
    assert [line.is_main for line in doc.lines] == gold_main
    assert doc.title == seed["lines"][0]["text"]


@pytest.mark.parametrize("notice", ["Giấy phép số 91/GP-BTTTT do Bộ Văn hoá - Thông tin cấp ngày 21/3/2013.",
                                    "Ghi rõ nguồn \"Báo Người Đưa Tin\" khi phát hành lại thông tin từ website này.",
                                    "Chịu trách nhiệm xuất bản: Phó Tổng biên tập Lê Quốc Minh"])
def test_masthead_line_right_after_the_article_is_not_article(notice):
    """Sites print their licence and who answers for them in the footer; on a page with nothing
    between the article and the footer, such a line reads like a last paragraph (the first two
    were kept as article text on most held-out pages before the rule)."""
    seed = _seed()
    at = max(i for i, line in enumerate(seed["lines"]) if line["label"] in MAIN_LABELS) + 1
    doc, gold_main = _seed_with_line(notice, at)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("line", ["Nguồn: https://nhandan.vn/chinh-tri/bai-viet-612345.html", "http://baochinhphu.vn/tin-123.htm",
                                  "Liên hệ: bandoc@nhandan.vn", "Xem toàn văn tại www.chinhphu.vn",
                                  "— Reuters (@Reuters) 5 tháng 6, 2023"])
def test_web_or_mail_address_line_is_never_article(line):
    """A source link, a contact line or an embedded post's attribution (a handle) is no paragraph
    (a probe that put a source link under the article of each held-out page found 6 of 474 kept as
    its last paragraph). An address is one long 'word': the rule must come before the check that
    skips unspaced scripts."""
    from summarizer.segmentation.features import describe
    from summarizer.segmentation.model import STATES, load

    forbidden = load().constraints(describe([LEAD, _LONG_SENTENCE, line])).forbidden[2]
    assert all(forbidden[s] for s, (label, _) in enumerate(STATES) if label in MAIN_LABELS)
    seed = _seed()
    at = max(i for i, line in enumerate(seed["lines"]) if line["label"] in MAIN_LABELS) + 1
    doc, gold_main = _seed_with_line(line, at)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("line", ["Sản phẩm nhập khẩu phải ghi rõ nguồn gốc xuất xứ trên bao bì.",
                                  "Tổng biên tập của tờ báo cho biết sẽ xin lỗi bạn đọc.",
                                  "Công ty đã được cấp giấy phép số 15 vào năm 2018.",
                                  "Bản quyền phát sóng giải đấu thuộc về VTV."])
def test_prose_about_papers_and_licences_is_no_legal_notice(line):
    """News prose speaks of origins, editors and licences; a notice has the site's own form."""
    from summarizer.segmentation.features import LineFacts, is_legal_notice

    assert not is_legal_notice(LineFacts(line))


@pytest.mark.parametrize("credit", ["Ảnh - NHẬT ANH", "(Ảnh: NHẬT ANH)", "Nguồn ảnh: TTXVN"])
@pytest.mark.parametrize("every_copy", [True, False])
def test_photo_credit_on_a_line_of_its_own(credit, every_copy):
    """Some sites print the credit under the caption (under each copy of a doubled caption, or
    once): caption and credit are removed, the article is kept."""
    seed = _seed()
    lines, labels = [], []
    for i, line in enumerate(seed["lines"]):
        lines.append(line["text"])
        labels.append(line["label"])
        first_copy = i == 0 or seed["lines"][i - 1]["text"] != line["text"]
        if line["label"] == "caption" and (every_copy or first_copy):
            lines.append(credit)
            labels.append("caption")
    doc = segment("\n\n".join(lines))
    assert [line.is_main for line in doc.lines] == [label in MAIN_LABELS for label in labels]


@pytest.mark.parametrize("credit", ["Ảnh: Minh Anh", "Ảnh - NHẬT ANH"])
def test_photo_credit_above_its_caption(credit):
    """Some sites print the credit above the caption: under a paragraph, the credit says what the
    shorter line below it is, and the paragraph stays article text."""
    seed = _seed()
    lines, main = [], []
    for i, line in enumerate(seed["lines"]):
        if line["label"] == "caption" and seed["lines"][i - 1]["label"] != "caption":
            lines.append(credit)
            main.append(False)
        lines.append(line["text"])
        main.append(line["label"] in MAIN_LABELS)
    assert [line.is_main for line in segment("\n\n".join(lines)).lines] == main


def test_photo_credit_under_the_last_paragraph_keeps_it():
    """Under the article's last paragraph a photographer's credit ("Ảnh: X") credits the article's
    photos, as a byline does: that paragraph is no caption. Put under the last paragraph of every
    held-out page, such a credit cost 44% of them that paragraph before the rule gave way there
    (0.4% since)."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    pages = lost = 0
    for page in load_pages(str(DEV), split="heldout"):
        texts = [line["text"] for line in page["lines"]]
        last = max(i for i, line in enumerate(page["lines"]) if line["label"] in MAIN_LABELS)
        texts.insert(last + 1, "Ảnh: Minh Anh")
        pages += 1
        lost += not segment("\n\n".join(texts)).lines[last].is_main
    assert pages > 400
    assert lost <= 0.03 * pages


@pytest.mark.parametrize(("line", "credit"), [("Ảnh: Minh Anh", True), ("Nguồn ảnh: TTXVN", True),
                                           ("Hình - NHẬT ANH", True), ("Ảnh DANH TRỌNG", True),
                                           ("Ảnh Bác Hồ", False), ("ẢNH HIỆN TRƯỜNG", False),
                                           ("Ảnh: Người dân đổ ra đường", False), ("Ảnh hưởng lớn", False)])
def test_photo_credit_lines(line, credit):
    """A credit names who took the photo; a caption that opens with the word for photo does not."""
    from summarizer.segmentation.features import is_photo_credit

    assert is_photo_credit(line) == credit


def test_caption_above_its_credit_line_is_never_article():
    """Held-out captions printed with their photographer on the line below ("Ảnh: X"): the
    credit says what the line above it is, however much that line reads like a paragraph
    (9 of 337 such captions were kept as article text before the rule). One is left to the model:
    a caption under the article's last paragraph whose credit a list of headlines follows, where
    a credit under the last paragraph is the article's byline."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    captions = read_as_article = 0
    for page in load_pages(str(DEV), split="heldout"):
        texts, gaps, watched = [], [], []
        for line, gap in zip(page["lines"], line_gaps(page)):
            text = line["text"].strip()
            credit = CAPTION_CREDIT.search(text)
            if line["label"] == "caption" and credit and text[: credit.start()].strip():
                watched.append(len(texts))
                texts += [text[: credit.start()].rstrip(), f"Ảnh: {(credit.group(1) or credit.group(2)).strip()}"]
                gaps += [gap, False]
            else:
                texts.append(text)
                gaps.append(gap)
        if watched:
            doc = segment(join_lines(texts, gaps))
            captions += len(watched)
            read_as_article += sum(doc.lines[i].is_main for i in watched)
    assert captions > 300
    assert read_as_article <= 1


@pytest.mark.parametrize(("credit", "caption_above"), [("(Ảnh: Linh Bảo)", True), ("- Ảnh: Linh Bảo", True),
                                                     ("Ảnh: Linh Bảo", False)])
def test_credit_line_under_the_last_caption(credit, caption_above):
    """A caption under the article's last paragraph, its credit, then a teaser heading: a credit
    that opens with a bracket or a dash goes on from the caption's line, which it marks whatever
    follows; a plain one there may be the article's byline, so the line above is left open."""
    from summarizer.segmentation.features import describe
    from summarizer.segmentation.model import photo_captions

    seed = _seed()
    texts = [seed["lines"][i]["text"] for i in (0, 1, 4, 6)] + [credit, "Có thể bạn quan tâm"]
    assert photo_captions(describe(texts)).tolist() == [False, False, False, caption_above, False, False]


@pytest.mark.parametrize("caption", ["Ảnh: TTXVN. Quang cảnh hội nghị.", "[Ảnh: TTXVN] Quang cảnh hội nghị.",
                                     "Ảnh TTXVN - Quang cảnh hội nghị.", "Ảnh Quang Minh: Quang cảnh hội nghị.",
                                     "Hình Thu Hà: Các đại biểu biểu quyết thông qua nghị quyết.",
                                     # credits worded other ways
                                     "Nguồn hình: TTXVN - Quang cảnh hội nghị.", "Ảnh (Quang Minh): Quang cảnh hội nghị.",
                                     "Photo by Reuters: Quang cảnh hội nghị.", "Ảnh / TTXVN: Quang cảnh hội nghị.",
                                     "Ảnh minh hoạ: Internet - Quang cảnh hội nghị.",
                                     # no name: the word for photo opens the caption
                                     "Ảnh: Quang cảnh hội nghị tỉnh."])
def test_caption_with_its_credit_in_front(caption):
    """A caption that starts with its credit is removed (no paragraph opens with a credit), and
    it is not a credit line: the short paragraph above it (37 words) stays in the article."""
    at = _seed_lines("body")[0] + 1
    doc, gold_main = _seed_with_line(caption, at)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("line", ["Nguồn tin cho biết: hai người đã bị bắt.", "Hình ảnh này cho thấy: xe bị hư hỏng.",
                                  "Ảnh hưởng của bão: nhiều nhà bị tốc mái.", "Nguồn tin: Bộ Công an. Theo đó, hai người bị bắt.",
                                  "\"Hình mẫu Libya được đề cập khác xa. Đây sẽ là hình mẫu khác\", ông nói."])
def test_prose_opening_with_a_credit_word_is_no_credit(line):
    """Paragraphs open with "Nguồn tin", "Hình ảnh này", "Ảnh hưởng": lower-case words between the
    credit word and the separator say it is prose, not a photographer's name."""
    from summarizer.segmentation.features import starts_with_credit

    assert not starts_with_credit(line)


@pytest.mark.parametrize("credited", ["{} (Nguồn ảnh: Zing)", "Nguồn hình: TTXVN - {}", "{} (Photo by AP)",
                                      "{} Ảnh/ Quang Huy", "Ảnh (Lê Hiếu): {}", "{} - Ảnh do nhân vật cung cấp"])
def test_doubled_caption_with_a_credit_in_other_words_is_one_caption(credited):
    """A doubled caption whose copies differ by a credit, however worded, is one photo's caption."""
    from summarizer.segmentation.features import LineFacts, same_caption

    caption = "Lực lượng cứu hộ tìm kiếm người mất tích tại hiện trường vụ sạt lở."
    assert same_caption(LineFacts(credited.format(caption)), LineFacts(caption))


def test_paragraph_with_a_caption_run_into_its_end_may_stay_article():
    """A caption's credit at the end of a line makes it a caption, unless the line is longer than
    any caption: then it is a paragraph with its photo's caption run into it (sources do that)."""
    from summarizer.segmentation.features import describe
    from summarizer.segmentation.model import STATES, load

    credit = " - (Ảnh minh hoạ: Internet)."
    short = _LONG_SENTENCE + credit  # 41 words
    long = " ".join([_LONG_SENTENCE] * 2) + credit  # 78 words
    longer = " ".join([_LONG_SENTENCE] * 3) + credit  # 115 words
    forbidden = load().constraints(describe([LEAD, short, long, longer])).forbidden
    assert [forbidden[i, STATES.index(("body", "A"))] for i in (1, 2, 3)] == [True, True, False]


_LONG_SENTENCE = ("Theo lãnh đạo tỉnh, việc đẩy mạnh chuyển đổi số trong các cơ quan nhà nước sẽ giúp người dân "
                  "tiết kiệm thời gian đi lại và giảm chi phí khi làm thủ tục hành chính.")


@pytest.mark.parametrize("credit", [" (Ảnh minh hoạ)", " Ảnh mang tính minh hoạ", " (Hình: minh họa)"])
@pytest.mark.parametrize("paragraph", [1, 2, -1])  # under the second, third and last body paragraph
def test_long_caption_of_an_illustration_is_removed(credit, paragraph):
    """A caption as long as a paragraph (26 words) that says its photo is an illustration is
    removed; without the credit the same line is article text."""
    at = _seed_lines("body")[paragraph] + 1
    doc, gold_main = _seed_with_line(_LONG_SENTENCE + credit, at)
    assert [line.is_main for line in doc.lines] == gold_main
    doc, _ = _seed_with_line(_LONG_SENTENCE, at)
    assert doc.lines[at].is_main


@pytest.mark.parametrize("credit", ["Hình: NHẬT ANH", "Hình ảnh: Quốc Việt", "Ảnh/Video: NHẬT ANH",
                                    "Ảnh & clip: TTXVN", "- Hình: Quốc Việt"])
@pytest.mark.parametrize("under", ["lead", "body"])
def test_credit_of_a_photo_without_caption_is_removed(credit, under):
    """A photo without a caption leaves only its credit under the lead or between two
    paragraphs, in any of the credit words ("Hình" is "picture") or several joined; it is never
    article text, and the lead or (long) paragraph above it stays."""
    candidates = _seed_lines(under)
    at = (candidates[0] if under == "lead" else candidates[1]) + 1  # the second paragraph: 72 words
    doc, gold_main = _seed_with_line(credit, at)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("caption", [_LONG_SENTENCE + " - Ảnh: Quốc Việt", _LONG_SENTENCE + " (Photo: Reuters)",
                                     _LONG_SENTENCE + " 📷 AFP", "📸 QUỐC VIỆT: " + _LONG_SENTENCE,
                                     "📷 TTXVN | " + _LONG_SENTENCE])
@pytest.mark.parametrize("paragraph", [1, -1])  # under the second and the last body paragraph
def test_caption_as_long_as_a_paragraph_with_its_credit_is_removed(caption, paragraph):
    """A 26-word caption that names its photographer at either end, in words or with a camera
    pictogram ("📷", "📸"), is removed; no paragraph ends with a photo credit or holds a camera.
    Without the credit the same sentence is article text (test above)."""
    at = _seed_lines("body")[paragraph] + 1
    doc, gold_main = _seed_with_line(caption, at)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("line", ["📷: N.Bình", "📸 Hoàng Hà", "Minh hoạ: Thành Huy", "Ảnh sưu tầm",
                                  "👍 723   👎 31", "* * *", "━" * 40, "=" * 30, "☆" * 16])
@pytest.mark.parametrize("under", ["lead", "body"])
def test_credit_or_line_without_words_between_paragraphs_is_removed(line, under):
    """A photo credit in other forms (a camera pictogram, "Minh hoạ: X", "Ảnh sưu tầm") or a
    line without a letter (a rating bar, a separator, however long: a long run is no unspaced
    script) under the lead or between two paragraphs is not article text, and the article around
    it stays."""
    candidates = _seed_lines(under)
    at = (candidates[0] if under == "lead" else candidates[1]) + 1
    doc, gold_main = _seed_with_line(line, at)
    assert [line.is_main for line in doc.lines] == gold_main


@pytest.mark.parametrize("chrome", ["Quảng cáo", "ADVERTISEMENT", "Video đang HOT", "Bấm để nghe"])
def test_chrome_between_paragraphs_does_not_end_the_article(chrome):
    """An ad slot or a plug between two paragraphs is removed (a short line that shares no word
    with the article is no subheading), and the paragraphs after it stay in the article: the
    page has not left the article yet."""
    seed = _seed()
    lines, gold = [], []
    for i, line in enumerate(seed["lines"]):
        if i in (9, 17):  # between body paragraphs
            lines.append(chrome)
            gold.append(False)
        lines.append(line["text"])
        gold.append(line["label"] in MAIN_LABELS)
    doc = segment("\n\n".join(lines))
    assert [line.is_main for line in doc.lines] == gold


@pytest.mark.parametrize("under", [["Nguyễn Văn An"], ["Email", "In bài", "PV - CTV"],
                                   ["Thứ Hai, 12/03/2023 - 10:00", "Lan Hương"]])
def test_byline_and_chrome_between_title_and_lead(under):
    """An author line, a date or a share bar under the title: the title stays the title (a name
    right above the lead is not taken for it) and what sits between them is removed."""
    seed = _seed()
    lines = [seed["lines"][0]["text"], *under, *(line["text"] for line in seed["lines"][1:])]
    doc = segment("\n\n".join(lines))
    assert doc.lines[0].label == "title"
    gold = [True] + [False] * len(under) + [line["label"] in MAIN_LABELS for line in seed["lines"][1:]]
    assert [line.is_main for line in doc.lines] == gold


def test_headline_list_above_the_title_is_removed():
    """A "most read" list printed above the article is not taken for it."""
    seed = _seed()
    top = ["Đọc nhiều nhất", "Hà Nội mở thêm ba tuyến xe buýt điện từ tháng tới",
           "Giá xăng giảm lần thứ tư liên tiếp", "Đội tuyển bóng đá nữ giành vé dự vòng chung kết châu Á"]
    doc = segment("\n\n".join(top) + "\n\n" + seed["text"])
    assert not any(line.is_main for line in doc.lines[:len(top)])
    gold_main = [line["label"] in MAIN_LABELS for line in seed["lines"]]
    assert [line.is_main for line in doc.lines[len(top):]] == gold_main


def test_transplanted_training_page_keeps_the_shape_and_swaps_the_article():
    """synth.transplant: another article's text in a dev page's furniture, labels aligned."""
    import random

    from summarizer.segmentation.features import split_lines
    from summarizer.segmentation.synth import transplant

    templates = [p for p in load_pages(SAMPLE) if sum(x["label"] == "caption" for x in p["lines"]) >= 2]
    record = json.loads((HERE / "data" / "vietnews-sample.jsonl").read_text(encoding="utf-8").splitlines()[2])
    article = {**record, "captions": ["Lực lượng chức năng khám nghiệm hiện trường vụ án.",
                                      "Nghi phạm tại cơ quan công an - Ảnh: Công an cung cấp",
                                      "Người dân theo dõi phiên toà."]}
    built = [(t, page) for t in templates if (page := transplant(t, article, random.Random(1)))]
    assert len(built) >= 3
    for template, page in built:
        lines, _ = split_lines(page["text"])
        assert [x["text"] for x in page["lines"]] == lines
        labels = [x["label"] for x in page["lines"]]
        assert lines[labels.index("title")] == article["title"] and lines[labels.index("lead")] == article["lead"]
        assert [t for t, lab in zip(lines, labels) if lab == "body"] == article["body"]
        assert {t for t, lab in zip(lines, labels) if lab == "caption"} <= set(article["captions"])
        # Everything after the article is the template's, line for line.
        old = template["lines"]
        tail = len(old) - 1 - max(i for i, x in enumerate(old) if x["label"] in MAIN_LABELS)
        assert page["lines"][len(lines) - tail:] == [{"text": x["text"], "label": x["label"]} for x in old[len(old) - tail:]]


@pytest.mark.parametrize("variant", ["train", "eval"])
def test_perturbed_pages_keep_labels_aligned_and_put_chrome_inside_articles(variant):
    """perturb.perturb_page: the rewritten text splits into exactly the labelled lines, and
    some pages get chrome (an ad slot, a share bar) between two paragraphs of the article."""
    import random

    from summarizer.segmentation.features import split_lines
    from summarizer.segmentation.perturb import _VOCAB, perturb_page

    rng = random.Random(3)
    inside = 0
    for page in load_pages(SAMPLE) * 5:
        out = perturb_page(page, rng, variant)
        assert [x["text"] for x in out["lines"]] == split_lines(out["text"])[0]
        labels = [x["label"] for x in out["lines"]]
        body = [i for i, lab in enumerate(labels) if lab == "body"]
        inside += sum(labels[i] == "boilerplate" and out["lines"][i]["text"] in _VOCAB[variant]["inside"]
                      for i in range(body[0], body[-1]))
    assert inside >= 3


@pytest.mark.parametrize("every", [1, 2, 5])
def test_lines_printed_in_lower_case_keep_their_labels(every):
    """Case is a weak signal: a page with some or all of its lines in lower case reads as printed
    normally (a caption cut short opens in lower case too, but ruling such lines out of the
    article cost pages printed so far more than it gained)."""
    seed = _seed()
    lines = [line["text"].lower() if i % every == 0 else line["text"] for i, line in enumerate(seed["lines"])]
    doc = segment("\n\n".join(lines))
    assert [line.is_main for line in doc.lines] == [line["label"] in MAIN_LABELS for line in seed["lines"]]
