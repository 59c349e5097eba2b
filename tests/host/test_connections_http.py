"""The host's connection to apps over Streamable HTTP, against real servers on loopback, in both eras."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import anyio.to_thread
import pytest
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS

from salon.errors import AppTimeoutError, AppUnavailableError
from salon.host.connections import AppConnection, AppConnections, AppEndpoint
from tests.host.fixtures.apps import VIEW_HTML, HotelsState, legacy_only, make_hotels_server
from tests.host.fixtures.servers import RestartableServer


@pytest.fixture
def state() -> HotelsState:
    return HotelsState()


@pytest.fixture(params=["modern", "legacy"])
async def hotels(request: pytest.FixtureRequest, state: HotelsState) -> AsyncIterator[RestartableServer]:
    """The hotels app, once as a server of both eras and once as a legacy-only (2025-era) server."""
    if request.param == "modern":
        server = RestartableServer(lambda: make_hotels_server(state).streamable_http_app())
    else:
        server = RestartableServer(lambda: legacy_only(make_hotels_server(state).streamable_http_app()))
    server.start()
    yield server
    await server.stop()


@pytest.fixture
async def connection(hotels: RestartableServer) -> AsyncIterator[AppConnection]:
    conn = AppConnection(AppEndpoint(name="hotels", transport="http", url=hotels.url), call_timeout=5.0)
    yield conn
    await conn.aclose()


def is_legacy(conn: AppConnection) -> bool:
    return conn.protocol_version in HANDSHAKE_PROTOCOL_VERSIONS


async def test_connecting_negotiates_the_newest_era_the_app_speaks(
    request: pytest.FixtureRequest, connection: AppConnection
) -> None:
    await connection.start()
    if request.node.callspec.params["hotels"] == "modern":
        assert connection.protocol_version == "2026-07-28"
    else:
        assert is_legacy(connection)


async def test_listed_tools_carry_the_app_name_hints_and_view(connection: AppConnection) -> None:
    tools = {tool.name: tool for tool in await connection.list_tools()}

    search = tools["search_hotels"]
    assert search.app == "hotels"
    assert search.hints.read_only is True
    assert search.view_uri == "ui://hotels/results.html"
    assert search.input_schema["properties"]["city"]["type"] == "string"
    assert {"slow_search", "hang", "book", "sold_out"} <= tools.keys()


async def test_a_call_returns_text_structured_content_and_meta(connection: AppConnection) -> None:
    outcome = await connection.call_tool("search_hotels", {"city": "Melbourne"}, retry_safe=True)

    assert outcome.is_error is False
    assert outcome.structured == {"city": "Melbourne", "hotels": [{"name": "Harbour View", "price": 210}]}
    assert "Harbour View" in outcome.text


async def test_a_tool_that_fails_on_its_own_terms_is_an_error_outcome_not_an_exception(
    connection: AppConnection,
) -> None:
    outcome = await connection.call_tool("sold_out", {"hotel": "Harbour View"})

    assert outcome.is_error is True
    assert "sold out" in outcome.text


async def test_a_view_resource_is_read_with_its_mime_type(connection: AppConnection) -> None:
    view = await connection.read_resource("ui://hotels/results.html")

    assert view.uri == "ui://hotels/results.html"
    assert view.mime_type == "text/html;profile=mcp-app"
    assert view.text == VIEW_HTML


async def test_a_slow_tool_that_reports_progress_outlives_the_call_timeout(hotels: RestartableServer) -> None:
    conn = AppConnection(AppEndpoint(name="hotels", transport="http", url=hotels.url), call_timeout=0.5)
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    try:
        # Six steps of 0.15 s: twice the call timeout in all, but never 0.5 s without progress.
        outcome = await conn.call_tool(
            "slow_search", {"steps": 6, "interval": 0.15}, on_progress=on_progress, retry_safe=True
        )
    finally:
        await conn.aclose()

    assert outcome.text == "searched in 6 steps"
    assert seen == [(float(step), 6.0, f"step {step}") for step in range(1, 7)]


async def test_a_hung_tool_times_out_with_an_error_naming_the_app_and_tool(hotels: RestartableServer) -> None:
    conn = AppConnection(AppEndpoint(name="hotels", transport="http", url=hotels.url), call_timeout=0.3)
    try:
        with pytest.raises(AppTimeoutError) as caught:
            await conn.call_tool("hang", {})
        # The connection stays usable after a timeout.
        outcome = await conn.call_tool("search_hotels", {"city": "Hobart"}, retry_safe=True)
    finally:
        await conn.aclose()

    assert caught.value.app == "hotels"
    assert caught.value.code == "app_timeout"
    assert "The hotels app did not answer hang within 0.3 s" in caught.value.message
    assert outcome.structured["city"] == "Hobart"


async def test_concurrent_calls_share_one_connection(connection: AppConnection) -> None:
    cities = [f"City {i}" for i in range(12)]
    results: dict[str, object] = {}

    async def search(city: str) -> None:
        outcome = await connection.call_tool("search_hotels", {"city": city}, retry_safe=True)
        results[city] = outcome.structured["city"]

    async with anyio.create_task_group() as tg:
        for city in cities:
            tg.start_soon(search, city)

    assert results == {city: city for city in cities}


async def test_a_call_after_the_app_restarts_reconnects(
    hotels: RestartableServer, connection: AppConnection, state: HotelsState
) -> None:
    await connection.call_tool("search_hotels", {"city": "Perth"}, retry_safe=True)

    await hotels.stop()
    hotels.start()
    # A write: after a restart the old session is unknown (legacy) or there is none (modern), so the
    # request cannot have run before; it runs exactly once.
    outcome = await connection.call_tool("book", {"hotel": "Harbour View"})

    assert outcome.text == "Booked Harbour View"
    assert state.bookings == ["Harbour View"]


async def test_an_app_that_is_down_is_unavailable_and_works_again_once_it_is_back(
    hotels: RestartableServer, connection: AppConnection
) -> None:
    await connection.start()
    await hotels.stop()

    with pytest.raises(AppUnavailableError) as caught:
        await connection.call_tool("search_hotels", {"city": "Perth"}, retry_safe=True)
    assert caught.value.app == "hotels"
    assert hotels.url in caught.value.message

    hotels.start()
    outcome = await connection.call_tool("search_hotels", {"city": "Perth"}, retry_safe=True)
    assert outcome.structured["city"] == "Perth"


async def test_a_write_cut_off_by_a_crash_is_not_sent_again(
    hotels: RestartableServer, connection: AppConnection, state: HotelsState
) -> None:
    async def crash_and_restart(progress: float, total: float | None, message: str | None) -> None:
        # The app said the tool started: it dies now, and is back before the client notices.
        await hotels.stop()
        hotels.start()

    with pytest.raises(AppUnavailableError) as caught:
        await connection.call_tool("hang", {}, on_progress=crash_and_restart, retry_safe=False)

    assert caught.value.app == "hotels"
    assert "It was not sent again because it may change things" in caught.value.message
    # The connection recovers on the next call.
    outcome = await connection.call_tool("book", {"hotel": "Laneway Loft"})
    assert outcome.text == "Booked Laneway Loft"
    assert state.bookings == ["Laneway Loft"]


async def test_a_read_only_call_cut_off_by_a_crash_is_sent_again_once(hotels: RestartableServer) -> None:
    attempts: list[str | None] = []

    async def crash_and_restart_once(progress: float, total: float | None, message: str | None) -> None:
        attempts.append(message)
        if len(attempts) == 1:
            await hotels.stop()
            hotels.start()

    conn = AppConnection(AppEndpoint(name="hotels", transport="http", url=hotels.url), call_timeout=0.5)
    try:
        # The second attempt reaches the restarted app, which hangs again, so the call times out.
        with pytest.raises(AppTimeoutError):
            await conn.call_tool("hang", {}, on_progress=crash_and_restart_once, retry_safe=True)
    finally:
        await conn.aclose()

    assert attempts == ["started", "started"]


async def test_a_call_to_an_app_that_stays_down_is_not_retried_forever(
    hotels: RestartableServer, connection: AppConnection
) -> None:
    async def crash(progress: float, total: float | None, message: str | None) -> None:
        await hotels.stop()

    with pytest.raises(AppUnavailableError) as caught:
        await connection.call_tool("hang", {}, on_progress=crash, retry_safe=True)

    assert caught.value.app == "hotels"
    assert "connection was refused" in caught.value.message


async def test_an_app_nobody_listens_for_is_unavailable_with_what_to_check() -> None:
    server = RestartableServer(lambda: legacy_only(make_hotels_server(HotelsState()).streamable_http_app()))
    conn = AppConnection(AppEndpoint(name="hotels", transport="http", url=server.url), connect_timeout=5.0)

    with pytest.raises(AppUnavailableError) as caught:
        await conn.start()

    assert caught.value.app == "hotels"
    assert caught.value.message == (
        f"Could not connect to the hotels app at {server.url}: the connection was refused. "
        "Check that the app is running and the URL is right."
    )


async def test_the_pool_shares_one_started_connection_per_app(hotels: RestartableServer) -> None:
    pool = AppConnections(call_timeout=5.0, connect_timeout=5.0)
    pool.add(AppEndpoint(name="hotels", transport="http", url=hotels.url))
    try:
        first, second = await pool.get("hotels"), await pool.get("hotels")
        assert first is second
        assert first.protocol_version is not None
        assert pool.names() == ["hotels"]
    finally:
        await pool.aclose()
