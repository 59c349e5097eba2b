"""Apps nobody here wrote: the reference MCP servers from PyPI, installed and used in a real turn."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from salon.host import AppEndpoint, Host
from salon.host.models.scripted import ScriptedProvider
from salon.settings import Settings
from tests.conftest import serve_asgi

pytestmark = pytest.mark.subprocess

FETCH_LOCAL_FLAGS = ["--ignore-robots-txt", "--allow-private-ips"]
"""The test page is on loopback, which mcp-server-fetch refuses by default (SSRF protection)."""


@pytest.fixture
def local_page() -> Iterator[str]:
    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse("<html><body><h1>Laneway Loft</h1><p>Check-in from 2 pm.</p></body></html>")

    with serve_asgi(Starlette(routes=[Route("/loft.html", page)])) as base:
        yield f"{base}/loft.html"


async def test_reference_time_and_fetch_servers_answer_in_a_turn(tmp_path: Path, local_page: str) -> None:
    provider = ScriptedProvider(
        [
            [{"name": "time__get_current_time", "arguments": {"timezone": "Australia/Melbourne"}}],
            "It's evening in Melbourne.",
            [{"name": "fetch__fetch", "arguments": {"url": local_page}}],
            "The loft's check-in starts at 2 pm.",
        ]
    )
    host = await Host.open(Settings(data_dir=tmp_path), provider=provider)
    try:
        time_app = await host.install_app(
            AppEndpoint(name="time", transport="stdio", command=[sys.executable, "-m", "mcp_server_time"])
        )
        fetch_app = await host.install_app(
            AppEndpoint(
                name="fetch",
                transport="stdio",
                command=[
                    sys.executable,
                    "-m",
                    "mcp_server_fetch",
                    "--ignore-robots-txt",
                    "--allow-private-ips",
                ],
            )
        )
        conversation = await host.create_conversation()
        clock = [e.to_wire() async for e in host.run_turn(conversation.id, "what time is it in Melbourne?")]
        fetched = [e.to_wire() async for e in host.run_turn(conversation.id, f"what does {local_page} say?")]
    finally:
        await host.aclose()

    assert {t.name for t in time_app.tools} >= {"get_current_time", "convert_time"}
    assert [t.name for t in fetch_app.tools] == ["fetch"]
    time_result = next(e for e in clock if e["type"] == "tool_result")
    assert time_result["is_error"] is False
    assert "Australia/Melbourne" in time_result["text"]
    fetch_result = next(e for e in fetched if e["type"] == "tool_result")
    assert "Check-in from 2 pm." in fetch_result["text"]
    # Both declare readOnlyHint, so neither asked for confirmation.
    assert all(e["type"] != "confirmation_required" for e in clock + fetched)
