"""Apps that break the protocol, cannot be reached in time, or are configured wrongly."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator

import pytest
from pydantic import ValidationError

from salon.errors import AppError, AppProtocolError, AppUnavailableError, NotFoundError
from salon.host.connections import AppConnection, AppConnections, AppEndpoint
from tests.host.fixtures.apps import misbehaving_app
from tests.host.fixtures.servers import RestartableServer


@pytest.fixture
async def broken() -> AsyncIterator[AppConnection]:
    server = RestartableServer(misbehaving_app)
    server.start()
    conn = AppConnection(AppEndpoint(name="broken", transport="http", url=server.url), call_timeout=5.0)
    yield conn
    await conn.aclose()
    await server.stop()


async def test_a_result_of_the_wrong_shape_is_a_protocol_error(broken: AppConnection) -> None:
    with pytest.raises(AppProtocolError) as caught:
        await broken.call_tool("wrong_shape", {})

    assert caught.value.app == "broken"
    assert caught.value.message.startswith(
        "The broken app answered wrong_shape with a result that breaks the MCP protocol"
    )


async def test_a_reply_that_is_not_json_is_a_protocol_error(broken: AppConnection) -> None:
    with pytest.raises(AppProtocolError) as caught:
        await broken.call_tool("not_json", {})

    assert "malformed JSON-RPC" in caught.value.message


async def test_a_json_rpc_error_is_an_app_error_with_the_apps_message(broken: AppConnection) -> None:
    with pytest.raises(AppError) as caught:
        await broken.call_tool("no_such_tool", {})

    assert type(caught.value) is AppError
    assert caught.value.code == "app_rejected"
    assert "Unknown tool: no_such_tool" in caught.value.message


async def test_a_misbehaving_app_does_not_break_the_next_call(broken: AppConnection) -> None:
    with pytest.raises(AppProtocolError):
        await broken.call_tool("wrong_shape", {})
    with pytest.raises(AppProtocolError):
        await broken.call_tool("wrong_shape", {})


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) but never answers a byte."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


async def test_an_app_that_never_answers_the_handshake_is_unavailable_after_the_connect_timeout(
    silent_port: int,
) -> None:
    url = f"http://127.0.0.1:{silent_port}/mcp"
    conn = AppConnection(AppEndpoint(name="mute", transport="http", url=url), connect_timeout=0.3)
    try:
        with pytest.raises(AppUnavailableError) as caught:
            await conn.start()
    finally:
        await conn.aclose()

    assert caught.value.app == "mute"
    assert caught.value.message.startswith(f"The mute app at {url} did not finish connecting within 0.3 s.")


async def test_the_pool_names_apps_it_does_not_know() -> None:
    pool = AppConnections()
    with pytest.raises(NotFoundError, match="No app named 'hotels'"):
        await pool.get("hotels")
    with pytest.raises(NotFoundError):
        pool.endpoint("hotels")


async def test_a_removed_app_refuses_new_calls(silent_port: int) -> None:
    pool = AppConnections(connect_timeout=0.3)
    endpoint = AppEndpoint(name="hotels", transport="http", url=f"http://127.0.0.1:{silent_port}/mcp")
    pool.add(endpoint)
    assert pool.endpoint("hotels") == endpoint
    pool.remove("hotels")
    try:
        assert "hotels" not in pool
        with pytest.raises(NotFoundError):
            await pool.get("hotels")
    finally:
        await pool.aclose()


def test_an_http_endpoint_needs_a_url() -> None:
    with pytest.raises(ValidationError, match="needs url="):
        AppEndpoint(name="hotels", transport="http")


def test_a_stdio_endpoint_needs_a_command() -> None:
    with pytest.raises(ValidationError, match="needs command="):
        AppEndpoint(name="time", transport="stdio", command=[])


def test_an_app_name_cannot_contain_the_tool_qualifier() -> None:
    with pytest.raises(ValidationError, match="separates app and tool"):
        AppEndpoint(name="my__app", transport="http", url="http://127.0.0.1:1/mcp")


def test_an_endpoint_says_where_the_app_is() -> None:
    http = AppEndpoint(name="hotels", transport="http", url="http://127.0.0.1:8801/mcp")
    stdio = AppEndpoint(name="time", transport="stdio", command=["python", "-m", "mcp_server_time"])

    assert http.target == "http://127.0.0.1:8801/mcp"
    assert stdio.target == "python -m mcp_server_time"
