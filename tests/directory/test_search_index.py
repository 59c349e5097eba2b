"""The directory's search index persisted in the store: a start loads the vectors instead of embedding,
other workers' publications are seen and their rows reused, stale rows are embedded again.

Each test runs on SQLite and PostgreSQL. Workers are `DirectorySearch` objects over one database; the
embedder is the hashing one, wrapped to count the texts each worker embeds (a query is one text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salon.directory.search import DirectorySearch, SearchResult
from salon.router import Embedder, FakeEmbedder
from salon.router.embedding import Matrix
from salon.store import Store
from tests.directory.apps import stays_manifest


class CountingEmbedder(Embedder):
    """The hashing embedder, counting the texts it embeds."""

    def __init__(self, dimension: int = 64) -> None:
        self.inner = FakeEmbedder(dimension)
        self.name, self.dimension = self.inner.name, dimension
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> Matrix:
        self.texts += len(texts)
        return self.inner.embed(texts)


TOOLS: dict[str, dict[str, Any]] = {
    "io.example/stays": {
        "search_stays": ("Search stays", "Search places to stay in a city, with prices per night."),
        "book_stay": ("Book stay", "Book a stay for a number of nights."),
    },
    "io.example/tunes": {
        "play_song": ("Play song", "Play a song or an album by name."),
        "queue_song": ("Queue song", "Add a song to the play queue."),
    },
    "io.example/parcels": {
        "track_parcel": ("Track parcel", "Track a parcel from its tracking number."),
    },
}


def definitions(tools: dict[str, tuple[str, str]]) -> dict[str, Any]:
    return {
        name: {
            "name": name,
            "title": title,
            "description": description,
            "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}},
        }
        for name, (title, description) in tools.items()
    }


async def publish(
    store: Store, app: str, version: str = "1.0.0", tools: dict[str, tuple[str, str]] | None = None
) -> str:
    """A published version of `app`, written the way the directory's decision writes it."""
    await store.listings.ensure(app, "alice")
    manifest = stays_manifest("https://apps.example/mcp", version=version, name=app)
    created = await store.app_versions.create(app, version, manifest, {"url": "https://apps.example/mcp"})
    published = await store.app_versions.move(
        created.id,
        "draft",
        "published",
        tool_definitions=definitions(tools or TOOLS[app]),
        published_at=store.app_versions.now(),
    )
    return published.id


def ranking(result: SearchResult) -> list[tuple[str, str | None, float]]:
    return [(hit.card.name, hit.tool, hit.score) for hit in result.hits]


async def test_a_restarted_worker_loads_the_stored_vectors_and_embeds_only_its_queries(store: Store) -> None:
    for app in TOOLS:
        await publish(store, app)
    first = CountingEmbedder()
    before = await DirectorySearch(store, first).search("track my parcel")
    assert first.texts > len(TOOLS) * 3  # every entry's texts, and the query

    restarted = CountingEmbedder()
    search = DirectorySearch(store, restarted)
    after = await search.search("track my parcel")
    assert restarted.texts == 1
    assert ranking(after) == ranking(before)
    assert after.hits[0].card.name == "io.example/parcels"
    entries = sum(len(tools) + 1 for tools in TOOLS.values())
    assert (search.last_refresh.loaded, search.last_refresh.embedded, search.last_refresh.stored) == (
        entries,
        0,
        0,
    )


async def test_an_app_another_worker_published_is_found_with_the_rows_that_worker_stored(
    store: Store,
) -> None:
    await publish(store, "io.example/stays")
    publisher, reader = CountingEmbedder(), CountingEmbedder()
    worker_a, worker_b = DirectorySearch(store, publisher), DirectorySearch(store, reader)
    assert [hit.card.name for hit in (await worker_b.search("play a song")).hits] == ["io.example/stays"]

    await publish(store, "io.example/tunes")
    await worker_a.search("play a song")
    stats = worker_a.last_refresh
    assert (stats.loaded, stats.stored) == (
        len(TOOLS["io.example/stays"]) + 1,
        len(TOOLS["io.example/tunes"]) + 1,
    )

    reader.texts = 0
    found = await worker_b.search("play a song")
    assert found.hits[0].card.name == "io.example/tunes"
    assert found.hits[0].tool == "play_song"
    assert reader.texts == 1
    assert worker_b.last_refresh.loaded == len(TOOLS["io.example/tunes"]) + 1


async def test_rows_of_another_embedder_are_embedded_again_and_replaced(store: Store) -> None:
    version_id = await publish(store, "io.example/stays")
    await DirectorySearch(store, CountingEmbedder(64)).search("book a room")
    wider = CountingEmbedder(96)
    search = DirectorySearch(store, wider)
    result = await search.search("book a room")
    assert result.hits[0].card.name == "io.example/stays"
    assert search.last_refresh.embedded == search.last_refresh.stored == 3
    rows = (await store.directory_index.for_versions([version_id]))[version_id]
    assert {row.embedder for row in rows} == {"fake-hash-96"}
    assert {len(row.vector) for row in rows} == {96 * 4}


async def test_a_new_version_embeds_only_the_entries_that_changed(store: Store) -> None:
    await publish(store, "io.example/stays")
    embedder = CountingEmbedder()
    search = DirectorySearch(store, embedder)
    await search.search("book a room")

    reworded = {**TOOLS["io.example/stays"], "book_stay": ("Book stay", "Reserve a room for some nights.")}
    new_id = await publish(store, "io.example/stays", "1.1.0", reworded)
    result = await search.search("reserve a room")
    assert result.hits[0].card.version == "1.1.0"
    stats = search.last_refresh
    assert (stats.loaded, stats.reused, stats.embedded, stats.stored) == (0, 2, 1, 3)

    restarted = CountingEmbedder()
    again = DirectorySearch(store, restarted)
    assert ranking(await again.search("reserve a room")) == ranking(await search.search("reserve a room"))
    assert restarted.texts == 1
    assert len((await store.directory_index.for_versions([new_id]))[new_id]) == 3
