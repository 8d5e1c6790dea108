"""Hard-wrapped pages: text dumps ("w3m -dump", e-mail, a terminal) cut every paragraph into
lines of a fixed width. The segmenter reads a line as a unit (a paragraph, a caption, a
headline), so wrapped lines are joined back into paragraphs first and each piece takes the
label of its paragraph.
"""
from __future__ import annotations

import re

from .text import CREDIT_WORDS

# No dev page's longest line is under 178 characters (a news paragraph is longer): a page whose
# lines all fit in this many, several of them filled to the brim, was wrapped at that width.
MAX_WRAP_WIDTH = 150
MIN_FULL_LINES = 3
# A wrapped line is full up to the width less about one word (Vietnamese syllables are short).
FULL_SLACK = 12
# Lines longer than the rest that a wrapped page may hold, where at least this share of the rest
# is full: more, or fewer full lines, and the long ones are paragraphs of a page never wrapped.
MAX_UNWRAPPED = 2
MIN_FULL_SHARE = 0.5
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)\]]*$")
# "TP.", "Q.", "T.": an abbreviation or an initial, not the end of a sentence.
_ABBREVIATION = re.compile(r"(?:^|\s)[^\W\d_]{1,3}\.$")
# A caption's photo credit closes it: "... - Ảnh: LÊ TRUNG", "(Ảnh: Minh Thu)", "(Nguồn ảnh:
# X)", "(Photo by X)", "Ảnh/ X".
_CREDITED = r"[^\s,;:()\[\]]+(?:\s+[^\s,;:()\[\]]+){0,3}\s*[.)\]]*$"  # the name: up to four words
CREDIT_AT_END = re.compile(rf"(?:{CREDIT_WORDS})\s*[:：]\s*{_CREDITED}"
                           rf"|[(\[\-–—|]\s*(?:ảnh|hình|photo|foto)\s+(?:by|do)\s+{_CREDITED}"
                           rf"|(?:^|[\s(\[\-–—|.,])(?:ảnh|photo|foto)\s*[\-–—/]\s*{_CREDITED}", re.I)
_FIRST_CHARACTER = re.compile(r"[^\W_]")
_SPACE = re.compile(r"\s")


def starts_sentence(line: str) -> bool:
    """Whether the first letter or digit of ``line`` is a capital or a digit."""
    first = _FIRST_CHARACTER.search(line)
    return first is not None and (first.group().isupper() or first.group().isdigit())


def ends_sentence(line: str) -> bool:
    """Whether a (stripped) line ends a sentence: closing punctuation, not after an abbreviation
    in capitals ("TP.", "Q.")."""
    if not _SENTENCE_END.search(line):
        return False
    abbreviation = _ABBREVIATION.search(line)
    return abbreviation is None or not abbreviation.group().strip().isupper()


def wrap_width(lines: list[str]) -> int | None:
    """The width ``lines`` were wrapped at, or None when they were not: fewer than MIN_FULL_LINES
    reach the width, or a line is longer than MAX_WRAP_WIDTH. Up to MAX_UNWRAPPED lines may stand
    out (an address or a source line that a tool added unwrapped) where most of the rest are full,
    as wrapped paragraphs are. A line of one word or with a web address is left out: it cannot be
    wrapped (a text browser's list of links, a source line)."""
    lengths = sorted((len(line) for line in map(str.strip, lines) if _SPACE.search(line) and "://" not in line),
                     reverse=True)
    for width in sorted(set(lengths[:MAX_UNWRAPPED + 1]), reverse=True):
        outliers = lengths.index(width)  # lines longer than this width
        if 0 < width <= MAX_WRAP_WIDTH:
            full = sum(width - FULL_SLACK <= length <= width for length in lengths)
            if full >= MIN_FULL_LINES and (not outliers or full >= MIN_FULL_SHARE * (len(lengths) - outliers)):
                return width
    return None


def paragraphs(lines: list[str], gaps: list[bool]) -> list[range]:
    """The runs of ``lines`` (``gaps`` as from features.split_lines) that make one paragraph
    each. On a wrapped page a line continues the one above unless a blank line separates them,
    its first word would have fitted on that line, or it is printed twice (a doubled photo
    caption hanging under a paragraph); on a page without blank lines, also unless the line
    above ends with a photo credit (the end of a caption) or a sentence ends above it and one
    starts on it (cutting a paragraph there leaves two runs of whole sentences, read as the
    paragraph they are; joining a caption to a paragraph loses one of them). Elsewhere every
    line stands alone."""
    width = wrap_width(lines)
    if width is None:
        return [range(i, i + 1) for i in range(len(lines))]
    unspaced = not any(gaps)
    stripped = [line.strip() for line in lines]
    starts = [0]
    for i in range(1, len(lines)):
        above = stripped[i - 1]
        doubled = stripped[i] in stripped[max(i - 3, 0):i] or stripped[i] in stripped[i + 1:i + 4]
        fits_above = len(above) + 1 + len(stripped[i].split(maxsplit=1)[0]) <= width
        unwrapped = len(stripped[i]) > width or len(above) > width
        if (gaps[i] or doubled or fits_above or unwrapped or unspaced and (
                CREDIT_AT_END.search(above) or ends_sentence(above) and starts_sentence(stripped[i]))):
            starts.append(i)
    return [range(a, b) for a, b in zip(starts, starts[1:] + [len(lines)])]
