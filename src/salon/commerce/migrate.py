"""Creating and evolving the merchant's database: numbered steps, applied once, under a lock.

Why not Alembic, as the host's store uses: the merchant kit is a library embedded in someone else's
backend (the shop app here; a real merchant's service elsewhere). An Alembic environment needs a
script location and an `env.py` that the embedding application would have to know about, and its
version table would collide with the application's own Alembic history in a shared database. The
merchant's schema is six tables owned by this package alone, so it carries its own short, linear
history instead: `STEPS[n]` takes the schema from version `n` to `n + 1`, and
`merchant_schema_version` records how far a database has come. A step is plain SQLAlchemy DDL run in
the same transaction as the version bump, so a failed step leaves the database at the previous
version. A test checks that running every step yields exactly `schema.metadata`.

Several workers may open a fresh database at once: on PostgreSQL the steps run under a transaction-
scoped advisory lock, on SQLite inside the `BEGIN IMMEDIATE` write transaction `Database.write` opens;
either way one worker migrates and the others then find the work done.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.commerce import schema
from salon.store.engine import Database

_ADVISORY_LOCK = 0x5A10_C0EE  # any constant unique to this kit


def _initial(connection: Connection) -> None:
    tables = [table for table in schema.metadata.sorted_tables if table is not schema.schema_version]
    schema.metadata.create_all(connection, tables=tables)


STEPS: tuple[Callable[[Connection], None], ...] = (_initial,)
"""`STEPS[n]` migrates version n to n + 1. Append; never edit a released step."""

LATEST = len(STEPS)


async def migrate(database: Database) -> int:
    """Bring the merchant tables in `database` to `LATEST`; returns the version found before."""
    async with database.write() as connection:
        if database.backend == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
        await connection.run_sync(lambda sync: schema.schema_version.create(sync, checkfirst=True))
        found = await _version(connection)
        for step in STEPS[found:]:
            await connection.run_sync(step)
        if found == 0:
            await connection.execute(schema.schema_version.insert().values(id=1, version=LATEST))
        elif found < LATEST:
            await connection.execute(
                schema.schema_version.update().where(schema.schema_version.c.id == 1).values(version=LATEST)
            )
        return found


async def _version(connection: AsyncConnection) -> int:
    row = (await connection.execute(select(schema.schema_version.c.version))).first()
    return 0 if row is None else int(row.version)


__all__ = ["LATEST", "STEPS", "migrate"]
