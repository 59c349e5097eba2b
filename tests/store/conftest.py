"""Every store test runs against SQLite (a file in a temporary directory) and PostgreSQL.

PostgreSQL tests need the server at `SALON_TEST_POSTGRES_URL` (default: the local one CI starts) and
carry the `postgres` marker. Each gets a schema of its own, named in the URL's `search_path`, and the
schema is dropped afterwards, so runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from salon.store import Store

POSTGRES_URL = os.environ.get("SALON_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'salon.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty database, on each backend."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    base = make_url(POSTGRES_URL)
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    schema = f"salon_test_{uuid.uuid4().hex}"
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as admin:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False
            )
        finally:
            await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = await Store.open(database_url)
    try:
        yield opened
    finally:
        await opened.aclose()
