from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from tiny_models import build_marian, build_t5

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED_PAGE = ROOT / "examples" / "nhandan-soc-trang.txt"
SEED = SEED_PAGE.read_text(encoding="utf-8")

# Tests never touch the network: the hub is off for every model load.
os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="session")
def tiny_vit5(tmp_path_factory) -> Path:
    """Stands in for vit5-base: tied T5, no prefix."""
    return build_t5(tmp_path_factory.mktemp("models") / "tiny-vit5-base")


@pytest.fixture(scope="session")
def tiny_vit5_large(tmp_path_factory) -> Path:
    """Recorded as vit5-large, so the 'vietnews: ' prefix applies; untied like the real one."""
    return build_t5(tmp_path_factory.mktemp("models") / "tiny-vit5-large",
                    source="VietAI/vit5-large-vietnews-summarization", tied=False)


@pytest.fixture(scope="session")
def tiny_envit5(tmp_path_factory) -> Path:
    """Recorded as envit5-translation: 'vi: ' in, 'en: ' out, 128-token sentences."""
    return build_t5(tmp_path_factory.mktemp("models") / "tiny-envit5",
                    source="VietAI/envit5-translation", tied=False)


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory) -> Path:
    return build_marian(tmp_path_factory.mktemp("models") / "tiny-opus-mt",
                        source="Helsinki-NLP/opus-mt-vi-en")


@pytest.fixture(scope="session")
def seed_labels() -> list[dict]:
    """The hand labels of the seed page (shipped beside the tests as the page is)."""
    path = ROOT / "tests" / "data" / "seed-labelled.json"
    return json.loads(path.read_text(encoding="utf-8"))["lines"]


def serve_locally(demo) -> str:
    """Serve a built web demo on a free localhost port; its URL (stop it with demo.close())."""
    from summarizer.app import launch

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    launch(demo, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    return demo.local_url
