"""Tiny, randomly initialised seq2seq checkpoints built on the fly for tests.

They have real tokenizers (a sentencepiece model trained on the example pages) and
real transformers architectures, saved with save_pretrained and loaded back through
the product's own loading code. Their output is nonsense, so tests assert structure.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import sentencepiece as spm
import torch

from summarizer.config import MODEL_INFO_FILE

ROOT = Path(__file__).resolve().parents[1]


def training_lines() -> list[str]:
    lines = []
    for page in sorted((ROOT / "examples").glob("*.txt")):
        lines += [line for line in page.read_text(encoding="utf-8").split("\n") if line.strip()]
    # English words too, so the tiny translators can write Latin text.
    lines += ["The province held a conference on the resolution.", "en: vi: Hello world."]
    return lines


def _train_spm(prefix: Path, vocab_size: int, **ids: int) -> None:
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_lines()), model_prefix=str(prefix), vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, minloglevel=2, **ids,
    )


def _silence_specials(model, token_ids: list[int]) -> None:
    """Random models tend to emit </s> at once; zeroing these output rows makes them
    write full-length text, which is what the tests need to observe."""
    with torch.no_grad():
        for token_id in token_ids:
            model.get_output_embeddings().weight[token_id] = 0


def _record_source(folder: Path, source: str | None) -> None:
    if source:
        (folder / MODEL_INFO_FILE).write_text(json.dumps({"source": source}), encoding="utf-8")


def build_t5(folder: Path, source: str | None = None, tied: bool = True, vocab_size: int = 800) -> Path:
    """A 2-layer T5 with a T5 sentencepiece tokenizer (pad 0, </s> 1, <unk> 2)."""
    from transformers import AutoTokenizer, T5Config, T5ForConditionalGeneration

    folder.mkdir(parents=True, exist_ok=True)
    _train_spm(folder / "spiece", vocab_size, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    # transformers 5 ignores T5Tokenizer(vocab_file=...): load the tokenizer from a folder.
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "T5Tokenizer", "extra_ids": 0, "model_max_length": 1024})
    )
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = T5Config(
        vocab_size=len(tokenizer), d_model=32, d_ff=64, d_kv=16, num_heads=2, num_layers=2,
        num_decoder_layers=2, pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id, tie_word_embeddings=tied,
    )
    torch.manual_seed(0)
    model = T5ForConditionalGeneration(config)
    specials = [tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id]
    _silence_specials(model, specials)
    model.save_pretrained(folder)
    if not tied:
        _untie_head(folder, specials)
    tokenizer.save_pretrained(folder)
    _record_source(folder, source)
    return folder


def _untie_head(folder: Path, silent_ids: list[int]) -> None:
    """Write a head of its own into the checkpoint, as untied T5s (envit5, vit5-large) have:
    transformers 5 builds and saves every T5 with the head tied to the embeddings."""
    from safetensors.torch import load_file, save_file

    weights = load_file(folder / "model.safetensors")
    head = torch.randn(weights["shared.weight"].shape, generator=torch.Generator().manual_seed(1)) * 3
    head[silent_ids] = 0
    weights["lm_head.weight"] = head
    save_file(weights, folder / "model.safetensors", metadata={"format": "pt"})


def build_marian(folder: Path, source: str | None = None, vocab_size: int = 800) -> Path:
    """A 1-layer Marian model with shared source/target sentencepiece vocabularies."""
    from transformers import AutoTokenizer, MarianConfig, MarianMTModel

    folder.mkdir(parents=True, exist_ok=True)
    _train_spm(folder / "source", vocab_size, eos_id=0, unk_id=1, bos_id=-1, pad_id=-1)
    shutil.copy(folder / "source.model", folder / "source.spm")
    shutil.copy(folder / "source.model", folder / "target.spm")
    processor = spm.SentencePieceProcessor(model_file=str(folder / "source.model"))
    vocab = {"</s>": 0, "<unk>": 1}
    for index in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(index), len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "MarianTokenizer", "source_lang": "vi", "target_lang": "en"})
    )
    tokenizer = AutoTokenizer.from_pretrained(folder)
    config = MarianConfig(
        vocab_size=len(tokenizer), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=512, pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    _silence_specials(model, [tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id])
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    _record_source(folder, source)
    return folder
