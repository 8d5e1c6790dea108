"""CTranslate2 inference engine: the same interface as ``models.TransformersModel``.

A Hugging Face checkpoint (hub id or local folder) is converted to the CTranslate2
format once and kept in an on-disk cache (``$SUMMARIZER_CACHE/ct2`` or
``~/.cache/summarizer/ct2``). The cache entry is keyed on the checkpoint's content
(small files hashed, weight files by size, mtime and link target), the ctranslate2 and
transformers versions (the converter reads the model through transformers) and the
stored weight type, so a changed model or toolchain is converted again.

Tokenisation and detokenisation use the checkpoint's own Hugging Face tokenizer, so
input ids, </s> handling and decoded text are exactly those of the transformers engine.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .config import DecodingOptions, ModelSpec, resolve_spec
from .errors import SummarizerError
from .models import PrefixedModel, unavailable_error, resolve_model_dir

log = logging.getLogger(__name__)

# Bump when the conversion itself changes (e.g. the T5 output-scaling fix below).
_CONVERSION_FORMAT = 2
# Files up to this size are hashed by content; larger ones (weights) by size/mtime/link.
_HASH_LIMIT = 16 * 1024 * 1024
_T5_TYPES = ("t5", "mt5", "umt5")

COMPUTE_TYPES = (
    "auto", "default", "float32", "int8", "int8_float32", "int8_float16", "int8_bfloat16",
    "int16", "float16", "bfloat16",
)

# Default compute type on CPU, from benchmarks/speed.py on the 2-core AMD EPYC (AVX2) host:
# int8 is ~7% slower than float32 at batch 1 (decoding is memory-bound and there is no
# VNNI), but faster at batch 8 and on folder workloads, quicker to load and about half
# the memory (peak RSS 0.35x transformers). See benchmarks/README.md.
CPU_DEFAULT_COMPUTE_TYPE = "int8"


def cache_root() -> Path:
    base = os.environ.get("SUMMARIZER_CACHE")
    if base:
        return Path(base).expanduser() / "ct2"
    return Path.home() / ".cache" / "summarizer" / "ct2"


def _model_type(folder: Path) -> str:
    try:
        return json.loads((folder / "config.json").read_text(encoding="utf-8")).get("model_type", "")
    except (OSError, ValueError):
        return ""


def _cuda_available() -> bool:
    import ctranslate2

    try:
        return ctranslate2.get_cuda_device_count() > 0
    except RuntimeError:
        return False


def _resolve_device(device: str) -> str:
    if device == "auto":
        return "cuda" if _cuda_available() else "cpu"
    return device


def choose_compute_type(requested: str, device: str, is_t5: bool) -> str:
    """The compute type to run with: "auto" picks per device; float16 is refused for
    T5 (its activations overflow float16: NaN/garbage output), with the reason logged."""
    if requested not in COMPUTE_TYPES:
        raise SummarizerError(
            f"unknown compute type {requested!r}; choose one of {', '.join(COMPUTE_TYPES)}"
        )
    import ctranslate2

    on_gpu = device.startswith("cuda")
    dev = "cuda" if on_gpu else "cpu"
    supported = set(ctranslate2.get_supported_compute_types(dev, 0))
    if requested in ("auto", "default"):
        if not on_gpu:
            return CPU_DEFAULT_COMPUTE_TYPE
        if is_t5:
            return "bfloat16" if "bfloat16" in supported else "float32"
        return "float16" if "float16" in supported else "float32"
    chosen = requested
    if is_t5 and "float16" in requested:
        chosen = requested.replace("float16", "bfloat16")
        if chosen not in supported:
            chosen = "int8_float32" if chosen.startswith("int8") else "float32"
        log.warning("compute type %s refused for T5 (its activations overflow float16); "
                    "using %s instead", requested, chosen)
    if chosen not in supported:
        fallback = "int8" if chosen.startswith("int8") and "int8" in supported else "float32"
        log.warning("compute type %s is not supported on %s by this ctranslate2 build "
                    "(supported: %s); using %s", chosen, dev, ", ".join(sorted(supported)), fallback)
        chosen = fallback
    return chosen


def _storage_type(compute_type: str) -> str:
    """How weights are stored on disk: int8 for any int8 compute type (ctranslate2
    converts the rest at load), otherwise the compute type itself."""
    return "int8" if compute_type.startswith("int8") else compute_type


def conversion_key(folder: Path, quantization: str) -> str:
    """Changes whenever the checkpoint, the toolchain or the stored type changes."""
    import ctranslate2

    try:
        from importlib.metadata import version

        tf_version = version("transformers")
    except Exception:  # noqa: BLE001 - any failure just weakens the key a little
        tf_version = "?"
    digest = hashlib.sha256()
    digest.update(f"fmt={_CONVERSION_FORMAT};ct2={ctranslate2.__version__};tf={tf_version};"
                  f"q={quantization}\n".encode())
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:".encode())
        if stat.st_size <= _HASH_LIMIT:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            # Hub-cache files are links to blobs named by their sha256: that name is exact.
            target = os.path.realpath(path) if path.is_symlink() else ""
            digest.update(f"{stat.st_mtime_ns}:{target}".encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _t5_scales_outputs(model) -> bool:
    """Whether transformers multiplies the T5 decoder output by d_model**-0.5 before the
    LM head. Original T5 (tied embeddings, e.g. vit5-base) does; T5 v1.1 / mT5 style
    checkpoints (untied, e.g. envit5-translation, vit5-large) do not.

    transformers >= 5 forces ``config.tie_word_embeddings = True`` for every T5 and keeps
    the real answer in ``config.scale_decoder_outputs``; ctranslate2 4.8.5 reads only
    the tie flag and so divides the logits of untied checkpoints by ~28-32. We follow
    the flag the transformers forward pass itself uses and cross-check the weights."""
    config = model.config
    flag = getattr(config, "scale_decoder_outputs", None)
    if flag is None:  # transformers 4.x: the tie flag is honest and is what it uses
        flag = bool(getattr(config, "tie_word_embeddings", True))
    lm_head = model.get_output_embeddings().weight
    shared = model.get_input_embeddings().weight
    tied = lm_head.data_ptr() == shared.data_ptr() or (
        lm_head.shape == shared.shape and bool((lm_head == shared).all())
    )
    if tied != flag:
        log.info("T5 checkpoint: output scaling=%s but lm_head %s the embeddings; "
                    "following transformers (scaling=%s)", flag,
                    "equals" if tied else "differs from", flag)
    return bool(flag)


@contextmanager
def _fixed_t5_loaders():
    """Swap in T5 loaders that set the decoder output scaling correctly (see above)."""
    from ctranslate2.converters import transformers as ct2t
    from ctranslate2.specs import model_spec

    saved = dict(ct2t._MODEL_LOADERS)
    for config_name in ("T5Config", "MT5Config", "UMT5Config"):
        base = type(saved.get(config_name)) if config_name in saved else None
        if base is None:
            continue

        class Fixed(base):  # type: ignore[misc, valid-type]
            def get_model_spec(self, model):
                spec = super().get_model_spec(model)
                spec.decoder.scale_outputs = (
                    model.config.d_model ** -0.5 if _t5_scales_outputs(model) else model_spec.OPTIONAL
                )
                return spec

        ct2t._MODEL_LOADERS[config_name] = Fixed()
    try:
        yield
    finally:
        ct2t._MODEL_LOADERS.clear()
        ct2t._MODEL_LOADERS.update(saved)


def convert(folder: Path, quantization: str, root: Path | None = None) -> Path:
    """The CTranslate2 conversion of ``folder``: from the cache, or made now (atomically,
    so an interrupted conversion never leaves a half-written model behind)."""
    root = root or cache_root()
    key = conversion_key(folder, quantization)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", folder.name)[:60] or "model"
    target = root / f"{slug}-{quantization}-{key[:16]}"
    if (target / "model.bin").is_file():
        log.info("using cached CTranslate2 conversion %s", target)
        return target
    from ctranslate2.converters import TransformersConverter

    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{slug}-", dir=root))
    started = time.perf_counter()
    try:
        out = work / "model"
        with _fixed_t5_loaders():
            TransformersConverter(str(folder)).convert(str(out), quantization=quantization, force=True)
        (out / "summarizer-ct2.json").write_text(json.dumps(
            {"source": str(folder), "quantization": quantization, "key": key}), encoding="utf-8")
        try:
            os.replace(out, target)
        except OSError:
            if not (target / "model.bin").is_file():  # not a concurrent conversion winning
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("converted %s to CTranslate2 (%s) in %.1fs: %s", folder, quantization,
             time.perf_counter() - started, target)
    return target


@dataclass
class CTranslate2Model(PrefixedModel):
    """A seq2seq checkpoint run by CTranslate2 (same interface as TransformersModel)."""

    spec: ModelSpec
    tokenizer: object
    translator: object
    device: str
    compute_type: str = "float32"
    model_dir: Path | None = None
    load_seconds: float = 0.0
    engine: str = "ctranslate2"

    @classmethod
    def load(cls, name_or_path: str, task: str, device: str = "auto", compute_type: str = "auto",
             threads: int = 0) -> "CTranslate2Model":
        import ctranslate2
        from transformers import AutoTokenizer

        started = time.perf_counter()
        spec = resolve_spec(name_or_path, task)
        folder = resolve_model_dir(name_or_path, task)
        device = _resolve_device(device)
        is_t5 = _model_type(folder) in _T5_TYPES
        compute_type = choose_compute_type(compute_type, device, is_t5)
        ct2_device, _, index = device.partition(":")
        try:
            tokenizer = AutoTokenizer.from_pretrained(folder)
            model_dir = convert(folder, _storage_type(compute_type))
        except (OSError, ValueError, ImportError, NotImplementedError) as exc:
            raise unavailable_error(name_or_path, task, f"converting {folder} failed ({exc})") from None
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        translator = ctranslate2.Translator(
            str(model_dir), device=ct2_device, device_index=int(index or 0), compute_type=compute_type,
            # One batch at a time, all cores on it: the product calls generate serially.
            intra_threads=threads or cores or 1, inter_threads=1,
        )
        log.info("loaded %s model %s with ctranslate2 on %s (%s)", task, name_or_path, device,
                 compute_type)
        return cls(spec, tokenizer, translator, device, compute_type, model_dir,
                   time.perf_counter() - started)

    def encode(self, texts: list[str]) -> list[list[str]]:
        """Source tokens as CTranslate2 wants them: prefix added, cut at the model's
        input limit as the transformers engine does, and ending in </s> (ctranslate2
        does not add it for T5)."""
        batch = self.tokenize(texts, truncation=True, max_length=self.spec.max_input_tokens)["input_ids"]
        eos = self.tokenizer.eos_token_id
        tokens = []
        for ids in batch:
            ids = list(ids)
            if not ids or ids[-1] != eos:
                ids.append(eos)
            tokens.append(self.tokenizer.convert_ids_to_tokens(ids))
        return tokens

    def decode(self, tokens: list[str]) -> str:
        ids = self.tokenizer.convert_tokens_to_ids(tokens)
        return self.strip_output_prefix(self.tokenizer.decode(ids, skip_special_tokens=True))

    def translate_tokens(self, sources: list[list[str]], decoding: DecodingOptions, batch_size: int,
                         min_length: int = 0) -> list[list[str]]:
        """Decode token lists in batches of similar length; output keeps input order."""
        order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
        outputs: list[list[str]] = [[] for _ in sources]
        for start in range(0, len(order), max(1, batch_size)):
            chunk = order[start:start + max(1, batch_size)]
            results = self.translator.translate_batch(
                [sources[i] for i in chunk],
                beam_size=max(1, decoding.num_beams),  # explicit: ctranslate2's default is 2
                max_decoding_length=decoding.max_new_tokens,
                min_decoding_length=min_length,
                no_repeat_ngram_size=decoding.no_repeat_ngram_size,
                length_penalty=decoding.length_penalty,
                max_input_length=0,  # never truncate silently (encode applies the limit)
            )
            for i, result in zip(chunk, results):
                outputs[i] = result.hypotheses[0]
        return outputs

    def score_tokens(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        """Per-token log-probabilities of the targets (</s> appended by ctranslate2)."""
        return [r.log_probs for r in self.translator.score_batch(sources, targets, max_input_length=0)]

    def generate(self, texts: list[str], decoding: DecodingOptions, batch_size: int) -> list[str]:
        """Generate for every text, in batches of similar length; output keeps input order."""
        if not texts:
            return []
        hypotheses = self.translate_tokens(self.encode(texts), decoding, batch_size)
        return [self.decode(tokens) for tokens in hypotheses]
