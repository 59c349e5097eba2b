"""The merchant's own schema: migrations build exactly `schema.metadata`, once, on SQLite and
PostgreSQL, and several workers opening a fresh database together migrate it once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import inspect

from salon.commerce import migrate as migrations
from salon.commerce.schema import metadata
from salon.store import url as urls
from salon.store.engine import Database


async def _shape(database: Database) -> dict[str, Any]:
    def read(sync: Any) -> dict[str, Any]:
        inspector = inspect(sync)
        return {
            table: sorted(column["name"] for column in inspector.get_columns(table))
            for table in inspector.get_table_names()
        }

    async with database.read() as connection:
        return await connection.run_sync(read)


def _expected() -> dict[str, Any]:
    return {name: sorted(column.name for column in table.columns) for name, table in metadata.tables.items()}


async def _migrate_twice(url: str) -> None:
    database = Database(urls.normalise_url(url))
    await database.probe()
    try:
        found = await asyncio.gather(*(migrations.migrate(database) for _ in range(3)))
        again = await migrations.migrate(database)
        shape = await _shape(database)
    finally:
        await database.aclose()

    assert sorted(found) == [0, migrations.LATEST, migrations.LATEST]
    assert again == migrations.LATEST
    assert shape == _expected()


async def test_migrations_build_exactly_the_schema_once_on_sqlite(tmp_path: Any) -> None:
    await _migrate_twice(f"sqlite:///{tmp_path / 'merchant.db'}")


@pytest.mark.postgres
async def test_migrations_build_exactly_the_schema_once_on_postgresql(postgres_database: str) -> None:
    await _migrate_twice(postgres_database)
