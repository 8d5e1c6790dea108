"""Saved HTML pages -> plain text in the layout segment() reads: title first, one paragraph a line.

Uses trafilatura (optional: ``pip install summarizer[html]``). Whatever related/teaser text
trafilatura keeps after the article stays in the text, so the same segmentation removes it.
"""
from __future__ import annotations

import re

_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|span|br|meta|title|section)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True for an HTML document or fragment (a doctype/<html>, or several common tags)."""
    head = text[:20000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return len(_TAG.findall(head)) >= 3


def html_to_text(html: str) -> str:
    """Title and paragraphs of the page, one per line, separated by blank lines."""
    try:
        import trafilatura
    except ImportError as exc:  # optional dependency
        raise RuntimeError(
            "reading HTML needs trafilatura: install it with `pip install summarizer[html]`"
        ) from exc
    doc = trafilatura.bare_extraction(
        html, output_format="python", with_metadata=True, include_comments=False,
        include_tables=False, favor_recall=True, deduplicate=False,
    )
    if doc is None:
        return ""
    title = (getattr(doc, "title", None) or "").strip()
    body = getattr(doc, "text", None) or ""
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return "\n\n".join(([title] if title else []) + paragraphs)
