""" "Always allow" grants: tools of an app the person lets run without asking each time.

Granting twice is the same as granting once, and revoking what was not granted does nothing: both are
idempotent, so a retried request cannot fail on its own earlier success.
"""

from __future__ import annotations

import builtins

from sqlalchemy import Row, delete, select

from salon.store.apps import require_app
from salon.store.clock import Clock
from salon.store.engine import Database
from salon.store.records import Grant
from salon.store.schema import grants

_FIELDS = [grants.c[name] for name in Grant.model_fields]


def _record(row: Row[object]) -> Grant:
    return Grant.model_validate(dict(row._mapping))


class Grants:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def grant(self, app: str, tool: str) -> Grant:
        """Always allow `tool` of `app`; `NotFoundError` if the app is not installed."""
        insert = (
            self._db.insert(grants)
            .values(app=app, tool=tool, created_at=self._clock.now())
            .on_conflict_do_nothing(index_elements=[grants.c.app, grants.c.tool])
        )
        async with self._db.write() as connection:
            await require_app(connection, app)
            await connection.execute(insert)
            row = (
                await connection.execute(select(*_FIELDS).where(grants.c.app == app, grants.c.tool == tool))
            ).one()
        return _record(row)

    async def is_granted(self, app: str, tool: str) -> bool:
        query = select(grants.c.tool).where(grants.c.app == app, grants.c.tool == tool)
        async with self._db.read() as connection:
            return await connection.scalar(query) is not None

    async def revoke(self, app: str, tool: str) -> None:
        async with self._db.write() as connection:
            await connection.execute(delete(grants).where(grants.c.app == app, grants.c.tool == tool))

    async def list(self, app: str) -> builtins.list[Grant]:
        """The app's grants, by tool name."""
        query = select(*_FIELDS).where(grants.c.app == app).order_by(grants.c.tool)
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]
