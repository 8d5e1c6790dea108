"""Score the segmenter on labelled pages.

``python -m summarizer.segmentation.evaluate FILE [--errors N] [--split heldout|tune] [--perturb]``
prints main-line precision/recall/F1 (micro over lines), the share of pages whose predicted
main set equals the gold one, the share of clean pages that lost a main line, a confusion
table (gold rows x predicted columns) and pages/s; ``--errors N`` shows N wrong pages.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from typing import Any, TextIO

from summarizer.types import LABELS, MAIN_LABELS

from . import segment
from .data import load_pages
from .model import load
from .perturb import perturb_page

# Speed is timed after the scored pass (caches warm) on the first pages, in a few passes.
SPEED_PAGES = 300
SPEED_RUNS = 3


def evaluate(path: str, errors: int = 0, out: TextIO = sys.stdout, split: str | None = None,
             perturb: bool = False) -> dict[str, Any]:
    """Evaluate on ``path`` (dev JSONL[.gz] or the seed JSON); returns the printed figures."""
    pages = load_pages(path, split=split)
    if perturb:
        rng = random.Random(2024)
        pages = [perturb_page(page, rng, "eval") for page in pages]

    load()  # the one-time model load is not part of the per-page speed
    docs = [segment(page["text"]) for page in pages]
    predictions = []
    for page, doc in zip(pages, docs):
        if [line.text for line in doc.lines] != [line["text"] for line in page["lines"]]:
            raise ValueError(f"{page['id']}: segment() lines differ from the page's lines")
        predictions.append([line.label for line in doc.lines])
    result = score(pages, predictions)
    result["pages_per_s"] = pages_per_cpu_second([page["text"] for page in pages[:SPEED_PAGES]])
    _report(result, path, split, perturb, out)
    for page, pred in result.pop("wrong")[:errors]:
        show(page, pred, out)
    return result


def score(pages: list[dict[str, Any]], predictions: list[list[str]]) -> dict[str, Any]:
    """Main-line P/R/F1, exact pages, clean pages that lost a main line, confusion, wrong pages."""
    tp = fp = fn = exact = clean_pages = clean_lost = 0
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    wrong: list[tuple[dict, list[str]]] = []
    for page, pred in zip(pages, predictions):
        gold = [line["label"] for line in page["lines"]]
        if len(pred) != len(gold):
            raise ValueError(f"{page['id']}: {len(pred)} predicted lines for {len(gold)} gold lines")
        lost = False
        for g, p in zip(gold, pred):
            gm, pm = g in MAIN_LABELS, p in MAIN_LABELS
            tp += gm and pm
            fp += pm and not gm
            fn += gm and not pm
            lost |= gm and not pm
            if g in confusion and p in confusion[g]:
                confusion[g][p] += 1
        same = all((g in MAIN_LABELS) == (p in MAIN_LABELS) for g, p in zip(gold, pred))
        exact += same
        if page.get("clean"):
            clean_pages += 1
            clean_lost += lost
        if not same:
            wrong.append((page, pred))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pages": len(pages), "precision": precision, "recall": recall, "f1": f1,
        "exact": exact / len(pages) if pages else 0.0,
        "clean_pages": clean_pages,
        "clean_lost": clean_lost / clean_pages if clean_pages else 0.0,
        "confusion": confusion, "wrong": wrong,
    }


def pages_per_cpu_second(texts: list[str], runs: int = SPEED_RUNS) -> float:
    """Segmentation speed on ``texts``, best of ``runs`` timed passes: the fastest pass is the
    one least slowed by other work on the machine (as timeit reports)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        for text in texts:
            segment(text)
        best = min(best, time.process_time() - start)
    return len(texts) / best if best > 0 else float("inf")


def _report(r: dict[str, Any], path: str, split: str | None, perturb: bool, out: TextIO) -> None:
    what = f"{path}" + (f" [split={split}]" if split else "") + (" [perturbed]" if perturb else "")
    print(f"{what}: {r['pages']} pages", file=out)
    print(f"main lines  P {r['precision']:.4f}  R {r['recall']:.4f}  F1 {r['f1']:.4f}", file=out)
    print(f"exact pages {r['exact']:.2%}", file=out)
    if r["clean_pages"]:
        print(f"clean pages that lost a main line {r['clean_lost']:.2%} (of {r['clean_pages']})", file=out)
    short = [lab[:8] for lab in LABELS]
    print("gold \\ pred " + " ".join(f"{s:>8}" for s in short), file=out)
    for gold in LABELS:
        row = r["confusion"][gold]
        print(f"{gold[:11]:<11} " + " ".join(f"{row[p]:>8}" for p in LABELS), file=out)
    print(f"speed {r['pages_per_s']:.0f} pages per CPU-second (features + model, after loading it; "
          f"best of {SPEED_RUNS} passes over up to {SPEED_PAGES} pages)", file=out)


def show(page: dict[str, Any], pred: list[str], out: TextIO) -> None:
    print(f"\n=== {page['id']}", file=out)
    for line, p in zip(page["lines"], pred):
        g = line["label"]
        mark = "!!" if (g in MAIN_LABELS) != (p in MAIN_LABELS) else ("~ " if g != p else "  ")
        print(f"{mark} {g[:8]:<8} {p[:8]:<8} {line['text'][:110]}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--errors", type=int, default=0, help="show N wrongly segmented pages")
    parser.add_argument("--split", choices=["heldout", "tune"], default=None)
    parser.add_argument("--perturb", action="store_true", help="rewrite pages with unseen furniture first")
    args = parser.parse_args(argv)
    evaluate(args.file, errors=args.errors, split=args.split, perturb=args.perturb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
