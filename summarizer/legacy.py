"""Vietnamese legacy font encodings: TCVN3 (ABC, TCVN 5712:1993 VN3) and VNI (VNI-Windows).

Before Unicode, Vietnamese text was typed in these 8-bit "font encodings": the bytes are
ordinary Windows-1252 codes that only the matching fonts (.VnTime, VNI-Times) draw as
Vietnamese letters. Old archives and pages still hold such text; read as Latin-1/cp1252 it
shows as "ViÖt Nam" (TCVN3) or "Vieät Nam" (VNI). Both mappings are fixed and documented;
they are written out below, with an inverse used by the tests.

TCVN3 (ABC) has single bytes for the 67 lower-case letters and only 7 upper-case ones
(Ă Â Ê Ô Ơ Ư Đ): capitals with tone marks were drawn with the same bytes in an upper-case
font (.VnTimeH). Converting back, a toned letter in a word whose other letters are all
capitals is made a capital too.

VNI writes a letter with marks as a base letter followed by one mark byte (ấ = "aá"),
except for a few single bytes (ơ = "ô", ư = "ö", đ = "ñ", ì í ỉ ĩ ị ỵ).

Detection (:func:`detect`) converts the text with each table and keeps the conversion only
when it turns words that are not Vietnamese syllables into words that are, so Unicode
Vietnamese and Western-European Latin-1 text (French, German, Spanish) are left alone.
"""
from __future__ import annotations

import re

from .language import is_syllable

# byte (as its Latin-1 character) -> letter
_TCVN3_BYTES = {
    0xB8: "á", 0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBE: "ắ", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xCA: "ấ", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xD0: "é", 0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD5: "ế", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xDD: "í", 0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xE3: "ó", 0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE8: "ố", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xED: "ớ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xF3: "ú", 0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF8: "ứ", 0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFD: "ý", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xAE: "đ",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
}
TCVN3 = {chr(byte): letter for byte, letter in _TCVN3_BYTES.items()}

# VNI-Windows: lower-case letter -> its code (as cp1252 characters); capitals below.
_VNI_LOWER = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ",
}
# Capitals: the same codes in upper case (ấ "aá" -> Ấ "AÁ", ơ "ô" -> Ơ "Ô").
VNI_ENCODE = {**_VNI_LOWER, **{k.upper(): v.upper() for k, v in _VNI_LOWER.items()}}
VNI = {code: letter for letter, code in VNI_ENCODE.items()}
TCVN3_ENCODE = {letter: code for code, letter in TCVN3.items()}

_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))
_TCVN3_TABLE = str.maketrans(TCVN3)
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'()[]{}<>.,;:!?…“”‘’–—-/\\*•"

ENCODINGS = ("TCVN3", "VNI")


def encode(text: str, encoding: str) -> str:
    """The legacy form of Unicode Vietnamese ``text`` as Latin-1 characters (tests use it
    with ``.encode('latin-1')`` to make files). TCVN3 has no toned capitals: they are
    written with the lower-case code, as the upper-case fonts did."""
    if encoding == "TCVN3":
        return "".join(TCVN3_ENCODE.get(c, TCVN3_ENCODE.get(c.lower(), c)) for c in text)
    if encoding == "VNI":
        return "".join(VNI_ENCODE.get(c, c) for c in text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def _restore_capitals(text: str) -> str:
    def fix(match: re.Match) -> str:
        word = match.group(0)
        ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
        if ascii_letters and all(c.isupper() for c in ascii_letters) and word != word.upper():
            return word.upper()
        return word
    return _WORD.sub(fix, text)


def convert(text: str, encoding: str) -> str:
    """Unicode text from text in a legacy encoding read as Latin-1/cp1252."""
    if encoding == "TCVN3":
        return _restore_capitals(text.translate(_TCVN3_TABLE))
    if encoding == "VNI":
        return _VNI_PATTERN.sub(lambda m: VNI[m.group(0)], text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def syllable_share(text: str) -> tuple[int, int]:
    """(well-formed syllables, words) among the words that hold a non-ASCII character."""
    valid = total = 0
    for token in _TOKEN.findall(text):
        token = token.strip(_EDGE_PUNCT)
        if not token or token.isascii():
            continue
        total += 1
        valid += is_syllable(token)
    return valid, total


def detect(text: str, limit: int = 100_000) -> str | None:
    """'TCVN3' or 'VNI' when ``text`` (decoded as Latin-1/cp1252 or already Unicode with
    such mojibake) is Vietnamese in that encoding; None otherwise."""
    found = best_reading(text, limit)
    return found[0] if found else None


def best_reading(text: str, limit: int = 100_000) -> tuple[str, float] | None:
    """The legacy encoding ``text`` is written in and the share of well-formed syllables
    once converted, when a conversion reads clearly better than the text as it is."""
    sample = text[:limit]
    if not any(0xA1 <= ord(c) <= 0xFF for c in sample):
        return None
    valid, total = syllable_share(sample)
    if total < 3:
        return None
    before = valid / total
    if before > 0.7:  # no conversion can gain the 0.3 required below: well-formed text
        return None
    best, best_share = None, 0.0
    for encoding in ENCODINGS:
        converted = convert(sample, encoding)
        if converted == sample:
            continue
        valid, total = syllable_share(converted)
        share = valid / total if total else 0.0
        if share > best_share:
            best, best_share = encoding, share
    if best is not None and best_share >= 0.75 and best_share - before >= 0.3:
        return best, best_share
    return None
