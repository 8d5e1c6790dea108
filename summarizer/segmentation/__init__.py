"""Split a scraped news page into its article (title, lead, body) and everything else.

``segment(text)`` labels every non-empty line of the page, in order and unchanged, as one of
title, lead, body, caption, byline, teaser_heading, teaser or boilerplate (on a hard-wrapped
page, layout.py, every piece of a paragraph gets the paragraph's label). Lines are described
by hand-made features (features.py), scored by two small classifiers and labelled by a
Viterbi pass (model.py) whose parameters live in params.json (retrain: train.py).
"""
from __future__ import annotations

from summarizer.text import drop_marks, shared_marks
from summarizer.types import Document, Line

from .features import split_lines
from .layout import paragraphs
from .model import load

# A page with more lines than this is not a news article: the model reads its head and the
# rest is labelled boilerplate, which keeps time and memory bounded on absurd inputs.
MAX_LINES = 5000

__all__ = ["segment"]


def segment(text: str) -> Document:
    """Label every non-empty line of ``text`` (split on "\\n"); never raises on a string."""
    lines, gaps = split_lines(text)
    if not lines:
        return Document(())
    if any(shared_marks(lines)):
        return _behind_marks(text)
    runs = paragraphs(lines, gaps)  # one line each, unless the page is hard-wrapped
    joined = [lines[run[0]] if len(run) == 1 else " ".join(lines[i].strip() for i in run)
              for run in runs[:MAX_LINES]]
    labels = load().label(joined, [gaps[run[0]] for run in runs[:MAX_LINES]])
    labels += ["boilerplate"] * max(len(runs) - MAX_LINES, 0)
    return Document(tuple(Line(lines[i], label, continues=i > run[0])
                          for run, label in zip(runs, labels) for i in run))


def _behind_marks(text: str) -> Document:
    """A page whose every line opens or ends with the same marks ("> " of an e-mail reply, '",' of
    an export), labelled as the page behind them (drop_marks): a line of marks alone is blank."""
    inner, _, _ = drop_marks(text)
    read = iter(segment(inner).lines)
    out = []
    for line, bare in zip(text.split("\n"), inner.split("\n")):
        if not line.strip():
            continue
        if bare.strip():
            behind = next(read)
            out.append(Line(line, behind.label, continues=behind.continues))
        else:
            out.append(Line(line, "boilerplate"))
    return Document(tuple(out))
