"""Installed apps: which apps the person installed and how to reach each.

Removing an app deletes its approved tool definitions and "always allow" grants with it (foreign keys
with `ON DELETE CASCADE`), so reinstalling starts from a clean slate; the conversations' tool calls and
confirmations stay, as history.
"""

from __future__ import annotations

import builtins

from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.errors import NotFoundError
from salon.store.clock import Clock
from salon.store.columns import require_json
from salon.store.engine import Database
from salon.store.records import InstalledApp
from salon.store.schema import apps

_FIELDS = [apps.c[name] for name in InstalledApp.model_fields]
_KEPT_ON_UPSERT = {"name", "created_at"}


def _record(row: Row[object]) -> InstalledApp:
    return InstalledApp.model_validate(dict(row._mapping))


def not_installed(name: str) -> NotFoundError:
    return NotFoundError(f"No installed app named {name!r}; install it first, or list the installed apps.")


async def require_app(connection: AsyncConnection, name: str) -> None:
    """Raise `NotFoundError` unless the app is installed."""
    if await connection.scalar(select(apps.c.name).where(apps.c.name == name)) is None:
        raise not_installed(name)


class Apps:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def upsert(self, app: InstalledApp) -> InstalledApp:
        """Install the app, or change how an installed one is reached; `created_at` is kept."""
        require_json(app.command, "command")
        values = app.model_dump()
        values["created_at"] = app.created_at or self._clock.now()
        insert = self._db.insert(apps).values(values)
        statement = insert.on_conflict_do_update(
            index_elements=[apps.c.name],
            set_={name: insert.excluded[name] for name in values if name not in _KEPT_ON_UPSERT},
        ).returning(*_FIELDS)
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).one()
        return _record(row)

    async def get(self, name: str) -> InstalledApp:
        async with self._db.read() as connection:
            row = (await connection.execute(select(*_FIELDS).where(apps.c.name == name))).first()
        if row is None:
            raise not_installed(name)
        return _record(row)

    async def list(self) -> builtins.list[InstalledApp]:
        """Every installed app, by name."""
        async with self._db.read() as connection:
            rows = (await connection.execute(select(*_FIELDS).order_by(apps.c.name))).all()
        return [_record(row) for row in rows]

    async def remove(self, name: str) -> None:
        """Uninstall the app, with its tool definitions and grants."""
        async with self._db.write() as connection:
            result = await connection.execute(delete(apps).where(apps.c.name == name))
            if result.rowcount == 0:
                raise not_installed(name)
