"""Text normalisation and sentence splitting for Vietnamese news text."""
from __future__ import annotations

import re
import unicodedata

# Invisible characters that scraped pages carry and models must not see.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]+")
# C0/C1 controls other than newline; they break tokenisers and JSON viewers.
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def normalize(text: str) -> str:
    """NFC and Unix newlines: what segmentation reads. Lines otherwise keep their
    characters, so the document shows the page as it was."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def clean_for_model(text: str) -> str:
    """Model input: plain spaces, no invisible or control characters (they become
    unknown tokens or split words in two)."""
    text = text.translate(_INVISIBLE)
    text = _SPACES.sub(" ", text)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


# A sentence ends at . ! ? … (plus any closing quotes/brackets) followed by space and
# an upper-case letter or digit, possibly behind an opening quote. Dots inside numbers
# ("1.000") and abbreviations such as "TP.HCM" have no space after them, so they never
# split; titles written with a space ("PGS. Trần") are protected explicitly.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?(\w))")
_ABBREVIATIONS = re.compile(r"\b(?:TS|ThS|PGS|GS|BS|KS|Mr|Mrs|Ms|Dr|St|Tp|TP|v\.v)\.$")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping every character of the text."""
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        first = match.group(1)
        if not (first.isupper() or first.isdigit()):
            continue
        candidate = text[start:match.end()]
        if _ABBREVIATIONS.search(candidate):
            continue
        pieces.append(candidate.strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]
