"""Fixtures for the real-browser tests: Debian's Chromium (or `SALON_CHROMIUM`), driven by Playwright.

A missing browser fails the run with the fix in the message; these tests are never skipped.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

CHROMIUM = os.environ.get("SALON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 30_000
"""The bound on every wait (Playwright's default timeout in these tests)."""


@pytest.fixture
def chromium() -> str:
    """The browser binary; a missing one fails the run (never skipped) and says how to fix it."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}. Run scripts/ensure-chromium.sh to install Debian's chromium, "
            "or point SALON_CHROMIUM at a Chromium binary."
        )
    return CHROMIUM


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


# The views' shared Salon and page (tests/browser/views_harness.py); test_chat_page.py has its own page.
from tests.browser.views_harness import console, page, salon  # noqa: E402, F401
