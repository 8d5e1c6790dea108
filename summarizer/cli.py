"""Command line: `summarizer summarize|segment|batch|evaluate|models|serve`."""
from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from pathlib import Path

from .config import (
    DEFAULT_SUMMARY_MODEL, DEFAULT_TRANSLATION_MODEL, KNOWN_MODELS, DecodingOptions,
)
from .errors import InputError, SummarizerError
from .models import ENGINES

log = logging.getLogger("summarizer")


def _read_input(source: str) -> str:
    from .io import decode_bytes, read_text_file

    if source == "-":
        return decode_bytes(sys.stdin.buffer.read(), "standard input")
    return read_text_file(Path(source))


def _add_model_options(parser: argparse.ArgumentParser, multi_summary: bool = False) -> None:
    group = parser.add_argument_group("models")
    if multi_summary:
        group.add_argument("--summary-model", action="append", default=None, metavar="MODEL",
                           help="hub id or local folder; repeat to offer several in the page "
                                f"(default: {DEFAULT_SUMMARY_MODEL})")
    else:
        group.add_argument("--summary-model", default=DEFAULT_SUMMARY_MODEL,
                           help="hub id or local folder (default: %(default)s)")
    group.add_argument("--translation-model", default=DEFAULT_TRANSLATION_MODEL,
                       help="hub id or local folder (default: %(default)s)")
    group.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1 ... (default: auto)")
    group.add_argument("--backend", dest="engine", choices=ENGINES,
                       default="auto", help="inference engine (default: the fastest installed)")
    group.add_argument("--compute-type", default="auto",
                       help="ctranslate2: int8, float32, int8_float32, bfloat16, float16 (default: auto)")
    group.add_argument("--threads", type=int, default=0, help="CPU threads (default: all cores)")
    group.add_argument("--beams", type=int, help=f"beam count (default {DecodingOptions.num_beams})")
    group.add_argument("--max-new-tokens", type=int,
                       help=f"summary length cap in tokens (default {DecodingOptions.max_new_tokens})")
    group.add_argument("--window-tokens", type=int,
                       help="longest input window in tokens (default: the model's, 1024 for ViT5)")


def _pipeline(args: argparse.Namespace):
    from .pipeline import Pipeline

    decoding = DecodingOptions().with_overrides(num_beams=args.beams, max_new_tokens=args.max_new_tokens)
    return Pipeline(args.summary_model, args.translation_model, device=args.device,
                    decoding=decoding, window_tokens=args.window_tokens, engine=args.engine,
                    compute_type=args.compute_type, threads=args.threads)


def cmd_summarize(args: argparse.Namespace) -> int:
    result = _pipeline(args).summarize(_read_input(args.file), translate=args.translate)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if result.document.title:
        print(f"# {result.document.title}\n")
    print(result.summary)
    if result.translation is not None:
        print(f"\n[en] {result.translation}")
    for warning in result.warnings:
        log.warning(warning)
    return 0


def cmd_segment(args: argparse.Namespace) -> int:
    from .pipeline import prepare

    document, warnings = prepare(_read_input(args.file))
    for warning in warnings:
        log.warning(warning)
    if args.json:
        print(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
        return 0
    color = sys.stdout.isatty()
    for line in document.lines:
        mark = "  keep" if line.is_main else "- drop"
        text = f"{mark}  {line.label:<15} {line.text.strip()}"
        if color:
            text = f"\033[{'32' if line.is_main else '2;31'}m{text}\033[0m"
        print(text)
    removed = document.removed_counts()
    summary = ", ".join(f"{n} {label}" for label, n in removed.items()) or "nothing"
    print(f"\nkept {len(document.lines) - len(document.removed)} lines; removed {summary}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    output = Path(args.output)
    fmt = "parquet" if output.suffix == ".parquet" else args.format
    if args.runner == "ray":
        from .distributed import run_ray_batch

        report = run_ray_batch(_pipeline(args), args.dir, output, pattern=args.glob, fmt=fmt,
                               batch_size=args.batch_size, translate=args.translate,
                               address=args.address, num_workers=args.num_workers,
                               num_gpus_per_worker=args.num_gpus_per_worker,
                               num_cpus_per_worker=args.num_cpus_per_worker)
    else:
        if fmt == "parquet":
            raise InputError("--format parquet needs --engine ray")
        from .batch import run_batch

        report = run_batch(_pipeline(args), Path(args.dir), output, pattern=args.glob,
                           fmt=fmt, batch_size=args.batch_size, translate=args.translate)
    print(f"{report.total} inputs: {report.succeeded} summarised, {report.failed} failed, "
          f"{report.skipped} already done -> {args.output}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.what == "segment":
        from .segmentation.evaluate import evaluate

        evaluate(args.file, errors=args.errors, split=args.split, perturb=args.perturb)
        return 0
    from .evaluation import evaluate_summaries

    evaluate_summaries(_pipeline(args), Path(args.file), args.limit, args.batch_size, sys.stdout)
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    if args.action == "list":
        for spec in KNOWN_MODELS.values():
            prefix = f"prefix {spec.input_prefix!r}" if spec.input_prefix else "no prefix"
            print(f"{spec.name:<44} {spec.task:<12} {prefix:<22} licence: {spec.license}")
        return 0
    from .models import download_model

    names = args.names or [DEFAULT_SUMMARY_MODEL, DEFAULT_TRANSLATION_MODEL]
    for name in names:
        target = download_model(name, Path(args.to))
        print(f"{name} -> {target}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .app import serve

    serve(args)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarizer", description="Summarise Vietnamese news pages.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("summarize", help="summarise one page (a file or - for stdin)")
    p.add_argument("file")
    p.add_argument("--translate", action="store_true", help="also translate the summary to English")
    p.add_argument("--json", action="store_true", help="print the whole result as JSON")
    _add_model_options(p)
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("segment", help="show which lines are article and which are removed")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_segment)

    p = sub.add_parser("batch", help="summarise every matching file under a folder")
    p.add_argument("dir", help="folder, or (ray) a .jsonl/.parquet file of records")
    p.add_argument("-o", "--output", required=True, help="results file (appended to; re-runs resume)")
    p.add_argument("--glob", default="*.txt", help="file pattern, matched recursively (default: *.txt)")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--translate", action="store_true")
    _add_model_options(p)
    ray = p.add_argument_group("distributed")
    ray.add_argument("--engine", dest="runner", choices=["local", "ray"], default="local",
                     help="local: this process; ray: a Ray cluster (pip install 'summarizer[ray]')")
    ray.add_argument("--address", help="ray: cluster to join (auto, ray://host:10001); default: a local one")
    ray.add_argument("--num-workers", type=int, help="ray: model actors (default: one per GPU, else per CPU)")
    ray.add_argument("--num-gpus-per-worker", type=float, default=0, help="ray: GPUs per actor (1, 0.5 ...)")
    ray.add_argument("--num-cpus-per-worker", type=float, default=1,
                     help="ray: CPUs (torch threads) per actor")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("evaluate", help="measure segmentation or summary quality")
    p.add_argument("what", choices=["segment", "summaries"])
    p.add_argument("file", help="JSONL[.gz] in the dev format (or the seed's JSON for segment)")
    p.add_argument("--errors", type=int, default=0, help="segment: print N wrong pages")
    p.add_argument("--split", choices=["heldout", "tune"], help="segment: only this part of the dev set")
    p.add_argument("--perturb", action="store_true",
                   help="segment: rewrite headings, credits, bylines... with unseen variants first")
    p.add_argument("--limit", type=int, help="summaries: first N records only")
    p.add_argument("--batch-size", type=int, default=8)
    _add_model_options(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("models", help="list the known models or download them for offline use")
    p.add_argument("action", choices=["list", "download"])
    p.add_argument("names", nargs="*", help="hub ids (default: the default summary and translation models)")
    p.add_argument("--to", default="models", help="folder to save into (default: models/)")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("serve", help="run the Gradio web demo")
    add_serve_arguments(p)
    p.set_defaults(func=cmd_serve)
    return parser


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the web demo (`summarizer serve` and `python -m summarizer.app`)."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=7860, help="port (default: %(default)s)")
    parser.add_argument("--share", action="store_true", help="also create a public Gradio share link")
    parser.add_argument("--concurrency", type=int, default=1, help="model calls run at once (default: 1)")
    parser.add_argument("--queue-size", type=int, default=32, help="requests that may wait (default: 32)")
    _add_model_options(parser, multi_summary=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args, args.func)


def run(args: argparse.Namespace, command) -> int:
    """Run a command with logging set up; expected failures become one line and an exit
    status, never a traceback."""
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="summarizer: %(message)s")
    try:
        return command(args)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        # batch already said how to resume; the exit status follows the shell's 128+signal.
        if not hasattr(exc, "signum"):
            print("interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
