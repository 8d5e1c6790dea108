"""Rewrite labelled pages with page furniture the dev set never shows.

Used twice with DISJOINT vocabularies: ``variant="train"`` augments the training pages so the
classifiers cannot lean on the dev strings, and ``variant="eval"`` (evaluate --perturb) checks
that scores hold up on headings, decorations, credits, bylines and boilerplate nobody tuned on,
with headings dropped (headingless teaser blocks), time lines added to teaser items, photo
credits moved to a line of their own, site chrome or a headline list above the title, a byline,
date or share bar under it, chrome between paragraphs (ad slots, share bars), case and
whitespace changed (line breaks kept, made uniform or mixed at random), and, in the training
copies only, a sentence of site chrome right after the article ("Mời bạn đọc đón xem các bài
viết tiếp theo."), photo credits in front of their captions ("(Ảnh: X) ...") and a list of
the page's other headlines, bulleted or not, set above a body paragraph.
``one_sentence_paragraphs``, ``stopped_headlines`` and ``lone_captions`` print a page as some
sites do (every body sentence a paragraph; teaser headlines ending in a full stop; every caption
once and without its credit): train.py rewrites a share of the training copies with them, so that
the classifiers learn to tell such lines apart by wording, shape and position.
"""
from __future__ import annotations

import random
import re
from typing import Any

from summarizer.text import split_sentences
from summarizer.types import MAIN_LABELS

from .data import line_gaps
from .features import join_lines
from .text import words

_VOCAB: dict[str, dict[str, list[str]]] = {
    "train": {
        "heading": ["Tin tức liên quan", "Bài đọc thêm", "Nội dung liên quan", "Đừng bỏ lỡ",
                    "Tin cùng sự kiện", "Bài viết khác", "Tin nóng", "Có thể bạn muốn đọc",
                    "Tin tức nổi bật", "Xem thêm tin", "Bài mới", "Chủ đề liên quan"],
        "boiler": ["Chia sẻ qua Facebook", "Gửi email", "Lưu bài viết", "Đăng ký nhận bản tin",
                   "Bản quyền © 2021 Báo Điện tử", "Tải ứng dụng", "Thích", "Báo lỗi",
                   "Thứ Sáu, 12/05/2023, 08:15 (GMT+7)", "Từ khoá: kinh tế, xã hội",
                   "Quay lại trang chủ", "Chia sẻ lên Zalo", "Cập nhật lúc 10:25 ngày 3/4/2022"],
        "byline": ["Nhóm PV", "Theo báo Thanh Niên", "THANH HÀ", "Bài: Lan Anh - Ảnh: Minh Đức",
                   "(Theo VnExpress)", "Nguyễn Văn Nam (Nguồn: Reuters)", "Hoàng Anh - Thu Trang",
                   "Minh Khôi (lược dịch)", "Nhóm phóng viên"],
        "credit": [" (Ảnh: {})", " - Ảnh: {}", " | Ảnh: {}", " (Nguồn: {})", " Ảnh: {}."],
        # Some sites print the credit in front of the caption.
        "credit_front": ["(Ảnh: {}) ", "Ảnh: {} | ", "Nguồn: {}. ", "Hình: {} — "],
        "inline": ["► Đọc thêm: ", ">> Tin liên quan: ", "[Xem thêm] ", "Đọc tiếp: "],
        "deco": ["►", "»", ">>", "•", "***", "■", "🔥", "—", "[", "|"],
        "top": ["Trang chủ > Kinh doanh", "Thời sự", "Pháp luật", "Báo Điện tử Đất Việt", "Đăng nhập",
                "Tìm kiếm", "Tin tức / Xã hội / Giáo dục", "Menu", "Video | Ảnh | Podcast"],
        "when": ["{d}/{m}/{y}", "{h}:{mi} {d}/{m}/{y}", "{n} giờ trước", "Thứ Ba, {d}/{m}/{y}",
                 "{d}-{m}-{y} {h}:{mi}", "{n} phút trước", "{h}:{mi}"],
        "inside": ["Quảng cáo", "Advertisement", "Nội dung được tài trợ", "Tiếp tục đọc bên dưới", "Chia sẻ",
                   "Nghe bài viết", "Bấm vào ảnh để xem kích thước lớn", "Xem thêm ảnh"],
        # Whole sentences of site chrome right after the article.
        "closing": ["Cảm ơn quý độc giả đã theo dõi.", "Mời bạn đọc đón xem các bài viết tiếp theo.",
                    "Mọi ý kiến đóng góp xin gửi về ban biên tập.", "Thông tin trong bài chỉ mang tính chất tham khảo.",
                    "Bài viết thuộc bản quyền của toà soạn, vui lòng ghi nguồn khi trích dẫn.",
                    "Hãy nhấn theo dõi để nhận thông báo khi có tin mới.", "Chúc bạn đọc một ngày tốt lành!",
                    "Độc giả muốn đóng góp ý kiến vui lòng liên hệ qua số điện thoại đường dây nóng.",
                    "Bạn thấy bài viết này thế nào? Hãy để lại bình luận bên dưới.",
                    "Nội dung này được sản xuất với sự phối hợp của đối tác.",
                    "Xin vui lòng không đăng lại nội dung khi chưa có sự cho phép của toà soạn.",
                    "Đừng quên đăng ký kênh để cập nhật những tin tức mới nhất."],
        # ... and composed: who is asked, then what to do.
        "closing_ask": ["Mời bạn đọc", "Kính mời quý độc giả", "Quý vị có thể", "Bạn có thể", "Xin vui lòng",
                        "Hãy", "Độc giả có thể", "Mời quý vị", "Bạn đọc vui lòng", "Đừng quên"],
        "closing_do": ["gửi phản hồi cho toà soạn", "đóng góp ý kiến về bài viết", "theo dõi trang của chúng tôi",
                       "chia sẻ bài viết với bạn bè", "đăng ký nhận tin qua email", "để lại bình luận bên dưới",
                       "liên hệ qua đường dây nóng", "xem thêm tại chuyên mục này", "ghi rõ nguồn khi đăng lại",
                       "cập nhật tin mới trên ứng dụng của báo", "gửi bài cộng tác về hộp thư của chuyên trang"],
    },
    "eval": {
        "heading": ["Bạn có thể thích", "Tin tức khác", "Xem tiếp", "Bài viết cùng chủ đề",
                    "Tiêu điểm", "Đọc tiếp", "Tin hot", "Gợi ý cho bạn", "Mời bạn đọc thêm",
                    "Những tin mới hơn", "Các bài đã đăng", "Tin cùng danh mục"],
        "boiler": ["Chia sẻ bài viết này", "In trang", "Theo dõi chúng tôi trên Facebook",
                   "© Bản quyền thuộc Báo X. Ghi rõ nguồn khi phát hành lại", "Đánh giá bài viết",
                   "Chủ nhật, 07/07/2024 - 21:05", "Thẻ: giáo dục, tuyển sinh", "Lên đầu trang",
                   "Đăng nhập để bình luận", "Tweet", "Hotline: 0987 654 321", "Liên hệ quảng cáo"],
        "byline": ["Nhóm PV Xã hội", "Theo Báo Tin tức", "LÊ MINH", "Bài và ảnh: Trần Hùng",
                   "(Nguồn: TTXVN)", "Phạm Thu (theo Reuters)", "Quang Huy - Mai Lan",
                   "Thu Hằng (tổng hợp)", "Nhóm phóng viên thường trú"],
        "credit": [" (Ảnh: {})", " - Ảnh: {}", " (Nguồn ảnh: {})", " — Ảnh: {}", " (Photo: {})"],
        "inline": ["» Xem thêm: ", "Tin liên quan: ", "[Đọc thêm] ", ">> Bạn đọc quan tâm: "],
        "deco": ["▶", "◆", "→", "✦", "📌", "==", "//", "«", "⚡", "♦"],
        "top": ["Trang nhất » Thế giới", "Kinh tế", "Văn hoá - Giải trí", "Báo Người Đưa Tin",
                "Đăng ký | Đăng nhập", "Tiện ích", "Home / Sức khoẻ", "Chuyên mục", "Thể thao  •  Bóng đá"],
        "when": ["{d} tháng {m}, {y}", "{h}h{mi} ngày {d}/{m}", "{n} ngày trước", "{d}.{m}.{y}",
                 "Hôm qua lúc {h}:{mi}", "Chủ Nhật, {d}/{m}/{y} | {h}:{mi} GMT+7"],
        "inside": ["- Quảng cáo -", "ADVERTISING", "Bài viết tiếp tục sau quảng cáo", "Cuộn để đọc tiếp", "Lưu bài",
                   "Phóng to ảnh", "Nghe đọc bài này", "Tài trợ"],
    },
}
CLOSING_SHARE = 0.2  # training copies with a sentence of site chrome right after the article
INLINE_LIST_SHARE = 0.15  # training copies with a list of other stories between two paragraphs
# A caption's photo credit at its end, "X (Ảnh: Y)" / "X - Ảnh: Y" (group 1 or 2: Y), and a "read more" prefix.
CAPTION_CREDIT = re.compile(r"\s*(?:[(\[]\s*(?:Ảnh|Nguồn)\s*:\s*([^()\[\]]+)[)\]]|[-–—|]\s*Ảnh\s*:\s*(.+))\s*\.?$", re.I)
# A photo credit at the end of a caption or on a line of its own: "X - Ảnh: Y", "X (Ảnh: Y)", "Ảnh: Y".
_CREDIT_ANYWHERE = re.compile(r"[(\[]?\s*\b(?:ảnh|nguồn|photo|hình)\b\s*:.*$|\(\s*ảnh[^)]*\)\W*$", re.I)
READ_MORE_PREFIX = re.compile(r"^\W*(?:xem thêm|đọc thêm|tin liên quan|xem|đọc)\W*", re.I)


def _case(text: str, rng: random.Random) -> str:
    return rng.choice([text, text.upper(), text.lower(), text.title()])


def _space(text: str, rng: random.Random) -> str:
    return rng.choice(["", " ", "  ", "\t"]) + text + rng.choice(["", " ", "\u00a0", " \u00a0", "\t"])


def _when(vocab: dict[str, list[str]], rng: random.Random) -> str:
    return rng.choice(vocab["when"]).format(d=rng.randint(1, 28), m=rng.randint(1, 12), y=rng.randint(2015, 2025),
                                            h=rng.randint(0, 23), mi=f"{rng.randint(0, 59):02d}", n=rng.randint(1, 23))


def _closing(vocab: dict[str, list[str]], rng: random.Random) -> str:
    """A sentence of site chrome: one of the list, or who is asked plus what to do."""
    if rng.random() < 0.5:
        return rng.choice(vocab["closing"])
    return f"{rng.choice(vocab['closing_ask'])} {rng.choice(vocab['closing_do'])}{rng.choice(['.', '.', '!'])}"


def perturb_page(page: dict[str, Any], rng: random.Random, variant: str = "eval") -> dict[str, Any]:
    """A copy of ``page`` with unseen furniture; gold labels are kept line by line."""
    vocab = _VOCAB[variant]
    out: list[dict[str, Any]] = []  # {"text", "label", "gap": blank line before it}
    for line, gap in zip(page["lines"], line_gaps(page)):
        text, label = line["text"].strip(), line["label"]
        if label == "teaser_heading":
            if rng.random() < 0.4:  # headingless block
                continue
            base = rng.choice(vocab["heading"] + [text.rstrip(": ")])
            deco = rng.choice(vocab["deco"] + ["", ""])
            close = {"[": "]"}.get(deco, rng.choice(["", ":", " ▼", " »", ""]))
            text = _case(f"{deco} {base}{close}".strip(), rng)
        elif label == "boilerplate" and rng.random() < 0.6:
            text = _case(rng.choice(vocab["boiler"]), rng) if rng.random() < 0.3 else rng.choice(vocab["boiler"])
        elif label == "byline" and rng.random() < 0.6:
            text = rng.choice(vocab["byline"])
        elif label in ("caption", "teaser") and (match := CAPTION_CREDIT.search(text)) and rng.random() < 0.7:
            who = (match.group(1) or match.group(2) or "").strip().rstrip(".")
            credit = rng.choice(vocab["credit"]).format(who)
            caption = text[: match.start()].rstrip()
            if label == "caption" and caption and rng.random() < 0.3:  # the credit on a line of its own
                out.append({"text": caption, "label": label, "gap": gap})
                text, gap = credit.strip(), rng.random() < 0.5
            elif label == "caption" and caption and "credit_front" in vocab and rng.random() < 0.2:
                text = rng.choice(vocab["credit_front"]).format(who) + caption
            else:
                text = caption + credit
        elif label == "teaser" and READ_MORE_PREFIX.match(text) and rng.random() < 0.8:
            text = rng.choice(vocab["inline"]) + READ_MORE_PREFIX.sub("", text)
        elif label == "teaser" and rng.random() < 0.1:  # teaser items with their time line
            out.append({"text": _when(vocab, rng), "label": "teaser", "gap": gap})
        if rng.random() < 0.15:
            text = _space(text, rng)
        if text.strip():
            out.append({"text": text, "label": label, "gap": gap})
    if rng.random() < 0.15:  # site chrome above the title
        top = [rng.choice(vocab["top"]) if rng.random() < 0.7 else _when(vocab, rng) for _ in range(rng.randint(1, 3))]
        out[:0] = [{"text": text, "label": "boilerplate", "gap": True} for text in top]
    headlines = [x for x in page["lines"] if x["label"] == "teaser" and 4 <= len(x["text"].split()) <= 25]
    if headlines and rng.random() < 0.08:  # a list of other stories above the title
        top = [{"text": x["text"].strip(), "label": "teaser", "gap": True}
               for x in rng.sample(headlines, min(len(headlines), rng.randint(2, 4)))]
        if rng.random() < 0.6:
            top.insert(0, {"text": rng.choice(vocab["heading"]), "label": "teaser_heading", "gap": True})
        out[:0] = top
    gaps = [False, *_line_breaks([x["gap"] for x in out[1:]], rng)]
    # Drawn last so that the pages of earlier reports stay as they were otherwise.
    inside = [i for i, x in enumerate(out) if x["label"] == "body"][1:]
    if inside and rng.random() < 0.15:  # chrome inside the article: an ad slot, a share bar
        for i in sorted(rng.sample(inside, min(len(inside), rng.randint(1, 2))), reverse=True):
            out.insert(i, {"text": rng.choice(vocab["inside"]), "label": "boilerplate"})
            gaps.insert(i, gaps[i])
    lead = next((i for i, x in enumerate(out) if x["label"] == "lead"), None)
    if lead is not None and rng.random() < 0.12:  # the author, a date or a share bar under the title
        under = [rng.choice([{"text": rng.choice(vocab["byline"]), "label": "byline"},
                             {"text": _when(vocab, rng), "label": "boilerplate"},
                             {"text": rng.choice(vocab["boiler"]), "label": "boilerplate"}])
                 for _ in range(rng.randint(1, 2))]
        out[lead:lead] = under
        gaps[lead:lead] = [rng.random() < 0.5 for _ in under]
    # Only the training vocabulary has them: the stress benchmark and the tests check unseen ones.
    if "closing" in vocab and rng.random() < CLOSING_SHARE:
        last_main = max((i for i, x in enumerate(out) if x["label"] in MAIN_LABELS), default=None)
        if last_main is not None:
            out.insert(last_main + 1, {"text": _closing(vocab, rng), "label": "boilerplate"})
            gaps.insert(last_main + 1, rng.random() < 0.8)
    if variant == "train" and headlines and rng.random() < INLINE_LIST_SHARE:
        _insert_inline_list(out, gaps, headlines, vocab, rng)
    return {**page, "text": join_lines([x["text"] for x in out], gaps),
            "lines": [{"text": x["text"], "label": x["label"]} for x in out]}


def _insert_inline_list(out: list[dict[str, Any]], gaps: list[bool], headlines: list[dict[str, Any]],
                        vocab: dict[str, list[str]], rng: random.Random) -> None:
    """Put a list of other stories' headlines, bulleted or not, under a heading or none, above
    a body paragraph (in half of the pages the last one): sites set such boxes inside the
    article, and the paragraph under one is still the article's."""
    paragraphs = [i for i, x in enumerate(out) if x["label"] == "body"][1:]
    if not paragraphs:
        return
    at = paragraphs[-1] if rng.random() < 0.5 else rng.choice(paragraphs)
    bullet = rng.choice(vocab["deco"] + ["", "", ""])
    items = [{"text": f"{bullet} {x['text'].strip()}".strip(), "label": "teaser"}
             for x in rng.sample(headlines, min(len(headlines), rng.randint(2, 4)))]
    if rng.random() < 0.4:
        items.insert(0, {"text": rng.choice(vocab["heading"]), "label": "teaser_heading"})
    out[at:at] = items
    gaps[at:at] = [rng.random() < 0.5 for _ in items]


def _line_breaks(gaps: list[bool], rng: random.Random) -> list[bool]:
    """Which lines of a rewritten page follow a blank line: as on the page (captions glued
    under a paragraph...), all, none, or a random mix (pages pasted from several sources)."""
    style = rng.random()
    if style < 0.4:
        return gaps
    if style < 0.6:
        return [True] * len(gaps)
    if style < 0.8:
        return [False] * len(gaps)
    single = rng.uniform(0.1, 0.5)
    return [rng.random() >= single for _ in gaps]


def one_sentence_paragraphs(page: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``page`` with every sentence of its body on a line of its own, as sites that
    print one-sentence paragraphs show an article (labels kept; each sentence keeps the blank
    line, or none, that came before its paragraph)."""
    out = []
    for line, gap in zip(page["lines"], line_gaps(page)):
        pieces = split_sentences(line["text"]) if line["label"] == "body" else []
        out += [(piece, line["label"], gap) for piece in pieces or [line["text"]]]
    return {**page, "text": join_lines([text for text, _, _ in out], [gap for _, _, gap in out]),
            "lines": [{"text": text, "label": label} for text, label, _ in out]}


def lone_captions(page: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``page`` whose photo captions are printed once each and without a credit, as
    some sites print them: then only wording, shape and position tell one from a paragraph."""
    out: list[tuple[str, str, bool]] = []
    for line, gap in zip(page["lines"], line_gaps(page)):
        text, label = line["text"], line["label"]
        if label == "caption":
            text = _CREDIT_ANYWHERE.sub("", text).strip(" -–—|")
            if not text or (out and out[-1][1] == "caption" and words(out[-1][0]) == words(text)):
                continue
        out.append((text, label, gap))
    return {**page, "text": join_lines([text for text, _, _ in out], [gap for _, _, gap in out]),
            "lines": [{"text": text, "label": label} for text, label, _ in out]}


def stopped_headlines(page: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``page`` whose teaser headlines end in a full stop, as some sites print them
    (they then read like one-sentence paragraphs)."""
    lines = [{**line, "text": line["text"].rstrip() + "."} if line["label"] == "teaser"
             and len(line["text"].split()) <= 25 and line["text"].rstrip()[-1:].isalnum() else line
             for line in page["lines"]]
    return {**page, "text": join_lines([line["text"] for line in lines], line_gaps(page)), "lines": lines}
