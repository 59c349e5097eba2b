"""The host's checkout card in a real browser (Debian's Chromium through Playwright) against the real
web app on a loopback port: the embedded model, the shop app over MCP, the merchant on its own socket,
the local payment provider shared by merchant and wallet. The person searches, asks to buy, sees the
card the host drew (not the app), pays with the card's own button, sees the order, and finds the settled
card again after a reload. One charge in the provider's database."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, expect

from salon.settings import Settings
from salon.web import create_app
from tests.browser.conftest import WAIT_MS, browser, chromium  # noqa: F401
from tests.checkout.conftest import API_KEY, MERCHANT_ID, WEBHOOK_SECRET
from tests.checkout.merchant_server import MerchantServer
from tests.checkout.servers import make_shop_app
from tests.conftest import free_port, serve_asgi

pytestmark = [pytest.mark.browser]


@pytest.fixture
def salon_url(tmp_path: Path) -> Iterator[str]:
    with (
        serve_asgi(MerchantServer(tmp_path)) as merchant_url,
        serve_asgi(make_shop_app(merchant_url).http_app()) as shop_base,
    ):
        port, sandbox_port = free_port(), free_port()
        settings = Settings(
            data_dir=tmp_path,
            model="embedded",
            port=port,
            sandbox_port=sandbox_port,
            payments_database_url=f"sqlite:///{tmp_path / 'psp.db'}",
            commerce_merchants={
                "shop": {
                    "api_base_url": merchant_url,
                    "bearer_token": API_KEY,
                    "webhook_secret": WEBHOOK_SECRET,
                    "merchant_id": MERCHANT_ID,
                    "display_name": "Travel Shop",
                }
            },
        )
        with serve_asgi(create_app(settings, serve_sandbox=True), port=port) as url:
            installed = httpx.post(
                f"{url}/api/apps", json={"name": "shop", "url": f"{shop_base}/mcp"}, timeout=60
            )
            assert installed.status_code == 201, installed.text
            added = httpx.post(
                f"{url}/api/payments/methods",
                json={"number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"},
                timeout=30,
            )
            assert added.status_code == 201, added.text
            yield url


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:  # noqa: F811
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    opened = await context.new_page()
    opened.set_default_timeout(WAIT_MS)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    opened.on("console", on_console)
    yield opened
    await context.close()
    assert problems == []


async def say(page: Page, text: str) -> None:
    composer = page.get_by_role("textbox", name="Message")
    await composer.fill(text)
    await composer.press("Enter")
    await expect(page.locator("#transcript")).to_have_attribute("aria-busy", "false", timeout=WAIT_MS)


def charges(psp_db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(psp_db) as connection:
        return [(str(s), int(a)) for s, a in connection.execute("SELECT status, amount FROM psp_charges")]


async def test_the_person_pays_on_the_hosts_checkout_card_and_sees_the_order(
    page: Page, salon_url: str, tmp_path: Path
) -> None:
    await page.goto(salon_url + "/")
    # `@shop` pins the app, so the router's "no app fits" gate plays no part in what is tested here.
    await say(page, "@shop I need a compact carry-on under $200")
    await expect(page).to_have_url(re.compile(r"/c/[^/]+$"))
    await say(page, "@shop start checkout for the first one")

    card = page.locator("section.checkout")
    await expect(card).to_be_visible()
    await expect(card.get_by_role("heading")).to_contain_text("Travel Shop")
    await expect(card.locator(".checkout-row.total")).to_contain_text("$")
    await expect(card.get_by_role("link", name="Return policy")).to_have_attribute(
        "href", "https://shop.example/returns"
    )
    await expect(card.get_by_role("combobox", name="Pay with")).to_contain_text("4242")
    assert charges(tmp_path / "psp.db") == []

    await card.get_by_role("button", name=re.compile(r"^Pay ")).click()
    await expect(card.locator(".order-card")).to_contain_text("Order placed")
    await expect(card.get_by_role("button", name="Cancel")).to_be_disabled()
    [(status, _amount)] = charges(tmp_path / "psp.db")
    assert status == "succeeded"

    await page.reload()
    settled = page.locator("section.checkout")
    await expect(settled).to_have_class(re.compile(r"\bdecided\b"))
    await expect(settled.get_by_role("button", name=re.compile(r"^Pay "))).to_be_disabled()
    assert len(charges(tmp_path / "psp.db")) == 1
