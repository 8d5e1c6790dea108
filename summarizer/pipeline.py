"""The whole chain: normalise, segment, summarise, optionally translate."""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from .config import (
    DEFAULT_SUMMARY_MODEL, DEFAULT_TRANSLATION_MODEL, TRANSLATION_DECODING, DecodingOptions,
)
from . import legacy
from .errors import InputError
from .html import html_to_text, looks_like_html
from .language import language_warning
from .models import load_model
from .segmentation import MAX_LINES, segment
from .summarize import Summarizer
from .text import (MAX_LINE_CHARS, clean_for_model, drop_marks, normalize, repair_mojibake, split_long_lines,
                   unescape_line_breaks)
from .translate import Translator
from .types import Document, Result

log = logging.getLogger(__name__)


# Bounds on what one page may cost. A news page is 5-30k characters; the caps are far
# above that and keep time and memory bounded on absurd inputs (a 20 MB dump, a 5 MB line).
MAX_INPUT_CHARS = 1_000_000   # characters of a page read; the rest is dropped with a warning
MAX_ARTICLE_CHARS = 100_000   # characters of the article (lead + body) the summariser reads


def _cap(text: str, limit: int) -> str:
    """The first ``limit`` characters, cut after the last line break if one is near."""
    head = text[:limit]
    newline = head.rfind("\n")
    return head[:newline] if newline >= limit * 0.9 else head


def prepare(text: str) -> tuple[Document, list[str]]:
    """Normalise a page (HTML is reduced to text first) and segment it.

    Also: caps the page at MAX_INPUT_CHARS, converts text in the legacy TCVN3/VNI font
    encodings, repairs mojibake, reads past marks on every line ("> "), cuts absurdly long
    lines and warns when the text is not Vietnamese. Every
    line of the document is a substring of the normalised input.
    """
    warnings: list[str] = []
    if len(text) > MAX_INPUT_CHARS:
        warnings.append(f"the input is {len(text):,} characters long; only the first "
                        f"{MAX_INPUT_CHARS:,} were read (a news page is rarely over 30,000)")
        text = _cap(text, MAX_INPUT_CHARS)
    if looks_like_html(text):
        text = html_to_text(text)
        warnings.append("input looked like HTML; its text was extracted before segmentation")
    encoding = legacy.detect(text)
    if encoding:
        text = legacy.convert(text, encoding)
        warnings.append(f"the text was in the legacy Vietnamese font encoding {encoding} "
                        "and was converted to Unicode")
    unescaped = unescape_line_breaks(text)
    if unescaped != text:
        warnings.append("the text had its line breaks written as \"\\n\" (a JSON or CSV field); "
                        "they were read as line breaks")
        text = unescaped
    repaired = repair_mojibake(text)
    if repaired != text:
        warnings.append("the text was UTF-8 read in another encoding (\"Viá»‡t\" for \"Việt\") "
                        "and was repaired")
        text = repaired
    text, lead, trail = drop_marks(normalize(text))
    if lead.strip() or trail.strip():  # an indent all lines share is no news
        shared = " and ".join(f"{where} with {marks.strip()!r}" for where, marks in
                              (("opened", lead), ("ended", trail)) if marks.strip())
        warnings.append(f"every line {shared} (a quoted or exported page); the marks were removed "
                        "before segmentation")
    text, cut = split_long_lines(text)
    if cut:
        warnings.append(f"{cut} line{'s' if cut > 1 else ''} longer than {MAX_LINE_CHARS:,} "
                        f"characters {'were' if cut > 1 else 'was'} cut at sentence or word "
                        "boundaries before segmentation")
    document = segment(text)
    if len(document.lines) > MAX_LINES:
        warnings.append(f"the page has {len(document.lines):,} lines; only the first {MAX_LINES:,} "
                        "were segmented, the rest are labelled boilerplate")
    warning = language_warning(document.main_text or text)
    if warning:
        warnings.append(warning)
    return document, warnings


def _check_article(document: Document) -> None:
    if not document.lines:
        raise InputError("nothing to summarise: the text is empty")
    if not document.main_text.strip():
        raise InputError(
            f"no article found: all {len(document.lines)} lines were classed as "
            + ", ".join(f"{label} ({n})" for label, n in document.removed_counts().items())
        )


class Pipeline:
    """Summarise Vietnamese news pages, optionally translating the summary to English.

    Models load on first use and are kept for the life of the pipeline.
    """

    def __init__(
        self,
        summary_model: str = DEFAULT_SUMMARY_MODEL,
        translation_model: str = DEFAULT_TRANSLATION_MODEL,
        device: str = "auto",
        decoding: DecodingOptions | None = None,
        translation_decoding: DecodingOptions | None = None,
        window_tokens: int | None = None,
        engine: str = "auto",
        compute_type: str = "auto",
        threads: int = 0,
    ):
        self.summary_model_name = summary_model
        self.translation_model_name = translation_model
        self.device = device
        self.decoding = decoding or DecodingOptions()
        self.translation_decoding = translation_decoding or TRANSLATION_DECODING
        self.window_tokens = window_tokens
        self.engine = engine
        self.compute_type = compute_type
        self.threads = threads
        self._summarizer: Summarizer | None = None
        self._translator: Translator | None = None

    @property
    def summarizer(self) -> Summarizer:
        if self._summarizer is None:
            model = self._load(self.summary_model_name, "summary")
            self._summarizer = Summarizer(model, self.decoding, self.window_tokens)
        return self._summarizer

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            model = self._load(self.translation_model_name, "translation")
            self._translator = Translator(model, self.translation_decoding)
        return self._translator

    def _load(self, name: str, task: str):
        return load_model(name, task, device=self.device, engine=self.engine,
                          compute_type=self.compute_type, threads=self.threads)

    def load(self, translate: bool = False) -> None:
        """Load the models now rather than on the first request (servers use this)."""
        _ = self.summarizer
        if translate:
            _ = self.translator

    def segment(self, text: str) -> Document:
        return prepare(text)[0]

    def summarize(self, text: str, translate: bool = False, batch_size: int = 8,
                  decoding: DecodingOptions | None = None) -> Result:
        """Summarise one page (the windows of a long one share batches of batch_size).
        Raises InputError when there is nothing to summarise."""
        result = self.summarize_many([text], translate, batch_size, decoding)[0]
        if result.error:
            raise InputError(result.error)
        return result

    @staticmethod
    def _model_input(result: Result) -> str:
        """The article as the model reads it, capped at MAX_ARTICLE_CHARS characters
        (a warning in the result says what was dropped)."""
        text = clean_for_model(result.document.main_text)
        if len(text) > MAX_ARTICLE_CHARS:
            result.warnings.append(
                f"the article is {len(text):,} characters long; only the first "
                f"{MAX_ARTICLE_CHARS:,} were summarised")
            text = _cap(text, MAX_ARTICLE_CHARS)
        return text

    def summarize_many(
        self,
        texts: Sequence[str],
        translate: bool = False,
        batch_size: int = 8,
        decoding: DecodingOptions | None = None,
    ) -> list[Result]:
        """Summarise many pages with batched model calls; results keep input order.
        ``decoding`` overrides the pipeline's decoding options for this call only.

        An input with nothing to summarise gets a Result with ``error`` set; it never
        stops the others. Stage timings are per article (batch time shared evenly).
        """
        started = time.perf_counter()
        results: list[Result] = []
        for text in texts:
            t0 = time.perf_counter()
            document, warnings = prepare(text)
            result = Result(document=document, summary="", warnings=warnings,
                            summary_model=self.summary_model_name)
            try:
                _check_article(document)
            except InputError as exc:
                result.error = str(exc)
            result.timings["segment"] = round(time.perf_counter() - t0, 4)
            results.append(result)

        todo = [r for r in results if r.error is None]
        if todo:
            summarizer = self.summarizer
            t0 = time.perf_counter()
            outcomes = summarizer.summarize_many(
                [self._model_input(r) for r in todo], batch_size, decoding)
            share = (time.perf_counter() - t0) / len(todo)
            for result, outcome in zip(todo, outcomes):
                result.summary = outcome.summary
                result.warnings.extend(outcome.warnings)
                result.engine = summarizer.model.engine
                result.timings["summarize"] = round(share, 4)
            if translate:
                translator = self.translator
                t0 = time.perf_counter()
                translations = translator.translate_many([r.summary for r in todo], batch_size * 2)
                share = (time.perf_counter() - t0) / len(todo)
                for result, translation in zip(todo, translations):
                    result.translation = translation
                    result.translation_model = self.translation_model_name
                    result.timings["translate"] = round(share, 4)
        total = (time.perf_counter() - started) / max(1, len(results))
        for result in results:
            result.timings["total"] = round(total, 4)
        return results
