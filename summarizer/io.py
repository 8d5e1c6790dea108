"""Reading user files: encodings, binary detection and clear errors.

Order of decisions for a file's bytes (:func:`decode`):

1. a byte-order mark: UTF-8, UTF-16 LE/BE or UTF-32;
2. known binary signatures (PNG, JPEG, GIF, PDF, ZIP, ...) are refused as binary;
3. UTF-16 without a BOM, recognised by its pattern of zero bytes;
4. any other NUL byte means a binary file;
5. strict UTF-8;
6. the Vietnamese 8-bit encodings: Windows-1258 (tone marks as combining characters) and
   the legacy font encodings TCVN3 (ABC) and VNI (see legacy.py), kept when the result is
   made of well-formed Vietnamese syllables;
7. otherwise charset-normalizer's best guess, and failing that a clear error.

The text returned is NFC (Windows-1258 decodes to combining marks).
"""
from __future__ import annotations

import codecs
import logging
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

log = logging.getLogger(__name__)

# Pages larger than this are refused rather than read whole into memory; the pipeline
# itself reads at most pipeline.MAX_INPUT_CHARS characters of what is accepted.
MAX_FILE_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)

# File signatures of common binary formats: an image renamed .txt is refused at once.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"), (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"), (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"OggS", "an Ogg file"),
    (b"ID3", "an MP3 file"),
)

_SAMPLE = 64 * 1024


@dataclass
class Decoded:
    """Text decoded from bytes, the encoding used and what the reader should know."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _binary_kind(data: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the zero bytes fall on one side of the 2-byte units,
    as they do for text made mostly of ASCII and Vietnamese letters."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    for encoding, high, low in (("utf-16-le", zeros_odd, zeros_even), ("utf-16-be", zeros_even, zeros_odd)):
        if high >= 0.3 and low <= 0.01:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _printable_share(text[:_SAMPLE]) >= 0.95:
                return encoding
    return None


def _printable_share(text: str) -> float:
    if not text:
        return 1.0
    bad = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\n\r\t\f\v")
    return 1 - bad / len(text)


def _vietnamese_8bit(data: bytes, name: str) -> Decoded | None:
    """Windows-1258, TCVN3 or VNI, whichever reads best as Vietnamese syllables (if any
    reads well: Western-European Latin-1 text reads as none of them)."""
    from . import legacy

    sample = data[:_SAMPLE]
    candidates: list[tuple[float, str]] = []
    try:
        as_1258 = unicodedata.normalize("NFC", sample.decode("cp1258"))
        valid, total = legacy.syllable_share(as_1258)
        if total >= 3:
            candidates.append((valid / total, "cp1258"))
    except UnicodeDecodeError:
        pass
    # TCVN3/VNI: the bytes are cp1252 codes drawn as Vietnamese by special fonts.
    as_latin = sample.decode("cp1252", errors="replace")
    found = legacy.best_reading(as_latin, limit=len(as_latin))
    if found:
        candidates.append((found[1], found[0]))
    if not candidates:
        return None
    share, best = max(candidates)
    if share < 0.75:
        return None
    if best == "cp1258":
        return Decoded(unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258")
    text = legacy.convert(data.decode("cp1252", errors="replace"), best)
    return Decoded(unicodedata.normalize("NFC", text), best.lower(), [
        f"{name}: the text was in the legacy Vietnamese font encoding {best}"
        f"{' (ABC)' if best == 'TCVN3' else ''} and was converted to Unicode"])


def decode(data: bytes, name: str = "input") -> Decoded:
    """Decode a text file's bytes (see the module docstring for the order of checks)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(unicodedata.normalize("NFC", data.decode(encoding)), encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not "
                                 f"valid {encoding} ({exc.reason} at byte {exc.start})") from None
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"{name}: looks like a binary file ({kind}), not text")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(unicodedata.normalize("NFC", data.decode(utf16)), utf16)
    if b"\x00" in data[:_SAMPLE]:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        return Decoded(unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    vietnamese = _vietnamese_8bit(data, name)
    if vietnamese:
        for warning in vietnamese.warnings:
            log.warning(warning)
        return vietnamese
    from charset_normalizer import from_bytes

    best = from_bytes(data[:4 * 2**20]).best()
    if best is None:
        raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16, Windows-1258, "
                         "TCVN3 or VNI, and no other known encoding fits): is it a binary file?")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{name}: cannot decode the text (it looked like {best.encoding} but "
                         "is not valid in it)") from None
    if _printable_share(text[:_SAMPLE]) < 0.9:
        raise InputError(f"{name}: looks like a binary file (mostly control characters), not text")
    return Decoded(unicodedata.normalize("NFC", text), best.encoding,
                   [f"{name}: not UTF-8; decoded as {best.encoding} (a guess)"])


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decoded text of a file's bytes; raises InputError naming ``name`` when it cannot."""
    return decode(data, name).text


def read_file(path: Path) -> Decoded:
    """Read and decode a file: refuses what is not a regular file (a folder, a FIFO or
    device that would block, a broken link or link loop) and files over MAX_FILE_BYTES."""
    try:
        info = os.stat(path)  # follows links: a loop or a broken link raises here
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise InputError(f"{path}: cannot read ({kind})")
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {info.st_size / 1e6:.0f} MB is over the "
                             f"{MAX_FILE_BYTES // 2**20} MiB limit")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path}: over the {MAX_FILE_BYTES // 2**20} MiB limit")
    return decode(data, str(path))


def read_text_file(path: Path) -> str:
    return read_file(path).text
