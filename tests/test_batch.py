"""`summarizer batch`: resumable, crash-safe, one record per input, errors recorded."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

FAST = ["--backend", "transformers", "--beams", "1", "--max-new-tokens", "6", "--batch-size", "2"]


def make_pages(folder: Path, count: int) -> list[str]:
    """Distinct realistic pages built from the VietNews sample records."""
    records = [json.loads(l) for l in (ROOT / "tests/data/vietnews-sample.jsonl").read_text().splitlines()]
    names = []
    for i in range(count):
        record = records[i % len(records)]
        body = record["body"][i % 3:] or record["body"]
        sub = folder / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"page{i:03d}.txt"
        path.write_text(f"{record['title']} ({i})\n\n" + "\n\n".join(body), encoding="utf-8")
        names.append(path.relative_to(folder).as_posix())
    return names


def batch_cmd(folder: Path, output: Path, model: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(folder), "-o", str(output),
            "--summary-model", str(model), *FAST, *extra]


def start_and_wait(folder: Path, output: Path, model: Path, lines: int, **popen) -> subprocess.Popen:
    """Start a batch run and return once it has written at least ``lines`` records."""
    process = subprocess.Popen(batch_cmd(folder, output, model), cwd=ROOT,
                               stdout=subprocess.DEVNULL, **popen)
    deadline = time.time() + 240
    while time.time() < deadline:
        if output.exists() and len(output.read_bytes().splitlines()) >= lines:
            break
        time.sleep(0.05)
    return process


def records(output: Path) -> list[dict]:
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]


def test_killed_run_resumes_to_exactly_one_record_per_input(tmp_path, tiny_vit5):
    folder = tmp_path / "pages"
    names = make_pages(folder, 50)
    output = tmp_path / "results.jsonl"
    process = start_and_wait(folder, output, tiny_vit5, 12, stderr=subprocess.DEVNULL)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = len(output.read_bytes().splitlines())
    assert 12 <= partial < 50, "the run must be cut halfway for this test to mean anything"

    done = subprocess.run(batch_cmd(folder, output, tiny_vit5), cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    final = records(output)
    assert sorted(r["path"] for r in final) == sorted(names)
    assert all(r["summary"] and r["error"] is None for r in final)
    assert "already done" in done.stderr.decode()


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path, tiny_vit5):
    folder = tmp_path / "pages"
    make_pages(folder, 3)
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (folder / "notes.md").write_text("not matched by the glob", encoding="utf-8")
    output = folder / "results.jsonl"  # inside the input folder: must not be read as input
    done = subprocess.run(batch_cmd(folder, output, tiny_vit5), cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 1  # some inputs failed
    by_path = {r["path"]: r for r in records(output)}
    assert set(by_path) == {"part0/page000.txt", "part1/page001.txt", "part2/page002.txt",
                            "photo.txt", "empty.txt"}
    assert "binary" in by_path["photo.txt"]["error"]
    assert "nothing to summarise" in by_path["empty.txt"]["error"]
    good = by_path["part1/page001.txt"]
    assert good["summary"] and good["error"] is None and good["title"].endswith("(1)")
    # A re-run skips everything, errors included, and adds nothing.
    again = subprocess.run(batch_cmd(folder, output, tiny_vit5), cwd=ROOT, capture_output=True, timeout=300)
    assert len(records(output)) == 5
    assert "5 already done" in again.stderr.decode()


def test_csv_output_and_torn_tail_repair(tmp_path, tiny_vit5):
    import csv

    folder = tmp_path / "pages"
    names = make_pages(folder, 4)
    output = tmp_path / "results.csv"
    subprocess.run(batch_cmd(folder, output, tiny_vit5, "--format", "csv"), cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert sorted(r["path"] for r in rows) == sorted(names)
    assert all(r["summary"] for r in rows)
    # Simulate a kill in the middle of writing the last row, then resume.
    data = output.read_bytes()
    output.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 1] + data.splitlines()[-1][:20])
    subprocess.run(batch_cmd(folder, output, tiny_vit5, "--format", "csv"), cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert sorted(r["path"] for r in rows) == sorted(names)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_run_stops_cleanly_and_resumes(tmp_path, tiny_vit5, signum):
    """SIGINT and SIGTERM: every finished record stays, no torn line, the lock is released,
    a message says how to resume; the re-run completes each input exactly once."""
    folder = tmp_path / "pages"
    names = make_pages(folder, 12)
    output = tmp_path / "results.jsonl"
    process = start_and_wait(folder, output, tiny_vit5, 3, stderr=subprocess.PIPE)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    stderr = stderr.decode()
    assert process.returncode == 128 + signum, stderr
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    data = output.read_bytes()
    assert data.endswith(b"\n")  # no torn last line
    partial = records(output)
    assert 3 <= len(partial) < 12
    assert len({r["path"] for r in partial}) == len(partial)
    assert not output.with_name(output.name + ".lock").exists()

    done = subprocess.run(batch_cmd(folder, output, tiny_vit5), cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    final = records(output)
    assert final[:len(partial)] == partial  # nothing already written is lost or rewritten
    assert sorted(r["path"] for r in final) == sorted(names)


def test_concurrent_run_on_the_same_output_is_refused(tmp_path, tiny_vit5):
    from summarizer.batch import OutputLock

    folder = tmp_path / "pages"
    make_pages(folder, 2)
    output = tmp_path / "results.jsonl"
    with OutputLock(output):
        busy = subprocess.run(batch_cmd(folder, output, tiny_vit5), cwd=ROOT, capture_output=True,
                              timeout=300)
    assert busy.returncode == 2
    assert "another run is already writing" in busy.stderr.decode()
    assert not output.exists() or not output.read_bytes()
