"""Abstractive summarisation with long articles split into windows the model can read."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .config import DecodingOptions
from .text import split_sentences

# Stop reducing after this many rounds of summarising partial summaries; with a
# summary cap well under the window this is never reached in practice.
MAX_REDUCE_ROUNDS = 4
# Windows of one article in the first (map) round; beyond this the rest is dropped with a
# warning, which bounds the work of an absurdly long input.
MAX_WINDOWS = 48


@dataclass
class SummaryOutcome:
    summary: str
    windows: int = 1
    rounds: int = 1
    warnings: list[str] = field(default_factory=list)


class Summarizer:
    """Summarise texts with any model that offers ``count_tokens`` and ``generate``.

    Articles longer than the model's training window are never truncated: they are cut
    on paragraph (then sentence, then word) boundaries into balanced windows counted in
    real tokens, each window is summarised, and the joined partial summaries are
    summarised again until one window holds them (map-reduce). Every window of every
    article in a call goes through the model in shared, length-sorted batches.
    """

    def __init__(self, model, decoding: DecodingOptions, window_tokens: int | None = None):
        self.model = model
        self.decoding = decoding
        self.window_tokens = window_tokens or model.spec.max_input_tokens

    @property
    def budget(self) -> int:
        """Tokens of text a window may hold: the window less prefix and </s>."""
        overhead = self.model.count_tokens([""])[0]
        return max(8, self.window_tokens - overhead)

    def split(self, text: str) -> list[str]:
        """Windows of at most ``budget`` tokens, as even in size as the units allow."""
        budget = self.budget
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        units = self._units(paragraphs, budget)
        sizes = self._token_counts(units)
        total = sum(sizes)
        if total <= budget:
            return ["\n".join(units)]
        # Aim for equal windows; a last window of a few sentences would summarise badly.
        target = math.ceil(total / math.ceil(total / budget))
        windows: list[list[str]] = [[]]
        filled = 0
        for unit, size in zip(units, sizes):
            if windows[-1] and (filled + size > budget or filled >= target):
                windows.append([])
                filled = 0
            windows[-1].append(unit)
            filled += size
        return ["\n".join(window) for window in windows]

    def _token_counts(self, texts: list[str]) -> list[int]:
        overhead = self.model.count_tokens([""])[0]
        return [n - overhead for n in self.model.count_tokens(texts)] if texts else []

    def _units(self, paragraphs: list[str], budget: int) -> list[str]:
        """Paragraphs, with any that exceed the budget cut into sentences, and any
        sentence that still exceeds it cut into runs of words."""
        units: list[str] = []
        for paragraph, size in zip(paragraphs, self._token_counts(paragraphs)):
            if size <= budget:
                units.append(paragraph)
                continue
            sentences = split_sentences(paragraph)
            for sentence, sentence_size in zip(sentences, self._token_counts(sentences)):
                if sentence_size <= budget:
                    units.append(sentence)
                else:
                    units.extend(self._word_runs(sentence, budget))
        return units

    def _word_runs(self, sentence: str, budget: int) -> list[str]:
        words = sentence.split()
        runs: list[str] = []
        current: list[str] = []
        filled = 0
        for word, size in zip(words, self._token_counts(words)):
            if current and filled + size > budget:
                runs.append(" ".join(current))
                current, filled = [], 0
            current.append(word)
            filled += size
        if current:
            runs.append(" ".join(current))
        return runs

    def summarize_many(self, texts: list[str], batch_size: int = 8,
                       decoding: DecodingOptions | None = None) -> list[SummaryOutcome]:
        """Summaries in input order; ``decoding`` overrides the default for this call only."""
        decoding = decoding or self.decoding
        outcomes: dict[int, SummaryOutcome] = {}
        pending = dict(enumerate(texts))
        first_split: dict[int, int] = {}
        dropped: dict[int, int] = {}
        rounds = 0
        while pending:
            rounds += 1
            jobs = []
            for index, text in pending.items():
                windows = self.split(text)
                if len(windows) > MAX_WINDOWS:
                    dropped[index] = len(windows)
                    windows = windows[:MAX_WINDOWS]
                jobs += [(index, window) for window in windows]
            summaries = self.model.generate([w for _, w in jobs], decoding, batch_size)
            grouped: dict[int, list[str]] = {}
            for (index, _), summary in zip(jobs, summaries):
                grouped.setdefault(index, []).append(summary)
            pending = {}
            for index, parts in grouped.items():
                first_split.setdefault(index, len(parts))
                if len(parts) == 1 or rounds >= MAX_REDUCE_ROUNDS:
                    outcomes[index] = self._outcome(parts, first_split[index], rounds)
                    if index in dropped:
                        outcomes[index].warnings.insert(0, (
                            f"the article fills {dropped[index]} model windows; only the first "
                            f"{MAX_WINDOWS} were summarised"))
                else:
                    pending[index] = "\n".join(parts)
        return [outcomes[i] for i in range(len(texts))]

    def _outcome(self, parts: list[str], windows: int, rounds: int) -> SummaryOutcome:
        warnings = []
        if windows > 1:
            warnings.append(
                f"article split into {windows} windows of at most {self.window_tokens} tokens; "
                f"each was summarised, then the partial summaries were summarised "
                f"({rounds - 1} reduction round{'s' if rounds > 2 else ''})"
            )
        if len(parts) > 1:
            warnings.append(
                f"partial summaries still exceeded one window after {rounds} rounds; they are joined as is"
            )
        return SummaryOutcome(" ".join(parts), windows, rounds, warnings)
