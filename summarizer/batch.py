"""Batch summarisation of a folder into JSONL or CSV, resumable and crash-safe.

Each finished record is appended and flushed at once, so an interruption loses nothing
already done; a re-run with the same output skips inputs already recorded.
"""
from __future__ import annotations

import csv
import fcntl
import fnmatch
import json
import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .config import DecodingOptions
from .errors import InputError, SummarizerError
from .io import read_file
from .pipeline import Pipeline
from .types import Result

log = logging.getLogger(__name__)

CSV_FIELDS = [
    "path", "title", "summary", "translation", "removed", "warnings", "timings",
    "summary_model", "translation_model", "engine", "error",
]


@dataclass
class BatchReport:
    total: int = 0
    skipped: int = 0
    succeeded: int = 0
    failed: int = 0


def result_record(path: str, result: Result) -> dict[str, Any]:
    """The record written for one input: what a reader of the results needs."""
    return {
        "path": path,
        "title": result.document.title,
        "summary": result.summary,
        "translation": result.translation,
        "removed": result.document.removed_counts(),
        "warnings": result.warnings,
        "timings": result.timings,
        "summary_model": result.summary_model,
        "translation_model": result.translation_model,
        "engine": result.engine,
        "error": result.error,
    }


def error_record(path: str, message: str) -> dict[str, Any]:
    return {"path": path, "error": message}


def find_inputs(root: Path, pattern: str, exclude: set[Path]) -> Iterator[Path]:
    """Files under root matching pattern, sorted, never following directory symlinks
    (so a symlink loop cannot recurse forever). Entries that are not regular files
    (FIFOs, broken links, link loops) are yielded too: reading them records an error."""
    def onerror(exc: OSError) -> None:
        log.warning("cannot list %s: %s", exc.filename, exc.strerror or exc)

    for folder, dirs, files in os.walk(root, followlinks=False, onerror=onerror):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            target = rel if "/" in pattern else name
            if not fnmatch.fnmatch(target, pattern):
                continue
            try:
                resolved = path.resolve()
            except (OSError, RuntimeError):  # a symlink loop on some Python versions
                resolved = path
            if resolved not in exclude:
                yield path


class Interrupted(KeyboardInterrupt):
    """SIGTERM (or SIGHUP) during a batch: handled like Ctrl-C, so the run stops cleanly
    (results flushed, lock released) and a re-run resumes."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _SignalGuard:
    """Turns SIGTERM/SIGHUP into Interrupted and holds back SIGINT/SIGTERM/SIGHUP while
    a record is being written, so a signal never tears a line (only kill -9 can, and the
    next run repairs that)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self._previous: dict[int, Any] = {}
        self._writing = False
        self._pending: int | None = None

    def _handler(self, signum: int, frame: Any) -> None:
        if self._writing:
            self._pending = signum
            return
        self._raise(signum)

    @staticmethod
    def _raise(signum: int) -> None:
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Interrupted(signum)

    def __enter__(self) -> "_SignalGuard":
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    @contextmanager
    def writing(self):
        self._writing = True
        try:
            yield
        finally:
            self._writing = False
            pending, self._pending = self._pending, None
            if pending is not None:
                self._raise(pending)


class ResultWriter:
    """Appends records to JSONL or CSV, one flushed line per record."""

    def __init__(self, path: Path, fmt: str):
        self.path = path
        self.fmt = fmt
        self._file: TextIO | None = None
        self._csv: csv.DictWriter | None = None

    def done_paths(self) -> set[str]:
        """Inputs already recorded, after dropping a torn last line left by a kill."""
        if not self.path.exists():
            return set()
        self._repair_tail()
        with self.path.open(encoding="utf-8", newline="") as handle:
            if self.fmt == "csv":
                return {row["path"] for row in csv.DictReader(handle) if row.get("path")}
            done = set()
            for line in handle:
                try:
                    done.add(json.loads(line)["path"])
                except (ValueError, KeyError, TypeError):
                    log.warning("ignoring an unreadable line in %s", self.path)
            return done

    def _repair_tail(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            log.warning("%s ended in a partly written record; it is dropped and redone", self.path)
            with self.path.open("r+b") as handle:
                handle.truncate(keep)

    def open(self) -> None:
        new = not self.path.exists() or self.path.stat().st_size == 0
        self._file = self.path.open("a", encoding="utf-8", newline="")
        if self.fmt == "csv":
            self._csv = csv.DictWriter(self._file, CSV_FIELDS, extrasaction="ignore")
            if new:
                self._csv.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        assert self._file is not None
        if self._csv is not None:
            row = {}
            for key in CSV_FIELDS:
                value = record.get(key)
                if isinstance(value, (dict, list)):
                    value = json.dumps(value, ensure_ascii=False)
                # One physical line per record keeps torn-tail repair simple.
                row[key] = "" if value is None else str(value).replace("\n", " ")
            self._csv.writerow(row)
        else:
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None


class OutputLock:
    """An exclusive lock beside the output, so two runs cannot interleave records."""

    def __init__(self, output: Path):
        self.path = output.with_name(output.name + ".lock")
        self._handle: TextIO | None = None

    def __enter__(self) -> "OutputLock":
        for _ in range(10):
            handle = self.path.open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                raise InputError(f"another run is already writing {self.path.with_suffix('')} "
                                 f"(its lock {self.path} is held); wait for it to finish or "
                                 "choose another output") from None
            # The previous holder deletes the lock file on exit: if ours was deleted in
            # between, a third run may lock a new file; lock the file at the path instead.
            try:
                same = os.path.samestat(os.fstat(handle.fileno()), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                handle.truncate(0)
                handle.write(f"{os.getpid()}\n")
                handle.flush()
                self._handle = handle
                return self
            handle.close()
        raise InputError(f"cannot take the lock {self.path}: it keeps changing")

    def __exit__(self, *exc: object) -> None:
        assert self._handle is not None
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self.path.unlink(missing_ok=True)


def run_batch(
    pipeline: Pipeline,
    input_dir: Path,
    output: Path,
    pattern: str = "*.txt",
    fmt: str = "jsonl",
    batch_size: int = 8,
    translate: bool = False,
    progress: bool = True,
) -> BatchReport:
    if not input_dir.is_dir():
        raise InputError(f"{input_dir} is not a folder")
    output.parent.mkdir(parents=True, exist_ok=True)
    writer = ResultWriter(output, fmt)
    report = BatchReport()
    with OutputLock(output) as lock:
        done = writer.done_paths()
        exclude = {output.resolve(), lock.path.resolve()}
        inputs = [(p, p.relative_to(input_dir).as_posix()) for p in find_inputs(input_dir, pattern, exclude)]
        report.total = len(inputs)
        todo = [(p, rel) for p, rel in inputs if rel not in done]
        report.skipped = report.total - len(todo)
        if report.skipped:
            log.info("skipping %d inputs already in %s", report.skipped, output)
        chunks = (todo[start:start + batch_size] for start in range(0, len(todo), batch_size))
        records = (record for chunk in chunks
                   for record in _process_chunk(pipeline, chunk, translate, batch_size))
        write_records(writer, records, report, len(todo), output, progress)
    return report


def write_records(writer: ResultWriter, records: Iterator[dict[str, Any]], report: BatchReport,
                  todo: int | None, output: Path, progress: bool = True) -> None:
    """Append records as they come, one flushed line each, counting them in ``report``.
    SIGINT/SIGTERM/SIGHUP stop the run between two lines, never inside one."""
    from tqdm import tqdm

    writer.open()
    try:
        with _SignalGuard() as guard, \
                tqdm(total=todo, unit="file", disable=None if progress else True) as bar:
            for record in records:
                with guard.writing():
                    writer.write(record)
                if record.get("error"):
                    report.failed += 1
                    log.warning("%s: %s", record["path"], record["error"])
                else:
                    report.succeeded += 1
                bar.update(1)
    except KeyboardInterrupt as exc:
        name = exc.args[0] if isinstance(exc, Interrupted) else "SIGINT (Ctrl-C)"
        log.warning("stopped by %s after %d inputs; %s holds every finished record: "
                    "run the same command again to resume", name,
                    report.succeeded + report.failed, output)
        raise
    finally:
        writer.close()


def read_page(path: Path, rel: str) -> tuple[str, list[str]]:
    """A page's text and its decoding notes (e.g. a legacy encoding converted), naming
    the file by its path relative to the input folder. Raises InputError."""
    decoded = read_file(path)
    return decoded.text, [w.replace(str(path), rel, 1) for w in decoded.warnings]


def summarize_records(pipeline: Pipeline, named_texts: list[tuple[str, str]], translate: bool,
                      batch_size: int, decoding: DecodingOptions | None = None) -> list[dict[str, Any]]:
    """Records for (name, text) pairs in order, summarised in one batched call. If the
    batch fails (one pathological input), its items are retried one by one so only the
    culprit is recorded as an error. SummarizerError (e.g. a missing model) propagates:
    every input would fail the same way."""
    texts = [text for _, text in named_texts]
    try:
        results = pipeline.summarize_many(texts, translate, batch_size, decoding)
        return [result_record(name, result) for (name, _), result in zip(named_texts, results)]
    except SummarizerError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad input must not sink the batch
        log.warning("batch failed (%s); retrying its %d inputs one by one", exc, len(named_texts))
    records = []
    for name, text in named_texts:
        try:
            result = pipeline.summarize_many([text], translate, 1, decoding)[0]
        except SummarizerError:
            raise
        except Exception as exc:  # noqa: BLE001
            records.append(error_record(name, f"summarisation failed: {type(exc).__name__}: {exc}"))
            continue
        records.append(result_record(name, result))
    return records


def _process_chunk(pipeline: Pipeline, chunk: list[tuple[Path, str]], translate: bool,
                   batch_size: int) -> Iterator[dict[str, Any]]:
    readable: list[tuple[str, str]] = []
    notes: dict[str, list[str]] = {}
    for path, rel in chunk:
        try:
            text, notes[rel] = read_page(path, rel)
        except InputError as exc:
            yield error_record(rel, str(exc))
            continue
        readable.append((rel, text))
    if readable:
        for record in summarize_records(pipeline, readable, translate, batch_size):
            yield with_notes(record, notes.get(record["path"]))


def with_notes(record: dict[str, Any], notes: list[str] | None) -> dict[str, Any]:
    """The record with the input's decoding notes first among its warnings."""
    if notes:
        record["warnings"] = notes + (record.get("warnings") or [])
    return record
