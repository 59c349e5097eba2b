"""Install with consent in a real browser: Chromium (Playwright) on the directory's app page, against
the real web app on a loopback port, with the app served over real HTTP.

The app is submitted, reviewed, approved and published through `DirectoryServices` before the web app
starts (on the same SQLite file); the person then opens its page, sees exactly the data types it
receives on the consent screen, installs it, and turns one of its tools off.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from salon.directory.automated import AutomatedReviewer
from salon.directory.review_seam import ServerLocation
from salon.directory.services import DirectoryServices
from salon.host.models.scripted import ScriptedProvider
from salon.host.runtime import Host
from salon.router import FakeEmbedder
from salon.settings import Settings
from salon.web import create_app
from tests.browser.conftest import WAIT_MS, browser, chromium
from tests.conftest import free_port, serve_asgi

from .apps import NAME, make_stays_app, stays_manifest

pytestmark = [pytest.mark.browser]

__all__ = ["browser", "chromium"]


@pytest.fixture(scope="module")
def stays_url() -> Iterator[str]:
    with serve_asgi(make_stays_app().http_app()) as base:
        yield f"{base}/mcp"


@pytest.fixture
async def salon_url(tmp_path: Path, stays_url: str) -> AsyncIterator[str]:
    settings = Settings(data_dir=tmp_path, model="embedded", port=free_port(), sandbox_port=free_port())
    host = await Host.open(settings, provider=ScriptedProvider([]))
    services = DirectoryServices.for_host(host, embedder=FakeEmbedder(), reviewer=AutomatedReviewer())
    try:
        manifest = services.load_manifest(stays_manifest(stays_url))
        version = await services.directory.submit(manifest, ServerLocation(url=stays_url), owner="io.example")
        await services.directory.wait_for_reviews()
        await services.directory.approve(version.id, reviewer="reviewer")
        await services.directory.publish(version.id, actor="io.example")
    finally:
        await services.aclose()
        await host.aclose()
    with serve_asgi(create_app(settings), port=settings.port) as url:
        yield url


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        yield page
    finally:
        await context.close()


async def test_the_consent_screen_shows_exactly_the_data_and_installing_then_revoking_works(
    page: Page, salon_url: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    await page.goto(f"{salon_url}/directory/apps/{NAME}")
    await expect(page.get_by_role("heading", name="Stays", exact=True)).to_be_visible()
    await expect(page.get_by_text("Only reads information")).to_be_visible()

    await page.get_by_role("button", name="Install").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    items = dialog.locator("#consent-data li")
    await expect(items).to_have_count(1)
    await expect(items.first).to_contain_text("name, email")
    await dialog.get_by_role("button", name="Allow and install").click()
    await expect(page.get_by_role("status")).to_contain_text("Installed as “stays”")

    async with httpx.AsyncClient(base_url=salon_url) as client:
        apps = (await client.get("/api/apps")).json()["apps"]
    assert [app["name"] for app in apps] == ["stays"]

    await page.get_by_role("link", name="Installed — permissions").click()
    toggle = page.get_by_role("checkbox", name="Book stay")
    await expect(toggle).to_be_checked()
    await toggle.uncheck()
    await expect(page.get_by_role("status")).to_contain_text("Salon will not offer it")
    async with httpx.AsyncClient(base_url=salon_url) as client:
        permissions = (await client.get("/api/directory/installed/stays")).json()
    assert {t["name"]: t["enabled"] for t in permissions["tools"]} == {
        "book_stay": False,
        "search_stays": True,
    }
    assert errors == []


async def test_a_fitting_app_that_is_not_installed_is_suggested_in_the_conversation_and_asks_first(
    page: Page, salon_url: str
) -> None:
    await page.goto(f"{salon_url}/")
    composer = page.get_by_role("textbox", name="Message")
    await composer.fill("book stay")
    await composer.press("Enter")

    suggestion = page.get_by_test_id("app-suggestion")
    await expect(suggestion).to_be_visible(timeout=WAIT_MS)
    await expect(suggestion.get_by_role("heading")).to_have_text("Stays could help with this")
    await suggestion.get_by_role("link", name="See Stays and install").click()

    await expect(page).to_have_url(f"{salon_url}/directory/apps/{NAME}")
    await page.get_by_role("button", name="Install").click()
    await expect(page.get_by_role("dialog").get_by_role("button", name="Allow and install")).to_be_visible()
    async with httpx.AsyncClient(base_url=salon_url) as client:
        assert (await client.get("/api/apps")).json()["apps"] == [], "nothing is installed before consent"


async def test_no_suggestion_shows_when_nothing_in_the_directory_fits(page: Page, salon_url: str) -> None:
    await page.goto(f"{salon_url}/")
    composer = page.get_by_role("textbox", name="Message")
    await composer.fill("what is the capital of peru")
    # The page asks the directory after the turn; the answer is awaited before checking nothing came.
    async with page.expect_response(lambda r: "/api/directory/suggest" in r.url, timeout=WAIT_MS) as asked:
        await composer.press("Enter")

    assert (await (await asked.value).json()) == {"suggestion": None}
    await expect(page.locator(".message.assistant").last).to_be_visible(timeout=WAIT_MS)
    await expect(page.get_by_test_id("app-suggestion")).to_have_count(0)
