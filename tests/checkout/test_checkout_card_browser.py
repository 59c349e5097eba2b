"""The host's checkout card in a real browser (Debian's Chromium through Playwright) against the real
web app on a loopback port: the embedded model, the shop app over MCP, the merchant on its own socket,
the local payment provider shared by merchant and wallet. The person searches, asks to buy, sees the
card the host drew (not the app), pays with the card's own button, sees the order, and finds the settled
card again after a reload. One charge in the provider's database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import browser, chromium  # noqa: F401
from tests.checkout.browser_world import charges, open_checkout, page, running_salon  # noqa: F401

pytestmark = [pytest.mark.browser]


@pytest.fixture
def salon_url(tmp_path: Path) -> Iterator[str]:
    with running_salon(tmp_path, "4242424242424242") as url:
        yield url


async def test_the_person_pays_on_the_hosts_checkout_card_and_sees_the_order(
    page: Page,  # noqa: F811 - the fixture of that name
    salon_url: str,
    tmp_path: Path,
) -> None:
    card = await open_checkout(page, salon_url)
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
