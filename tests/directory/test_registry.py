"""The registry API's bodies over the store, on SQLite and PostgreSQL: pages, cursors, filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from salon.directory import registry
from salon.errors import ConfigurationError, NotFoundError
from salon.store import Store

OFFICIAL = "io.modelcontextprotocol.registry/official"


async def _publish(store: Store, app: str, version: str, state: str = "published") -> str:
    await store.listings.ensure(app, app.split("/")[0])
    body = {"name": app, "version": version, "description": f"{app} {version}"}
    created = await store.app_versions.create(app, version, body, {"url": "http://127.0.0.1:9/mcp"})
    await store.app_versions.move(created.id, "draft", state, published_at=store.app_versions.now())
    return created.id


async def test_pages_follow_the_cursor_until_no_next_cursor_is_given(store: Store) -> None:
    for n in range(5):
        await _publish(store, f"io.example/app-{n}", "1.0.0")
        await _publish(store, f"io.example/app-{n}", "1.1.0")
    seen: list[tuple[str, str]] = []
    cursor = None
    pages = 0
    while True:
        body = await registry.list_servers(store, cursor=cursor, limit=3)
        pages += 1
        seen += [(s["server"]["name"], s["server"]["version"]) for s in body["servers"]]
        assert body["metadata"]["count"] == len(body["servers"])
        cursor = body["metadata"].get("nextCursor")
        if cursor is None:
            break
    assert pages == 4
    assert sorted(seen) == sorted((f"io.example/app-{n}", v) for n in range(5) for v in ("1.0.0", "1.1.0"))
    assert len(set(seen)) == 10


async def test_latest_keeps_each_servers_newest_published_version_and_marks_it(store: Store) -> None:
    await _publish(store, "io.example/a", "1.0.0")
    await _publish(store, "io.example/a", "2.0.0", state="deprecated")
    await _publish(store, "io.example/b", "0.1.0")
    body = await registry.list_servers(store, version="latest")
    latest = {(s["server"]["name"], s["server"]["version"]) for s in body["servers"]}
    assert latest == {("io.example/a", "2.0.0"), ("io.example/b", "0.1.0")}
    every = await registry.list_servers(store)
    flags = {
        (s["server"]["version"], s["_meta"][OFFICIAL]["isLatest"], s["_meta"][OFFICIAL]["status"])
        for s in every["servers"]
        if s["server"]["name"] == "io.example/a"
    }
    assert flags == {("1.0.0", False, "active"), ("2.0.0", True, "deprecated")}
    exact = await registry.list_servers(store, version="1.0.0")
    assert [s["server"]["name"] for s in exact["servers"]] == ["io.example/a"]


async def test_updated_since_lists_only_later_changes(store: Store) -> None:
    await _publish(store, "io.example/old", "1.0.0")
    cut = datetime.now(UTC)
    await _publish(store, "io.example/new", "1.0.0")
    body = await registry.list_servers(store, updated_since=cut)
    assert [s["server"]["name"] for s in body["servers"]] == ["io.example/new"]
    future = await registry.list_servers(store, updated_since=cut + timedelta(days=1))
    assert future["servers"] == []


async def test_versions_are_newest_first_and_a_missing_server_is_not_found(store: Store) -> None:
    await _publish(store, "io.example/a", "1.0.0")
    await _publish(store, "io.example/a", "1.1.0")
    await _publish(store, "io.example/a", "2.0.0-rc", state="approved")
    body = await registry.server_versions(store, "io.example/a")
    assert [s["server"]["version"] for s in body["servers"]] == ["1.1.0", "1.0.0"]
    one = await registry.server_version(store, "io.example/a", "1.0.0")
    assert one["_meta"][OFFICIAL]["isLatest"] is False
    with pytest.raises(NotFoundError):
        await registry.server_version(store, "io.example/a", "2.0.0-rc")
    with pytest.raises(NotFoundError):
        await registry.server_versions(store, "io.example/none")


def test_query_parameters_are_validated_with_messages_that_say_what_to_send() -> None:
    assert registry.parse_limit(None) == registry.DEFAULT_LIMIT
    with pytest.raises(ConfigurationError):
        registry.parse_limit("1000")
    with pytest.raises(ConfigurationError):
        registry.parse_since("yesterday")
    with pytest.raises(ConfigurationError):
        registry.decode_cursor("%%%")
    assert registry.parse_since("2026-01-31T12:00:00Z") == datetime(2026, 1, 31, 12, tzinfo=UTC)
