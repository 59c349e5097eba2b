from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from salon.store import Store
from salon.store.migrate import head_revision
from salon.store.schema import metadata
from salon.store.url import normalise_url

from .conftest import sqlite_url


def _differences(connection: Connection) -> list[Any]:
    return list(compare_metadata(MigrationContext.configure(connection), metadata))


async def test_the_migrations_build_exactly_the_schema_of_the_models(database_url: str) -> None:
    await (await Store.open(database_url)).aclose()
    engine = create_async_engine(normalise_url(database_url))
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
            revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()
    assert differences == []
    assert revision == head_revision()


async def test_workers_opening_a_fresh_database_together_migrate_it_once(database_url: str) -> None:
    stores = await asyncio.gather(*(Store.open(database_url) for _ in range(3)))
    try:
        conversation = await stores[0].conversations.create()
        assert await stores[2].conversations.get(conversation.id) == conversation
    finally:
        for store in stores:
            await store.aclose()


async def test_a_sqlite_database_runs_in_write_ahead_log_mode(tmp_path: Path) -> None:
    await (await Store.open(sqlite_url(tmp_path))).aclose()
    with sqlite3.connect(tmp_path / "salon.db") as raw:
        (mode,) = raw.execute("PRAGMA journal_mode").fetchone()
    raw.close()
    assert mode == "wal"
