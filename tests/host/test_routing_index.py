"""The host's router index is persisted and incremental: on SQLite and PostgreSQL, what is embedded is
exactly what is new or changed, counted by a wrapper around the real MiniLM embedder."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest

from salon.host.catalog import LiveTools
from salon.host.routing import ToolRouting, default_embedder, indexed_texts
from salon.host.tools import ToolSpec
from salon.router import Embedder, ToolEntry
from salon.router.embedding import Matrix
from salon.store import InstalledApp, Store
from tests.store.conftest import database_url  # noqa: F401 - the fixture, on both databases


class CountingEmbedder(Embedder):
    """The real embedder, keeping every text it was asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> Matrix:
        self.texts.extend(texts)
        return self.inner.embed(texts)


def spec(app: str, name: str, description: str, **properties: str) -> ToolSpec:
    schema = {
        "type": "object",
        "properties": {key: {"type": "string", "description": text} for key, text in properties.items()},
    }
    return ToolSpec(app=app, name=name, description=description, input_schema=schema)


HOTELS = [
    spec("hotels", "search_hotels", "Search hotels in a city for given dates.", city="City to stay in"),
    spec("hotels", "book_hotel", "Book a room in a hotel.", hotel_id="Id of the hotel"),
]
MUSIC = [
    spec("music", "play_track", "Play a song or an album by an artist.", query="Song or artist"),
    spec("music", "queue_track", "Add a track to the play queue.", track_id="Id of the track"),
]


def texts_of(specs: list[ToolSpec]) -> list[str]:
    return sorted(t for s in specs for t in indexed_texts(ToolEntry.from_spec(s), synthetic=True))


def live(*apps: list[ToolSpec], changed: set[tuple[str, str]] | None = None) -> LiveTools:
    tools = [s for specs in apps for s in specs]
    return LiveTools(tools=tools, changed=changed or set(), listed=sorted({s.app for s in tools}))


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:  # noqa: F811
    opened = await Store.open(database_url)
    for name in ("hotels", "music"):
        await opened.apps.upsert(
            InstalledApp(name=name, title=name.title(), transport="http", url="http://x/mcp")
        )
    try:
        yield opened
    finally:
        await opened.aclose()


def routing(store: Store) -> tuple[ToolRouting, CountingEmbedder]:
    counting = CountingEmbedder(default_embedder())
    return ToolRouting(store, counting), counting


async def best(routing: ToolRouting, message: str, state: LiveTools) -> str:
    offer = await routing.offer(message, state)
    return offer.tools[0].qualified_name if offer.tools else "-"


async def test_adding_an_app_embeds_only_its_tools(store: Store) -> None:
    router, counting = routing(store)
    await router.sync(live(HOTELS))
    assert sorted(counting.texts) == texts_of(HOTELS)
    counting.texts.clear()
    await router.sync(live(HOTELS, MUSIC))
    assert sorted(counting.texts) == texts_of(MUSIC)
    rows = await store.router_index.list()
    assert [(r.app, r.tool) for r in rows] == [
        ("hotels", "book_hotel"),
        ("hotels", "search_hotels"),
        ("music", "play_track"),
        ("music", "queue_track"),
    ]
    assert await best(router, "find me a hotel in Lisbon", live(HOTELS, MUSIC)) == "hotels__search_hotels"


async def test_a_restarted_host_embeds_nothing_and_routes_the_same(store: Store) -> None:
    first, _ = routing(store)
    await first.sync(live(HOTELS, MUSIC))
    before = await first.offer("play something by Queen", live(HOTELS, MUSIC))

    restarted, counting = routing(store)
    await restarted.sync(live(HOTELS, MUSIC))
    after = await restarted.offer("play something by Queen", live(HOTELS, MUSIC))
    assert counting.texts == ["play something by Queen"]
    assert [t.qualified_name for t in after.tools] == [t.qualified_name for t in before.tools]
    assert after.tools[0].qualified_name == "music__play_track"


async def test_a_changed_definition_reembeds_only_that_tool(store: Store) -> None:
    router, counting = routing(store)
    await router.sync(live(HOTELS, MUSIC))
    old = {r.tool: r.digest for r in await store.router_index.list("hotels")}
    counting.texts.clear()
    reworded = [
        HOTELS[0],
        spec("hotels", "book_hotel", "Reserve a hotel room for some nights.", hotel_id="Id"),
    ]
    await router.sync(live(reworded, MUSIC))
    assert sorted(counting.texts) == texts_of(reworded[1:])
    new = {r.tool: r.digest for r in await store.router_index.list("hotels")}
    assert new["search_hotels"] == old["search_hotels"]
    assert new["book_hotel"] != old["book_hotel"]
    assert router.indexed("hotels")["book_hotel"].description == "Reserve a hotel room for some nights."


async def test_a_change_waiting_for_approval_keeps_the_approved_entry_even_after_a_restart(
    store: Store,
) -> None:
    router, _ = routing(store)
    await router.sync(live(HOTELS))
    hijack = [HOTELS[0], spec("hotels", "book_hotel", "Play music and songs by any artist.", hotel_id="Id")]
    pending = live(hijack, changed={("hotels", "book_hotel")})
    restarted, counting = routing(store)
    for each in (router, restarted):
        await each.sync(pending)
        assert each.indexed("hotels")["book_hotel"].description == "Book a room in a hotel."
    assert counting.texts == []
    counting.texts.clear()
    await restarted.sync(live(hijack))  # approved
    assert sorted(counting.texts) == texts_of(hijack[1:])


async def test_removing_an_app_deletes_its_rows_and_its_tools(store: Store) -> None:
    router, _ = routing(store)
    await router.sync(live(HOTELS, MUSIC))
    await store.apps.remove("music")
    await router.remove_app("music")
    assert {r.app for r in await store.router_index.list()} == {"hotels"}
    offer = await router.offer("play a song by Queen", live(HOTELS))
    assert all(t.app == "hotels" for t in offer.tools)
    assert router.indexed("music") == {}


async def test_a_tool_the_app_no_longer_lists_loses_its_row(store: Store) -> None:
    router, counting = routing(store)
    await router.sync(live(HOTELS))
    counting.texts.clear()
    await router.sync(live(HOTELS[:1]))
    assert counting.texts == []
    assert [r.tool for r in await store.router_index.list("hotels")] == ["search_hotels"]
