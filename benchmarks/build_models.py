"""Random-weight checkpoints with the REAL architectures of the product's models, built
locally (no download). Compute does not depend on the weights, so their speed and
memory are those of the real models; their text is nonsense.

Assumed configurations (from the public config.json files; vocabularies are padded to
the real size so the output projection costs what it really costs):
  vit5-base-vietnews-summarization: T5, d_model 768, 12+12 layers, 12 heads, d_kv 64,
      d_ff 3072, relu, tied embeddings (output rescaled), vocab 36096.
  envit5-translation: T5 base with its own vocabulary, untied (T5 v1.1 style: no output
      rescale), d_model 768, 12+12 layers, 12 heads, d_kv 64, d_ff 3072, relu,
      vocab 50048 (ASSUMED: the brief gives ~50048; d_ff/activation assumed as vit5-base).
  opus-mt-vi-en: Marian, d_model 512, 6+6 layers, 8 heads, ffn 2048, swish, sinusoidal
      positions (512), scaled embeddings, tied, vocab 53685 (ASSUMED).
The tokenizer is a small sentencepiece model trained on examples/*.txt (1000 pieces);
the remaining ids exist in the model (T5: <extra_id_N>, Marian: filler pieces) so the
converted CTranslate2 vocabulary has the full size.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPM_PIECES = 1000

T5_CONFIGS = {
    "vit5-base": dict(vocab_size=36096, d_model=768, d_ff=3072, d_kv=64, num_heads=12,
                      num_layers=12, num_decoder_layers=12, feed_forward_proj="relu",
                      tie_word_embeddings=True),
    "envit5": dict(vocab_size=50048, d_model=768, d_ff=3072, d_kv=64, num_heads=12,
                   num_layers=12, num_decoder_layers=12, feed_forward_proj="relu",
                   tie_word_embeddings=False),
}
MARIAN_CONFIG = dict(vocab_size=53685, d_model=512, encoder_layers=6, decoder_layers=6,
                     encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
                     decoder_ffn_dim=2048, max_position_embeddings=512, activation_function="swish",
                     scale_embedding=True, static_position_embeddings=True)


def _lines() -> list[str]:
    lines = []
    for page in sorted((ROOT / "examples").glob("*.txt")):
        lines += [ln for ln in page.read_text(encoding="utf-8").split("\n") if ln.strip()]
    dev = ROOT.parent / "shared" / "data" / "vietnews-dev.jsonl.gz"
    if dev.is_file():
        import gzip

        with gzip.open(dev, "rt", encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                if n >= 300:
                    break
                record = json.loads(line)
                lines += [record["title"], record["lead"]]
    return lines + ["The province held a conference on the resolution."] * 5


def _train_spm(prefix: Path, **ids: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_lines()), model_prefix=str(prefix), vocab_size=SPM_PIECES,
        model_type="unigram", character_coverage=1.0, minloglevel=2, **ids)


def build_t5(folder: Path, name: str) -> Path:
    import torch
    from transformers import AutoTokenizer, T5Config, T5ForConditionalGeneration

    folder.mkdir(parents=True, exist_ok=True)
    _train_spm(folder / "spiece", pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "T5Tokenizer", "extra_ids": 0, "model_max_length": 1024}))
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = T5Config(pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, **T5_CONFIGS[name])
    torch.manual_seed(0)
    model = T5ForConditionalGeneration(config)
    if not T5_CONFIGS[name]["tie_word_embeddings"]:  # really untied, like the checkpoint
        model.lm_head.weight = torch.nn.Parameter(torch.randn_like(model.shared.weight))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_marian(folder: Path) -> Path:
    import sentencepiece as spm
    import torch
    from transformers import AutoTokenizer, MarianConfig, MarianMTModel

    folder.mkdir(parents=True, exist_ok=True)
    _train_spm(folder / "source", eos_id=0, unk_id=1, bos_id=-1, pad_id=-1)
    shutil.copy(folder / "source.model", folder / "source.spm")
    shutil.copy(folder / "source.model", folder / "target.spm")
    processor = spm.SentencePieceProcessor(model_file=str(folder / "source.model"))
    vocab = {"</s>": 0, "<unk>": 1}
    for index in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(index), len(vocab))
    while len(vocab) < MARIAN_CONFIG["vocab_size"] - 1:
        vocab[f"▁filler{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "MarianTokenizer", "source_lang": "vi", "target_lang": "en"}))
    tokenizer = AutoTokenizer.from_pretrained(folder)
    pad = vocab["<pad>"]
    config = MarianConfig(pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad,
                          forced_eos_token_id=0, **MARIAN_CONFIG)
    torch.manual_seed(0)
    model = MarianMTModel(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_all(root: Path) -> dict[str, Path]:
    """Build (once) and return the three benchmark checkpoints under root."""
    folders = {}
    for name in ("vit5-base", "envit5", "opus-mt"):
        folder = root / name
        if not (folder / "config.json").is_file():
            tmp = root / f".{name}-building"
            shutil.rmtree(tmp, ignore_errors=True)
            build_marian(tmp) if name == "opus-mt" else build_t5(tmp, name)
            tmp.rename(folder)
        folders[name] = folder
    return folders
