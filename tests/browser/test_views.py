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
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, ConsoleMessage, Error, FrameLocator, Locator, Page, expect

from salon.host.models.base import ModelRequest
from salon.host.models.scripted import ScriptedProvider, Step
from salon.host.runtime import Host
from salon.settings import Settings
from salon.web import create_app
from salon.web.sandbox import serve_sandbox
from tests.browser.conftest import WAIT_MS
from tests.conftest import free_port, serve_asgi
from tests.views_fixtures import calllog

pytestmark = [pytest.mark.browser, pytest.mark.subprocess]

ROOT = Path(__file__).resolve().parents[2]
APPS = {
    "hotels": ROOT / "examples" / "apps" / "hotels" / "server.py",
    "music": ROOT / "examples" / "apps" / "music" / "server.py",
    "probe": ROOT / "tests" / "views_fixtures" / "probe.py",
    "victim": ROOT / "tests" / "views_fixtures" / "victim.py",
    "board": ROOT / "tests" / "views_fixtures" / "board.py",
}
STAY = {"check_in": "2031-12-03", "nights": 3, "guests": 2}
BOOKING_REFERENCE = re.compile(r"BK-[A-Z0-9]{6}")


class CountingServer:
    """A loopback HTTP server that counts the requests it gets (CORS-open, so a view could read it)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                counter.paths.append(self.path)
                self.send_response(200)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST = _answer

            def do_OPTIONS(self) -> None:
                self._answer()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CountingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Salon:
    url: str
    sandbox_url: str
    call_log: Path
    target: CountingServer
    allowed: CountingServer
    commands: dict[str, dict[str, Any]] = field(default_factory=dict)


def scripted_model(commands: dict[str, dict[str, Any]]) -> Callable[[ModelRequest], Step]:
    """The model: a message starting with a command word calls that command's tool; after a tool
    result, or for anything else, it answers with a short text."""

    def step(request: ModelRequest) -> Step:
        last = request.messages[-1]
        if last.role != "user":
            return "Here it is."
        word = last.content.strip().split(" ", 1)[0].lower()
        call = commands.get(word)
        return [call] if call else "Noted."

    return step


class ScriptedSalon:
    """The chat origin's app over a `Host` with the scripted model, opened in the server's own event loop
    together with the sandbox origin (as `salon serve` does), so app connections live in one loop."""

    def __init__(self, settings: Settings, commands: dict[str, dict[str, Any]]) -> None:
        self.settings = settings
        self.commands = commands
        self.app = create_app(settings)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        await receive()
        async with AsyncExitStack() as stack:
            try:
                provider = ScriptedProvider(scripted_model(self.commands))
                host = await Host.open(self.settings, provider=provider)
                stack.push_async_callback(host.aclose)
                await stack.enter_async_context(serve_sandbox(self.settings, host))
            except Exception as exc:
                await send({"type": "lifespan.startup.failed", "message": repr(exc)})
                return
            self.app.state.host = host
            await send({"type": "lifespan.startup.complete"})
            await receive()
        await send({"type": "lifespan.shutdown.complete"})


@pytest.fixture(scope="module")
def salon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Salon]:
    data = tmp_path_factory.mktemp("salon-views")
    call_log = data / "calls.jsonl"
    with CountingServer() as target, CountingServer() as allowed:
        commands: dict[str, dict[str, Any]] = {
            "hotels": {"name": "hotels__search_hotels", "arguments": {"city": "Melbourne", **STAY}},
            "player": {"name": "music__now_playing", "arguments": {}},
            "probe": {
                "name": "probe__open_probe",
                "arguments": {"target_url": target.url, "allowed_url": allowed.url},
            },
            "board": {"name": "board__show_board", "arguments": {}},
        }
        port, sandbox_port = free_port(), free_port()
        settings = Settings(data_dir=data, model="scripted", port=port, sandbox_port=sandbox_port)
        with serve_asgi(ScriptedSalon(settings, commands), port=port) as url:
            env = {calllog.ENV: str(call_log), "SALON_PROBE_ALLOWED": allowed.url, "PYTHONPATH": str(ROOT)}
            for name, server in APPS.items():
                installed = httpx.post(
                    f"{url}/api/apps",
                    json={"name": name, "command": [sys.executable, str(server)], "env": env},
                    timeout=60,
                )
                assert installed.status_code == 201, installed.text
            yield Salon(url, f"http://127.0.0.1:{sandbox_port}", call_log, target, allowed, commands)


@dataclass
class Console:
    """What the page logged. Errors of the chat page fail the test unless a test said to expect them
    (the host refusing a hostile view's call is logged by the browser as a failed request); the views'
    own messages (the sandbox origin's) are kept for the report."""

    problems: list[str] = field(default_factory=list)
    views: list[str] = field(default_factory=list)
    expected: list[re.Pattern[str]] = field(default_factory=list)

    def expect_error(self, pattern: str) -> None:
        self.expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(e.search(p) for e in self.expected)]


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
async def page(browser: Browser, salon: Salon, console: Console) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        if where.startswith(salon.sandbox_url) or not where.startswith(salon.url):
            console.views.append(f"{message.type}: {message.text}")
        elif message.type == "error":
            console.problems.append(f"console error: {message.text} ({where})")

    def on_page_error(error: Error) -> None:
        console.problems.append(f"uncaught: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    await context.close()
    assert console.unexpected() == [], "\n".join(console.unexpected())


async def say(page: Page, text: str) -> None:
    composer = page.get_by_role("textbox", name="Message")
    await composer.fill(text)
    await composer.press("Enter")
    await expect(page.locator("#transcript")).to_have_attribute("aria-busy", "false")
    await expect(page.get_by_role("button", name="Send")).to_be_enabled()


def view_region(page: Page, app: str) -> Locator:
    return page.get_by_role("region", name=f"{app} view").last


def view_frame(page: Page, app: str) -> FrameLocator:
    """The view's own document: inside the proxy frame inside the chat page."""
    return view_region(page, app).frame_locator("iframe.view-frame").frame_locator("iframe")


async def open_view(page: Page, salon: Salon, command: str, app: str) -> FrameLocator:
    await page.goto(salon.url + "/")
    await say(page, command)
    await expect(page).to_have_url(re.compile(r"/c/[^/]+$"))
    frame = view_frame(page, app)
    await expect(frame.locator("body")).to_have_attribute("data-state", "ready", timeout=WAIT_MS)
    return frame


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
