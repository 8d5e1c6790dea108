"""`--engine ray`: Ray Data batch on a local 2-CPU cluster writes the records of the
single-machine batch and resumes the same way."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from summarizer.batch import run_batch  # noqa: E402
from summarizer.config import DecodingOptions  # noqa: E402
from summarizer.distributed import run_ray_batch  # noqa: E402
from summarizer.pipeline import Pipeline  # noqa: E402
from test_batch import make_pages  # noqa: E402

BATCH = 2


@pytest.fixture(scope="module")
def local_ray():
    """One local cluster for the module: run_ray_batch uses it and leaves it running."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.ERROR, configure_logging=True)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ray") / "pages"
    make_pages(folder, 10)
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (folder / "notes.md").write_text("not matched by the glob", encoding="utf-8")
    return folder


def pipeline(model: Path) -> Pipeline:
    return Pipeline(str(model), engine="transformers",
                    decoding=DecodingOptions(num_beams=1, max_new_tokens=6))


def by_path(output: Path) -> dict[str, dict]:
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len({r["path"] for r in records}), "one record per input"
    return {r["path"]: {k: v for k, v in r.items() if k != "timings"} for r in records}


@pytest.fixture(scope="module")
def local_records(pages, tiny_vit5, tmp_path_factory) -> dict[str, dict]:
    output = tmp_path_factory.mktemp("local") / "results.jsonl"
    run_batch(pipeline(tiny_vit5), pages, output, batch_size=BATCH, progress=False)
    return by_path(output)


def test_ray_batch_writes_the_records_of_the_local_batch_and_resumes(
        local_ray, pages, tiny_vit5, local_records, tmp_path):
    output = tmp_path / "results.jsonl"
    report = run_ray_batch(pipeline(tiny_vit5), pages, output, batch_size=BATCH, progress=False,
                           num_workers=2)
    assert (report.total, report.skipped, report.succeeded, report.failed) == (12, 0, 10, 2)
    assert by_path(output) == local_records
    assert "binary" in local_records["photo.txt"]["error"]

    # Cut the output as a kill would (half the lines and a torn one), then resume.
    lines = output.read_bytes().splitlines(keepends=True)
    output.write_bytes(b"".join(lines[:5]) + lines[5][:15])
    again = run_ray_batch(pipeline(tiny_vit5), pages, output, batch_size=BATCH, progress=False,
                          num_workers=2)
    assert (again.total, again.skipped) == (12, 5)
    assert again.succeeded + again.failed == 7
    assert by_path(output) == local_records

    # Everything done: nothing runs, nothing is added.
    idle = run_ray_batch(pipeline(tiny_vit5), pages, output, progress=False)
    assert (idle.total, idle.skipped, idle.succeeded) == (12, 12, 0)
    assert len(output.read_text().splitlines()) == 12


def test_ray_batch_reads_jsonl_records_and_writes_parquet(local_ray, pages, tiny_vit5, local_records,
                                                          tmp_path):
    import pyarrow.parquet as pq

    source = tmp_path / "pages.jsonl"
    good = {p: r for p, r in local_records.items() if not r.get("error")}
    with source.open("w", encoding="utf-8") as handle:
        for name in sorted(good):
            text = (pages / name).read_text(encoding="utf-8")
            handle.write(json.dumps({"id": name, "text": text, "source": "test"}, ensure_ascii=False) + "\n")
    output = tmp_path / "results.parquet"
    report = run_ray_batch(pipeline(tiny_vit5), source, output, batch_size=BATCH, progress=False,
                           num_workers=1)
    assert (report.succeeded, report.failed) == (len(good), 0)
    table = pq.read_table(output)
    rows = {r["path"]: r for r in table.to_pylist()}
    assert set(rows) == set(good)
    for name, record in good.items():
        assert rows[name]["summary"] == record["summary"] and rows[name]["title"] == record["title"]
    # A re-run skips the ids already in the Parquet folder.
    again = run_ray_batch(pipeline(tiny_vit5), source, output, progress=False, num_workers=1)
    assert (again.skipped, again.succeeded) == (len(good), 0)
