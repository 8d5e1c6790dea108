"""Model settings in one place: the known checkpoints and the decoding defaults."""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_SUMMARY_MODEL = "VietAI/vit5-base-vietnews-summarization"
DEFAULT_TRANSLATION_MODEL = "VietAI/envit5-translation"

# Written beside the weights by `summarizer models download`, so a local folder still
# knows which checkpoint it holds (and so which prefixes and limits apply).
MODEL_INFO_FILE = "summarizer-model.json"


@dataclass(frozen=True)
class ModelSpec:
    """What the product must know about a checkpoint to use it correctly."""

    name: str
    task: str  # "summary" or "translation"
    input_prefix: str = ""
    output_prefix: str = ""  # stripped from generated text when present
    max_input_tokens: int = 1024  # the longest input it was fine-tuned on, </s> included
    license: str = "unknown"
    notes: str = ""


KNOWN_MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "VietAI/vit5-base-vietnews-summarization", "summary",
            max_input_tokens=1024, license="MIT",
            notes="T5 base (310M), fine-tuned on VietNews; no task prefix; tied embeddings.",
        ),
        ModelSpec(
            "VietAI/vit5-large-vietnews-summarization", "summary",
            input_prefix="vietnews: ", max_input_tokens=1024, license="MIT",
            notes="T5 large (866M); needs the 'vietnews: ' prefix; ships only "
            "pytorch_model.bin (loads with torch >= 2.6).",
        ),
        ModelSpec(
            "VietAI/envit5-translation", "translation",
            input_prefix="vi: ", output_prefix="en: ", max_input_tokens=128,
            license="OpenRAIL (the model card names no variant)",
            notes="T5 base, vi<->en; fine-tuned on sentence pairs of <= 128 tokens, so "
            "summaries are translated sentence by sentence.",
        ),
        ModelSpec(
            "Helsinki-NLP/opus-mt-vi-en", "translation",
            max_input_tokens=512, license="Apache-2.0 (model card)",
            notes="Marian, OPUS data; no prefix; small and fast, lower quality on news.",
        ),
    )
}


@dataclass(frozen=True)
class DecodingOptions:
    """Generation settings. The checkpoints ship no generation config, so every value
    the product relies on is set here and passed to ``generate`` explicitly."""

    # Beam search: ViT5's published VietNews scores use beams; 4 is the usual
    # quality/speed point (greedy is ~2x faster on CPU and a little worse).
    num_beams: int = 4
    # The fine-tuning targets were capped at 256 tokens; VietNews leads are ~50-90
    # tokens, so 256 never cuts a normal summary while still bounding runaway output.
    max_new_tokens: int = 256
    # Abstractive models loop on long inputs; banning repeated trigrams removes that
    # without hurting Vietnamese, where legitimate repeated 3-syllable spans are rare.
    no_repeat_ngram_size: int = 3
    # 1.0 is neutral: beam scores are length-normalised without favouring long output.
    length_penalty: float = 1.0

    def with_overrides(self, **overrides: object) -> "DecodingOptions":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def generate_kwargs(self) -> dict[str, object]:
        return {
            "num_beams": self.num_beams,
            "max_new_tokens": self.max_new_tokens,
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
            "length_penalty": self.length_penalty,
            "early_stopping": self.num_beams > 1,
            "do_sample": False,
        }


# Translation of single sentences: short outputs, and repeated trigrams are legitimate
# in English ("one of the ..."), so the ban is off.
TRANSLATION_DECODING = DecodingOptions(num_beams=4, max_new_tokens=160, no_repeat_ngram_size=0)


def resolve_spec(name_or_path: str, task: str) -> ModelSpec:
    """The settings for a hub id or a local folder.

    A local folder is matched to a known checkpoint through the info file written at
    download time, then through its folder name; anything else gets plain defaults.
    """
    if name_or_path in KNOWN_MODELS:
        return KNOWN_MODELS[name_or_path]
    path = Path(name_or_path)
    source = None
    info = path / MODEL_INFO_FILE
    if info.is_file():
        try:
            source = json.loads(info.read_text(encoding="utf-8")).get("source")
        except (OSError, ValueError):
            source = None
    if source in KNOWN_MODELS:
        return replace(KNOWN_MODELS[source], name=name_or_path)
    for spec in KNOWN_MODELS.values():
        if path.name == spec.name.split("/")[-1]:
            return replace(spec, name=name_or_path)
    return ModelSpec(name_or_path, task, max_input_tokens=1024 if task == "summary" else 512)
