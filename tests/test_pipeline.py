"""The Python API end to end, on tiny real models loaded through the product's code."""
from __future__ import annotations

import json
import time

import pytest

from conftest import SEED_PAGE
from summarizer import DecodingOptions, InputError, ModelUnavailableError, Pipeline, segment
from summarizer.models import TransformersModel
from summarizer.translate import Translator

FAST = DecodingOptions(num_beams=2, max_new_tokens=12)


def _pipeline(summary, translation="none", **kw) -> Pipeline:
    return Pipeline(str(summary), str(translation), decoding=FAST, engine="transformers", **kw)


def _main_flags(lines) -> list[bool]:
    return [line["label"] in ("title", "lead", "body") for line in lines]


def test_seed_page_summary_reads_exactly_the_article(tiny_vit5, seed_labels):
    page = SEED_PAGE.read_text(encoding="utf-8")
    result = _pipeline(tiny_vit5).summarize(page)
    assert [line.is_main for line in result.document.lines] == _main_flags(seed_labels)
    # The summariser reads the lead and body paragraphs, nothing removed.
    main_text = result.document.main_text
    assert "Có thể bạn quan tâm" not in main_text
    assert "Quang cảnh hội nghị." not in main_text.split("\n")
    assert main_text.split("\n")[0].startswith("Ngày 7/9, Ban Chấp hành")
    assert result.summary.strip()
    assert result.translation is None
    assert set(result.timings) >= {"segment", "summarize", "total"}
    # JSON round trip of the whole result.
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["summary"] == result.summary
    assert [line["label"] for line in data["document"]["lines"]] == [
        line.label for line in result.document.lines
    ]


def test_models_load_once_and_are_reused(tiny_vit5, tiny_envit5, monkeypatch):
    loads = []
    original = TransformersModel.load.__func__

    def counting_load(cls, *args, **kwargs):
        loads.append(args[0])
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(TransformersModel, "load", classmethod(counting_load))
    pipeline = _pipeline(tiny_vit5, tiny_envit5)
    assert loads == []  # lazy
    page = SEED_PAGE.read_text(encoding="utf-8")
    pipeline.summarize(page, translate=True)
    pipeline.summarize(page, translate=True)
    pipeline.summarize_many([page, page], translate=True)
    assert loads == [str(tiny_vit5), str(tiny_envit5)]


def test_summarize_many_batches_through_generate(tiny_vit5, monkeypatch):
    pipeline = _pipeline(tiny_vit5)
    model = pipeline.summarizer.model.model
    batch_sizes = []
    original = model.generate

    def recording_generate(*args, **kwargs):
        batch_sizes.append(kwargs["input_ids"].shape[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(model, "generate", recording_generate)
    pages = ["Tiêu đề một\n\nBan Chấp hành Đảng bộ tỉnh tổ chức hội nghị sơ kết giữa nhiệm kỳ.",
             "Tiêu đề hai\n\nKim ngạch xuất khẩu của tỉnh đã vượt cột mốc 1 tỷ USD trong năm nay.",
             "Tiêu đề ba\n\nHội nghị tỉnh đã thống nhất kiến nghị điều chỉnh 3 chỉ tiêu về xây dựng Đảng.",
             "   "]
    results = pipeline.summarize_many(pages, batch_size=8)
    assert batch_sizes == [3]  # one padded batch for the three real articles
    assert [bool(r.summary) for r in results] == [True, True, True, False]
    assert results[3].error and "nothing to summarise" in results[3].error
    assert [r.document.title for r in results[:3]] == ["Tiêu đề một", "Tiêu đề hai", "Tiêu đề ba"]


def test_input_is_normalised_to_nfc(tiny_vit5):
    import unicodedata

    page = unicodedata.normalize("NFD", SEED_PAGE.read_text(encoding="utf-8"))
    document = _pipeline(tiny_vit5).segment(page)
    assert all(unicodedata.is_normalized("NFC", line.text) for line in document.lines)
    assert document.title.startswith("Sóc Trăng")


def test_long_article_is_windowed_not_truncated(tiny_vit5):
    body = [p for p in SEED_PAGE.read_text(encoding="utf-8").split("\n\n")[3:20] if len(p) > 150]
    page = "Tiêu đề bài dài\n\n" + "\n\n".join(body * 2)
    pipeline = _pipeline(tiny_vit5, window_tokens=160)
    summarizer = pipeline.summarizer
    document = pipeline.segment(page)
    windows = summarizer.split(document.main_text)
    assert len(windows) >= 4
    # Every window fits, and together they hold every word of the article, in order.
    assert max(summarizer.model.count_tokens(windows)) <= 160
    assert " ".join(windows).split() == document.main_text.split()
    result = pipeline.summarize(page)
    assert any(f"split into {len(windows)} windows" in w for w in result.warnings)
    assert result.summary


def test_an_oversized_sentence_is_cut_between_words(tiny_vit5):
    pipeline = _pipeline(tiny_vit5, window_tokens=48)
    sentence = " ".join(["hội nghị tỉnh Sóc Trăng"] * 60)  # one sentence, no punctuation
    windows = pipeline.summarizer.split(sentence)
    assert len(windows) > 1
    assert max(pipeline.summarizer.model.count_tokens(windows)) <= 48
    assert " ".join(windows).split() == sentence.split()


def test_vit5_large_gets_its_prefix(tiny_vit5_large, monkeypatch):
    pipeline = _pipeline(tiny_vit5_large)
    model = pipeline.summarizer.model
    assert model.spec.input_prefix == "vietnews: "
    seen = []
    original = model.model.generate

    def recording_generate(*args, **kwargs):
        seen.extend(model.tokenizer.batch_decode(kwargs["input_ids"], skip_special_tokens=True))
        return original(*args, **kwargs)

    monkeypatch.setattr(model.model, "generate", recording_generate)
    pipeline.summarize(SEED_PAGE.read_text(encoding="utf-8"))
    assert seen and all(text.startswith("vietnews:") for text in seen)


def test_base_model_gets_no_prefix(tiny_vit5):
    model = _pipeline(tiny_vit5).summarizer.model
    assert model.spec.input_prefix == ""
    assert model.count_tokens(["Hội nghị"]) == [len(model.tokenizer("Hội nghị")["input_ids"])]


def test_translation_is_sentence_by_sentence_with_prefixes(tiny_vit5, tiny_envit5, monkeypatch):
    pipeline = _pipeline(tiny_vit5, tiny_envit5)
    translator = pipeline.translator
    model = translator.model
    assert (model.spec.input_prefix, model.spec.output_prefix) == ("vi: ", "en: ")
    tokenizer = model.tokenizer
    inputs = []

    def fake_model_output(*args, **kwargs):
        # Stand in for a trained envit5, which answers "en: ..." for every sentence.
        texts = tokenizer.batch_decode(kwargs["input_ids"], skip_special_tokens=True)
        inputs.extend(texts)
        return tokenizer([f"en: {i}" for i in range(len(texts))], return_tensors="pt",
                         padding=True)["input_ids"]

    monkeypatch.setattr(model.model, "generate", fake_model_output)
    summary = "Sóc Trăng tổ chức hội nghị. Kim ngạch xuất khẩu vượt 1 tỷ USD. Tỉnh đề ra 5 nhóm nhiệm vụ."
    [english] = translator.translate_many([summary])
    assert sorted(inputs) == sorted(["vi: Sóc Trăng tổ chức hội nghị.", "vi: Kim ngạch xuất khẩu vượt 1 tỷ USD.",
                                     "vi: Tỉnh đề ra 5 nhóm nhiệm vụ."])
    assert "en:" not in english
    assert len(english.split()) == 3


def test_real_translation_output_is_rejoined_in_order(tiny_vit5, tiny_marian):
    translator = Translator(TransformersModel.load(str(tiny_marian), "translation"), FAST)
    texts = ["Câu một. Câu hai dài hơn một chút. Câu ba.", "Chỉ một câu."]
    per_sentence = translator.model.generate(
        ["Câu một.", "Câu hai dài hơn một chút.", "Câu ba.", "Chỉ một câu."], FAST, 4)
    joined = translator.translate_many(texts)
    assert joined == [" ".join(per_sentence[:3]), per_sentence[3]]


def test_an_overlong_sentence_is_split_to_the_mt_limit(tiny_envit5):
    translator = Translator(TransformersModel.load(str(tiny_envit5), "translation"), FAST)
    sentence = ", ".join(["tỉnh Sóc Trăng đẩy mạnh thu hút đầu tư phát triển khu công nghiệp"] * 20) + "."
    pieces = translator._pieces(sentence)
    assert len(pieces) > 1
    assert max(translator.model.count_tokens(pieces)) <= 128
    assert " ".join(pieces).split() == sentence.split()


def test_output_prefix_is_stripped(tiny_envit5):
    model = TransformersModel.load(str(tiny_envit5), "translation")
    assert model.strip_output_prefix("en: The province met.") == "The province met."
    assert model.strip_output_prefix("The en: stays inside") == "The en: stays inside"


def test_unavailable_model_fails_fast_with_advice(tmp_path):
    started = time.perf_counter()
    with pytest.raises(ModelUnavailableError) as info:
        Pipeline("VietAI/vit5-base-vietnews-summarization", engine="transformers").summarize(
            SEED_PAGE.read_text(encoding="utf-8"))
    assert time.perf_counter() - started < 10
    message = str(info.value)
    assert "VietAI/vit5-base-vietnews-summarization" in message
    assert "--summary-model" in message and "models download" in message
    with pytest.raises(ModelUnavailableError, match="no such folder"):
        Pipeline(str(tmp_path / "missing" / "model" / "dir"), engine="transformers").summarizer


def test_nothing_to_summarise_never_calls_the_model():
    pipeline = Pipeline("VietAI/not-loaded", engine="transformers")
    with pytest.raises(InputError, match="nothing to summarise"):
        pipeline.summarize(" \n\t\n ")
    assert pipeline._summarizer is None


def test_segment_api_matches_hand_labels(seed_labels):
    document = segment(SEED_PAGE.read_text(encoding="utf-8"))
    assert [line.text for line in document.lines] == [line["text"] for line in seed_labels]
    assert [line.is_main for line in document.lines] == _main_flags(seed_labels)
    removed_text = {line.text.strip() for line in document.removed}
    assert "Có thể bạn quan tâm" in removed_text
    assert {"Quang cảnh hội nghị.", "Bí thư Tỉnh ủy Sóc Trăng Lâm Văn Mẫn phát biểu tại hội nghị."} <= removed_text


def test_tokenizer_calls_from_two_threads_keep_their_own_settings(tiny_vit5):
    """The web app runs requests concurrently on one model: a padded batch must stay padded
    while another thread counts tokens (the tokenizer's settings are shared state)."""
    from concurrent.futures import ThreadPoolExecutor

    model = TransformersModel.load(str(tiny_vit5), "summary", device="cpu")
    words = SEED_PAGE.read_text(encoding="utf-8").split()
    texts = [" ".join(words[:n]) for n in (5, 40, 120)]

    def padded_batches():
        for _ in range(300):
            batch = model.tokenize(texts, return_tensors="pt", padding=True, truncation=True,
                                   max_length=model.spec.max_input_tokens)
            assert batch["input_ids"].shape[0] == len(texts)

    def counts():
        for _ in range(300):
            assert len(set(model.count_tokens(texts))) == len(texts)

    with ThreadPoolExecutor(2) as pool:
        for job in [pool.submit(padded_batches), pool.submit(counts)]:
            job.result()
