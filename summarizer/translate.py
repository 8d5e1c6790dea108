"""Vietnamese to English translation, sentence by sentence."""
from __future__ import annotations

import re

from .config import DecodingOptions
from .text import split_sentences

_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+")


class Translator:
    """Translate with any model offering ``count_tokens`` and ``generate``.

    MT checkpoints were trained on single sentences (envit5: at most 128 tokens), so a
    text is split into sentences, every sentence of every text is translated in shared
    batches, and the translations are joined back in order. A sentence longer than the
    model's limit is cut at clause punctuation, then between words.
    """

    def __init__(self, model, decoding: DecodingOptions):
        self.model = model
        self.decoding = decoding

    def _pieces(self, text: str) -> list[str]:
        limit = self.model.spec.max_input_tokens
        pieces: list[str] = []
        for sentence in split_sentences(text):
            if self.model.count_tokens([sentence])[0] <= limit:
                pieces.append(sentence)
                continue
            pieces.extend(self._pack(_CLAUSE_BREAK.split(sentence), limit))
        return pieces

    def _pack(self, parts: list[str], limit: int) -> list[str]:
        packed: list[str] = []
        for part in parts:
            candidate = f"{packed[-1]} {part}" if packed else part
            if packed and self.model.count_tokens([candidate])[0] <= limit:
                packed[-1] = candidate
            elif self.model.count_tokens([part])[0] <= limit:
                packed.append(part)
            else:
                words = part.split()
                if len(words) == 1:  # a single unbreakable token run: let the tokenizer cut it
                    packed.append(part)
                else:
                    half = len(words) // 2
                    packed.extend(self._pack([" ".join(words[:half]), " ".join(words[half:])], limit))
        return packed

    def translate_many(self, texts: list[str], batch_size: int = 16) -> list[str]:
        pieces = [self._pieces(text) for text in texts]
        flat = [piece for group in pieces for piece in group]
        translated = iter(self.model.generate(flat, self.decoding, batch_size))
        return [" ".join(next(translated) for _ in group).strip() for group in pieces]
