"""More training pages: VietNews articles set into the furniture of labelled dev pages.

Most segmentation errors confuse a lone photo caption with a short body paragraph, and the
tune split holds only about a thousand articles' worth of both. vietnews-dev has 2,000 more
articles with their captions. ``transplant`` keeps a dev page's shape (what sits above the
title, where its captions sit and how they are doubled or glued to the paragraph above,
inline teasers, bylines, everything appended after the article) and swaps in another article's
title, lead, body paragraphs and captions, so the classifiers see new caption and prose
wording in the positions real pages put them.
"""
from __future__ import annotations

import random
from itertools import groupby
from typing import Any

from summarizer.types import MAIN_LABELS

from .features import join_lines, split_lines


def _runs(labels: list[str], start: int, end: int) -> list[tuple[str, int, int]]:
    """Maximal runs of body lines and of other lines in labels[start:end] as (kind, i, j)."""
    runs = []
    for is_body, group in groupby(range(start, end), key=lambda i: labels[i] == "body"):
        indices = list(group)
        runs.append(("body" if is_body else "other", indices[0], indices[-1] + 1))
    return runs


def _cut(items: list[str], parts: int, rng: random.Random) -> list[list[str]]:
    """``items`` in order, cut into ``parts`` non-empty chunks at random points."""
    cuts = sorted(rng.sample(range(1, len(items)), parts - 1))
    return [items[a:b] for a, b in zip([0, *cuts], [*cuts, len(items)])]


def transplant(page: dict[str, Any], article: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """``page`` with its article replaced by ``article`` (a vietnews-dev record), or None when
    the page's shape does not fit the article (not enough paragraphs or captions)."""
    raw_lines, gaps = split_lines(page["text"])
    labels = [line["label"] for line in page["lines"]]
    if len(raw_lines) != len(labels) or "title" not in labels or "lead" not in labels:
        return None
    title, lead = labels.index("title"), labels.index("lead")
    last_main = max(i for i, lab in enumerate(labels) if lab in MAIN_LABELS)
    runs = _runs(labels, lead + 1, last_main + 1)
    body_runs = sum(kind == "body" for kind, _, _ in runs)
    paragraphs = [p.strip() for p in article["body"] if p.strip()]
    captions = [c.strip() for c in article["captions"] if c.strip()]
    if body_runs == 0 or len(paragraphs) < body_runs or lead != title + 1:
        return None
    chunks = iter(_cut(paragraphs, body_runs, rng))
    new_captions = iter(captions)
    body_gap = next((gaps[i] for kind, i, _ in runs if kind == "body"), True)

    out: list[tuple[str, str, bool]] = [(raw_lines[i], labels[i], gaps[i]) for i in range(title)]
    out += [(article["title"].strip(), "title", gaps[title]), (article["lead"].strip(), "lead", gaps[lead])]
    for kind, i, j in runs:
        if kind == "body":
            out += [(text, "body", body_gap) for text in next(chunks)]
            continue
        caption_of: dict[str, str | None] = {}  # a doubled caption is doubled again
        for k in range(i, j):
            if labels[k] != "caption":
                out.append((raw_lines[k], labels[k], gaps[k]))
                continue
            old = raw_lines[k].strip()
            if old not in caption_of:
                caption_of[old] = next(new_captions, None)
            if caption_of[old] is not None:
                out.append((caption_of[old], "caption", gaps[k]))
    out += [(raw_lines[k], labels[k], gaps[k]) for k in range(last_main + 1, len(labels))]

    text = join_lines([line for line, _, _ in out], [gap for _, _, gap in out])
    return {"id": f"{page['id']}+{article['id']}", "clean": page.get("clean"), "text": text,
            "lines": [{"text": line, "label": label} for line, label, _ in out]}
