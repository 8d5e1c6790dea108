"""Reading user files: encodings, binary detection and clear errors."""
from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError

# Pages larger than this are refused rather than read whole into memory.
MAX_FILE_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode a text file: BOM first, then strict UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks like a binary file, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot decode the text (not UTF-8 and no known encoding fits)")
    return str(best)


def read_text_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MiB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode_bytes(data, str(path))
