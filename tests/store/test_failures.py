"""A database that cannot be used gives a `StoreError` that says what to do, and loses nothing."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from salon.errors import StoreError
from salon.store import Store

from .conftest import sqlite_url


@contextmanager
def write_locked(path: Path) -> Iterator[None]:
    """Hold SQLite's write lock on `path` from another connection, as another process would."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
    finally:
        other.close()


async def test_a_write_to_a_locked_sqlite_database_fails_clearly_and_loses_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    store = await Store.open(url, busy_timeout=0.05)
    try:
        created = await store.conversations.create(title="kept")
        await store.messages.append(created.id, "user", "hello")
        kept = await store.conversations.get(created.id)

        with write_locked(tmp_path / "salon.db"):
            with pytest.raises(StoreError, match="locked by another process") as raised:
                await store.messages.append(kept.id, "user", "lost in the lock")
            assert raised.value.code == "store_locked"
            assert str(tmp_path / "salon.db") in raised.value.message
            with pytest.raises(StoreError, match="locked by another process"):
                await store.conversations.create(title="also refused")
            assert await store.conversations.get(kept.id) == kept

        retried = await store.messages.append(kept.id, "user", "after the lock")
        assert retried.seq == 2
        assert [m.content for m in await store.messages.list(kept.id)] == ["hello", "after the lock"]
        assert [c.title for c in await store.conversations.list()] == ["kept"]
    finally:
        await store.aclose()


async def test_opening_a_locked_sqlite_database_fails_clearly(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    await (await Store.open(url)).aclose()
    with write_locked(tmp_path / "salon.db"), pytest.raises(StoreError, match="locked by another process"):
        await Store.open(url, busy_timeout=0.05)


async def test_a_sqlite_file_under_a_regular_file_fails_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    with pytest.raises(StoreError, match="Cannot create the directory"):
        await Store.open(f"sqlite:///{blocker / 'salon.db'}")


async def test_a_sqlite_path_that_is_a_directory_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="Cannot open the SQLite file"):
        await Store.open(f"sqlite:///{tmp_path}")


async def test_the_sqlite_directory_is_created_when_missing(tmp_path: Path) -> None:
    async with await Store.open(f"sqlite:///{tmp_path / 'a' / 'b' / 'salon.db'}") as store:
        await store.conversations.create()
    assert (tmp_path / "a" / "b" / "salon.db").is_file()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_postgresql_at_a_closed_port_fails_clearly_without_the_password() -> None:
    url = f"postgresql://salon:hunter2@127.0.0.1:{_closed_port()}/salon"
    with pytest.raises(StoreError, match="Cannot reach PostgreSQL") as raised:
        await Store.open(url, connect_timeout=2)
    assert raised.value.code == "store_unavailable"
    assert "hunter2" not in raised.value.message


async def test_a_database_from_a_newer_salon_is_refused_and_left_alone(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    async with await Store.open(url) as store:
        conversation = await store.conversations.create(title="from before")
    with sqlite3.connect(tmp_path / "salon.db") as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    raw.close()

    with pytest.raises(StoreError, match="Cannot migrate") as raised:
        await Store.open(url)
    assert raised.value.code == "store_schema"

    with sqlite3.connect(tmp_path / "salon.db") as raw:
        rows = raw.execute("SELECT id, title FROM conversations").fetchall()
    raw.close()
    assert rows == [(conversation.id, "from before")]
