"""Is this Vietnamese? A light, dependency-free check on scripts, diacritics and syllables.

Vietnamese is written in Latin letters where most syllables carry a tone mark or a vowel
modifier, and every word is one syllable of a closed shape (onset, one to three vowels, one
of eight codas). Three measures follow from that:

* the share of letters in the Latin script (Chinese, Cyrillic, Thai... pages fail it);
* the share of words carrying a Vietnamese-only letter (ă đ ơ ư or a letter of the
  U+1EA0-U+1EF9 block: ạ ả ấ ầ ... ỹ); English and other Latin-script languages have none;
* the share of words that are well-formed Vietnamese syllables, which tells Vietnamese
  typed without diacritics ("khong dau") from English.
"""
from __future__ import annotations

import re
import unicodedata

# Tone marks as combining characters (NFD): grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?[aăâeêioôơuưy]{{1,3}}(?:ch|ng|nh|c|m|n|p|t)?")
_WORD = re.compile(r"[^\W\d_]+")
_VIETNAMESE_ONLY = frozenset("ăđơưĩũĂĐƠƯĨŨ") | frozenset(map(chr, range(0x1EA0, 0x1EFA)))

# Below these counts a page is too short to judge.
MIN_WORDS = 20
MIN_LETTERS = 60


def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable (with or without its tone mark)."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None


def scripts(text: str, limit: int = 200_000) -> dict[str, int]:
    """Letters per script (the first word of their Unicode name: LATIN, CJK, CYRILLIC...)."""
    counts: dict[str, int] = {}
    for char in text[:limit]:
        if char.isalpha():
            name = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
            if name in ("HIRAGANA", "KATAKANA"):
                name = "JAPANESE"
            counts[name] = counts.get(name, 0) + 1
    return counts


_SCRIPT_NAMES = {"CJK": "Chinese/Japanese (CJK)", "JAPANESE": "Japanese", "HANGUL": "Korean",
                 "CYRILLIC": "Cyrillic", "ARABIC": "Arabic", "THAI": "Thai", "GREEK": "Greek",
                 "HEBREW": "Hebrew", "DEVANAGARI": "Devanagari", "KHMER": "Khmer", "LAO": "Lao"}


def language_warning(text: str, limit: int = 200_000) -> str | None:
    """A warning when ``text`` does not look like Vietnamese; None when it does or when
    it is too short to tell."""
    counts = scripts(text, limit)
    letters = sum(counts.values())
    if letters < MIN_LETTERS:
        return None
    latin = counts.get("LATIN", 0)
    if latin / letters < 0.5:
        main = max(counts, key=counts.get)
        return (f"the text does not look like Vietnamese: most letters are "
                f"{_SCRIPT_NAMES.get(main, main.title())} ({counts[main] / letters:.0%}); the "
                "summary model only knows Vietnamese, so its output will be poor")
    words = _WORD.findall(unicodedata.normalize("NFC", text[:limit]))
    if len(words) < MIN_WORDS:
        return None
    marked = sum(1 for w in words if any(c in _VIETNAMESE_ONLY for c in w))
    if marked / len(words) >= 0.05:
        return None
    syllables = sum(1 for w in words if is_syllable(w)) / len(words)
    if syllables >= 0.8:
        return ("the text looks like Vietnamese written without diacritics (tone marks); the "
                "model was trained on text with them, so the summary may be poor")
    return ("the text does not look like Vietnamese (no Vietnamese letters such as ă, đ, ơ, ư, "
            "ạ, ế; probably English or another language); the summary model only knows "
            "Vietnamese, so its output will be poor")
