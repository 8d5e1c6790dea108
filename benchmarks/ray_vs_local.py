"""Single-process `summarizer batch` against `--engine ray` on a local Ray cluster.

Builds a random-weight T5 (no download; compute does not depend on the weights) with the
tokenizer of the test models, writes N pages from tests/data/vietnews-sample.jsonl, then
times, on the same inputs and decoding:

  local              run_batch in this process, torch using all cores
  ray W x C          run_ray_batch on a local cluster (ray.init(num_cpus=cores)), W actors
                     of C CPUs each (C torch threads), for each W x C that fits the cores

Each Ray row reports the cluster start (ray.init) apart from the run, which includes
starting the actors and loading the model in each. Not a test; run by hand:

  python benchmarks/ray_vs_local.py                 # small model (d_model 256, 4+4 layers)
  python benchmarks/ray_vs_local.py --model tiny    # the 2-layer test model: pure overhead
  python benchmarks/ray_vs_local.py --pages 48 --max-new-tokens 32
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SIZES = {
    "tiny": None,  # the test model as built by tests/tiny_models.py
    "small": dict(d_model=256, d_ff=1024, d_kv=32, num_heads=8, num_layers=4, num_decoder_layers=4),
}


def build_model(folder: Path, size: str) -> Path:
    import torch
    from transformers import AutoTokenizer, T5Config, T5ForConditionalGeneration

    from tiny_models import build_t5

    build_t5(folder)
    if SIZES[size] is None:
        return folder
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = T5Config(vocab_size=len(tokenizer), pad_token_id=tokenizer.pad_token_id,
                      eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.pad_token_id,
                      tie_word_embeddings=True, **SIZES[size])
    torch.manual_seed(0)
    model = T5ForConditionalGeneration(config)
    with torch.no_grad():  # never stop early: every page decodes max_new_tokens tokens
        for token in (tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id):
            model.get_output_embeddings().weight[token] = 0
    model.save_pretrained(folder)
    return folder


def make_pages(folder: Path, count: int) -> None:
    records = [json.loads(line) for line in
               (ROOT / "tests/data/vietnews-sample.jsonl").read_text(encoding="utf-8").splitlines()]
    for i in range(count):
        record = records[i % len(records)]
        body = record["body"][i % 3:] or record["body"]
        path = folder / f"part{i % 3}" / f"page{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{record['title']} ({i})\n\n" + "\n\n".join(body), encoding="utf-8")


def strip(output: Path) -> dict[str, dict]:
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return {r["path"]: {k: v for k, v in r.items() if k != "timings"} for r in records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=sorted(SIZES), default="small")
    parser.add_argument("--pages", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    args = parser.parse_args()

    import ray

    from summarizer.batch import run_batch
    from summarizer.config import DecodingOptions
    from summarizer.distributed import run_ray_batch
    from summarizer.pipeline import Pipeline

    logging.basicConfig(level=logging.ERROR)
    work = Path(tempfile.mkdtemp(prefix="ray-vs-local-"))
    try:
        model = build_model(work / "model", args.model)
        pages = work / "pages"
        make_pages(pages, args.pages)

        def pipeline(threads: int = 0) -> Pipeline:
            return Pipeline(str(model), engine="transformers", threads=threads,
                            decoding=DecodingOptions(num_beams=1, max_new_tokens=args.max_new_tokens))

        print(f"{args.pages} pages, model {args.model}, greedy, {args.max_new_tokens} new tokens, "
              f"batch {args.batch_size}, {args.cores} cores")
        rows = []
        t0 = time.perf_counter()
        run_batch(pipeline(args.cores), pages, work / "local.jsonl", batch_size=args.batch_size, progress=False)
        local = time.perf_counter() - t0
        rows.append(("local (1 process)", 0.0, local))
        reference = strip(work / "local.jsonl")

        shapes = [(w, args.cores // w) for w in range(1, args.cores + 1) if args.cores % w == 0]
        for workers, cpus in shapes:
            t0 = time.perf_counter()
            ray.init(num_cpus=args.cores, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR)
            start = time.perf_counter() - t0
            out = work / f"ray-{workers}x{cpus}.jsonl"
            t0 = time.perf_counter()
            run_ray_batch(pipeline(), pages, out, batch_size=args.batch_size, progress=False,
                          num_workers=workers, num_cpus_per_worker=cpus)
            run = time.perf_counter() - t0
            ray.shutdown()
            same = strip(out) == reference
            rows.append((f"ray {workers} x {cpus} CPU{'s' if cpus > 1 else ''}"
                         f"{'' if same else ' (records DIFFER)'}", start, run))

        print(f"{'':<28}{'cluster start':>14}{'run':>9}{'pages/s (run)':>15}")
        for name, start, run in rows:
            print(f"{name:<28}{start:>13.1f}s{run:>8.1f}s{args.pages / run:>15.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
