"""Typed results shared by every stage: segmented documents and summaries."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Label = Literal[
    "title", "lead", "body", "caption", "byline", "teaser_heading", "teaser", "boilerplate"
]
LABELS: tuple[str, ...] = (
    "title", "lead", "body", "caption", "byline", "teaser_heading", "teaser", "boilerplate"
)
MAIN_LABELS: frozenset[str] = frozenset({"title", "lead", "body"})


@dataclass(frozen=True)
class Line:
    """One non-empty input line and what the segmenter decided it is."""

    text: str
    label: str
    # The line carries on the paragraph above it (a hard-wrapped page; same label).
    continues: bool = False

    @property
    def is_main(self) -> bool:
        return self.label in MAIN_LABELS


@dataclass(frozen=True)
class Document:
    """A page split into its main article and everything else.

    ``lines`` holds every non-empty line of the input in order, so nothing is lost:
    the article views below are derived from it.
    """

    lines: tuple[Line, ...]

    def _texts(self, label: str) -> list[str]:
        return [line.text.strip() for line in self.lines if line.label == label]

    @property
    def title(self) -> str:
        return " ".join(self._texts("title"))

    @property
    def lead(self) -> str:
        return " ".join(self._texts("lead"))

    @property
    def body(self) -> list[str]:
        """Body paragraphs (the pieces of a hard-wrapped one joined)."""
        paragraphs: list[str] = []
        for line in self.lines:
            if line.label == "body":
                if line.continues and paragraphs:
                    paragraphs[-1] += " " + line.text.strip()
                else:
                    paragraphs.append(line.text.strip())
        return paragraphs

    @property
    def main_text(self) -> str:
        """Exactly what the summariser reads: the lead and body paragraphs.

        The title is left out because ViT5 was fine-tuned on article bodies (VietNews
        articles without their headline); it stays available as ``title``.
        """
        paragraphs = [self.lead] if self.lead else []
        return "\n".join(paragraphs + self.body)

    @property
    def removed(self) -> list[Line]:
        return [line for line in self.lines if not line.is_main]

    def removed_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.removed:
            counts[line.label] = counts.get(line.label, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "lead": self.lead,
            "body": self.body,
            "lines": [{"text": line.text, "label": line.label, "continues": line.continues} for line in self.lines],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        return cls(tuple(Line(item["text"], item["label"], item.get("continues", False)) for item in data["lines"]))


@dataclass
class Result:
    """The outcome of summarising one page."""

    document: Document
    summary: str
    translation: str | None = None
    summary_model: str | None = None
    translation_model: str | None = None
    engine: str = "transformers"
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Set instead of raising when one input of many cannot be summarised.
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["document"] = self.document.to_dict()
        return data
