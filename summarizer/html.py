"""Saved HTML pages -> plain text in the layout segment() reads: title first, one paragraph a line.

A whole document goes through trafilatura (optional: ``pip install summarizer[html]``); whatever
related/teaser text it keeps after the article stays in the text, so the same segmentation removes
it. A fragment (a page's text with some tags: "<br>" at line ends, "<p>" around paragraphs, as CMS
exports print it) has no document around it to extract from: its tags become line breaks, and
every line of text is kept for segmentation to label.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)
_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|span|br|meta|title|section)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True for an HTML document or fragment (a doctype/<html>, or several common tags)."""
    head = text[:20000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return len(_TAG.findall(head)) >= 3


def is_html_document(text: str) -> bool:
    """True for a whole page (a doctype, <html>, <head> or <body>), not a fragment of one."""
    return bool(_DOCUMENT.search(text[:20000]))


def html_to_text(html: str) -> str:
    """A document's title and paragraphs, one per line, separated by blank lines; a fragment's
    lines of text (fragment_to_text)."""
    if not is_html_document(html):
        return fragment_to_text(html)
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


class _FragmentText(HTMLParser):
    """Collects a fragment's text, a line break for each block tag or <br>; script and style dropped."""

    BREAKS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 "
                       "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split())
    HIDDEN = frozenset(("script", "style", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def fragment_to_text(html: str) -> str:
    """A fragment's lines of text, in order, blank lines where its tags or its own blank lines
    parted them."""
    parser = _FragmentText()
    parser.feed(html)
    parser.close()
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(parser.parts))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
