"""The connection to the database: one async engine, and the two ways repositories use it.

`Database.read()` yields a connection for queries. `Database.write()` yields a connection inside a
transaction that commits when the block ends and rolls back when it raises. Both turn database
failures into `StoreError` (see `failures.py`), so no SQLAlchemy exception leaves the store.

SQLite specifics: write-ahead logging (readers do not block the writer), set once on the file by
`Database.probe`; and on every new connection, foreign keys enforced (SQLite leaves them off) and a
busy timeout (a writer waits that long for another process's lock before giving up).

Python's sqlite3 module opens transactions lazily, at the first write, so a transaction that reads
and then writes could find the database changed under it and fail at once, whatever the busy timeout.
`write()` therefore starts every SQLite transaction with `BEGIN IMMEDIATE`: it takes the write lock
first (waiting up to the busy timeout), and the block then runs alone. An in-memory database
(`sqlite://`) is one shared connection, so the store lets one block at a time use it.

PostgreSQL runs at its default READ COMMITTED isolation; the repositories write so that this is
enough (conditional `UPDATE ... RETURNING`, `INSERT ... ON CONFLICT`), and migrations take an advisory
lock so that several workers starting together migrate once.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from salon.errors import StoreError
from salon.store import url as urls
from salon.store.failures import translate

DEFAULT_BUSY_TIMEOUT = 5.0
"""Seconds a SQLite writer waits for another process's lock before the store raises `StoreError`."""

_WAL_RETRY_INTERVAL = 0.01

DEFAULT_CONNECT_TIMEOUT = 10.0
"""Seconds to wait for a PostgreSQL server to accept a connection."""


class Database:
    def __init__(
        self,
        url: URL,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> None:
        self.url = url
        self.display_url = urls.display(url)
        self.backend = url.get_backend_name()
        self.busy_timeout = busy_timeout
        self._one_at_a_time = asyncio.Lock() if urls.is_memory(url) else None
        self.engine = _create_engine(url, busy_timeout=busy_timeout, connect_timeout=connect_timeout)

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self._turn(), self._translating(), self.engine.connect() as connection:
            yield connection

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        async with self._turn(), self._translating(), self.engine.begin() as connection:
            if self.backend == "sqlite":
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection

    async def probe(self) -> None:
        """Open a SQLite file once with the standard library, before the engine does, and put it in
        write-ahead-log mode. Does nothing for PostgreSQL and in-memory databases.

        Two reasons. When aiosqlite fails to open a file it leaves its worker thread to report to the
        event loop later, which raises in that thread if the loop has closed meanwhile
        (omnilib/aiosqlite#389); opening the file here first turns the common failures (a directory,
        an unwritable place) into a `StoreError` before aiosqlite is involved. And switching a file to
        WAL needs an exclusive lock that SQLite does not wait for (it fails at once, busy timeout or
        not), so workers opening a fresh file together retry here, within the busy timeout; once the
        file is in WAL mode, which persists, asking for it again takes no lock.
        """
        path = urls.sqlite_file(self.url)
        if path is None:
            return
        uri = str(self.url.query.get("uri", "")).lower() in {"true", "1"}
        target = self.url.database if uri and self.url.database else str(path)
        try:
            await asyncio.to_thread(_prepare_sqlite_file, target, self.busy_timeout, uri)
        except sqlite3.Error as exc:
            raise self.error(OperationalError(None, None, exc)) from exc

    def insert(self, table: Table) -> sqlite.Insert | postgresql.Insert:
        """An INSERT that can say what to do on conflict (`on_conflict_do_update` / `_do_nothing`)."""
        if self.backend == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    def error(self, exc: SQLAlchemyError) -> StoreError:
        return translate(exc, where=self.display_url, backend=self.backend, busy_timeout=self.busy_timeout)

    async def aclose(self) -> None:
        await self.engine.dispose()

    @contextlib.asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        if self._one_at_a_time is None:
            yield
            return
        async with self._one_at_a_time:
            yield

    @contextlib.asynccontextmanager
    async def _translating(self) -> AsyncIterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise self.error(exc) from exc


def _prepare_sqlite_file(target: str, busy_timeout: float, uri: bool) -> None:
    connection = sqlite3.connect(target, timeout=busy_timeout, isolation_level=None, uri=uri)
    try:
        deadline = time.monotonic() + busy_timeout
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(_WAL_RETRY_INTERVAL)
    finally:
        connection.close()


def _create_engine(url: URL, *, busy_timeout: float, connect_timeout: float) -> AsyncEngine:
    if url.get_backend_name() == "sqlite":
        engine = create_async_engine(url, connect_args={"timeout": busy_timeout})
        on_disk = not urls.is_memory(url)
        busy_ms = max(0, round(busy_timeout * 1000))

        def configure(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
                cursor.execute("PRAGMA foreign_keys = ON")
                if on_disk:
                    # WAL itself was set by `Database.probe`; it is a property of the file.
                    cursor.execute("PRAGMA synchronous = NORMAL")
            finally:
                cursor.close()

        event.listen(engine.sync_engine, "connect", configure)
        return engine
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = max(1, round(connect_timeout))
    return create_async_engine(url, connect_args=connect_args, pool_pre_ping=True)
