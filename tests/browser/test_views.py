"""App views in a real browser: Debian's Chromium, the chat origin and the sandbox origin on loopback ports,
real app servers over stdio, and a scripted model that calls the tool each message names.

The person's stories: the hotels carousel books through the host's confirmation; a view keeps its state
across a reload; views go fullscreen and picture-in-picture (which stays while the person scrolls and
chats); the page's theme reaches the view; an app written only for ChatGPT's `window.openai` runs.

The attack stories: a hostile view (tests/views_fixtures/probe_view.html) tries every way out of its
sandbox and writes each outcome into its own DOM; every one must read "blocked", the two controls
(its own view-visible tool, the origin its CSP declares) must work, and nothing may reach an app or a
server the view was not allowed to reach. Each outcome is printed (`pytest -s` shows the report).
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import WAIT_MS
from tests.browser.views_harness import (
    BOOKING_REFERENCE,
    Console,
    Salon,
    open_view,
    say,
    view_frame,
    view_region,
)
from tests.views_fixtures import calllog

pytestmark = [pytest.mark.browser, pytest.mark.subprocess]

# ---------------------------------------------------------------- the person's stories


async def test_hotel_carousel_books_through_the_hosts_confirmation(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "hotels in Melbourne", "Hotels")
    region = view_region(page, "Hotels")
    await expect(region.locator("iframe.view-frame")).to_have_attribute("title", re.compile("Hotels"))
    card = frame.get_by_test_id("card").first
    await expect(card.get_by_test_id("card-title")).not_to_be_empty()
    # The host's own table of the same result folds away once the view has drawn it.
    await expect(page.locator(".view-fallback")).to_have_count(1)
    await expect(page.locator(".view-fallback")).not_to_have_attribute("open", "")

    await card.get_by_role("button", name="Book").click()
    form = card.locator("form")
    await form.get_by_label("Guest name").fill("Ada Lovelace")
    await form.get_by_test_id("form-submit").click()

    confirmation = region.get_by_role("group", name=re.compile("wants to make a change"))
    await expect(confirmation).to_be_visible()
    await expect(confirmation.locator("dd").filter(has_text="Ada Lovelace")).to_be_visible()
    await confirmation.get_by_role("button", name="Approve", exact=True).click()
    await expect(confirmation.locator(".outcome")).to_have_text("Approved once")

    await expect(frame.get_by_test_id("form-success")).to_contain_text(BOOKING_REFERENCE)


async def test_view_state_is_restored_after_reload(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "hotels in Melbourne", "Hotels")
    position = frame.get_by_test_id("carousel-position")
    await expect(position).to_have_text(re.compile(r"^1\b"))
    async with page.expect_request(lambda r: r.method == "PUT" and r.url.endswith("/state")) as saved:
        await frame.get_by_test_id("carousel-next").click()
    assert (await (await saved.value).response()).status == 204  # type: ignore[union-attr]
    await expect(position).to_have_text(re.compile(r"^2\b"))

    await page.reload()
    frame = view_frame(page, "Hotels")
    await expect(frame.locator("body")).to_have_attribute("data-state", "ready", timeout=WAIT_MS)
    await expect(frame.get_by_test_id("carousel-position")).to_have_text(re.compile(r"^2\b"))


async def test_view_goes_fullscreen_and_back_by_the_hosts_button_or_escape(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "hotels in Melbourne", "Hotels")
    region = view_region(page, "Hotels")
    shell = region.locator(".view-shell")

    await frame.get_by_test_id("display-mode-fullscreen").click()
    await expect(region).to_have_attribute("data-display-mode", "fullscreen")
    box = await shell.bounding_box()
    assert box is not None
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1280, 900)
    exit_button = page.get_by_role("button", name="Exit full screen")
    await expect(exit_button).to_be_focused()
    await exit_button.click()
    await expect(region).to_have_attribute("data-display-mode", "inline")
    # The view heard about it (host-context-changed): it offers full screen again.
    await expect(frame.get_by_test_id("display-mode-fullscreen")).to_be_visible()

    await frame.get_by_test_id("display-mode-fullscreen").click()
    await expect(region).to_have_attribute("data-display-mode", "fullscreen")
    await page.keyboard.press("Escape")
    await expect(region).to_have_attribute("data-display-mode", "inline")

    # Escape works with the focus inside the view too (the view asks the host to go back inline).
    await frame.get_by_test_id("display-mode-fullscreen").click()
    await expect(region).to_have_attribute("data-display-mode", "fullscreen")
    await frame.locator("button").first.focus()
    await frame.locator("body").press("Escape")
    await expect(region).to_have_attribute("data-display-mode", "inline")


async def test_music_player_in_pip_stays_while_the_person_scrolls_and_chats(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "player please", "Music")
    region = view_region(page, "Music")
    await frame.get_by_test_id("display-mode-pip").click()
    await expect(region).to_have_attribute("data-display-mode", "pip")
    pip = region.locator(".view-shell")
    await expect(pip).to_be_in_viewport()
    view = next(f for f in page.frames if "/views/" in f.url)
    await view.evaluate("window.__stillTheSameDocument = true")

    for text in ("thanks", "and another thing", "one more"):
        await say(page, text)
    await expect(page.locator(".message.user")).to_have_count(4)
    await page.locator("#transcript").evaluate("node => node.scrollTo(0, 0)")
    await expect(pip).to_be_in_viewport()
    await expect(page.locator(".message.user").last).to_have_text("one more")
    assert await view.evaluate("window.__stillTheSameDocument === true"), "the player was reloaded"

    await pip.get_by_role("button", name=re.compile("Restore")).click()
    await expect(region).to_have_attribute("data-display-mode", "inline")
    await expect(frame.get_by_test_id("display-mode-pip")).to_be_visible()


async def test_the_pages_theme_reaches_the_view(page: Page, salon: Salon) -> None:
    await page.emulate_media(color_scheme="light")
    frame = await open_view(page, salon, "hotels in Melbourne", "Hotels")
    root = frame.locator("html")
    await expect(root).to_have_attribute("data-theme", "light")

    await page.emulate_media(color_scheme="dark")
    await expect(root).to_have_attribute("data-theme", "dark")
    panel = await page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--panel').trim()"
    )
    background = re.compile(re.escape(f"--color-background-primary: {panel}"))
    await expect(root).to_have_attribute("style", background)


async def test_a_chatgpt_era_app_runs_unchanged_and_calls_its_tool(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "board please", "Board")
    await expect(frame.get_by_test_id("cards").locator("li")).to_have_text(["Write the spec", "Ship it"])
    await expect(frame.get_by_test_id("theme")).to_have_text(re.compile("^(light|dark)$"))

    await frame.get_by_test_id("add").click()
    await expect(frame.get_by_test_id("added")).to_have_text("Added Card 1")
    added = {"app": "board", "tool": "add_card", "arguments": {"title": "Card 1"}}
    assert added in calllog.read(salon.call_log)

    await page.reload()
    frame = view_frame(page, "Board")
    await expect(frame.locator("body")).to_have_attribute("data-state", "ready", timeout=WAIT_MS)
    await expect(frame.get_by_test_id("clicks")).to_have_text("1")


async def test_a_views_follow_up_message_becomes_the_persons_next_turn(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "board please", "Board")
    await frame.get_by_test_id("ask").click()
    await expect(page.locator(".message.user")).to_have_text(["board please", "Tell me more about Ship it"])
    await expect(page.locator(".message.assistant").last).to_have_text("Noted.")


async def test_a_link_from_a_view_opens_only_after_the_person_sees_the_full_address(
    page: Page, salon: Salon
) -> None:
    frame = await open_view(page, salon, "board please", "Board")
    await frame.get_by_test_id("link").click()
    dialog = page.get_by_role("dialog", name="Board wants to open a link")
    await expect(dialog).to_contain_text("https://docs.example.com/board?card=1")
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_have_count(0)
    await expect(frame.get_by_test_id("link-outcome")).to_have_text(re.compile("^refused: "))

    # The link's site answers from here: the machine running the tests may have no network.
    await page.context.route("https://docs.example.com/**", lambda route: route.fulfill(body="the docs"))
    await frame.get_by_test_id("link").click()
    async with page.context.expect_page() as opened:
        await dialog.get_by_role("button", name="Open link").click()
    tab = await opened.value
    await expect(tab).to_have_url("https://docs.example.com/board?card=1")
    assert await tab.evaluate("window.opener === null"), "the view's link must open without an opener"
    await expect(frame.get_by_test_id("link-outcome")).to_have_text("opened")


# ---------------------------------------------------------------- the attacks

ATTACKS = {
    "pre-init": "a request before ui/initialize",
    "top-dom": "reading the chat page's DOM through window.top",
    "top-dom-write": "changing the chat page's DOM",
    "parent-dom": "reading the proxy's DOM through window.parent",
    "top-globals": "reading the chat page's scripts' globals",
    "cookies": "reading cookies",
    "local-storage": "reading localStorage",
    "session-storage": "reading sessionStorage",
    "navigate-top": "navigating the chat page away",
    "popup": "opening a popup",
    "spoof-top": "posting JSON-RPC straight to the chat page (must be ignored)",
    "fetch-undeclared": "fetch() to an origin the CSP did not declare",
    "beacon-undeclared": "sendBeacon() to that origin",
    "image-undeclared": "an <img> from that origin",
    "tool-other-app": "calling another app's tool by its name",
    "tool-other-app-qualified": "calling another app's tool by its qualified name",
    "tool-model-only": "calling its own app's tool whose visibility lacks 'app'",
}


async def test_a_hostile_view_cannot_escape_its_sandbox(page: Page, salon: Salon, console: Console) -> None:
    console.expect_error(r"status of 403 .*/api/views/[^/]+/tools/call")
    await page.goto(salon.url + "/")
    await page.evaluate("document.cookie = 'salon_secret=1; path=/'; localStorage.setItem('salon', 'secret')")
    frame = await open_view(page, salon, "probe now", "Probe")
    body = frame.locator("body")
    chat_url = page.url

    outcomes = {name: await body.get_attribute(f"data-attack-{name}") for name in ATTACKS}
    print("\nSandbox attacks (each must be blocked):")
    for name, what in ATTACKS.items():
        print(f"  {outcomes[name]!s:<36} {name:<26} {what}")
    print(f"  CSP violations seen by the view: {await body.get_attribute('data-csp-violations')}")
    failed = {name: got for name, got in outcomes.items() if not (got or "").startswith("blocked")}
    assert failed == {}, f"attacks that were not blocked: {failed}"

    # The controls show the channel works: the blocks above are the sandbox, not a broken view.
    await expect(body).to_have_attribute("data-control-call", "ok:legit")
    await expect(body).to_have_attribute("data-control-fetch", "ok:200")
    assert "/allowed" in salon.allowed.paths
    assert salon.target.paths == [], f"the undeclared origin was reached: {salon.target.paths}"
    await expect(body).to_have_attribute("data-csp-violations", re.compile(re.escape(salon.target.url)))

    legit = ("probe", "record_call", "legit")
    calls = [
        (c["app"], c["tool"], c["arguments"].get("label"))
        for c in calllog.read(salon.call_log)
        if c["app"] in ("probe", "victim")
    ]
    assert legit in calls
    assert [c for c in calls if c[1] != "open_probe" and c != legit] == [], "calls that reached the apps"

    assert page.url == chat_url
    await expect(page.locator("h1#conversation-title")).to_be_visible()
    await expect(page.locator("#transcript")).not_to_contain_text("spoofed message from the probe")
    await expect(page.locator("#transcript")).not_to_contain_text("pwned")
