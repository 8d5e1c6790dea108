"""The console script end to end: summarize, segment, evaluate, models."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SEED_PAGE
from summarizer.evaluation import SyllableTokenizer, rouge_scores

FAST = ["--backend", "transformers", "--beams", "1", "--max-new-tokens", "10"]


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args], input=stdin, capture_output=True, cwd=ROOT,
        timeout=300,
    )


def test_summarize_json_keeps_exactly_the_seed_main_lines(tiny_vit5, seed_labels):
    done = run_cli("summarize", str(SEED_PAGE), "--summary-model", str(tiny_vit5), "--json", *FAST)
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    main = [line["text"] for line in result["document"]["lines"] if line["label"] in ("title", "lead", "body")]
    assert main == [line["text"] for line in seed_labels if line["label"] in ("title", "lead", "body")]
    assert result["summary"] and result["translation"] is None
    assert result["summary_model"] == str(tiny_vit5)


def test_summarize_from_stdin_with_translation(tiny_vit5, tiny_marian):
    done = run_cli("summarize", "-", "--translate", "--summary-model", str(tiny_vit5),
                   "--translation-model", str(tiny_marian), *FAST, stdin=SEED_PAGE.read_bytes())
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert out.startswith("# Sóc Trăng quyết tâm")
    assert "\n[en] " in out


def test_unavailable_model_is_one_clear_line_without_traceback():
    done = run_cli("summarize", str(SEED_PAGE), "--summary-model", "VietAI/vit5-base-vietnews-summarization",
                   "--backend", "transformers")
    err = done.stderr.decode()
    assert done.returncode == 2
    assert "Traceback" not in err
    assert err.startswith("error: The summary model 'VietAI/vit5-base-vietnews-summarization' is not available")


def test_missing_input_file_is_a_clear_error(tiny_vit5):
    done = run_cli("summarize", "no/such/page.txt", "--summary-model", str(tiny_vit5))
    assert done.returncode == 2
    assert "no/such/page.txt" in done.stderr.decode() and "Traceback" not in done.stderr.decode()


def test_segment_shows_kept_and_dropped_lines(seed_labels):
    done = run_cli("segment", str(SEED_PAGE))
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    body = lines[: len(seed_labels)]
    for printed, gold in zip(body, seed_labels):
        kept = gold["label"] in ("title", "lead", "body")
        assert printed.startswith("  keep" if kept else "- drop"), printed
        assert printed.endswith(gold["text"].strip())
    assert any(l.startswith("- drop") and "Có thể bạn quan tâm" in l for l in body)
    assert lines[-1].startswith(f"kept {sum(g['label'] in ('title', 'lead', 'body') for g in seed_labels)} lines")


def test_evaluate_summaries_prints_both_rouge_tables(tiny_vit5):
    done = run_cli("evaluate", "summaries", "tests/data/vietnews-sample.jsonl", "--limit", "3",
                   "--summary-model", str(tiny_vit5), *FAST)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert out.startswith("3 articles")
    assert "syllable" in out and "rouge-score default" in out


def test_syllable_rouge_counts_vietnamese_syllables():
    assert SyllableTokenizer().tokenize("Hội nghị, Sóc Trăng!") == ["hội", "nghị", "sóc", "trăng"]
    perfect = rouge_scores(["Hội nghị Sóc Trăng."], ["hội nghị sóc trăng"])
    assert perfect["syllable"]["rouge1"] == 100.0
    # 2 of 4 syllables shared: P = R = 0.5. The default tokenizer sees ASCII fragments only.
    half = rouge_scores(["hội nghị Hà Nội"], ["hội nghị sóc trăng"])
    assert half["syllable"]["rouge1"] == 50.0
    assert half["rouge-score default"]["rouge1"] != 50.0


def test_models_list_names_licences():
    done = run_cli("models", "list")
    out = done.stdout.decode()
    assert "VietAI/vit5-large-vietnews-summarization" in out and "'vietnews: '" in out
    assert "Helsinki-NLP/opus-mt-vi-en" in out and "licence" in out


def test_models_download_offline_says_why():
    done = run_cli("models", "download", "VietAI/envit5-translation", "--to", "/tmp/never-written")
    assert done.returncode == 2
    assert "cannot be reached" in done.stderr.decode() and "Traceback" not in done.stderr.decode()
