"""A naive-Bayes "does this read like a photo caption or like article prose" score.

Captions without a credit or a duplicate look like short body paragraphs; their wording
differs ("(giữa)", "tại hiện trường", "phát biểu tại", "trao quà cho"...). The weights are
log-odds of syllable unigrams and bigrams, learned in train.py from VietNews articles'
captions and body paragraphs (vietnews-dev, whose articles are not the segment-dev pages).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from .text import words


# Credits name photographers and agencies, not caption wording: they are cut before scoring.
_CREDIT = re.compile(r"[\s(\[\-–—|]*\b(?:ảnh|nguồn|photo|foto|clip|video)\b\s*[:：].*$|\(\s*ảnh[^)]*\)\W*$", re.I)


def caption_words(text: str) -> list[str]:
    """Syllables of a line without its photo credit."""
    low = text.casefold()
    if ":" in low or "(" in low:  # every credit form has one of them
        low = _CREDIT.sub("", low)
    return words(low)


def terms(tokens: list[str]) -> set[str]:
    return set(tokens) | {f"{a} {b}" for a, b in zip(tokens, tokens[1:])}


def caption_score(tokens: list[str], weights: dict[str, float]) -> tuple[float, float]:
    """(mean, clipped total) log-odds caption vs prose over the line's known terms."""
    found = [weights[t] for t in terms(tokens) if t in weights]
    if not found:
        return 0.0, 0.0
    total = sum(found)
    return total / len(found), max(-1.0, min(1.0, total / 20))


def train_weights(captions: Iterable[list[str]], prose: Iterable[list[str]], keep: int) -> dict[str, float]:
    """Smoothed per-document log-odds of the ``keep`` most informative frequent terms."""
    cap: Counter[str] = Counter()
    pro: Counter[str] = Counter()
    n_cap = n_pro = 0
    for toks in captions:
        cap.update(terms(toks))
        n_cap += 1
    for toks in prose:
        pro.update(terms(toks))
        n_pro += 1
    scored = []
    for term in set(cap) | set(pro):
        c, p = cap[term], pro[term]
        if c + p < 4:
            continue
        weight = math.log((c + 0.5) / (n_cap + 1)) - math.log((p + 0.5) / (n_pro + 1))
        scored.append((abs(weight) * math.log(c + p), term, weight))
    scored.sort(reverse=True)
    return {term: round(weight, 3) for _, term, weight in scored[:keep]}


# ---------------------------------------------------------------------------------------------
# A logistic "caption vs prose" model: the same syllable terms plus the first and last syllables,
# the first two syllables and a length bucket, fitted discriminatively (numpy, Adam, L2) on
# VietNews captions against prose paragraphs and single prose sentences (short body paragraphs
# are often one sentence). Stored as {term: weight} with the bias under "".

def logistic_terms(tokens: list[str]) -> set[str]:
    found = terms(tokens)
    if tokens:
        found.add("^" + tokens[0])
        found.add("$" + tokens[-1])
        if len(tokens) > 1:
            found.add("^" + tokens[0] + " " + tokens[1])
    found.add(f"#{min(len(tokens) // 4, 10)}")
    return found


def caption_logit(tokens: list[str], weights: dict[str, float]) -> float:
    """Log-odds that a line (syllables without its credit) is a photo caption rather than prose."""
    get = weights.get
    return weights.get("", 0.0) + sum(get(t, 0.0) for t in logistic_terms(tokens))


def train_logistic(captions: list[list[str]], prose: list[list[str]], keep: int, l2: float = 1e-4,
                   iters: int = 200, min_count: int = 3) -> dict[str, float]:
    """Class-balanced L2 logistic regression; the ``keep`` largest weights are kept."""
    import numpy as np

    docs = [logistic_terms(t) for t in captions] + [logistic_terms(t) for t in prose]
    y = np.asarray([1.0] * len(captions) + [0.0] * len(prose))
    counts = Counter(x for d in docs for x in d)
    vocab = {t: i for i, t in enumerate(sorted(x for x, k in counts.items() if k >= min_count))}
    rows, cols = [], []
    for r, d in enumerate(docs):
        for x in d:
            i = vocab.get(x)
            if i is not None:
                rows.append(r)
                cols.append(i)
    rows_a, cols_a = np.asarray(rows), np.asarray(cols)
    sample_w = np.where(y == 1, len(prose) / max(len(captions), 1), 1.0)
    sample_w /= sample_w.mean()
    w = np.zeros(len(vocab))
    b = 0.0
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    lr = 0.05
    for it in range(1, iters + 1):
        z = np.bincount(rows_a, weights=w[cols_a], minlength=len(y)) + b
        p = 1 / (1 + np.exp(-z))
        g = (p - y) * sample_w / len(y)
        gw = np.bincount(cols_a, weights=g[rows_a], minlength=len(w)) + l2 * w
        b -= lr * 10 * g.sum()
        m = 0.9 * m + 0.1 * gw
        v = 0.999 * v + 0.001 * gw * gw
        w -= lr * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)
    names = list(vocab)
    top = np.argsort(-np.abs(w))[:keep]
    out = {names[i]: round(float(w[i]), 3) for i in top}
    out[""] = round(float(b), 3)
    return out
