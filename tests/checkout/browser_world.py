"""What the checkout browser tests share: the real web app on a loopback port with the shop app over MCP,
the merchant on its own socket and the local payment provider's database (shared by merchant and wallet),
a page that fails its test on any console error, and small steps a person takes."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, ConsoleMessage, Locator, Page, expect

from salon.settings import Settings
from salon.web import create_app
from tests.browser.conftest import WAIT_MS
from tests.checkout.conftest import API_KEY, MERCHANT_ID, WEBHOOK_SECRET
from tests.checkout.merchant_server import MerchantServer
from tests.checkout.servers import make_shop_app
from tests.conftest import free_port, serve_asgi


@contextmanager
def running_salon(data_dir: Path, card_number: str, *, shop_view: bool = False) -> Iterator[str]:
    """Salon's URL, with the shop installed and `card_number` in the wallet (the card offered first)."""
    with (
        serve_asgi(MerchantServer(data_dir)) as merchant_url,
        serve_asgi(make_shop_app(merchant_url, view=shop_view).http_app()) as shop_base,
    ):
        port = free_port()
        settings = Settings(
            data_dir=data_dir,
            model="embedded",
            port=port,
            sandbox_port=free_port(),
            payments_database_url=f"sqlite:///{data_dir / 'psp.db'}",
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
                json={"number": card_number, "exp_month": 12, "exp_year": 2099, "cvc": "123"},
                timeout=30,
            )
            assert added.status_code == 201, added.text
            yield url


@pytest.fixture
async def page(browser: Browser, salon_url: str) -> AsyncIterator[Page]:
    """`salon_url` (each test module's own running Salon) is asked for so that the page opens after the
    server and closes before it: a page still open while the server stops logs its long-poll's failed
    request as a console error, and that race made these tests flaky."""
    del salon_url
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    opened = await context.new_page()
    opened.set_default_timeout(WAIT_MS)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"{message.text} ({message.location.get('url', '')})")

    opened.on("console", on_console)
    yield opened
    await context.close()
    assert problems == [], "\n".join(problems)


async def say(page: Page, text: str) -> None:
    composer = page.get_by_role("textbox", name="Message")
    await composer.fill(text)
    await composer.press("Enter")
    await expect(page.locator("#transcript")).to_have_attribute("aria-busy", "false", timeout=WAIT_MS)


async def search_for_a_carry_on(page: Page, salon_url: str) -> None:
    """A new conversation in which the shop has shown its carry-ons (`@shop` pins the app, so the router's
    "no app fits" gate plays no part in what the checkout tests test)."""
    await page.goto(salon_url + "/")
    await say(page, "@shop I need a compact carry-on under $200")
    await expect(page).to_have_url(re.compile(r"/c/[^/]+$"))


async def open_checkout(page: Page, salon_url: str) -> Locator:
    """The host's checkout card for the first carry-on."""
    await search_for_a_carry_on(page, salon_url)
    await say(page, "@shop start checkout for the first one")
    return page.locator("section.checkout")


def charges(psp_db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(psp_db) as connection:
        return [(str(s), int(a)) for s, a in connection.execute("SELECT status, amount FROM psp_charges")]
