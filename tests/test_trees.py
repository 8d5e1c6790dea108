"""Boosted caption trees: LightGBM's trees exported to JSON and walked with numpy (trees.py),
and what they add to the segmenter on the dev data's held-out pages."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from summarizer.segmentation.data import load_pages
from summarizer.segmentation.features import describe, page_features, split_lines
from summarizer.segmentation.model import load
from summarizer.segmentation.perturb import lone_captions
from summarizer.segmentation.trees import Trees, from_lightgbm

lightgbm = pytest.importorskip("lightgbm")

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "segment-dev.jsonl.gz"


def _booster(x: np.ndarray, y: np.ndarray, depth: int, rounds: int = 40) -> "lightgbm.Booster":
    settings = {"objective": "binary", "num_leaves": 2 ** depth, "max_depth": depth, "min_data_in_leaf": 40,
                "learning_rate": 0.2, "deterministic": True, "num_threads": 1, "verbose": -1, "seed": 3}
    return lightgbm.train(settings, lightgbm.Dataset(x, y), rounds)


def _data(rows: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    """Features like the segmenter's (counts, shares, flags, float32) and a label that needs
    interactions and thresholds between close values."""
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.integers(0, 60, rows), rng.random(rows).round(3), rng.integers(0, 2, rows),
                         rng.normal(0, 1, rows) / 3]).astype(np.float32)
    y = ((x[:, 0] < 20) & (x[:, 1] > 0.3) | (x[:, 2] == 1) & (x[:, 3] > 0.1)).astype(int)
    return x, y


def test_exported_trees_score_as_lightgbm_does():
    x, y = _data()
    for depth in (2, 4):  # shallow trees end early on some paths: the export repeats those leaves
        booster = _booster(x, y, depth)
        trees = Trees(json.loads(json.dumps(from_lightgbm(booster.dump_model(), depth, [np.unique(c) for c in x.T]))))
        np.testing.assert_allclose(trees.raw_score(x), booster.predict(x, raw_score=True), atol=2e-3)
        fresh = _data(500)[0] + 0.0005  # values the training never saw
        np.testing.assert_allclose(trees.raw_score(fresh), booster.predict(fresh, raw_score=True), atol=0.05)


def test_exported_thresholds_are_short():
    """LightGBM's thresholds run to 17 digits; the export keeps the shortest decimal that splits
    the training values alike (that it does is what the test above checks on training rows)."""
    x, y = _data()
    dump = _booster(x, y, 4).dump_model()
    exported = from_lightgbm(dump, 4, [np.unique(c) for c in x.T])
    assert max(len(repr(t)) for t in exported["threshold"]) <= 8


def test_a_tree_deeper_than_the_stored_depth_is_refused():
    x, y = _data()
    booster = _booster(x, y, 5)
    with pytest.raises(ValueError, match="deeper"):
        from_lightgbm(booster.dump_model(), 3, [np.unique(c) for c in x.T])


def test_committed_caption_trees_tell_captions_from_paragraphs_on_held_out_pages():
    """The trees in params.json, walked by numpy, on the held-out pages' caption and body lines,
    as they are and with every caption printed once without its credit (a short paragraph's
    shape): the sign of their score is the gold label for nearly all of them."""
    if not DEV.exists():
        pytest.skip("../shared/data is not available")
    model = load()
    for rewrite in (lambda page: page, lone_captions):
        right = total = 0
        for page in map(rewrite, load_pages(str(DEV), split="heldout")):
            texts, gaps = split_lines(page["text"])
            scores = model.caption_trees.raw_score(page_features(describe(texts), model.caption_weights, gaps))
            for score, line in zip(scores, page["lines"]):
                if line["label"] in ("caption", "body"):
                    right += (score > 0) == (line["label"] == "caption")
                    total += 1
        assert total > 2500
        assert right / total >= 0.97
