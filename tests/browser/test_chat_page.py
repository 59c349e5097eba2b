"""The chat page in a real browser: Debian's Chromium driven through Playwright against the real web
app (real Host, SQLite, the embedded model, the example hotels app over stdio) on a loopback port.

The story is the person's: search in plain words, see the results, book "the second one", decide on
the confirmation card, see the booking reference, reload and find the same transcript. Every wait is
bounded by Playwright's own timeouts; the page must log no console error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, ConsoleMessage, Error, Page, expect

from salon.settings import Settings
from salon.web import create_app
from tests.browser.conftest import WAIT_MS
from tests.conftest import free_port, serve_asgi

pytestmark = [pytest.mark.browser, pytest.mark.subprocess]

HOTELS_SERVER = Path(__file__).resolve().parents[2] / "examples" / "apps" / "hotels" / "server.py"
SEARCH = "find me a hotel in Melbourne for 3 nights from December 3"
BOOKING_REFERENCE = re.compile(r"BK-[A-Z0-9]{6}")


@pytest.fixture(scope="module")
def salon_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port, sandbox_port = free_port(), free_port()
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("salon"), model="embedded", port=port, sandbox_port=sandbox_port
    )
    with serve_asgi(create_app(settings, serve_sandbox=True), port=port) as url:
        installed = httpx.post(
            f"{url}/api/apps",
            json={"name": "hotels", "command": [sys.executable, str(HOTELS_SERVER)]},
            timeout=60,
        )
        assert installed.status_code == 201, installed.text
        yield url


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def on_page_error(error: Error) -> None:
        problems.append(f"uncaught: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    await context.close()
    assert problems == [], "\n".join(problems)


async def say(page: Page, text: str) -> None:
    """Type a message and send it with Enter, then wait until the turn has finished streaming."""
    composer = page.get_by_role("textbox", name="Message")
    await composer.fill(text)
    await composer.press("Enter")
    await expect(page.locator("#transcript")).to_have_attribute("aria-busy", "false", timeout=WAIT_MS)
    await expect(page.get_by_role("button", name="Send")).to_be_enabled()


async def search_hotels(page: Page, base_url: str) -> list[str]:
    """Run the search on a fresh conversation; returns the hotel names in the order shown.

    The hotels app answers with its carousel view; once the view has drawn the result, the host's own
    table of it folds into "Result as data" (still in the page, in the same order)."""
    await page.goto(base_url + "/")
    await say(page, SEARCH)
    await expect(page).to_have_url(re.compile(r"/c/[^/]+$"))
    search = page.locator("section.tool").filter(has_text="Search hotels")
    view = search.get_by_role("region", name="Hotels view").frame_locator("iframe").frame_locator("iframe")
    await expect(view.locator("body")).to_have_attribute("data-state", "ready", timeout=WAIT_MS)
    titles = view.get_by_test_id("card-title")
    await expect(titles.nth(1)).not_to_be_empty()
    names = [text.strip() for text in await titles.all_text_contents()]
    assert len(names) >= 2, names
    assert all(names), names
    folded = search.locator("details.view-fallback")
    await expect(folded).not_to_have_attribute("open", "")
    rows = folded.locator(".result-table td.title-col")
    assert [text.strip() for text in await rows.all_text_contents()] == names
    return names


async def assert_nothing_overflows(page: Page) -> None:
    widths = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


async def test_booking_the_second_hotel_after_approval_shows_its_reference_and_survives_reload(
    page: Page, salon_url: str
) -> None:
    names = await search_hotels(page, salon_url)
    transcript = page.locator("#transcript")
    await expect(transcript.locator(".activity")).to_have_count(0)
    await expect(transcript).not_to_contain_text("[object")
    raw = transcript.locator("details.raw").first
    await expect(raw).not_to_have_attribute("open", "")

    await say(page, "book the second one")
    card = transcript.get_by_role("group", name=re.compile("wants to make a change"))
    await expect(card).to_be_visible()
    await expect(card.get_by_role("heading")).to_contain_text("Hotels wants to make a change")
    for label in ("Hotel id", "Check in", "Nights", "Guests"):
        await expect(card.locator("dt", has_text=label)).to_be_visible()
    await expect(transcript).not_to_contain_text("[object")
    await expect(page.get_by_text("Waiting for your decision above.")).to_be_visible()
    await assert_nothing_overflows(page)

    await card.get_by_role("button", name="Approve", exact=True).click()
    await expect(card.locator(".outcome")).to_have_text("Approved once")
    for decision in ("Approve", "Always allow", "Deny"):
        await expect(card.get_by_role("button", name=decision, exact=True)).to_be_disabled()
    await expect(transcript).to_contain_text(BOOKING_REFERENCE)
    reference = BOOKING_REFERENCE.search(await transcript.inner_text())
    assert reference is not None
    await expect(transcript.locator(".message.assistant").last).to_contain_text(names[1])
    await expect(page.get_by_text("Waiting for your decision above.")).to_have_count(0)
    await expect(transcript.locator(".spinner")).to_have_count(0)
    await assert_nothing_overflows(page)

    await page.reload()
    await expect(transcript).to_contain_text(reference.group())
    await expect(transcript.locator(".message.user")).to_have_text([SEARCH, "book the second one"])
    await expect(transcript.locator(".result-table td.title-col").nth(1)).to_have_text(names[1])
    reloaded_card = transcript.get_by_role("group", name=re.compile("wants to make a change"))
    await expect(reloaded_card.locator(".outcome")).to_have_text("Approved")
    await expect(reloaded_card.get_by_role("button", name="Approve", exact=True)).to_be_disabled()
    current = page.locator("#conversation-list a[aria-current=page]")
    await expect(current).to_have_text(re.compile(r"^find me a hotel in Melbourne"))


async def test_denying_the_booking_shows_the_decision_and_books_nothing(page: Page, salon_url: str) -> None:
    await search_hotels(page, salon_url)
    transcript = page.locator("#transcript")

    await say(page, "book the first one")
    card = transcript.get_by_role("group", name=re.compile("wants to make a change"))
    await card.get_by_role("button", name="Deny", exact=True).click()

    await expect(card.locator(".outcome")).to_have_text("Denied")
    await expect(card.get_by_role("button", name="Approve", exact=True)).to_be_disabled()
    booking = transcript.get_by_role("region", name="Hotels · Book a hotel")
    await expect(booking.locator(".tool-head .badge")).to_have_text("denied")
    await expect(transcript.locator(".message.assistant").last).to_contain_text("declined")
    await expect(transcript).not_to_contain_text(BOOKING_REFERENCE)

    await page.reload()
    await expect(transcript.locator(".message.user")).to_have_text([SEARCH, "book the first one"])
    await expect(transcript.locator(".confirmation .outcome")).to_have_text("Denied")
    await expect(transcript).not_to_contain_text(BOOKING_REFERENCE)
    await expect(page.get_by_role("button", name="Deny", exact=True)).to_be_disabled()
