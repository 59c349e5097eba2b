"""Payments tests run on SQLite (a file in a temporary directory) and, under the `postgres` marker, on
PostgreSQL in a schema of their own that is dropped afterwards. Time is a `Clock` the test moves."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from salon.payments import CardDetails, LocalTestProvider

POSTGRES_URL = os.environ.get("SALON_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class Clock:
    at: datetime = START

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def card(number: str = "4242424242424242", exp_year: int = 2030) -> CardDetails:
    return CardDetails.model_validate({"number": number, "exp_month": 12, "exp_year": exp_year, "cvc": "123"})


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@asynccontextmanager
async def empty_database(backend: str, directory: Path) -> AsyncIterator[str]:
    """The URL of an empty database on `backend` (a SQLite file in `directory`, or a fresh PostgreSQL
    schema, dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'payments.db'}"
        return
    base = make_url(POSTGRES_URL)
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    schema = f"salon_pay_{uuid.uuid4().hex}"
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as admin:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False
            )
        finally:
            await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def provider(database_url: str, clock: Clock) -> AsyncIterator[LocalTestProvider]:
    opened = await LocalTestProvider.open(database_url, now=clock)
    try:
        yield opened
    finally:
        await opened.aclose()


def files_containing(directory: Path, needle: str) -> list[str]:
    """The names of the database files (with their WAL and journal) in `directory` holding `needle`."""
    return [path.name for path in sorted(directory.glob("*.db*")) if needle.encode() in path.read_bytes()]
