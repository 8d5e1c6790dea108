"""Text normalisation shared by the features: case, diacritics and decorations.

Everything is matched on normalised forms so that case, spacing, decoration (►, », ***,
[ ], emoji, trailing colons) and missing tone marks do not change what a line looks like.
"""
from __future__ import annotations

import re
import unicodedata

from summarizer.text import drop_invisible

# A Han or kana character is one syllable, like a space-separated Vietnamese syllable, so
# Chinese or Japanese lines get comparable lengths.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[^\W{_CJK}]+|[{_CJK}]")
# Characters that only decorate a line: anything that is not a letter, digit, quote or bracket.
_EDGE = re.compile(r"^[^\w\"“”'‘’(\[]+|[^\w\"“”'‘’)\].!?…]+$")
_SPACE = re.compile(r"\s+")

def _deaccent_table() -> dict[int, str | None]:
    """Map every Latin letter with marks (and lone combining marks) to its bare form."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x2000):
        ch = chr(code)
        if unicodedata.combining(ch):
            table[code] = None
            continue
        bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if bare != ch and bare:
            table[code] = bare
    return table


_DEACCENT = _deaccent_table()


def deaccent(text: str) -> str:
    """Lower-case form with tone marks removed, đ -> d (for keyword matching)."""
    return text.casefold().translate(_DEACCENT)


def squash(text: str) -> str:
    """Whitespace-collapsed NFC text (nbsp and tabs included) without invisible characters:
    a zero-width space after the full stop must not hide that a line is prose."""
    # Line breaks other than "\n" are whitespace here, so only invisible characters need care.
    return _SPACE.sub(" ", unicodedata.normalize("NFC", drop_invisible(text))).strip()


def core(text: str) -> str:
    """A squashed line without its decorations at either end: '►► TIN LIÊN QUAN:' -> 'TIN LIÊN QUAN'."""
    return _EDGE.sub("", text).strip()


def words(text: str) -> list[str]:
    """Casefolded syllables."""
    return _WORD.findall(text.casefold())
