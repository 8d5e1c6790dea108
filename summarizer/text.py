"""Text normalisation and sentence splitting for Vietnamese news text."""
from __future__ import annotations

import html
import re
import unicodedata

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]+")
# What normalize() does to the page: line and paragraph separators become newlines;
# controls (tab kept) and Unicode's default-ignorable characters (zero-width characters, soft
# hyphens, bidi marks, variation selectors, the combining grapheme joiner that some sites put
# after every letter against copying, Hangul fillers, tags) are dropped.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_DROP = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u115f\u1160"
                   r"\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
                   r"\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\ufffe\uffff\U0001bca0-\U0001bca3"
                   r"\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")

# Lines longer than this (a page without line breaks, a minified blob) are cut into
# pieces at sentence or word boundaries before segmentation.
MAX_LINE_CHARS = 5_000
# An HTML character reference ("&nbsp;", "&amp;", "&#8220;") that a scraper left in the text.
_CHARACTER_REFERENCE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def normalize(text: str) -> str:
    """NFC, Unix newlines, HTML character references decoded ("&amp;" -> "&"), no invisible or
    control characters: what segmentation reads. Lines otherwise keep their characters
    (no-break spaces included), so the document shows the page as it was."""
    text = _LINE_BREAKS.sub("\n", decode_references(text))
    return unicodedata.normalize("NFC", drop_invisible(text))


# The escapes of a JSON or CSV string: a page pasted from such a field keeps them as text.
_ESCAPES = {"\\r\\n": "\n", "\\n": "\n", "\\t": "\t", '\\"': '"'}
_ESCAPE = re.compile("|".join(map(re.escape, _ESCAPES)))


def unescape_line_breaks(text: str) -> str:
    """A page without a line break but with two or more written as escapes ("...\\n\\n...", as a
    JSON or CSV field holds it), with those escapes decoded; any other text as it is."""
    if "\n" in text.strip() or text.count("\\n") < 2:
        return text
    return _ESCAPE.sub(lambda match: _ESCAPES[match.group()], text)


def repair_mojibake(text: str) -> str:
    """UTF-8 text that was read as Windows-1252 or Latin-1 on its way here ("Viá»‡t Nam" for
    "Việt Nam"), decoded again (ftfy); any other text is returned as it is."""
    import ftfy  # about 1.5 ms a page: the pipeline's, not segment()'s, which must stay fast

    return ftfy.fix_encoding(text)


def decode_references(text: str) -> str:
    """``text`` with the HTML character references a scraper left in it decoded ("&quot;" -> '"',
    "&nbsp;" -> a no-break space); text without one is returned as it is."""
    return html.unescape(text) if "&" in text and _CHARACTER_REFERENCE.search(text) else text


# What a line may end with that is its own: a sentence's end and the quotes or brackets closing it.
_SENTENCE_ENDS = ".!?…"
CLOSERS = "'\"”’)]」』"  # quotes and brackets that may follow a sentence's last stop


def shared_marks(lines: list[str]) -> tuple[int, int]:
    """How many leading and trailing characters every one of the non-empty ``lines`` shares that
    are not letters or digits: the quote marks of an e-mail reply ("> ", "> > "), a quoted block's
    bar ("| "), an export's quotes and commas ('"', '",'), markdown's emphasis or line breaks
    ("**", "\\"). Set on every line, they say nothing of any line, and read as a line's own they
    hide its shape. A sentence's end and the quotes closing it are left to their lines, and
    nothing is shared under three lines."""
    if len(lines) < 3:
        return 0, 0
    return _shared_head(min(lines), max(lines)), _shared_tail([line.rstrip() for line in lines])


def _shared_head(shortest: str, longest: str) -> int:
    """The marks that open both of two lines: the common prefix of the lexicographically first
    and last lines is the common prefix of all."""
    width = 0
    for a, b in zip(shortest, longest):
        if a != b or a.isalnum():
            break
        width += 1
    return width


def _shared_tail(lines: list[str]) -> int:
    """The marks that end every one of ``lines``, less the sentence ends in front of them; none
    where only closing quotes or brackets are shared."""
    width = _shared_head(min(line[::-1] for line in lines), max(line[::-1] for line in lines))
    tail = lines[0][len(lines[0]) - width:] if width else ""
    tail = tail.lstrip(_SENTENCE_ENDS)
    return len(tail) if tail.strip(CLOSERS + " ") else 0


def drop_marks(text: str) -> tuple[str, str, str]:
    """``text`` without the marks that all its non-blank lines open and end with (shared_marks),
    then those leading and trailing marks ("" when there are none); a line of nothing but marks
    becomes blank. Lines stay where they were."""
    lines = text.split("\n")
    lead = trail = ""
    while True:
        content = [line.rstrip() for line in lines if line.strip()]
        head, tail = shared_marks(content)
        if not head and not tail:
            return "\n".join(lines), lead, trail
        # ">" alone on a quoted blank line leaves "> text" lines a space to share: the next round drops it.
        lead += content[0][:head]
        trail = content[0][len(content[0]) - tail:] + trail if tail else trail
        lines = [line.rstrip()[head:len(line.rstrip()) - tail] if line.strip() else line for line in lines]


def drop_invisible(text: str) -> str:
    """``text`` without controls and default-ignorable characters (zero-width characters, soft
    hyphens, bidi marks, variation selectors, combining grapheme joiners...)."""
    return _DROP.sub("", text)


def split_long_lines(text: str, max_chars: int = MAX_LINE_CHARS) -> tuple[str, int]:
    """Cut every line over ``max_chars`` into pieces of at most that many characters,
    preferably after a sentence end, else at a space. Returns the text and the number
    of lines that were cut. Each piece is a substring of the line it came from."""
    if len(text) <= max_chars or all(len(line) <= max_chars for line in text.split("\n")):
        return text, 0
    out: list[str] = []
    cut = 0
    for line in text.split("\n"):
        if len(line) <= max_chars:
            out.append(line)
            continue
        cut += 1
        start = 0
        while len(line) - start > max_chars:
            window = line[start:start + max_chars]
            end = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("… "))
            if end < max_chars // 2:
                end = window.rfind(" ")
            end = end + 1 if end >= max_chars // 2 else max_chars
            out.append(line[start:start + end])
            start += end
        out.append(line[start:])
    return "\n".join(out), cut


def clean_for_model(text: str) -> str:
    """Model input: plain spaces, no invisible or control characters (they become
    unknown tokens or split words in two)."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", drop_invisible(text)))


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
