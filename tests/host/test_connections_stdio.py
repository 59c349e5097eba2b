"""The host's connection to apps started as child processes (stdio), including reference servers nobody
here wrote: `mcp-server-time` and `mcp-server-fetch`."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from salon.errors import AppUnavailableError
from salon.host.connections import AppConnection, AppConnections, AppEndpoint
from tests.host.fixtures.servers import RestartableServer

pytestmark = pytest.mark.subprocess

STDIO_APP = Path(__file__).parent / "fixtures" / "stdio_app.py"


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
async def pids() -> AsyncIterator[AppConnection]:
    conn = AppConnection(
        AppEndpoint(name="pids", transport="stdio", command=[sys.executable, str(STDIO_APP)]),
        call_timeout=10.0,
    )
    yield conn
    await conn.aclose()


async def test_a_stdio_app_answers_calls(pids: AppConnection) -> None:
    outcome = await pids.call_tool("echo", {"text": "hello"}, retry_safe=True)

    assert outcome.text == "hello"
    assert pids.protocol_version is not None


async def test_a_stdio_app_that_was_killed_is_started_again_on_the_next_call(pids: AppConnection) -> None:
    first = int((await pids.call_tool("whoami", {}, retry_safe=True)).text)

    os.kill(first, signal.SIGKILL)
    second = int((await pids.call_tool("whoami", {}, retry_safe=True)).text)

    assert second != first
    assert process_exists(second)


async def test_closing_a_connection_leaves_no_process_behind(pids: AppConnection) -> None:
    pid = int((await pids.call_tool("whoami", {}, retry_safe=True)).text)
    assert process_exists(pid)

    await pids.aclose()

    assert not process_exists(pid)
    with pytest.raises(AppUnavailableError, match="was closed"):
        await pids.call_tool("whoami", {}, retry_safe=True)


async def test_closing_the_pool_ends_every_stdio_app() -> None:
    pool = AppConnections(call_timeout=10.0)
    for name in ("one", "two"):
        pool.add(AppEndpoint(name=name, transport="stdio", command=[sys.executable, str(STDIO_APP)]))
    running = [
        int((await (await pool.get(name)).call_tool("whoami", {}, retry_safe=True)).text)
        for name in ("one", "two")
    ]

    await pool.aclose()

    assert [process_exists(pid) for pid in running] == [False, False]


async def test_a_command_that_does_not_exist_is_unavailable_with_what_to_check() -> None:
    conn = AppConnection(AppEndpoint(name="ghost", transport="stdio", command=["salon-test-no-such-program"]))

    with pytest.raises(AppUnavailableError) as caught:
        await conn.start()

    assert caught.value.app == "ghost"
    assert "started with `salon-test-no-such-program`" in caught.value.message
    assert "installed and on PATH" in caught.value.message


async def test_a_program_that_exits_at_once_is_unavailable() -> None:
    command = [sys.executable, "-c", "raise SystemExit(3)"]
    conn = AppConnection(
        AppEndpoint(name="quitter", transport="stdio", command=command), connect_timeout=10.0
    )

    with pytest.raises(AppUnavailableError) as caught:
        await conn.start()

    assert caught.value.app == "quitter"
    assert "Run the command yourself" in caught.value.message


async def test_the_reference_time_server_tells_the_time() -> None:
    command = [sys.executable, "-m", "mcp_server_time", "--local-timezone", "Australia/Melbourne"]
    conn = AppConnection(AppEndpoint(name="time", transport="stdio", command=command), call_timeout=20.0)
    try:
        tools = {tool.name for tool in await conn.list_tools()}
        outcome = await conn.call_tool(
            "get_current_time", {"timezone": "Australia/Melbourne"}, retry_safe=True
        )
    finally:
        await conn.aclose()

    assert "get_current_time" in tools
    assert outcome.is_error is False
    assert "Australia/Melbourne" in outcome.text


@pytest.fixture
async def web_page() -> AsyncIterator[str]:
    async def page(request: object) -> HTMLResponse:
        return HTMLResponse("<html><body><h1>Harbour View</h1><p>Rooms from $210 a night.</p></body></html>")

    async def robots(request: object) -> PlainTextResponse:
        return PlainTextResponse("User-agent: *\nAllow: /\n")

    server = RestartableServer(
        lambda: Starlette(routes=[Route("/hotel.html", page), Route("/robots.txt", robots)]),
        path="/hotel.html",
    )
    server.start()
    yield server.url
    await server.stop()


async def test_the_reference_fetch_server_fetches_a_local_page(web_page: str) -> None:
    command = [sys.executable, "-m", "mcp_server_fetch", "--ignore-robots-txt", "--allow-private-ips"]
    conn = AppConnection(AppEndpoint(name="fetch", transport="stdio", command=command), call_timeout=20.0)
    try:
        outcome = await conn.call_tool("fetch", {"url": web_page}, retry_safe=True)
    finally:
        await conn.aclose()

    assert outcome.is_error is False, outcome.text
    assert "Harbour View" in outcome.text
    assert "Rooms from $210 a night." in outcome.text
