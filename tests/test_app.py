"""The web demo as a service: launch it on localhost with tiny models and call its named
endpoints with gradio_client, as a user of the API would."""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
gradio = pytest.importorskip("gradio")
gradio_client = pytest.importorskip("gradio_client")

from conftest import ROOT, SEED_PAGE, serve_locally  # noqa: E402
from summarizer.app import Service, build_app, build_parser  # noqa: E402
from summarizer.config import DecodingOptions  # noqa: E402
from summarizer.types import MAIN_LABELS  # noqa: E402

TEASER = "Có thể bạn quan tâm"
# Small decoding keeps the tiny random models fast.
FAST = {"num_beams": 1, "max_new_tokens": 16}


@pytest.fixture(scope="session")
def app_service(tiny_vit5, tiny_vit5_large, tiny_envit5) -> Service:
    """Two summary models (the first is the default) and one translator, loaded once."""
    return Service.load([str(tiny_vit5), str(tiny_vit5_large)], str(tiny_envit5), device="cpu",
                        engine="transformers", decoding=DecodingOptions(num_beams=2, max_new_tokens=16),
                        translation_decoding=DecodingOptions(num_beams=1, max_new_tokens=16,
                                                             no_repeat_ngram_size=0))


@pytest.fixture(scope="session")
def app_url(app_service) -> str:
    """The demo served on a free localhost port for the whole session."""
    demo = build_app(app_service, concurrency=1, queue_size=16)
    yield serve_locally(demo)
    demo.close()


@pytest.fixture(scope="session")
def client(app_url):
    return gradio_client.Client(app_url, verbose=False)


def _squash(text: str) -> str:
    """Whitespace-insensitive text (normalisation turns NBSP into spaces)."""
    return " ".join(text.split())


def _lines(segmentation) -> list[tuple[str, str]]:
    """(text, category) of each line in a HighlightedText value, separators dropped."""
    return [(item["token"], item["class_or_confidence"]) for item in segmentation
            if item["class_or_confidence"] is not None]


def test_endpoints_are_named(client):
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/summarize", "/segment", "/batch"} <= names


def test_summarize_seed_page(client, seed_labels, app_service):
    text = SEED_PAGE.read_text(encoding="utf-8")
    summary, translation, segmentation, info = client.predict(
        text, False, FAST["num_beams"], FAST["max_new_tokens"], str(next(iter(app_service.pipelines))),
        api_name="/summarize")
    assert info["ok"] is True and info["error"] is None
    assert summary.strip()
    assert translation == ""
    assert info["num_beams"] == 1 and info["max_new_tokens"] == 16
    assert set(info["timings"]) >= {"segment", "summarize", "total"}

    lines = _lines(segmentation)
    assert len(lines) == len(seed_labels)
    kept = [cat.startswith("kept") for _, cat in lines]
    assert kept == [item["label"] in MAIN_LABELS for item in seed_labels]
    assert [_squash(t) for t, _ in lines] == [_squash(item["text"]) for item in seed_labels]
    teaser = [cat for t, cat in lines if t == TEASER]
    assert teaser == ["removed · teaser heading"]


def test_summarize_translates_with_second_model(client, app_service):
    text = SEED_PAGE.read_text(encoding="utf-8")
    second = list(app_service.pipelines)[1]
    summary, translation, _, info = client.predict(
        text, True, 1, 16, second, api_name="/summarize")
    assert info["ok"] and summary.strip() and translation.strip()
    assert info["model"] == second
    assert info["translation_model"] == app_service.pipelines[second].translation_model_name
    assert "translate" in info["timings"]


def test_request_decoding_does_not_touch_shared_state(app_service):
    before = {name: p.decoding for name, p in app_service.pipelines.items()}
    pipeline, decoding = app_service.request(None, 1, 24)
    assert decoding == before[app_service.default_model].with_overrides(num_beams=1, max_new_tokens=24)
    assert pipeline is app_service.pipelines[app_service.default_model]
    assert {name: p.decoding for name, p in app_service.pipelines.items()} == before


def test_segment_seed_page(client, seed_labels):
    result = client.predict(SEED_PAGE.read_text(encoding="utf-8"), api_name="/segment")
    assert result["ok"] is True
    lines = result["lines"]
    assert [line["kept"] for line in lines] == [item["label"] in MAIN_LABELS for item in seed_labels]
    assert all(line["kept"] == (line["label"] in MAIN_LABELS) for line in lines)
    teaser = [line for line in lines if line["text"].strip() == TEASER]
    assert len(teaser) == 1 and not teaser[0]["kept"]
    assert result["title"].strip() == seed_labels[0]["text"].strip() and result["removed"]


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_input_gets_a_clear_message(client, text):
    summary, translation, segmentation, info = client.predict(text, False, 1, 16, None,
                                                              api_name="/summarize")
    assert (summary, translation) == ("", "")
    assert info["ok"] is False and "empty" in info["error"]
    seg = client.predict(text, api_name="/segment")
    assert seg["ok"] is False and "empty" in seg["error"]


def test_bad_requests_get_clear_messages(client):
    _, _, _, info = client.predict("x" * 200_001, False, 1, 16, None, api_name="/summarize")
    assert info["ok"] is False and "at most" in info["error"]
    _, _, _, info = client.predict("a\x00b\nc", False, 1, 16, None, api_name="/summarize")
    assert info["ok"] is False and "binary" in info["error"]
    # Only boilerplate: segmented, but no article to summarise.
    _, _, segmentation, info = client.predict("Trang chủ\nĐăng nhập\nLiên hệ quảng cáo", False, 1, 16,
                                              None, api_name="/summarize")
    assert info["ok"] is False and "no article found" in info["error"]
    assert info["removed"]  # the page was segmented: what was removed is reported


def test_batch(client, tmp_path):
    seed = SEED_PAGE.read_text(encoding="utf-8")
    (tmp_path / "seed.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\xff\xfe\x00" * 50 + b"\xc3\x28" * 20)
    with zipfile.ZipFile(tmp_path / "pages.zip", "w") as archive:
        archive.writestr("a/one.txt", (ROOT / "examples" / "segdev-0103.txt").read_text(encoding="utf-8"))
        archive.writestr("__MACOSX/a/._one.txt", b"junk")
        archive.writestr("notes.md", "not a page")
    files = [gradio_client.handle_file(str(tmp_path / name))
             for name in ("seed.txt", "empty.txt", "binary.txt", "pages.zip")]
    outputs, status, preview = client.predict(files, False, 1, 16, None, api_name="/batch")
    by_suffix = {Path(path).suffix: Path(path) for path in outputs}
    records = [json.loads(line) for line in by_suffix[".jsonl"].read_text(encoding="utf-8").splitlines()]
    paths = [r["path"] for r in records]
    assert paths == ["seed.txt", "empty.txt", "binary.txt", "pages.zip/a/one.txt"]
    by_path = {r["path"]: r for r in records}
    assert by_path["seed.txt"]["summary"] and by_path["seed.txt"]["error"] is None
    assert by_path["pages.zip/a/one.txt"]["summary"]
    assert "empty" in by_path["empty.txt"]["error"]
    assert "binary" in by_path["binary.txt"]["error"]

    from summarizer.batch import CSV_FIELDS

    assert set(by_path["seed.txt"]) == set(CSV_FIELDS)
    csv_text = by_suffix[".csv"].read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == ",".join(CSV_FIELDS)
    assert len(csv_text.splitlines()) == 1 + len(records)
    assert "2 failed" in status


def test_batch_without_files(client):
    outputs, status, _ = client.predict([], False, 1, 16, None, api_name="/batch")
    assert not outputs and "no files" in status


def test_parser_repeats_summary_model():
    args = build_parser().parse_args(["--summary-model", "a", "--summary-model", "b", "--port", "0",
                                      "--beams", "2"])
    assert args.summary_model == ["a", "b"]
    assert args.host == "127.0.0.1" and not args.share and args.beams == 2
    assert build_parser().parse_args([]).summary_model is None


def test_uploads_are_decoded_or_refused(tmp_path):
    from summarizer.app import Handlers

    page = tmp_path / "page.txt"
    page.write_bytes("\ufeffTiêu đề\nNội dung bài báo.".encode("utf-8"))  # with a BOM
    text, status = Handlers.load_file(str(page))
    assert text == "Tiêu đề\nNội dung bài báo." and "page.txt" in status
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\xff\xfe\x00" * 50 + b"\xc3\x28" * 20)
    value, status = Handlers.load_file(str(binary))
    assert "binary" in status and not isinstance(value, str)
    other = tmp_path / "doc.pdf"
    other.write_bytes(b"%PDF-1.4")
    _, status = Handlers.load_file(str(other))
    assert ".txt and .html" in status
