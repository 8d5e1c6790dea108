"""50 clients at once against the web app (tiny models, localhost): every request either
gets its own answer or is told clearly that the queue is full; none is lost or mixed up."""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
gradio = pytest.importorskip("gradio")
gradio_client = pytest.importorskip("gradio_client")

from conftest import SEED, serve_locally  # noqa: E402
from summarizer.app import Service, build_app  # noqa: E402
from summarizer.config import DecodingOptions  # noqa: E402

CLIENTS = 50
QUEUE_SIZE = 20


def _page(i: int) -> tuple[str, str]:
    """A distinct page whose title names its client."""
    lines = SEED.split("\n")
    title = f"{lines[0]} (mã số {i:03d})"
    return title, "\n".join([title] + lines[1:])


@pytest.fixture(scope="module")
def load_app(tiny_vit5):
    service = Service.load([str(tiny_vit5)], "/nonexistent/translator", device="cpu",
                           engine="transformers",
                           decoding=DecodingOptions(num_beams=1, max_new_tokens=8))
    demo = build_app(service, concurrency=2, queue_size=QUEUE_SIZE)
    yield serve_locally(demo)
    demo.close()


def test_fifty_concurrent_clients(load_app):
    start = threading.Barrier(CLIENTS, timeout=120)

    def call(i: int):
        title, page = _page(i)
        client = gradio_client.Client(load_app, verbose=False)
        start.wait()  # everyone submits at once
        try:
            summary, _, _, info = client.predict(page, False, 1, 16, None, api_name="/summarize")
        except Exception as exc:  # noqa: BLE001 - classified below
            return i, title, None, exc
        return i, title, (summary, info), None

    with ThreadPoolExecutor(CLIENTS) as pool:
        outcomes = list(pool.map(call, range(CLIENTS)))

    answered, refused, other = 0, 0, []
    for i, title, answer, error in outcomes:
        if error is not None:
            if "queue is full" in str(error).lower():
                refused += 1
            else:
                other.append((i, repr(error)))
            continue
        summary, info = answer
        assert info["ok"] is True, (i, info)
        assert info["title"] == title, (i, info["title"])  # its own answer, not another's
        assert summary.strip()
        answered += 1
    assert not other, other
    assert answered + refused == CLIENTS
    assert answered >= QUEUE_SIZE  # the queue took at least as many as it holds
