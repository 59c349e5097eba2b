"""The set-up the view tests share: a Salon whose model is scripted (a message's first word names the
tool to call), both origins on loopback ports, the example and fixture apps over stdio, two counting
servers for the attack tests, and the page with a console watcher. Waits are bounded by `WAIT_MS`.
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

ROOT = Path(__file__).resolve().parents[2]
APPS = {
    "hotels": ROOT / "examples" / "apps" / "hotels" / "server.py",
    "music": ROOT / "examples" / "apps" / "music" / "server.py",
    "probe": ROOT / "tests" / "views_fixtures" / "probe.py",
    "victim": ROOT / "tests" / "views_fixtures" / "victim.py",
    "board": ROOT / "tests" / "views_fixtures" / "board.py",
    "workbench": ROOT / "tests" / "views_fixtures" / "workbench.py",
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
    model_requests: list[ModelRequest] = field(default_factory=list)
    """Every request the scripted model got, oldest first."""


def scripted_model(
    commands: dict[str, dict[str, Any]], seen: list[ModelRequest] | None = None
) -> Callable[[ModelRequest], Step]:
    """The model: a message starting with a command word calls that command's tool; after a tool
    result, or for anything else, it answers with a short text."""

    def step(request: ModelRequest) -> Step:
        if seen is not None:
            seen.append(request)
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
        self.model_requests: list[ModelRequest] = []
        self.app = create_app(settings)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        await receive()
        async with AsyncExitStack() as stack:
            try:
                provider = ScriptedProvider(
                    scripted_model(self.commands, self.model_requests), stream_arguments=True
                )
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


@pytest.fixture(scope="package")
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
            "bench": {"name": "workbench__open_bench", "arguments": {}},
            "order": {"name": "workbench__order_part", "arguments": {"part": "walnut leg"}},
        }
        port, sandbox_port = free_port(), free_port()
        settings = Settings(data_dir=data, model="scripted", port=port, sandbox_port=sandbox_port)
        salon_app = ScriptedSalon(settings, commands)
        with serve_asgi(salon_app, port=port) as url:
            env = {calllog.ENV: str(call_log), "SALON_PROBE_ALLOWED": allowed.url, "PYTHONPATH": str(ROOT)}
            for name, server in APPS.items():
                installed = httpx.post(
                    f"{url}/api/apps",
                    json={"name": name, "command": [sys.executable, str(server)], "env": env},
                    timeout=60,
                )
                assert installed.status_code == 201, installed.text
            sandbox_url = f"http://127.0.0.1:{sandbox_port}"
            yield Salon(url, sandbox_url, call_log, target, allowed, commands, salon_app.model_requests)


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
