"""The web demo in a real browser: Debian's Chromium driven by Playwright's Python client.

Pastes the seed page, clicks Summarise, waits for the summary and checks that the
"Có thể bạn quan tâm" block is shown as removed; saves a screenshot to
screenshots/demo.png (or $SUMMARIZER_SCREENSHOT) for a person to look at.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)
pytest.importorskip("playwright.sync_api")
pytest.importorskip("gradio")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from conftest import ROOT  # noqa: E402
from test_app import SEED_PAGE, TEASER, app_service, app_url  # noqa: E402,F401 - shared fixtures
SCREENSHOT = Path(os.environ.get("SUMMARIZER_SCREENSHOT", ROOT / "screenshots" / "demo.png"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(app_url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="vi-VN")
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(app_url)
            yield page
        finally:
            browser.close()


def test_summarise_seed_page_in_browser(page):
    text = SEED_PAGE.read_text(encoding="utf-8")
    box = page.locator("#page-text textarea")
    expect(box).to_be_visible()
    box.fill(text)
    # Fast decoding for the tiny model: the sliders are the page's own controls.
    page.get_by_role("button", name="Summarise", exact=True).click()

    summary = page.locator("#summary textarea")
    expect(summary).not_to_have_value("", timeout=60_000)
    expect(page.locator("#status")).to_contain_text("Summarised in")

    segmentation = page.locator("#segmentation")
    teaser = segmentation.locator(".token", has=page.get_by_text(TEASER, exact=True))
    expect(teaser).to_have_count(1)
    expect(teaser.locator(".label")).to_have_text("removed · teaser heading")
    # Both sides of the split are labelled inline.
    expect(segmentation.locator(".label", has_text="kept · body").first).to_be_visible()
    expect(segmentation.locator(".label", has_text="removed · caption").first).to_be_visible()

    box.evaluate("el => { el.setSelectionRange(0, 0); el.scrollTop = 0; }")  # show the page's start
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_empty_input_shows_a_message(page):
    page.get_by_role("button", name="Clear").click()
    expect(page.locator("#page-text textarea")).to_have_value("")
    page.get_by_role("button", name="Summarise", exact=True).click()
    expect(page.locator("#status")).to_contain_text("the text is empty")
    # A message in the page, not an error popup.
    expect(page.locator(".toast-body.error")).to_have_count(0)


def test_example_button_loads_the_seed_page(page):
    page.get_by_role("button", name="Sóc Trăng quyết tâm", exact=False).first.click()
    expect(page.locator("#page-text textarea")).to_have_value(SEED_PAGE.read_text(encoding="utf-8"))
