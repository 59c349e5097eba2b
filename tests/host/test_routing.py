"""Only the tools of the app that fits reach the model: the router's gate in a turn, `@app` pins,
unknown mentions reported, and the app a conversation is using kept for its follow-ups."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import Field

from salon.host import AppEndpoint, Host
from salon.host.models.scripted import ScriptedProvider
from salon.host.routing import ToolRouting, default_embedder, mentioned_apps, strip_mentions
from salon.sdk import SalonApp, ToolResult
from salon.settings import Settings
from salon.store import InstalledApp, Message, Store
from tests.conftest import serve_asgi
from tests.host.apps import make_stays_app
from tests.host.test_routing_index import HOTELS, MUSIC, live
from tests.host.test_turn import collect, types


def make_tunes_app() -> SalonApp:
    app = SalonApp("tunes", title="Tunes", description="Play music.", version="1.0.0")

    @app.tool(read_only=True, destructive=False, open_world=False, title="Search songs")
    def search_songs(query: Annotated[str, Field(description="Song, album or artist")]) -> ToolResult:
        """Search songs, albums and artists."""
        return ToolResult(text=f"Songs for {query}: none yet.")

    @app.tool(
        read_only=False,
        destructive=False,
        open_world=False,
        title="Play song",
        meta={"salon/examples": ["put on some jazz", "I want to hear Bohemian Rhapsody"]},
    )
    def play_song(song_id: Annotated[str, Field(description="Id of the song")]) -> ToolResult:
        """Play a song now."""
        return ToolResult(text=f"Playing {song_id}.")

    return app


@pytest.fixture
def app_urls() -> Iterator[dict[str, str]]:
    with serve_asgi(make_stays_app([]).http_app()) as stays, serve_asgi(make_tunes_app().http_app()) as tunes:
        yield {"stays": f"{stays}/mcp", "tunes": f"{tunes}/mcp"}


async def open_host(tmp_path: Path, provider: ScriptedProvider, urls: dict[str, str]) -> Host:
    host = await Host.open(Settings(data_dir=tmp_path, timezone="Australia/Melbourne"), provider=provider)
    for name, url in urls.items():
        await host.install_app(AppEndpoint(name=name, transport="http", url=url))
    return host


def offered(provider: ScriptedProvider, step: int = 0) -> list[str]:
    return [tool.name for tool in provider.requests[step].tools]


async def test_small_talk_reaches_the_model_with_no_tools(tmp_path: Path, app_urls: dict[str, str]) -> None:
    provider = ScriptedProvider(["Why did the chicken cross the road?"])
    host = await open_host(tmp_path, provider, app_urls)
    try:
        conversation = await host.create_conversation()
        events = await collect(host.run_turn(conversation.id, "tell me a joke"))
    finally:
        await host.aclose()
    assert offered(provider) == []
    assert types(events) == ["user_message", "text", "done"]


async def test_a_request_offers_the_tools_of_the_app_that_fits_first(
    tmp_path: Path, app_urls: dict[str, str]
) -> None:
    provider = ScriptedProvider(["Here are some stays.", "Here are some songs."])
    host = await open_host(tmp_path, provider, app_urls)
    try:
        conversation = await host.create_conversation()
        await collect(host.run_turn(conversation.id, "find a place to stay in Melbourne"))
        await collect(host.run_turn(conversation.id, "search for songs by Queen"))
    finally:
        await host.aclose()
    assert offered(provider, 0)[0] == "stays__search_stays"
    assert "stays__refresh_prices" not in offered(provider, 0)
    assert offered(provider, 1)[0] == "tunes__search_songs"


async def test_an_app_mention_offers_only_that_apps_tools(tmp_path: Path, app_urls: dict[str, str]) -> None:
    provider = ScriptedProvider(["Nothing to find there."])
    host = await open_host(tmp_path, provider, app_urls)
    try:
        conversation = await host.create_conversation()
        events = await collect(host.run_turn(conversation.id, "@Tunes find a place to stay in Melbourne"))
    finally:
        await host.aclose()
    assert sorted(offered(provider)) == ["tunes__play_song", "tunes__search_songs"]
    assert "error" not in types(events)


async def test_an_unknown_mention_is_reported_and_the_message_is_routed_without_it(
    tmp_path: Path, app_urls: dict[str, str]
) -> None:
    provider = ScriptedProvider(["Here are some stays."])
    host = await open_host(tmp_path, provider, app_urls)
    try:
        conversation = await host.create_conversation()
        events = await collect(host.run_turn(conversation.id, "@airbnb find a place to stay in Melbourne"))
    finally:
        await host.aclose()
    assert types(events) == ["user_message", "error", "text", "done"]
    assert events[1]["code"] == "unknown_app"
    assert "No installed app is called @airbnb" in events[1]["message"]
    assert "@stays, @tunes" in events[1]["message"]
    assert offered(provider)[0] == "stays__search_stays"


async def test_example_requests_an_app_ships_are_indexed_with_its_tool(
    tmp_path: Path, app_urls: dict[str, str]
) -> None:
    host = await open_host(tmp_path, ScriptedProvider([]), app_urls)
    try:
        indexed = host.routing.indexed("tunes")["play_song"]
        [row] = [r for r in await host.store.router_index.list("tunes") if r.tool == "play_song"]
    finally:
        await host.aclose()
    assert indexed.examples == ("put on some jazz", "I want to hear Bohemian Rhapsody")
    assert row.entry["examples"] == ["put on some jazz", "I want to hear Bohemian Rhapsody"]


def test_mentions_are_found_and_stripped_but_email_addresses_are_not_mentions() -> None:
    text = "ask @Music and @units, then mail me@example.com"
    assert mentioned_apps(text) == ["music", "units"]
    assert strip_mentions(text) == "ask and , then mail me@example.com"


@pytest.fixture
async def routing(tmp_path: Path) -> AsyncIterator[ToolRouting]:
    store = await Store.open(f"sqlite:///{tmp_path / 'salon.db'}")
    for name in ("hotels", "music"):
        await store.apps.upsert(InstalledApp(name=name, title=name, transport="http", url="http://x/mcp"))
    router = ToolRouting(store, default_embedder(), tools_offered=3)
    await router.sync(live(HOTELS, MUSIC))
    try:
        yield router
    finally:
        await store.aclose()


def message(seq: int, role: str, content: str, **extra: Any) -> Message:
    return Message.model_validate(
        {
            "id": f"m{seq}",
            "conversation_id": "c",
            "seq": seq,
            "role": role,
            "content": content,
            "created_at": datetime(2026, 11, 22, tzinfo=UTC),
            **extra,
        }
    )


async def test_a_follow_up_the_gate_finds_no_app_for_keeps_the_app_in_use(routing: ToolRouting) -> None:
    state = live(HOTELS, MUSIC)
    alone = await routing.offer("the second one", state)
    assert alone.no_app
    assert alone.tools == []
    history = [
        message(1, "user", "hotels in Lisbon"),
        message(
            2, "assistant", "", tool_calls=[{"id": "c1", "name": "hotels__search_hotels", "arguments": {}}]
        ),
        message(3, "tool", "3 hotels", tool_call_id="c1", name="hotels__search_hotels"),
        message(4, "assistant", "Here are three hotels."),
    ]
    followed = await routing.offer("the second one", state, history)
    assert followed.no_app
    assert {t.app for t in followed.tools} == {"hotels"}


async def test_no_more_tools_than_the_cap_are_offered(routing: ToolRouting) -> None:
    offer = await routing.offer("find me a hotel in Lisbon", live(HOTELS, MUSIC))
    assert not offer.no_app
    assert len(offer.tools) == 3
    assert offer.tools[0].qualified_name == "hotels__search_hotels"
