"""The host's checkout card in a real browser (Debian's Chromium through Playwright) against the real
web app: the bank's 3-D Secure step on the card, and a checkout that an app's view starts appearing in
the open conversation without a reload. The merchant on its own socket, the local payment provider's
database shared by merchant and wallet; charges are read from it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import WAIT_MS, browser, chromium  # noqa: F401
from tests.checkout.browser_world import (  # noqa: F401
    charges,
    open_checkout,
    page,
    running_salon,
    search_for_a_carry_on,
)

pytestmark = [pytest.mark.browser]

THREE_DS = "4000000000003220"


@pytest.fixture
def salon_url(tmp_path: Path) -> Iterator[str]:
    with running_salon(tmp_path, THREE_DS, shop_view=True) as url:
        yield url


async def test_the_bank_step_on_the_card_finishes_the_payment_with_one_charge(
    page: Page,  # noqa: F811 - the fixture of that name
    salon_url: str,
    tmp_path: Path,
) -> None:
    card = await open_checkout(page, salon_url)
    await expect(card.get_by_role("combobox", name="Pay with")).to_contain_text("3220")

    await card.get_by_role("button", name=re.compile(r"^Pay ")).click()

    step = page.get_by_role("group", name="Your bank's confirmation")
    await expect(step).to_contain_text("Your bank asks you to confirm this payment")
    await expect(page.get_by_role("button", name=re.compile(r"^Pay "))).to_have_count(0)
    [(status, amount)] = charges(tmp_path / "psp.db")
    assert status == "requires_action"

    # A reload in the middle keeps the step; the person answers it there.
    await page.reload()
    step = page.get_by_role("group", name="Your bank's confirmation")
    await expect(step).to_be_visible()
    authenticate = step.get_by_role("button", name="Authenticate")
    await authenticate.click()
    await expect(page.locator("section.checkout .order-card")).to_contain_text("Order placed")
    assert charges(tmp_path / "psp.db") == [("succeeded", amount)]


async def test_cancelling_the_bank_step_tells_the_person_they_were_not_charged(
    page: Page,  # noqa: F811 - the fixture of that name
    salon_url: str,
    tmp_path: Path,
) -> None:
    card = await open_checkout(page, salon_url)
    await card.get_by_role("button", name=re.compile(r"^Pay ")).click()
    step = page.get_by_role("group", name="Your bank's confirmation")

    await step.get_by_role("button", name="Cancel").click()

    card = page.locator("section.checkout")
    await expect(card.locator(".outcome")).to_contain_text("not charged")
    await expect(card.get_by_role("button", name=re.compile(r"^Pay "))).to_be_enabled()
    await expect(page.get_by_role("group", name="Your bank's confirmation")).to_have_count(0)
    assert [status for status, _ in charges(tmp_path / "psp.db")] == ["failed"]


async def test_a_checkout_started_by_a_view_appears_live_in_the_conversation(
    page: Page,  # noqa: F811 - the fixture of that name
    salon_url: str,
    tmp_path: Path,
) -> None:
    await search_for_a_carry_on(page, salon_url)
    frame = (
        page.get_by_role("region", name=re.compile(r"view$"))
        .last.frame_locator("iframe.view-frame")
        .frame_locator("iframe")
    )
    await expect(page.locator("section.checkout")).to_have_count(0)

    await frame.get_by_role("button", name="Buy").first.click()

    card = page.locator("section.checkout")
    await expect(card).to_have_count(1, timeout=WAIT_MS)
    await expect(card.get_by_role("heading")).to_contain_text("Travel Shop")
    await expect(card.get_by_role("button", name=re.compile(r"^Pay "))).to_be_enabled()
    assert charges(tmp_path / "psp.db") == []
