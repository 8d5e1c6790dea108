"""Finding, downloading and loading seq2seq checkpoints (hub id or local folder)."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from .config import KNOWN_MODELS, MODEL_INFO_FILE, DecodingOptions, ModelSpec, resolve_spec
from .errors import ModelUnavailableError, SummarizerError

log = logging.getLogger(__name__)

# Everything a checkpoint needs besides its weights: configs and tokenizer files.
_SUPPORT_FILES = ["*.json", "*.model", "*.spm", "*.txt"]
_WEIGHT_FORMATS = (["*.safetensors"], ["pytorch_model*.bin"])


def _hub_reachable(timeout: float = 3.0) -> bool:
    """A quick connect to the hub, so an offline machine fails in seconds instead of
    sitting through huggingface_hub's retries (about a minute)."""
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        return False
    url = urlparse(constants.ENDPOINT)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False


def unavailable_error(name: str, role: str, reason: str) -> ModelUnavailableError:
    flag = "--summary-model" if role == "summary" else "--translation-model"
    return ModelUnavailableError(
        f"The {role} model '{name}' is not available: {reason}. "
        f"On a machine with internet, run `summarizer models download {name} --to models/` "
        f"and copy the folder here, then pass it with {flag} models/{name.split('/')[-1]} "
        "(or set HF_HOME to a cache that holds it)."
    )


def _is_hub_id(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 2 and all(parts) and not name.startswith((".", "~", "/"))


def _weight_patterns(repo_id: str) -> list[str]:
    """Prefer safetensors (no pickle, faster to load); fall back to the PyTorch bin."""
    from huggingface_hub import HfApi

    files = [s.rfilename for s in HfApi().model_info(repo_id).siblings or []]
    if any(f.endswith(".safetensors") for f in files):
        return _WEIGHT_FORMATS[0]
    return _WEIGHT_FORMATS[1]


def resolve_model_dir(name_or_path: str, role: str) -> Path:
    """A local folder holding the checkpoint: the folder given, the hub cache, or a
    fresh download. Raises ModelUnavailableError with advice when none works."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise unavailable_error(name_or_path, role, f"the folder {path} has no config.json")
        return path
    if not _is_hub_id(name_or_path):
        raise unavailable_error(name_or_path, role, "no such folder, and it is not a hub id")

    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    try:
        cached = Path(snapshot_download(name_or_path, local_files_only=True))
        if (cached / "config.json").is_file():
            return cached
    except (LocalEntryNotFoundError, FileNotFoundError, OSError):
        pass
    if not _hub_reachable():
        raise unavailable_error(
            name_or_path, role, "it is not in the local cache and the Hugging Face hub cannot be reached"
        )
    try:
        log.info("downloading %s from the Hugging Face hub", name_or_path)
        patterns = _SUPPORT_FILES + _weight_patterns(name_or_path)
        return Path(snapshot_download(name_or_path, allow_patterns=patterns))
    except (HfHubHTTPError, OSError, ValueError) as exc:
        raise unavailable_error(name_or_path, role, f"download failed ({exc})") from None


def download_model(name: str, dest_root: Path) -> Path:
    """Save a hub checkpoint into dest_root/<name> for offline use."""
    from huggingface_hub import snapshot_download

    task = KNOWN_MODELS[name].task if name in KNOWN_MODELS else "summary"
    if not _hub_reachable():
        raise unavailable_error(name, task, "the Hugging Face hub cannot be reached from this machine")
    target = dest_root / name.split("/")[-1]
    patterns = _SUPPORT_FILES + _weight_patterns(name)
    snapshot_download(name, local_dir=target, allow_patterns=patterns)
    (target / MODEL_INFO_FILE).write_text(json.dumps({"source": name}), encoding="utf-8")
    return target


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


class PrefixedModel:
    """What every engine shares: the checkpoint's spec and tokenizer, with the prefix
    conventions of the spec applied on the way in and out. Engines add ``generate``."""

    spec: ModelSpec
    tokenizer: object
    # A fast tokenizer keeps its padding and truncation settings on the shared Rust object
    # and resets them on every call: two threads (the web app's concurrent requests)
    # calling with different settings would tokenize with each other's.
    _tokenizer_lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.spec.name

    def tokenize(self, texts: list[str], **kwargs):
        """The tokenizer's output for texts with the input prefix added (thread-safe)."""
        with self._tokenizer_lock:
            return self.tokenizer([self.spec.input_prefix + text for text in texts], **kwargs)

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Tokens each text takes as model input, prefix and </s> included."""
        return [len(ids) for ids in self.tokenize(texts)["input_ids"]]

    def strip_output_prefix(self, text: str) -> str:
        text = text.strip()
        prefix = self.spec.output_prefix.strip()
        if prefix and text.startswith(prefix):
            text = text[len(prefix):].strip()
        return text


@dataclass
class TransformersModel(PrefixedModel):
    """A seq2seq checkpoint run by transformers (PyTorch)."""

    spec: ModelSpec
    tokenizer: object
    model: object
    device: str
    load_seconds: float = 0.0
    engine: str = "transformers"

    @classmethod
    def load(cls, name_or_path: str, task: str, device: str = "auto") -> "TransformersModel":
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        started = time.perf_counter()
        spec = resolve_spec(name_or_path, task)
        folder = resolve_model_dir(name_or_path, task)
        device = resolve_device(device)
        # float32 on CPU; bf16 on GPU where supported. Never float16: T5 overflows in it.
        dtype = torch.float32
        if device.startswith("cuda") and torch.cuda.is_bf16_supported():
            dtype = torch.bfloat16
        try:
            tokenizer = AutoTokenizer.from_pretrained(folder)
            model = AutoModelForSeq2SeqLM.from_pretrained(folder, dtype=dtype)
        except (OSError, ValueError, ImportError) as exc:
            raise unavailable_error(name_or_path, task, f"loading {folder} failed ({exc})") from None
        model.to(device).eval()
        log.info("loaded %s model %s on %s", task, name_or_path, device)
        return cls(spec, tokenizer, model, device, time.perf_counter() - started)

    def generate(self, texts: list[str], decoding: DecodingOptions, batch_size: int) -> list[str]:
        """Generate for every text, in padded batches of similar length (sorting by
        length cuts the padding each batch computes); output keeps input order."""
        import torch

        if not texts:
            return []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        outputs: list[str] = [""] * len(texts)
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            batch = self.tokenize(
                [texts[i] for i in chunk], return_tensors="pt", padding=True, truncation=True,
                max_length=self.spec.max_input_tokens,
            ).to(self.device)
            with torch.inference_mode():
                generated = self.model.generate(**batch, **decoding.generate_kwargs())
            decoded = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
            for i, text in zip(chunk, decoded):
                outputs[i] = self.strip_output_prefix(text)
        return outputs


ENGINES = ("auto", "transformers", "ctranslate2")


def default_engine() -> str:
    """The fastest engine installed: CTranslate2 when present (see benchmarks/)."""
    import importlib.util

    return "ctranslate2" if importlib.util.find_spec("ctranslate2") else "transformers"


def load_model(name_or_path: str, task: str, device: str = "auto", engine: str = "auto",
               compute_type: str = "auto", threads: int = 0):
    """Load a checkpoint with the chosen engine; both offer the same interface
    (spec, name, engine, load_seconds, count_tokens, generate)."""
    if engine not in ENGINES:
        raise SummarizerError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    engine = default_engine() if engine == "auto" else engine
    if engine == "ctranslate2":
        try:
            from .ct2 import CTranslate2Model
        except ImportError:
            raise SummarizerError(
                "the ctranslate2 engine is not installed: pip install 'summarizer[fast]'"
            ) from None
        return CTranslate2Model.load(name_or_path, task, device=device,
                                     compute_type=compute_type, threads=threads)
    if threads:
        import torch

        torch.set_num_threads(threads)
    return TransformersModel.load(name_or_path, task, device)
