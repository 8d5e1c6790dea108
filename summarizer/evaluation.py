"""Summary quality: ROUGE on VietNews-style records, scored two ways."""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .pipeline import Pipeline

_PUNCTUATION = re.compile(r"[^\w\s]|_")


class SyllableTokenizer:
    """Vietnamese syllables: NFC, lower-case, punctuation stripped, split on spaces."""

    def tokenize(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFC", text).lower()
        return _PUNCTUATION.sub(" ", text).split()


def read_records(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for count, line in enumerate(handle):
            if limit is not None and count >= limit:
                return
            if line.strip():
                yield json.loads(line)


def page_from_record(record: dict[str, Any]) -> str:
    """The page the pipeline reads: title and body only, never the reference lead."""
    return "\n\n".join([record["title"], *record["body"]])


def rouge_scores(predictions: list[str], references: list[str]) -> dict[str, dict[str, float]]:
    """Mean ROUGE-1/2/L F1 (x100) with syllable tokens and with rouge-score's default
    tokenizer (ASCII fragments; what the ViT5 paper reported)."""
    from rouge_score import rouge_scorer

    types = ["rouge1", "rouge2", "rougeL"]
    scorers = {
        "syllable": rouge_scorer.RougeScorer(types, tokenizer=SyllableTokenizer()),
        "rouge-score default": rouge_scorer.RougeScorer(types),
    }
    table = {}
    for name, scorer in scorers.items():
        sums = dict.fromkeys(types, 0.0)
        for prediction, reference in zip(predictions, references):
            scores = scorer.score(reference, prediction)
            for rouge_type in types:
                sums[rouge_type] += scores[rouge_type].fmeasure
        table[name] = {t: 100 * sums[t] / max(1, len(predictions)) for t in types}
    return table


def evaluate_summaries(pipeline: Pipeline, path: Path, limit: int | None, batch_size: int,
                       out: TextIO) -> dict[str, dict[str, float]]:
    from tqdm import tqdm

    records = list(read_records(path, limit))
    predictions: list[str] = []
    for start in tqdm(range(0, len(records), batch_size), unit="batch", disable=None):
        chunk = records[start:start + batch_size]
        results = pipeline.summarize_many([page_from_record(r) for r in chunk], batch_size=batch_size)
        predictions.extend(r.summary for r in results)
    table = rouge_scores(predictions, [r["reference"] for r in records])
    out.write(f"{len(records)} articles, model {pipeline.summary_model_name}\n")
    out.write(f"{'tokens':<22}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}\n")
    for name, scores in table.items():
        out.write(f"{name:<22}{scores['rouge1']:9.2f}{scores['rouge2']:9.2f}{scores['rougeL']:9.2f}\n")
    return table
