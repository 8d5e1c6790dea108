"""Gradio web demo: paste or upload a Vietnamese news page, see how it was segmented,
its summary and (optionally) an English translation; summarise many files in a batch.

Run it with ``summarizer serve`` or ``python -m summarizer.app`` (localhost only unless
``--share``). The page doubles as a service: ``/summarize``, ``/segment`` and ``/batch``
are named endpoints that ``gradio_client`` can call (see ``API_DOC`` below).

Models load once at start-up. Each request passes its own decoding options to the loaded
pipeline (``summarize_many(..., decoding=...)``), so concurrent requests never share mutable
settings; model calls also go through one queue slot (``--concurrency``).
"""
from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import DecodingOptions
from .errors import InputError, SummarizerError
from .io import decode_bytes
from .pipeline import Pipeline, prepare
from .types import MAIN_LABELS, Document, Result

log = logging.getLogger(__name__)

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
SEED_EXAMPLE = "nhandan-soc-trang.txt"

# Limits on what one request may ask for. A news page is 5-30k characters; 200k leaves
# room for a long HTML page while bounding the work one visitor can queue.
MAX_TEXT_CHARS = 200_000
MAX_UPLOAD = "20mb"
MAX_BATCH_FILES = 200
MAX_ZIP_BYTES = 100 * 2**20  # uncompressed total of the pages read from one zip
MAX_ZIP_MEMBERS = 2_000      # entries of one zip (a zip bomb may hold millions)
MAX_ZIP_RATIO = 200          # uncompressed/compressed size of one member; text is ~5-20
MAX_PAGE_BYTES = MAX_TEXT_CHARS * 4  # one page, uploaded or in a zip (4 bytes per character at most)
TEXT_SUFFIXES = (".txt", ".html", ".htm")
BEAMS_RANGE = (1, 8)
MAX_NEW_TOKENS_RANGE = (16, 512)

# Kept lines are green, removed ones warm/grey, each category named after its label.
KEPT, REMOVED = "kept", "removed"
LABEL_NAMES = {
    "title": "title", "lead": "lead", "body": "body", "caption": "caption", "byline": "byline",
    "teaser_heading": "teaser heading", "teaser": "teaser", "boilerplate": "boilerplate",
}
COLORS = {
    "title": "#15803d", "lead": "#16a34a", "body": "#22c55e",
    "caption": "#ef4444", "byline": "#f97316", "teaser_heading": "#e11d48",
    "teaser": "#f43f5e", "boilerplate": "#71717a",
}


def category(label: str) -> str:
    """The HighlightedText category of a line: 'kept · body', 'removed · caption'..."""
    return f"{KEPT if label in MAIN_LABELS else REMOVED} · {LABEL_NAMES.get(label, label)}"


COLOR_MAP = {category(label): color for label, color in COLORS.items()}
PLURALS = {"boilerplate": "boilerplate lines"}

API_DOC = """\
Endpoints (call them with gradio_client):

/summarize(text, translate=False, num_beams, max_new_tokens, model) ->
    (summary: str, translation: str, segmentation, info: dict)
    segmentation: HighlightedText data, a list of {"token": line, "class_or_confidence":
    "kept · body" | "removed · caption" | ...} with "\\n" separators (class None).
    info: {"ok", "error", "title", "model", "engine", "translation_model", "num_beams",
    "max_new_tokens", "timings", "warnings", "removed"}; on bad input "ok" is false,
    "error" says why and the other outputs are empty.
/segment(text) -> {"ok", "error", "title", "warnings", "removed",
    "lines": [{"text", "label", "kept"}]}
/batch(files, translate, num_beams, max_new_tokens, model) ->
    (results files [JSONL, CSV], status markdown, preview table)

Example:
    from gradio_client import Client
    client = Client("http://127.0.0.1:7860/")
    summary, translation, segmentation, info = client.predict(
        page_text, True, 4, 256, None, api_name="/summarize")
    lines = client.predict(page_text, api_name="/segment")["lines"]
"""


# --------------------------------------------------------------------------- service


@dataclass
class Service:
    """The loaded models behind the page: one Pipeline per summary model (the first is
    the default) and one translator shared by all of them."""

    pipelines: dict[str, Pipeline]
    translator: Any = None
    translation_error: str | None = None

    @classmethod
    def load(cls, summary_models: Sequence[str], translation_model: str, *, device: str = "auto",
             decoding: DecodingOptions | None = None,
             translation_decoding: DecodingOptions | None = None, window_tokens: int | None = None,
             engine: str = "auto", compute_type: str = "auto", threads: int = 0,
             require_translation: bool = False) -> "Service":
        """Load every model now. A summary model that fails to load is fatal; a translation
        model that fails only turns translation off (unless require_translation)."""
        names = list(dict.fromkeys(summary_models))  # keep order, drop repeats
        if not names:
            raise InputError("no summary model configured")
        pipelines: dict[str, Pipeline] = {}
        for name in names:
            pipeline = Pipeline(name, translation_model, device=device, decoding=decoding,
                                translation_decoding=translation_decoding, window_tokens=window_tokens, engine=engine,
                                compute_type=compute_type, threads=threads)
            log.info("loading summary model %s", name)
            pipeline.load()
            pipelines[name] = pipeline
        translator, error = None, None
        try:
            log.info("loading translation model %s", translation_model)
            translator = pipelines[names[0]].translator
            for pipeline in pipelines.values():  # one translator in memory, shared
                pipeline._translator = translator
        except SummarizerError as exc:
            if require_translation:
                raise
            error = str(exc)
            log.warning("translation is off: %s", error)
        return cls(pipelines, translator, error)

    @property
    def default_model(self) -> str:
        return next(iter(self.pipelines))

    @property
    def default_decoding(self) -> DecodingOptions:
        return self.pipelines[self.default_model].decoding

    def request(self, model: str | None, num_beams: float | None, max_new_tokens: float | None,
                translate: bool = False) -> tuple[Pipeline, DecodingOptions]:
        """The loaded pipeline and the decoding options for one request, validating what a
        client may send."""
        if translate and self.translator is None:
            raise InputError(f"translation is not available on this server: {self.translation_error}")
        name = model or self.default_model
        if name not in self.pipelines:
            raise InputError(f"unknown model {name!r}; this server offers: {', '.join(self.pipelines)}")
        base = self.pipelines[name]
        overrides = {}
        for key, value, (low, high) in (("num_beams", num_beams, BEAMS_RANGE),
                                        ("max_new_tokens", max_new_tokens, MAX_NEW_TOKENS_RANGE)):
            if value is None or value == "":
                continue
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise InputError(f"{key} must be a whole number, not {value!r}") from None
            if not low <= number <= high:
                raise InputError(f"{key} must be between {low} and {high}, not {number}")
            overrides[key] = number
        return base, base.decoding.with_overrides(**overrides)


def check_text(text: str | None) -> str:
    """Refuse what cannot be a page before any work is done."""
    if text is None or not text.strip():
        raise InputError("nothing to summarise: the text is empty. Paste a news page, "
                         "upload a .txt or .html file, or pick an example.")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the text is {len(text):,} characters long; this demo takes at most "
                         f"{MAX_TEXT_CHARS:,} (a news page is rarely over 30,000)")
    if "\x00" in text:
        raise InputError("the text contains NUL bytes: it looks like a binary file, not a page")
    return text


def read_upload(path: str | os.PathLike | None) -> str:
    """Decode an uploaded .txt/.html file (BOM, UTF-8, then charset detection)."""
    if not path:
        return ""
    path = Path(path)
    name = path.name
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise InputError(f"{name}: only .txt and .html files can be summarised")
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        raise InputError(f"{name}: {size / 1e6:.1f} MB is too large for one page "
                         f"(at most {MAX_TEXT_CHARS:,} characters)")
    return check_text(decode_bytes(path.read_bytes(), name))


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {PLURALS.get(word, word + 's')}"


def segmentation_value(document: Document) -> list[tuple[str, str | None]]:
    """The HighlightedText value: every line with its category, one per row."""
    return highlighted((line.text, line.label) for line in document.lines)


def highlighted(lines: Iterable[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """(text, label) pairs as HighlightedText rows, a line break between them."""
    value: list[tuple[str, str | None]] = []
    for i, (text, label) in enumerate(lines):
        if i:
            value.append(("\n", None))
        value.append((text.strip(), category(label)))
    return value


def lines_json(document: Document) -> list[dict[str, Any]]:
    return [{"text": line.text, "label": line.label, "kept": line.is_main} for line in document.lines]


def summarize_info(result: Result, decoding: DecodingOptions) -> dict[str, Any]:
    return {
        "ok": True,
        "error": None,
        "title": result.document.title,
        "model": result.summary_model,
        "engine": result.engine,
        "translation_model": result.translation_model,
        "num_beams": decoding.num_beams,
        "max_new_tokens": decoding.max_new_tokens,
        "timings": result.timings,
        "warnings": result.warnings,
        "removed": result.document.removed_counts(),
        "kept_lines": len(result.document.lines) - len(result.document.removed),
    }


def error_info(message: str, document: Document | None = None,
               warnings: list[str] | None = None) -> dict[str, Any]:
    info: dict[str, Any] = {"ok": False, "error": message, "warnings": warnings or []}
    if document is not None:
        info["removed"] = document.removed_counts()
    return info


def status_markdown(info: dict[str, Any] | None) -> str:
    """A short human summary of a result or of what went wrong."""
    if not info:
        return ""
    parts: list[str] = []
    if not info.get("ok"):
        error = info.get("error") or "something went wrong"
        parts.append(f"**Could not do it.** {error[:1].upper()}{error[1:]}")
    elif "lines" in info:  # a /segment answer
        kept = sum(1 for line in info["lines"] if line["kept"])
        parts.append(f"Segmented: kept **{_plural(kept, 'line')}** of the article.")
    else:
        timings = info.get("timings") or {}
        stages = " · ".join(f"{stage} {timings[stage]:.2f} s"
                            for stage in ("segment", "summarize", "translate") if stage in timings)
        parts.append(f"Summarised in **{timings.get('total', 0):.2f} s** ({stages}) with "
                     f"`{_model_label(str(info.get('model')))}` ({info.get('engine')}, {_plural(info.get('num_beams', 1), 'beam')}, "
                     f"≤ {info.get('max_new_tokens')} new tokens).")
    removed = info.get("removed")
    if removed is not None and info.get("ok", True):
        listing = ", ".join(_plural(n, LABEL_NAMES.get(label, label)) for label, n in removed.items())
        parts.append(f"Removed from the article: {listing or 'nothing'}.")
    for warning in info.get("warnings") or []:
        parts.append(f"- Note: {warning}")
    return "\n\n".join(parts[:2]) + ("\n\n" + "\n".join(parts[2:]) if parts[2:] else "")


# --------------------------------------------------------------------------- handlers


class Handlers:
    """The functions behind the page's events; each catches expected errors and turns
    them into a message instead of a traceback popup."""

    def __init__(self, service: Service):
        self.service = service

    def summarize(self, text: str, translate: bool = False, num_beams: float | None = None,
                  max_new_tokens: float | None = None, model: str | None = None):
        try:
            text = check_text(text)
            pipeline, decoding = self.service.request(model, num_beams, max_new_tokens, bool(translate))
            # summarize_many, not summarize: a page with no article still shows its segmentation.
            result = pipeline.summarize_many([text], bool(translate), decoding=decoding)[0]
        except SummarizerError as exc:
            return "", "", None, error_info(str(exc))
        except Exception as exc:  # noqa: BLE001 - the page shows a message, the log the traceback
            log.exception("summarisation failed")
            return "", "", None, error_info(f"summarisation failed: {type(exc).__name__}: {exc}")
        if result.error:
            return "", "", segmentation_value(result.document), \
                error_info(result.error, result.document, result.warnings)
        return (result.summary, result.translation or "", segmentation_value(result.document),
                summarize_info(result, decoding))

    def segment(self, text: str) -> dict[str, Any]:
        try:
            text = check_text(text)
            document, warnings = prepare(text)
        except SummarizerError as exc:
            return error_info(str(exc))
        except Exception as exc:  # noqa: BLE001
            log.exception("segmentation failed")
            return error_info(f"segmentation failed: {type(exc).__name__}: {exc}")
        return {"ok": True, "error": None, "title": document.title, "warnings": warnings,
                "removed": document.removed_counts(), "lines": lines_json(document)}

    @staticmethod
    def show_segment(info: dict[str, Any] | None):
        """UI step after /segment: draw its lines and the status."""
        lines = (info or {}).get("lines") or []
        value = highlighted((line["text"], line["label"]) for line in lines)
        return (value or None), status_markdown(info), "", ""

    @staticmethod
    def load_file(path: str | None):
        """Upload step: put the decoded file in the text box, or say why it cannot."""
        import gradio as gr

        if not path:
            return gr.update(), ""
        try:
            return read_upload(path), f"Loaded **{Path(path).name}**. Press *Summarise*."
        except SummarizerError as exc:
            return gr.update(), f"**Cannot use this file:** {exc}"
        except OSError as exc:
            return gr.update(), f"**Cannot read the upload:** {exc.strerror or exc}"

    def batch(self, files: list[str] | None, translate: bool = False,
              num_beams: float | None = None, max_new_tokens: float | None = None,
              model: str | None = None, progress=None):
        from .batch import CSV_FIELDS, ResultWriter, error_record

        if progress is None:
            import gradio as gr

            progress = gr.Progress()
        try:
            if not files:
                raise InputError("no files: upload .txt/.html pages or a .zip of them")
            pipeline, decoding = self.service.request(model, num_beams, max_new_tokens, bool(translate))
            inputs = list(iter_batch_inputs(files))
        except SummarizerError as exc:
            return None, f"**Cannot run the batch:** {exc}", None
        started = time.perf_counter()
        records: list[dict[str, Any]] = []
        total = len(inputs)
        progress((0, total), desc="summarising", unit="files")
        chunk_size = 8
        for start in range(0, total, chunk_size):
            chunk = inputs[start:start + chunk_size]
            slots: list[dict[str, Any] | None] = [None] * len(chunk)  # keeps input order
            readable: list[tuple[int, str, str]] = []
            for i, (name, loader) in enumerate(chunk):
                try:
                    readable.append((i, name, check_text(loader())))
                except SummarizerError as exc:
                    slots[i] = error_record(name, str(exc))
                except Exception as exc:  # noqa: BLE001 - one unreadable upload must not sink the batch
                    slots[i] = error_record(name, f"cannot read it: {type(exc).__name__}: {exc}")
            for i, record in zip([i for i, _, _ in readable],
                                 self._summarize_chunk(pipeline, decoding, readable, bool(translate),
                                                       chunk_size)):
                slots[i] = record
            records.extend(record for record in slots if record is not None)
            progress((min(total, start + len(chunk)), total), desc="summarising", unit="files")
        out_dir = Path(tempfile.mkdtemp(prefix="summarizer-batch-"))
        paths = []
        for fmt in ("jsonl", "csv"):
            path = out_dir / f"results.{fmt}"
            writer = ResultWriter(path, fmt)
            writer.open()
            try:
                for record in records:
                    writer.write(record)
            finally:
                writer.close()
            paths.append(str(path))
        failed = sum(1 for r in records if r.get("error"))
        status = (f"Done: {_plural(len(records), 'file')} in {time.perf_counter() - started:.1f} s: "
                  f"{len(records) - failed} summarised, {failed} failed. Download the results below "
                  f"(the same records as `summarizer batch`; CSV columns: {', '.join(CSV_FIELDS)}).")
        preview = [[r.get("path", ""), r.get("title") or "", r.get("summary") or "",
                    r.get("translation") or "", r.get("error") or ""] for r in records]
        return paths, status, preview


    @staticmethod
    def _summarize_chunk(pipeline: Pipeline, decoding: DecodingOptions,
                         readable: list[tuple[int, str, str]], translate: bool,
                         batch_size: int) -> list[dict[str, Any]]:
        """Records for readable inputs, in order, exactly as `summarizer batch` writes them."""
        from .batch import error_record, summarize_records

        named = [(name, text) for _, name, text in readable]
        try:
            return summarize_records(pipeline, named, translate, batch_size, decoding)
        except SummarizerError as exc:
            return [error_record(name, str(exc)) for name, _ in named]


def iter_batch_inputs(files: Sequence[str]):
    """(name, loader) for every page in the uploads; a zip contributes its .txt/.html
    members (read in memory, never extracted, so no path in it can escape)."""
    count = 0

    def add(name, loader):
        nonlocal count
        count += 1
        if count > MAX_BATCH_FILES:
            raise InputError(f"too many files: this demo takes at most {MAX_BATCH_FILES} per batch "
                             "(use `summarizer batch` for more)")
        return name, loader

    for file in files:
        path = Path(file if isinstance(file, (str, os.PathLike)) else file.name)
        name = path.name
        if path.suffix.lower() == ".zip":
            try:
                archive = zipfile.ZipFile(path)
                members = archive.infolist()
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                yield add(name, _raiser(f"{name}: not a readable zip file ({exc})"))
                continue
            if len(members) > MAX_ZIP_MEMBERS:
                yield add(name, _raiser(f"{name}: holds {len(members):,} entries; at most "
                                        f"{MAX_ZIP_MEMBERS:,} are accepted"))
                continue
            budget = MAX_ZIP_BYTES
            for member in sorted(members, key=lambda m: m.filename):
                inner = member.filename.replace("\\", "/")
                base = inner.rsplit("/", 1)[-1]
                if member.is_dir() or inner.startswith("__MACOSX/") or base.startswith("."):
                    continue
                label = f"{name}/{inner}"
                parts = inner.split("/")
                if inner.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                    yield add(label, _raiser(f"{label}: unsafe path in the zip (absolute or with "
                                             "'..'); refused"))
                    continue
                lower = inner.lower()
                if lower.endswith((".zip", ".jar", ".gz", ".tgz", ".7z", ".rar", ".tar", ".xz", ".bz2")):
                    yield add(label, _raiser(f"{label}: archives inside the zip are not opened; "
                                             "put the pages in one zip"))
                    continue
                if not lower.endswith(TEXT_SUFFIXES):
                    continue
                if member.file_size > MAX_PAGE_BYTES or member.file_size > budget:
                    yield add(label, _raiser(f"{label}: {member.file_size / 1e6:.1f} MB is too large"))
                    continue
                if member.file_size > 64 * 2**10 and member.file_size > MAX_ZIP_RATIO * max(1, member.compress_size):
                    yield add(label, _raiser(f"{label}: compressed {member.file_size // max(1, member.compress_size):,} "
                                             "times: refused as a possible zip bomb"))
                    continue
                budget -= member.file_size
                yield add(label, _zip_loader(archive, member, label))
        elif path.suffix.lower() in TEXT_SUFFIXES:
            yield add(name, lambda path=path: read_upload(path))
        else:
            yield add(name, _raiser(f"{name}: only .txt, .html and .zip files are accepted"))


def _raiser(message: str):
    def load() -> str:
        raise InputError(message)
    return load


def _zip_loader(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str):
    def load() -> str:
        try:
            # zipfile reads no more than the declared size, and its CRC check refuses an
            # entry whose header lies about it.
            with archive.open(member) as handle:
                data = handle.read(min(member.file_size, MAX_PAGE_BYTES))
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError,
                ValueError, EOFError) as exc:
            raise InputError(f"{label}: cannot read it from the zip ({exc})") from None
        return decode_bytes(data, label)
    return load


# --------------------------------------------------------------------------- page


CSS = """
.gradio-container { max-width: 1280px !important; margin: auto; }
#title h1 { margin-bottom: 0.1em; }
#status { min-height: 2.5em; }
#status p { margin: 0.2em 0; }
.example-btn { font-size: 0.85em !important; }
#batch-preview, #batch-preview * { font-family: var(--font) !important; }
#segmentation .textfield { line-height: 1.9; }
#segmentation .textfield, #segmentation .token, #segmentation .text {
    word-break: normal !important; overflow-wrap: break-word !important; }
#segmentation .label { white-space: nowrap; }
"""


def _model_label(name: str) -> str:
    """A short name for the model menu: hub ids as they are, local folders by their name."""
    path = Path(name)
    return path.name if path.is_dir() else name


def _example_pages(folder: Path = EXAMPLES_DIR) -> list[tuple[str, str]]:
    """(button label, text) for each example page, the seed page first."""
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.txt"), key=lambda p: (p.name != SEED_EXAMPLE, p.name))
    pages = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        first = next((line.strip() for line in text.split("\n") if line.strip()), path.stem)
        label = first if len(first) <= 48 else first[:46].rstrip() + "…"
        pages.append((label, text))
    return pages


def build_app(service: Service, concurrency: int = 1, queue_size: int = 32,
              examples_dir: Path = EXAMPLES_DIR):
    """The page and its API, queued; launch it with ``launch(demo, ...)``."""
    import gradio as gr

    handlers = Handlers(service)
    decoding = service.default_decoding
    models = list(service.pipelines)
    translation_ok = service.translator is not None

    with gr.Blocks(title="Tóm tắt tin tức · Vietnamese news summariser",
                   analytics_enabled=False) as demo:
        gr.Markdown(
            "# Tóm tắt tin tức · Vietnamese news summariser\n"
            "Paste a scraped Vietnamese news page (or upload a `.txt`/`.html` file). The page is "
            "split into its **article** (title, lead, body) and what is **removed** (captions, "
            "bylines, *Có thể bạn quan tâm* teasers, boilerplate); the article is summarised with "
            "ViT5 and, if you like, translated to English.",
            elem_id="title",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=300):
                gr.Markdown("### Options")
                model = gr.Dropdown([(_model_label(name), name) for name in models], value=models[0],
                                    label="Summary model",
                                    interactive=len(models) > 1)
                translate = gr.Checkbox(
                    value=False, label="Translate the summary to English",
                    interactive=translation_ok,
                    info=None if translation_ok else f"unavailable: {service.translation_error}")
                beams = gr.Slider(*BEAMS_RANGE, value=decoding.num_beams, step=1,
                                  label="Beams", info="more is slower, often a little better")
                max_tokens = gr.Slider(*MAX_NEW_TOKENS_RANGE, value=decoding.max_new_tokens, step=8,
                                       label="Max. summary length", info="in tokens")
            with gr.Column(scale=4):
                with gr.Tabs():
                    with gr.Tab("Summarise a page", id="single"):
                        text = gr.Textbox(label="News page (text or HTML)", lines=10, max_lines=18,
                                          placeholder="Dán nội dung trang báo vào đây… / paste the page here",
                                          elem_id="page-text", autoscroll=False)
                        pages = _example_pages(examples_dir)
                        with gr.Row(equal_height=True):
                            upload = gr.File(label="…or upload a .txt / .html file",
                                             file_types=list(TEXT_SUFFIXES), type="filepath",
                                             height=90, scale=2)
                            if pages:
                                with gr.Column(scale=3):
                                    gr.Markdown("**Examples** (one click loads a page)")
                                    with gr.Row():
                                        example_buttons = [
                                            (gr.Button(label, size="sm", elem_classes="example-btn"), page)
                                            for label, page in pages
                                        ]
                        with gr.Row():
                            run = gr.Button("Summarise", variant="primary", elem_id="summarise", scale=3)
                            seg_only = gr.Button("Segment only", elem_id="segment", scale=1)
                            clear = gr.Button("Clear", scale=1)
                        status = gr.Markdown(elem_id="status")
                        with gr.Row():
                            summary = gr.Textbox(label="Summary (Vietnamese)", lines=4,
                                                 interactive=False, buttons=["copy"], elem_id="summary")
                            translation = gr.Textbox(label="English translation", lines=4,
                                                     interactive=False, buttons=["copy"],
                                                     elem_id="translation")
                        segmentation = gr.HighlightedText(
                            label="Segmentation",
                            color_map=COLOR_MAP, show_legend=False, show_inline_category=True,
                            elem_id="segmentation", interactive=False)
                        with gr.Accordion("Details (JSON: timings, warnings, removed lines)", open=False):
                            details = gr.JSON(label="Info", elem_id="details")
                        with gr.Accordion("Use it from Python (API)", open=False):
                            gr.Markdown("```text\n" + API_DOC + "```")

                    with gr.Tab("Batch", id="batch"):
                        gr.Markdown("Upload several `.txt`/`.html` pages or a `.zip` of them "
                                    f"(at most {MAX_BATCH_FILES}). The options on the left apply. "
                                    "Results are the same records as `summarizer batch`.")
                        batch_files = gr.File(label="Pages or a .zip", file_count="multiple", elem_id="batch-files",
                                              file_types=list(TEXT_SUFFIXES) + [".zip"], type="filepath")
                        batch_run = gr.Button("Summarise all", variant="primary", elem_id="batch-run")
                        batch_status = gr.Markdown(label="Status")
                        batch_out = gr.File(label="Results (JSONL and CSV)", file_count="multiple",
                                            interactive=False)
                        batch_table = gr.Dataframe(
                            headers=["path", "title", "summary", "translation", "error"],
                            label="Preview", interactive=False, wrap=True, elem_id="batch-preview",
                            column_widths=["16%", "24%", "30%", "18%", "12%"], max_height=420)

        model_inputs = [text, translate, beams, max_tokens, model]
        run.click(handlers.summarize, model_inputs, [summary, translation, segmentation, details],
                  api_name="summarize", api_description="Summarise one page; see the API accordion.",
                  concurrency_limit=concurrency, concurrency_id="model").then(
            status_markdown, details, status, api_visibility="private", queue=False)
        seg_only.click(handlers.segment, text, details, api_name="segment",
                       api_description="Segment one page into kept and removed lines.",
                       concurrency_limit=4, concurrency_id="segment").then(
            handlers.show_segment, details, [segmentation, status, summary, translation],
            api_visibility="private", queue=False)

        def run_batch(files, translate, num_beams, max_new_tokens, model, progress=gr.Progress()):
            return handlers.batch(files, translate, num_beams, max_new_tokens, model, progress=progress)

        batch_run.click(run_batch, [batch_files, translate, beams, max_tokens, model],
                        [batch_out, batch_status, batch_table], api_name="batch",
                        concurrency_limit=concurrency, concurrency_id="model")

        upload.upload(handlers.load_file, upload, [text, status], api_visibility="private", queue=False)
        clear.click(lambda: ("", "", "", None, None, "", None), None,
                    [text, summary, translation, segmentation, details, status, upload],
                    api_visibility="private", queue=False)
        if pages:
            for button, page in example_buttons:
                button.click(lambda page=page: (page, "", "", None, ""), None,
                             [text, summary, translation, segmentation, status],
                             api_visibility="private", queue=False)

    demo.queue(max_size=queue_size, default_concurrency_limit=concurrency)
    return demo


def launch(demo, host: str = "127.0.0.1", port: int | None = 7860, share: bool = False,
           prevent_thread_lock: bool = False, quiet: bool = False):
    """Start the server with the page's theme and limits (gradio 6: theme/css go here)."""
    return demo.launch(
        server_name=host, server_port=port, share=share, prevent_thread_lock=prevent_thread_lock,
        max_file_size=MAX_UPLOAD, show_error=False, quiet=quiet, inbrowser=False,
        theme=_theme(), css=CSS,
        footer_links=["api", "gradio"], ssr_mode=False,
    )


def _theme():
    """Soft and green, with local fonts only: the page must look right offline."""
    import gradio as gr

    sans = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "DejaVu Sans Mono", "monospace"]
    return gr.themes.Soft(primary_hue="emerald", secondary_hue="slate", neutral_hue="slate",
                          font=sans, font_mono=mono)


# --------------------------------------------------------------------------- CLI


def serve(args: argparse.Namespace) -> None:
    """Load the models, then serve until interrupted (``summarizer serve``)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    summary_models = args.summary_model
    if isinstance(summary_models, str):
        summary_models = [summary_models]
    if not summary_models:
        from .config import DEFAULT_SUMMARY_MODEL

        summary_models = [DEFAULT_SUMMARY_MODEL]
    decoding = DecodingOptions().with_overrides(num_beams=getattr(args, "beams", None),
                                                max_new_tokens=getattr(args, "max_new_tokens", None))
    print(f"loading models: {', '.join(summary_models)} + {args.translation_model} …", flush=True)
    service = Service.load(summary_models, args.translation_model, device=args.device,
                           decoding=decoding, window_tokens=args.window_tokens, engine=args.engine,
                           compute_type=args.compute_type, threads=args.threads)
    demo = build_app(service, concurrency=getattr(args, "concurrency", 1) or 1,
                     queue_size=getattr(args, "queue_size", 32) or 32)
    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.share:
        log.warning("serving on %s: anyone who can reach this address can use the demo", args.host)
    launch(demo, host=args.host, port=args.port, share=args.share)


def build_parser() -> argparse.ArgumentParser:
    """``python -m summarizer.app``: the options of ``summarizer serve``."""
    from .cli import add_serve_arguments

    parser = argparse.ArgumentParser(prog="python -m summarizer.app",
                                     description="Run the Gradio web demo (localhost only by default).")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    add_serve_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .cli import run

    args = build_parser().parse_args(argv)
    return run(args, lambda parsed: serve(parsed) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
