"""The payments page in a real browser: the person sets spend caps and manages cards, and what they
set is what the host enforces (read back through the API the checkout flow uses)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from salon.settings import Settings
from salon.web import create_app
from tests.browser.conftest import WAIT_MS, browser, chromium
from tests.conftest import free_port, serve_asgi

pytestmark = [pytest.mark.browser]

__all__ = ["browser", "chromium"]


@pytest.fixture
async def salon_url(tmp_path: Path) -> AsyncIterator[str]:
    settings = Settings(data_dir=tmp_path, model="embedded", port=free_port(), sandbox_port=free_port())
    with serve_asgi(create_app(settings), port=settings.port) as url:
        yield url


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1100, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        yield page
    finally:
        await context.close()


async def test_caps_set_on_the_page_are_the_caps_the_host_keeps(page: Page, salon_url: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    await page.goto(f"{salon_url}/payments")

    await page.get_by_label("Per purchase").fill("200")
    await page.get_by_label("Per day").fill("350.50")
    await page.get_by_label("Ask again above").fill("120")
    await page.get_by_role("button", name="Save caps").click()
    await expect(page.get_by_role("status")).to_have_text("Spend caps saved.")

    async with httpx.AsyncClient(base_url=salon_url) as client:
        caps = (await client.get("/api/payments/caps")).json()
    assert (caps["per_purchase"], caps["per_day"], caps["confirm_above"]) == (20000, 35050, 12000)
    assert (caps["per_month"], caps["per_merchant"]) == (None, None)
    await page.reload()
    await expect(page.get_by_label("Per day")).to_have_value("350.50")
    assert errors == []


async def test_a_card_is_added_as_a_token_and_can_be_removed(page: Page, salon_url: str) -> None:
    await page.goto(f"{salon_url}/payments")
    await expect(page.get_by_text("No payment method yet.")).to_be_visible()

    await page.get_by_label("Card number").fill("4242 4242 4242 4242")
    await page.get_by_label("Expiry (MM/YYYY)").fill("12/2031")
    await page.get_by_label("Security code").fill("123")
    await page.get_by_role("button", name="Add card").click()

    await expect(page.get_by_role("status")).to_have_text("Added the card ending 4242.")
    await expect(page.locator("#methods").get_by_text("Visa ending 4242")).to_be_visible()
    async with httpx.AsyncClient(base_url=salon_url) as client:
        [method] = (await client.get("/api/payments/methods")).json()["methods"]
    assert method["last4"] == "4242"
    assert "4242424242424242" not in str(method)

    await page.get_by_role("button", name="Remove the card ending 4242").click()
    await expect(page.get_by_text("No payment method yet.")).to_be_visible()
