"""Reading labelled pages (dev JSONL/JSONL.gz or the seed's single JSON) and the fixed split."""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from .features import split_lines

HELDOUT_SHARE = 3  # tenths of the pages, chosen by a hash of the page id, never tuned on


def split_of(page_id: str) -> str:
    """'heldout' for ~30% of pages (stable across runs and machines), else 'tune'."""
    digest = hashlib.md5(page_id.encode("utf-8")).hexdigest()
    return "heldout" if int(digest[:8], 16) % 10 < HELDOUT_SHARE else "tune"


def load_pages(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """Pages as dicts with id, text, lines [{text, label}] and clean (None when unknown)."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        raw = handle.read()
    stripped = raw.lstrip()
    if stripped.startswith("{") and not path.name.endswith((".jsonl", ".jsonl.gz")):
        records = [json.loads(raw)]
    else:
        records = [json.loads(line) for line in raw.splitlines() if line.strip()]
    pages = []
    for n, rec in enumerate(records):
        page_id = str(rec.get("id", f"page-{n}"))
        if split is not None and split_of(page_id) != split:
            continue
        pages.append({"id": page_id, "text": rec["text"], "lines": rec["lines"], "clean": rec.get("clean")})
    return pages


def line_gaps(page: dict[str, Any]) -> list[bool]:
    """For each labelled line of ``page``, whether a blank line comes before it (all True when
    the text does not split into exactly the labelled lines)."""
    lines, gaps = split_lines(page["text"])
    return gaps if len(lines) == len(page["lines"]) else [True] * len(page["lines"])
