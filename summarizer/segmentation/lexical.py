"""A naive-Bayes "does this read like a photo caption or like article prose" score.

Captions without a credit or a duplicate look like short body paragraphs; their wording
differs ("(giữa)", "tại hiện trường", "phát biểu tại", "trao quà cho"...), and so do their
first and last words. The weights are log-odds of syllable unigrams and bigrams, and of the
first and last ones marked by where they stand, learned in train.py from VietNews articles'
captions and the sentences of their prose (vietnews-dev, whose articles are not the
segment-dev pages).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from .text import words


# Credits name photographers and agencies, not caption wording: they are cut before scoring
# (from the credit word on: the separator before it is no syllable, and trying one at
# every position doubled the time).
_CREDIT = re.compile(r"\b(?:ảnh|nguồn|photo|foto|clip|video)\b\s*[:：].*$"
                     r"|(?:^|[(\[\-–—|/.])\s*hình\s*[:：].*$"  # "X - Hình: Y", not "loại hình: Y"
                     r"|\(\s*ảnh[^)]*\)\W*$", re.I)
# Every photo credit holds one of these words (every _CREDIT match does).
CREDIT_WORDS = ("ảnh", "hình", "nguồn", "photo", "foto", "video", "clip")


def has_credit_word(folded: str) -> bool:
    """Whether a casefolded line holds one of CREDIT_WORDS (a substring test, faster than a regex)."""
    return any(word in folded for word in CREDIT_WORDS)


def caption_words(text: str, syllables: list[str] | None = None) -> list[str]:
    """Syllables of a line without its photo credit (``syllables``: ``words(text)`` when
    already known, returned as is for lines that cannot hold a credit)."""
    if ":" in text or "(" in text:  # every credit form has one of them
        folded = text.casefold()
        if syllables is not None and not has_credit_word(folded):
            return syllables
        bare, cut = _CREDIT.subn("", folded)
        if cut or syllables is None:
            return words(bare)
    return syllables if syllables is not None else words(text)


def terms(tokens: list[str]) -> set[str]:
    """Unigrams and bigrams, and the first and last ones again marked by where they stand: a
    paragraph opens with a connective ("Tuy nhiên", "Trước đó") or a source ("Theo ông"), a
    caption with what the picture shows, and the two end differently too."""
    found = set(tokens)
    found.update(map(" ".join, zip(tokens, tokens[1:])))
    if tokens:
        found.update(("^" + tokens[0], "^" + " ".join(tokens[:2]), "$" + tokens[-1], "$" + " ".join(tokens[-2:])))
    return found


def caption_score(tokens: list[str], weights: dict[str, float]) -> tuple[float, float]:
    """(mean, clipped total) log-odds caption vs prose over the line's known terms."""
    found = [w for w in map(weights.get, terms(tokens)) if w is not None]
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
