"""The router's persisted index: rows per tool of an installed app, replaced in place, gone with the app."""

from __future__ import annotations

import numpy as np
import pytest

from salon.errors import NotFoundError
from salon.store import InstalledApp, Store
from salon.store.router_index import IndexedTool

HOTELS = InstalledApp(name="hotels", title="Hotels", transport="http", url="http://127.0.0.1:8101/mcp")
MUSIC = InstalledApp(name="music", title="Music", transport="http", url="http://127.0.0.1:8102/mcp")


def row(app: str, tool: str, digest: str = "d1", *, texts: int = 2) -> IndexedTool:
    vectors = np.arange(texts * 4, dtype=np.float32).reshape(texts, 4)
    return IndexedTool(
        app=app,
        tool=tool,
        digest=digest,
        embedder="fake-hash-4",
        entry={"name": tool, "description": f"{tool} things", "app": app, "parameters": None, "examples": []},
        text_count=texts,
        vectors=vectors.tobytes(),
    )


async def test_rows_read_back_with_their_vectors_intact(store: Store) -> None:
    await store.apps.upsert(HOTELS)
    await store.router_index.put(
        "hotels", [row("hotels", "search_hotels"), row("hotels", "book_hotel", texts=3)]
    )
    rows = await store.router_index.list("hotels")
    assert [r.tool for r in rows] == ["book_hotel", "search_hotels"]
    book = rows[0]
    assert book.indexed_at is not None
    restored = np.frombuffer(book.vectors, dtype=np.float32).reshape(book.text_count, -1)
    assert restored.tolist() == np.arange(12, dtype=np.float32).reshape(3, 4).tolist()
    assert book.entry["description"] == "book_hotel things"


async def test_putting_a_tool_again_replaces_its_row(store: Store) -> None:
    await store.apps.upsert(HOTELS)
    await store.router_index.put("hotels", [row("hotels", "search_hotels", "old")])
    await store.router_index.put("hotels", [row("hotels", "search_hotels", "new", texts=1)])
    (only,) = await store.router_index.list("hotels")
    assert (only.digest, only.text_count, len(only.vectors)) == ("new", 1, 16)


async def test_listing_every_app_orders_by_app_then_tool(store: Store) -> None:
    await store.apps.upsert(HOTELS)
    await store.apps.upsert(MUSIC)
    await store.router_index.put("music", [row("music", "play")])
    await store.router_index.put("hotels", [row("hotels", "search"), row("hotels", "book")])
    assert [(r.app, r.tool) for r in await store.router_index.list()] == [
        ("hotels", "book"),
        ("hotels", "search"),
        ("music", "play"),
    ]


async def test_removing_some_tools_keeps_the_others(store: Store) -> None:
    await store.apps.upsert(HOTELS)
    await store.router_index.put("hotels", [row("hotels", "search"), row("hotels", "book")])
    assert await store.router_index.remove("hotels", ["book", "absent"]) == 1
    assert await store.router_index.remove("hotels", []) == 0
    assert [r.tool for r in await store.router_index.list("hotels")] == ["search"]
    assert await store.router_index.remove("hotels") == 1
    assert await store.router_index.list("hotels") == []


async def test_uninstalling_an_app_deletes_its_rows(store: Store) -> None:
    await store.apps.upsert(HOTELS)
    await store.apps.upsert(MUSIC)
    await store.router_index.put("hotels", [row("hotels", "search")])
    await store.router_index.put("music", [row("music", "play")])
    await store.apps.remove("hotels")
    assert [r.app for r in await store.router_index.list()] == ["music"]


async def test_rows_of_an_app_that_is_not_installed_are_refused(store: Store) -> None:
    with pytest.raises(NotFoundError):
        await store.router_index.put("hotels", [row("hotels", "search")])
    await store.apps.upsert(HOTELS)
    with pytest.raises(ValueError, match="music"):
        await store.router_index.put("hotels", [row("music", "play")])
