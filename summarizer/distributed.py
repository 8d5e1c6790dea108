"""Distributed batch summarisation on Ray Data (``pip install 'summarizer[ray]'``).

The same records as :func:`summarizer.batch.run_batch`, produced by a pool of Ray actors
that each load the models once::

    from summarizer import Pipeline
    from summarizer.distributed import run_ray_batch

    pipe = Pipeline(device="cuda")                      # the actors build their own copy
    run_ray_batch(pipe, "pages/", "results.jsonl", address="auto",
                  num_workers=4, num_gpus_per_worker=1)

Inputs are a folder of text files (read by the driver, so the folder only has to exist
where the command runs) or JSONL/Parquet files of records with a text field and an id
field (``path`` or ``id``), read in parallel by Ray Data (local paths visible to every
node, or s3://, gs://, ... URIs).

Results stream back to the driver, which appends them to one output with the same
crash-safe writer as ``summarizer batch``: one flushed JSONL/CSV line per record (or, for
Parquet, an atomically renamed part file per chunk of records in an output folder). A
re-run skips inputs already recorded, whichever engine wrote them.
"""
from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .batch import (
    BatchReport, OutputLock, ResultWriter, error_record, find_inputs, read_page, summarize_records,
    with_notes, write_records,
)
from .errors import InputError, SummarizerError
from .pipeline import Pipeline

log = logging.getLogger(__name__)

RECORD_SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz", ".parquet")
ID_FIELDS = ("path", "id")
FATAL = "__fatal__"  # marks a batch that failed with a SummarizerError inside an actor


def _require_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise SummarizerError("the ray engine is not installed: pip install 'summarizer[ray]'") from None
    return ray


def pipeline_options(pipeline: Pipeline) -> dict[str, Any]:
    """The constructor arguments of a Pipeline, so each actor builds (and loads) its own
    copy; a pipeline whose models are already loaded is never shipped."""
    return {
        "summary_model": pipeline.summary_model_name,
        "translation_model": pipeline.translation_model_name,
        "device": pipeline.device,
        "decoding": pipeline.decoding,
        "translation_decoding": pipeline.translation_decoding,
        "window_tokens": pipeline.window_tokens,
        "engine": pipeline.engine,
        "compute_type": pipeline.compute_type,
        "threads": pipeline.threads,
    }


class SummarizeActor:
    """One Ray actor: loads the models once, then turns batches of (path, text[, error])
    rows into records. Segmentation, summarisation and translation all run here through
    summarize_records, so each record is the one `summarizer batch` would write."""

    def __init__(self, options: dict[str, Any], translate: bool, batch_size: int):
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # Models load on the first batch, not here, so a SummarizerError (a missing model)
        # is caught in __call__ and reaches the driver as itself; Ray would report one
        # raised in the constructor only as ActorDiedError.
        self.pipeline = Pipeline(**options)
        self.translate = translate
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        paths = [str(p) for p in batch["path"]]
        texts = list(batch["text"])
        errors = list(batch["error"]) if "error" in batch else [None] * len(paths)
        notes = {p: json.loads(n) for p, n in zip(paths, batch["notes"])} if "notes" in batch else {}
        records: dict[str, dict[str, Any]] = {}
        readable: list[tuple[str, str]] = []
        for path, text, error in zip(paths, texts, errors):
            if isinstance(error, str) and error:
                records[path] = error_record(path, error)
            elif not isinstance(text, str):
                records[path] = error_record(path, "the record has no text")
            else:
                readable.append((path, text))
        if readable:
            try:
                done = summarize_records(self.pipeline, readable, self.translate, self.batch_size)
            except SummarizerError as exc:
                # Every input would fail the same way: tell the driver, which stops the run.
                fatal = json.dumps({FATAL: type(exc).__name__, "message": str(exc)})
                return {"path": np.array(paths, dtype=object), "record": np.array([fatal] * len(paths), dtype=object)}
            for record in done:
                records[record["path"]] = with_notes(record, notes.get(record["path"]))
        # One JSON string per record: Arrow never has to unify the nested fields
        # (timings, removed, warnings) whose keys differ from record to record.
        out = [json.dumps(records[path], ensure_ascii=False) for path in paths]
        return {"path": np.array(paths, dtype=object), "record": np.array(out, dtype=object)}


# ----------------------------------------------------------------------------- inputs

def is_record_source(source: str | Path) -> bool:
    """JSONL/Parquet record files (or a folder of them, marked by a trailing suffix glob)
    rather than a folder of text pages."""
    name = str(source).lower()
    return name.endswith(RECORD_SUFFIXES) or "://" in name


def _folder_rows(folder: Path, pattern: str, exclude: set[Path], done: set[str]
                 ) -> tuple[list[dict[str, Any]], int]:
    """Rows for the files not yet done; read here, in the driver, so the folder need not
    be visible to the workers. Unreadable files become rows carrying their error."""
    rows, total = [], 0
    for path in find_inputs(folder, pattern, exclude):
        total += 1
        rel = path.relative_to(folder).as_posix()
        if rel in done:
            continue
        try:
            text, notes = read_page(path, rel)
        except InputError as exc:
            # "" rather than None: an all-null column would come back as NaN.
            rows.append({"path": rel, "text": "", "error": str(exc), "notes": "[]"})
            continue
        rows.append({"path": rel, "text": text, "error": "", "notes": json.dumps(notes)})
    return rows, total


def _read_records(ray, source: str | list[str], id_field: str | None, text_field: str):
    """A dataset of (path, text) rows from JSONL or Parquet records."""
    paths = source if isinstance(source, list) else [source]
    if all(str(p).lower().endswith(".parquet") for p in paths):
        ds = ray.data.read_parquet([str(p) for p in paths])
    else:
        ds = ray.data.read_json([str(p) for p in paths], lines=True)
    columns = ds.columns()
    if id_field is None:
        id_field = next((f for f in ID_FIELDS if f in columns), None)
    if id_field not in columns:
        raise InputError(f"{source}: no id field ({id_field or ' or '.join(ID_FIELDS)}) in {columns}")
    if text_field not in columns:
        raise InputError(f"{source}: no {text_field!r} field in {columns}")

    def select(batch):
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = pc.cast(batch.column(id_field), pa.string())
        return pa.table({"path": ids, "text": pc.cast(batch.column(text_field), pa.string())})

    return ds.map_batches(select, batch_format="pyarrow", batch_size=None)


def _drop_done(ds, done: set[str]):
    """Filter out ids already recorded (the set travels once, with the function)."""
    if not done:
        return ds
    done_ids = sorted(done)

    def keep(batch):
        import pyarrow as pa
        import pyarrow.compute as pc

        return batch.filter(pc.invert(pc.is_in(batch.column("path"), value_set=pa.array(done_ids))))

    return ds.map_batches(keep, batch_format="pyarrow", batch_size=None)


# ----------------------------------------------------------------------------- outputs

PARQUET_SCHEMA_FIELDS = [
    ("path", "string"), ("title", "string"), ("summary", "string"), ("translation", "string"),
    ("removed", "map<string,int64>"), ("warnings", "list<string>"), ("timings", "map<string,double>"),
    ("summary_model", "string"), ("translation_model", "string"), ("engine", "string"),
    ("error", "string"),
]


def _parquet_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "map<string,int64>": pa.map_(pa.string(), pa.int64()),
             "map<string,double>": pa.map_(pa.string(), pa.float64()),
             "list<string>": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in PARQUET_SCHEMA_FIELDS])


class ParquetPartWriter:
    """Records into a folder of Parquet part files, each written to a temporary name and
    renamed when complete, so a killed run leaves only whole parts (at most one chunk of
    records is redone). Same interface as ResultWriter."""

    def __init__(self, folder: Path, records_per_part: int = 1000):
        self.path = folder
        self.records_per_part = records_per_part
        self._pending: list[dict[str, Any]] = []

    def done_paths(self) -> set[str]:
        import pyarrow.parquet as pq

        done: set[str] = set()
        if not self.path.is_dir():
            return done
        for part in sorted(self.path.glob("part-*.parquet")):
            done.update(p for p in pq.read_table(part, columns=["path"]).column("path").to_pylist() if p)
        for torn in self.path.glob(".part-*.tmp"):
            torn.unlink()
        return done

    def open(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)

    def write(self, record: dict[str, Any]) -> None:
        self._pending.append(record)
        if len(self._pending) >= self.records_per_part:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._pending:
            return
        rows = [{name: record.get(name) for name, _ in PARQUET_SCHEMA_FIELDS} for record in self._pending]
        table = pa.Table.from_pylist(rows, schema=_parquet_schema())
        name = f"part-{time.time_ns():020d}-{os.getpid()}.parquet"
        tmp = self.path / f".{name}.tmp"
        pq.write_table(table, tmp)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, self.path / name)
        self._pending = []

    def close(self) -> None:
        self._flush()


def _writer(output: Path, fmt: str):
    if fmt == "parquet":
        return ParquetPartWriter(output)
    if fmt not in ("jsonl", "csv"):
        raise InputError(f"unknown output format {fmt!r}; choose jsonl, csv or parquet")
    return ResultWriter(output, fmt)


# ----------------------------------------------------------------------------- driver

def _init_ray(ray, address: str | None, init_kwargs: dict[str, Any] | None) -> bool:
    """Connect (address) or start a local cluster, unless Ray is already initialised.
    Returns True when this call started it (and so should shut it down)."""
    if ray.is_initialized():
        return False
    kwargs = {"include_dashboard": False, "log_to_driver": False,
              "logging_level": logging.WARNING, "configure_logging": True}
    kwargs.update(init_kwargs or {})
    if address:
        kwargs["address"] = address
    # The actors import summarizer: on a remote cluster it must be installed on every node
    # (or passed as init_kwargs={"runtime_env": {"py_modules": [summarizer]}}).
    ray.init(**kwargs)
    return True


def _quiet_ray_data(ray) -> None:
    """Our own progress bar and log lines only: no Ray Data bars or per-run INFO logs."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)


def _default_workers(ray, num_gpus_per_worker: float, num_cpus_per_worker: float) -> int:
    resources = ray.cluster_resources()
    if num_gpus_per_worker:
        return max(1, int(resources.get("GPU", 0) // num_gpus_per_worker))
    return max(1, int(resources.get("CPU", 1) // num_cpus_per_worker))


def build_dataset(ray, source, *, options: dict[str, Any], done: set[str], pattern: str = "*.txt",
                  exclude: set[Path] = frozenset(), translate: bool = False, batch_size: int = 8,
                  num_workers: int | None = None, num_gpus_per_worker: float = 0,
                  num_cpus_per_worker: float = 1, id_field: str | None = None,
                  text_field: str = "text") -> tuple[Any, int, int]:
    """The lazy Ray dataset of JSON records for the inputs not yet done, with the count
    of inputs seen and skipped (-1 when Ray Data reads records and the count is not known
    without a pass over them)."""
    if is_record_source(source) or isinstance(source, list):
        ds = _drop_done(_read_records(ray, source, id_field, text_field), done)
        total = skipped = -1
    else:
        folder = Path(source)
        if not folder.is_dir():
            raise InputError(f"{folder} is not a folder (nor a .jsonl/.parquet file of records)")
        rows, total = _folder_rows(folder, pattern, set(exclude), done)
        skipped = total - len(rows)
        if not rows:
            return None, total, skipped
        # Blocks of a few batches each, so every actor gets work even for small inputs.
        blocks = max(1, min(len(rows) // batch_size or 1, 4 * (num_workers or 1) * 4))
        ds = ray.data.from_items(rows, override_num_blocks=blocks)
    workers = num_workers or _default_workers(ray, num_gpus_per_worker, num_cpus_per_worker)
    records = _map_actors(ray, ds, options, translate, batch_size, workers, num_gpus_per_worker,
                          num_cpus_per_worker)
    return records, total, skipped


def _map_actors(ray, ds, options: dict[str, Any], translate: bool, batch_size: int, workers: int,
                num_gpus_per_worker: float, num_cpus_per_worker: float):
    """``ds`` mapped through a pool of ``workers`` SummarizeActors (lazy)."""
    if num_gpus_per_worker and options.get("device") in (None, "auto"):
        options = {**options, "device": "cuda"}  # fail loudly rather than fall back to CPU
    if not num_gpus_per_worker and not options.get("threads"):
        # CPU actors share a machine: give each as many threads as cores it reserved.
        options = {**options, "threads": max(1, int(num_cpus_per_worker))}
    return ds.map_batches(
        SummarizeActor,
        fn_constructor_args=(options, translate, batch_size),
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=num_cpus_per_worker,
        num_gpus=num_gpus_per_worker or None,
        udf_modifying_row_count=False,
    )


def iter_records(dataset) -> Iterator[dict[str, Any]]:
    """Records as the actors finish them (streaming: the first arrive before the last
    input is read)."""
    for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
        for line in batch["record"]:
            record = json.loads(line)
            if FATAL in record:
                from . import errors

                kind = getattr(errors, record[FATAL], SummarizerError)
                if not (isinstance(kind, type) and issubclass(kind, SummarizerError)):
                    kind = SummarizerError
                raise kind(record["message"])
            yield record


def run_ray_batch(
    pipeline: Pipeline,
    source: str | Path | list[str],
    output: str | Path,
    pattern: str = "*.txt",
    fmt: str | None = None,
    batch_size: int = 8,
    translate: bool = False,
    progress: bool = True,
    address: str | None = None,
    num_workers: int | None = None,
    num_gpus_per_worker: float = 0,
    num_cpus_per_worker: float = 1,
    id_field: str | None = None,
    text_field: str = "text",
    init_kwargs: dict[str, Any] | None = None,
) -> BatchReport:
    """Summarise a folder of pages (or JSONL/Parquet records) on a Ray cluster.

    ``address``: None starts a local cluster (or uses the one this process already
    initialised); "auto" or "ray://host:10001" joins an existing one. ``num_workers``
    actors each load the models once (default: one per GPU, or per CPU on a CPU cluster).
    ``fmt`` defaults from the output name: .csv, .parquet (a folder of part files) or JSONL.
    """
    ray = _require_ray()

    output = Path(output)
    fmt = fmt or ("csv" if output.suffix == ".csv" else "parquet" if output.suffix == ".parquet" else "jsonl")
    output.parent.mkdir(parents=True, exist_ok=True)
    writer = _writer(output, fmt)
    report = BatchReport()
    with OutputLock(output) as lock:
        done = writer.done_paths()
        started = _init_ray(ray, address, init_kwargs)
        _quiet_ray_data(ray)
        try:
            dataset, report.total, report.skipped = build_dataset(
                ray, source, options=pipeline_options(pipeline), done=done, pattern=pattern,
                exclude={output.resolve(), lock.path.resolve()}, translate=translate,
                batch_size=batch_size, num_workers=num_workers,
                num_gpus_per_worker=num_gpus_per_worker, num_cpus_per_worker=num_cpus_per_worker,
                id_field=id_field, text_field=text_field)
            if report.skipped > 0:
                log.info("skipping %d inputs already in %s", report.skipped, output)
            if dataset is None:
                return report
            todo = report.total - report.skipped if report.total >= 0 else None
            write_records(writer, iter_records(dataset), report, todo, output, progress)
            if report.total < 0:  # records source: skipped ones were filtered inside Ray
                report.skipped = len(done)
                report.total = report.skipped + report.succeeded + report.failed
        finally:
            if started:
                ray.shutdown()
    return report


def summarize_dataset(dataset, pipeline: Pipeline, *, translate: bool = False, batch_size: int = 8,
                      num_workers: int = 1, num_gpus_per_worker: float = 0,
                      num_cpus_per_worker: float = 1):
    """For callers with their own Ray dataset of ``path`` + ``text`` rows: the lazy
    dataset of (path, record) rows, record being the JSON of `summarizer batch`'s record.
    Write it with e.g. ``.write_json(dir)`` or iterate it with :func:`iter_records`."""
    return _map_actors(_require_ray(), dataset, pipeline_options(pipeline), translate, batch_size,
                       num_workers, num_gpus_per_worker, num_cpus_per_worker)
