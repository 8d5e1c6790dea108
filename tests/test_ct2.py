"""The CTranslate2 engine against transformers on the same tiny random models: same
greedy tokens and the same per-token log-probabilities (scores catch conversion bugs,
such as a wrong T5 output scale, that tokens alone can hide), a conversion cache that is
reused and invalidated, and the same Pipeline records."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ctranslate2 = pytest.importorskip("ctranslate2")
torch = pytest.importorskip("torch")

from summarizer import ct2  # noqa: E402
from summarizer.config import DecodingOptions  # noqa: E402
from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.models import TransformersModel, load_model  # noqa: E402

TEXTS = [
    "Tỉnh Sóc Trăng tổ chức hội nghị về nghị quyết.",
    "The province held a conference on the resolution of the party committee.",
    "Hội nghị.",
]
GREEDY = DecodingOptions(num_beams=1, max_new_tokens=24, no_repeat_ngram_size=0)


@pytest.fixture(autouse=True)
def ct2_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "ct2"


def _reference(model: TransformersModel, text: str, max_new: int):
    """transformers greedy tokens and the log-prob of each chosen token."""
    tokenizer, net = model.tokenizer, model.model
    batch = tokenizer([model.spec.input_prefix + text], return_tensors="pt")
    extra = {}
    pad = tokenizer.pad_token_id
    if net.config.model_type == "marian":
        # Marian has no <pad> output (ctranslate2 drops that row, as Marian itself does):
        # never generate it, never let it share the probability mass, no forced </s>.
        extra = {"bad_words_ids": [[pad]], "forced_eos_token_id": None}
    with torch.inference_mode():
        out = net.generate(**batch, max_new_tokens=max_new, num_beams=1, do_sample=False,
                           output_logits=True, return_dict_in_generate=True, **extra)
    ids = out.sequences[0, 1:].tolist()
    log_probs = []
    for logits, token in zip(out.logits, ids):
        logits = logits[0].clone()
        if net.config.model_type == "marian":
            logits[pad] = float("-inf")
        log_probs.append(torch.log_softmax(logits.float(), -1)[token].item())
    eos = tokenizer.eos_token_id
    if eos in ids:
        cut = ids.index(eos)
        ids, log_probs = ids[:cut], log_probs[:cut + 1]  # keep the </s> score
    return tokenizer.convert_ids_to_tokens(ids), log_probs


@pytest.mark.parametrize("which", ["tied", "untied", "marian"])
def test_float32_matches_transformers_tokens_and_log_probs(which, request):
    folder = request.getfixturevalue({"tied": "tiny_vit5", "untied": "tiny_envit5", "marian": "tiny_marian"}[which])
    task = "summary" if which == "tied" else "translation"
    reference = TransformersModel.load(str(folder), task, device="cpu")
    fast = ct2.CTranslate2Model.load(str(folder), task, device="cpu", compute_type="float32")
    assert fast.engine == "ctranslate2" and fast.compute_type == "float32"
    if which == "untied":  # the case ctranslate2 4.8.5 + transformers 5 gets wrong
        assert not torch.equal(reference.model.lm_head.weight, reference.model.shared.weight)
    sources = fast.encode(TEXTS)
    assert all(tokens[-1] == "</s>" for tokens in sources)
    assert fast.count_tokens(TEXTS) == [len(s) for s in sources] == reference.count_tokens(TEXTS)
    hypotheses = fast.translate_tokens(sources, GREEDY, batch_size=2)
    for text, source, hypothesis in zip(TEXTS, sources, hypotheses):
        tokens, expected = _reference(reference, text, GREEDY.max_new_tokens)
        assert hypothesis == tokens
        got = fast.score_tokens([source], [tokens])[0]
        if len(expected) == len(tokens):  # stopped at the length limit: no </s> scored
            got = got[:-1]
        assert len(got) == len(expected)
        assert max(abs(a - b) for a, b in zip(got, expected)) < 1e-3
    # The product path: same text as transformers (Marian forces </s> at the length
    # limit, ctranslate2 does not, so compare T5 only).
    if which != "marian":
        assert fast.generate(TEXTS, GREEDY, 2) == reference.generate(TEXTS, GREEDY, 2)


def test_conversion_cache_is_reused_and_redone_when_the_model_changes(tmp_path, tiny_vit5, ct2_cache):
    folder = tmp_path / "model"
    shutil.copytree(tiny_vit5, folder)
    first = ct2.CTranslate2Model.load(str(folder), "summary", device="cpu", compute_type="int8")
    stamp = (first.model_dir / "model.bin").stat().st_mtime_ns
    second = ct2.CTranslate2Model.load(str(folder), "summary", device="cpu", compute_type="int8")
    assert second.model_dir == first.model_dir
    assert (second.model_dir / "model.bin").stat().st_mtime_ns == stamp
    assert len(list(ct2_cache.iterdir())) == 1
    # Another stored type is another entry; a changed checkpoint is converted again.
    ct2.CTranslate2Model.load(str(folder), "summary", device="cpu", compute_type="float32")
    config = folder / "config.json"
    config.write_text(config.read_text().replace('"dropout_rate": 0.1', '"dropout_rate": 0.2'))
    third = ct2.CTranslate2Model.load(str(folder), "summary", device="cpu", compute_type="int8")
    assert third.model_dir != first.model_dir
    assert len([p for p in ct2_cache.iterdir() if not p.name.startswith(".")]) == 3


def test_compute_type_choice():
    assert ct2.choose_compute_type("auto", "cpu", is_t5=True) == ct2.CPU_DEFAULT_COMPUTE_TYPE
    assert ct2.choose_compute_type("int8", "cpu", is_t5=True) == "int8"
    # float16 is never used for T5; on a CPU without float16 Marian falls back too.
    assert "float16" not in ct2.choose_compute_type("float16", "cpu", is_t5=True)
    assert "float16" not in ct2.choose_compute_type("int8_float16", "cpu", is_t5=True)
    with pytest.raises(SummarizerError, match="unknown compute type 'float8'"):
        ct2.choose_compute_type("float8", "cpu", is_t5=True)


def test_pipeline_records_match_between_engines(tiny_vit5, tiny_envit5):
    from summarizer.pipeline import Pipeline

    page = (Path(__file__).resolve().parents[1] / "examples" / "nhandan-soc-trang.txt").read_text(
        encoding="utf-8")
    decoding = DecodingOptions(num_beams=1, max_new_tokens=16)  # greedy: both engines agree token for token
    results = {}
    for engine in ("transformers", "ctranslate2"):
        pipeline = Pipeline(str(tiny_vit5), str(tiny_envit5), device="cpu", decoding=decoding,
                            translation_decoding=decoding, engine=engine, compute_type="float32")
        results[engine] = pipeline.summarize(page, translate=True)
    slow, fast = results["transformers"], results["ctranslate2"]
    assert slow.engine == "transformers" and fast.engine == "ctranslate2"
    assert fast.summary and fast.summary == slow.summary
    assert fast.translation and fast.translation == slow.translation
    assert set(fast.timings) == set(slow.timings)
    assert fast.to_dict().keys() == slow.to_dict().keys()
    assert fast.warnings == slow.warnings
    assert fast.summary_model == slow.summary_model
    assert fast.translation_model == slow.translation_model
    assert load_model(str(tiny_vit5), "summary", device="cpu", engine="ctranslate2").engine == "ctranslate2"
