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
_LEADING_EDGE = re.compile(r"^[^\w\"“”'‘’(\[]+")
_TRAILING_EDGE = re.compile(r"[^\w\"“”'‘’)\].!?…]+$")
_KEEPS_END = re.compile(r"[\w\"“”'‘’)\].!?…]")
_LETTER_WORD = re.compile(r"[^\W\d_]+")


def _deaccent_table() -> list[str | None]:
    """Map every Latin letter with marks (and lone combining marks) to its bare form: a list
    indexed by code point (twice as fast as a dict in str.translate); code points past its end
    are left as they are."""
    table: list[str | None] = [chr(code) for code in range(0x2000)]
    table[ord("đ")], table[ord("Đ")] = "d", "D"
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
    return deaccent_folded(text.casefold())


def deaccent_folded(folded: str) -> str:
    """``deaccent`` of an already casefolded text."""
    return folded.translate(_DEACCENT)


def squash(text: str) -> str:
    """Whitespace-collapsed NFC text (nbsp and tabs included) without invisible characters:
    a zero-width space after the full stop must not hide that a line is prose."""
    # Line breaks other than "\n" are whitespace here, so only invisible characters need care.
    # str.split() splits on the same whitespace as "\s+", several times faster.
    return " ".join(unicodedata.normalize("NFC", drop_invisible(text)).split())


def unshout(text: str) -> str:
    """A line of six or more words (digits aside) in capitals only, in sentence case: a title,
    caption or headline some sites print in capitals must look like one. Teaser headings ("CÓ
    THỂ BẠN MUỐN ĐỌC", "► TIN LIÊN QUAN ▼") and date lines are shorter and keep their capitals,
    which say what they are; 99.4% of dev titles are longer."""
    if not text.isupper() or len(_LETTER_WORD.findall(text)) < 6:
        return text
    lower = text.lower()
    first = next((i for i, ch in enumerate(lower) if ch.isalpha()), 0)
    return lower[:first] + lower[first:first + 1].upper() + lower[first + 1:]


def core(text: str) -> str:
    """A squashed line without its decorations at either end: '►► TIN LIÊN QUAN:' -> 'TIN LIÊN QUAN'."""
    text = _LEADING_EDGE.sub("", text, count=1)
    # Most lines end in a letter or a full stop: no need to scan them for a trailing run.
    if text and not _KEEPS_END.match(text[-1]):
        text = _TRAILING_EDGE.sub("", text, count=1)
    return text.strip()


def words_of_folded(folded: str) -> list[str]:
    """``words`` of an already casefolded text."""
    return _WORD.findall(folded)


def words(text: str) -> list[str]:
    """Casefolded syllables."""
    return words_of_folded(text.casefold())
