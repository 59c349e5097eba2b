"""Serving for real: Streamable HTTP on a loopback socket in both protocol eras, and stdio."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import httpx
import pytest
import uvicorn
from mcp import Client, StdioServerParameters
from mcp.client.stdio import get_default_environment

import salon
from salon.sdk import SalonApp

TINY_APP = Path(__file__).with_name("tiny_app.py")
# Every wait in these tests is bounded by this, so a server that never comes up fails instead of hanging.
DEADLINE_S = 30


@asynccontextmanager
async def serving(app: SalonApp) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on an ephemeral loopback port; yield its /mcp URL.

    The socket is bound and listening before uvicorn starts, so a client may connect at once: the kernel
    queues the connection until the server accepts it, and no readiness polling is needed.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app.http_app(), log_level="warning", ws="none", lifespan="on", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(server.serve, [sock])
            try:
                yield f"http://127.0.0.1:{port}/mcp"
            finally:
                server.should_exit = True
    finally:
        sock.close()


def _child_environment() -> dict[str, str]:
    env = get_default_environment()
    # The child imports salon from the same source tree as this test run, installed or not.
    src = str(Path(salon.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
    return env


@pytest.mark.parametrize("mode", ["legacy", "2026-07-28", "auto"])
async def test_app_answers_over_streamable_http_in_each_protocol_era(hotels_app: SalonApp, mode: str) -> None:
    with anyio.fail_after(DEADLINE_S):
        async with serving(hotels_app) as url, Client(url, mode=mode) as client:
            tools = await client.list_tools()
            result = await client.call_tool("search_hotels", {"city": "Lyon"})
            view = await client.read_resource("ui://hotels/results.html")
            version = client.protocol_version
    assert "search_hotels" in {tool.name for tool in tools.tools}
    assert result.structured_content == {"hotels": [{"name": "Lyon Grand", "nights": 1}]}
    assert result.meta is not None
    assert result.meta["salon/x"] == 1
    assert view.contents[0].mime_type == "text/html;profile=mcp-app"
    if mode == "legacy":
        assert version < "2026"
    else:
        assert version == "2026-07-28"


async def test_http_app_refuses_a_foreign_host_header(hotels_app: SalonApp) -> None:
    with anyio.fail_after(DEADLINE_S):
        async with serving(hotels_app) as url, httpx.AsyncClient() as http:
            response = await http.post(
                url,
                headers={"Host": "evil.example.com", "Content-Type": "application/json"},
                json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            )
    assert response.status_code == 421


@pytest.mark.subprocess
@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_app_script_answers_over_stdio(mode: str) -> None:
    params = StdioServerParameters(command=sys.executable, args=[str(TINY_APP)], env=_child_environment())
    with anyio.fail_after(DEADLINE_S):
        async with Client(params, mode=mode) as client:
            tools = await client.list_tools()
            result = await client.call_tool("greet", {"name": "Ada"})
    [tool] = tools.tools
    assert tool.annotations is not None
    assert tool.annotations.read_only_hint is True
    assert result.content[0].type == "text"
    assert result.structured_content == {"name": "Ada"}
