"""Side-by-side speed and memory of the transformers and CTranslate2 engines.

Builds random-weight models with the real architectures (see build_models.py; no
download), then runs every engine in its own subprocess (so peak RSS is clean) on:

  vit5-base  greedy, batch 1   one 1024-token article, 128 output tokens (median of --runs)
  vit5-base  beam 4, batch 1   the same at beam 4
  vit5-base  beam 4, batch 8   eight 1024-token articles in one batch (time per article)
  vit5-base  32-article folder default decoding (beam 4, no_repeat_ngram 3), batch 8 in
                               length-sorted batches as the product does; article lengths
                               sampled from vietnews-dev (title + body, capped at 1024
                               tokens); 96 output tokens per article
  opus-mt / envit5             a 5-sentence summary translated sentence by sentence in one
                               batch (translation decoding: beam 4), 32 output tokens each

Output lengths are forced (min = max new tokens; ctranslate2: min/max_decoding_length)
so both engines do exactly the same number of decoding steps. Inputs are random token
ids (compute does not depend on the text). Not a test: run it by hand,
`python benchmarks/speed.py` (about 9 minutes on 2 cores) or `--quick` (about 5).
"""
from __future__ import annotations

import argparse
import ast
import gzip
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

DEV_DATA = ROOT.parent / "shared" / "data" / "vietnews-dev.jsonl.gz"
SUMMARY_TOKENS = 96  # forced length of a folder-workload summary (VietNews leads: ~50-90)
ARTICLE_TOKENS = 1024
SINGLE_OUT = 128
# ViT5's tokenizer writes most Vietnamese syllables as one piece; names, numbers and
# rare syllables split. ASSUMED: tokens ~= 1.1 x (syllables + punctuation marks) + </s>.
TOKENS_PER_UNIT = 1.1
SENTENCE_TOKENS = [28, 35, 22, 40, 30]  # a 5-sentence summary, tokens per sentence
TRANSLATION_OUT = 32


def default_models_dir() -> Path:
    base = os.environ.get("SUMMARIZER_CACHE")
    return (Path(base).expanduser() if base else Path.home() / ".cache" / "summarizer") / "bench-models"


def _flatten(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_flatten(v) for v in value)
    return str(value)


def sample_lengths(count: int, seed: int = 0) -> list[int]:
    """Token lengths of `count` articles drawn from the dev set (title + body)."""
    with gzip.open(DEV_DATA, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    rng = random.Random(seed)
    lengths = []
    for record in rng.sample(records, count):
        body = record["body"]
        if isinstance(body, str) and body.startswith("["):
            try:
                body = ast.literal_eval(body)
            except (ValueError, SyntaxError):
                pass
        body = _flatten(body)
        units = len(re.findall(r"\w+|[^\w\s]", record["title"] + "\n" + body))
        lengths.append(min(ARTICLE_TOKENS, int(units * TOKENS_PER_UNIT) + 1))
    return lengths


# ---------------------------------------------------------------- worker side


class Runner:
    """Decodes lists of token ids with one engine, forcing the output length."""

    def __init__(self, engine: str, folder: Path, task: str, compute_type: str, threads: int):
        started = time.perf_counter()
        if engine == "transformers":
            import torch

            from summarizer.models import TransformersModel

            if threads:
                torch.set_num_threads(threads)
            self.model = TransformersModel.load(str(folder), task, "cpu")
        else:
            from summarizer.ct2 import CTranslate2Model

            self.model = CTranslate2Model.load(str(folder), task, "cpu", compute_type, threads)
        self.load_seconds = time.perf_counter() - started
        self.engine = engine
        tok = self.model.tokenizer
        self.eos = tok.eos_token_id
        self.usable = [i for i in range(len(tok)) if i not in tok.all_special_ids]

    def random_ids(self, length: int, rng: random.Random) -> list[int]:
        return [rng.choice(self.usable) for _ in range(length - 1)] + [self.eos]

    def run(self, sources: list[list[int]], decoding, batch_size: int, out_len: int) -> list[int]:
        """Decode in length-sorted batches (as the product does); returns output lengths."""
        decoding = decoding.with_overrides(max_new_tokens=out_len)
        if self.engine == "ctranslate2":
            tok = self.model.tokenizer
            tokens = [tok.convert_ids_to_tokens(ids) for ids in sources]
            hyps = self.model.translate_tokens(tokens, decoding, batch_size, min_length=out_len)
            return [len(h) for h in hyps]
        import torch

        model = self.model.model
        pad = self.model.tokenizer.pad_token_id
        order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
        lengths = [0] * len(sources)
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            width = max(len(sources[i]) for i in chunk)
            ids = torch.full((len(chunk), width), pad, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for row, i in enumerate(chunk):
                ids[row, :len(sources[i])] = torch.tensor(sources[i])
                mask[row, :len(sources[i])] = 1
            kwargs = decoding.generate_kwargs()
            with torch.inference_mode():
                out = model.generate(input_ids=ids, attention_mask=mask, min_new_tokens=out_len, **kwargs)
            for row, i in enumerate(chunk):
                lengths[i] = int((out[row, 1:] != pad).sum())
        return lengths


def timed(fn, runs: int) -> tuple[float, list[int]]:
    times, lengths = [], []
    for _ in range(runs):
        started = time.perf_counter()
        lengths = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), lengths


def worker(args) -> dict:
    from summarizer.config import TRANSLATION_DECODING, DecodingOptions

    folder = Path(args.models_dir) / args.model
    task = "summary" if args.model == "vit5-base" else "translation"
    runner = Runner(args.engine, folder, task, args.compute_type, args.threads)
    rng = random.Random(0)
    rows: dict[str, dict] = {"load s": {"value": runner.load_seconds}}
    # Warm-up: first calls allocate caches and pick kernels.
    runner.run([runner.random_ids(64, rng)], DecodingOptions(num_beams=2), 1, 4)
    if task == "summary":
        cases = args.cases.split(",")
        article = runner.random_ids(ARTICLE_TOKENS, rng)
        for name, beams in (("greedy b1 (s/article)", 1), ("beam4 b1 (s/article)", 4)):
            if "single" not in cases:
                break
            decoding = DecodingOptions(num_beams=beams)
            seconds, lengths = timed(lambda: runner.run([article], decoding, 1, SINGLE_OUT), args.runs)
            rows[name] = {"value": seconds, "out": lengths}
        batch = [runner.random_ids(ARTICLE_TOKENS, rng) for _ in range(8)]
        if "batch8" in cases:
            seconds, lengths = timed(lambda: runner.run(batch, DecodingOptions(), 8, SINGLE_OUT), 1)
            rows["beam4 b8 (s/article)"] = {"value": seconds / 8, "out": lengths}
        folder_articles = [runner.random_ids(n, rng) for n in json.loads(args.lengths)]
        if "folder" in cases:
            seconds, lengths = timed(
                lambda: runner.run(folder_articles, DecodingOptions(), 8, SUMMARY_TOKENS), 1)
            n = len(folder_articles)
            rows[f"folder {n} (s/article)"] = {"value": seconds / n, "out": lengths}
            rows[f"folder {n} (articles/min)"] = {"value": 60 * n / seconds, "higher": True}
    else:
        prefix = 2 if args.model == "envit5" else 0  # "vi: " takes about two pieces
        sentences = [runner.random_ids(n + prefix, rng) for n in SENTENCE_TOKENS]
        seconds, lengths = timed(
            lambda: runner.run(sentences, TRANSLATION_DECODING, 16, TRANSLATION_OUT), args.runs)
        rows["5-sentence summary (s)"] = {"value": seconds, "out": lengths}
    rows["peak RSS (MB)"] = {"value": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    return rows


# ---------------------------------------------------------------- parent side


def spawn(extra: list[str], args) -> dict:
    command = [sys.executable, __file__, "--models-dir", str(args.models_dir), "--threads",
               str(args.threads), "--runs", str(args.runs), "--cases", args.cases,
               "--articles", str(args.articles)] + extra
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"worker failed: {' '.join(extra)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 run, a 16-article folder")
    parser.add_argument("--runs", type=int, default=3, help="runs of the batch-1 and translation cases (median)")
    parser.add_argument("--articles", type=int, default=32)
    parser.add_argument("--threads", type=int, default=0, help="0: all cores")
    parser.add_argument("--compute-type", default="auto", help="ctranslate2 compute type(s), comma-separated")
    parser.add_argument("--cases", default="single,batch8,folder",
                        help="summariser cases to run (translators always run their one case)")
    parser.add_argument("--models", default="vit5-base,opus-mt,envit5")
    parser.add_argument("--models-dir", type=Path, default=default_models_dir())
    parser.add_argument("--no-transformers", action="store_true", help="ctranslate2 only (compare compute types)")
    # worker mode
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--lengths", default="[]", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    if args.worker or args.prepare:
        import logging

        logging.disable(logging.WARNING)
        if args.prepare:  # convert (cached) outside the measured processes
            from summarizer.ct2 import CTranslate2Model

            task = "summary" if args.model == "vit5-base" else "translation"
            model = CTranslate2Model.load(str(args.models_dir / args.model), task, "cpu",
                                          args.compute_type, args.threads)
            print(json.dumps({"compute_type": model.compute_type}))
            return
        print(json.dumps(worker(args)))
        return

    if args.quick:
        args.runs, args.articles = 1, 16
    started = time.perf_counter()
    from build_models import build_all

    build_all(args.models_dir)
    lengths = sample_lengths(args.articles)
    print(f"# {os.cpu_count()} cores; folder lengths (tokens): mean {statistics.mean(lengths):.0f}, "
          f"median {statistics.median(lengths):.0f}, max {max(lengths)}; runs={args.runs}", flush=True)
    compute_types = args.compute_type.split(",")
    engines = ([] if args.no_transformers else ["transformers"]) + [f"ctranslate2:{c}" for c in compute_types]
    table: dict[str, dict[str, dict]] = {}
    labels: dict[str, str] = {}
    for model in args.models.split(","):
        for engine in engines:
            name, _, compute_type = engine.partition(":")
            extra = ["--model", model, "--lengths", json.dumps(lengths)]
            if name == "ctranslate2":
                chosen = spawn(["--prepare", "--compute-type", compute_type] + extra, args)["compute_type"]
                labels[engine] = f"ct2 {compute_type}" + (f"={chosen}" if chosen != compute_type else "")
                extra += ["--compute-type", compute_type]
            else:
                labels[engine] = "transformers fp32"
            t0 = time.perf_counter()
            rows = spawn(["--worker", "--engine", name] + extra, args)
            print(f"# {model:9s} {labels[engine]:22s} done in {time.perf_counter() - t0:.0f}s", flush=True)
            for row, result in rows.items():
                table.setdefault(f"{model:9s} {row}", {})[engine] = result
    print_table(table, engines, labels)
    print(f"# total {time.perf_counter() - started:.0f}s")


def print_table(table: dict, engines: list[str], labels: dict[str, str]) -> None:
    base = engines[0] if engines[0] == "transformers" else None
    header = f"{'case':40s}" + "".join(f"{labels[e]:>22s}" for e in engines)
    if base:
        header += "".join(f"{'ratio ' + labels[e].split()[1]:>14s}" for e in engines[1:])
    print(header)
    print("-" * len(header))
    for row, results in table.items():
        line = f"{row:40s}"
        for engine in engines:
            value = results.get(engine, {}).get("value")
            line += f"{value:22.2f}" if value is not None else f"{'-':>22s}"
        if base:
            for engine in engines[1:]:
                a, b = results.get(engine, {}).get("value"), results.get(base, {}).get("value")
                line += f"{a / b:14.2f}" if a and b else f"{'-':>14s}"
        outs = {tuple(sorted(set(r.get("out", [])))) for r in results.values()}
        if len(outs) > 1:
            line += "  (output lengths differ!)"
        print(line)
    print("ratio = ctranslate2 / transformers (time, RSS: lower is better; articles/min: higher)."
          " Speed-up = 1 / ratio for times.")


if __name__ == "__main__":
    main()
