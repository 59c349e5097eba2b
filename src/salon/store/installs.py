"""Directory installs: the consent a person gave when installing an app from the directory.

The row names the installed app (`apps.name`, deleted with it: uninstalling removes the consent), the
listing and the version installed, the personal-data types the consent screen showed, and the tools
the person later turned off. The host reads it before every turn: a revoked tool is not offered, and
a live server whose tools differ from the installed version's approved fingerprints is not called.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import Row, select, update

from salon.errors import NotFoundError
from salon.store.apps import require_app
from salon.store.clock import Clock
from salon.store.directory_records import DirectoryInstall
from salon.store.engine import Database
from salon.store.schema import directory_installs

_FIELDS = [directory_installs.c[name] for name in DirectoryInstall.model_fields]
_table = directory_installs


def _record(row: Row[object]) -> DirectoryInstall:
    return DirectoryInstall.model_validate(dict(row._mapping))


def _not_found(app: str) -> NotFoundError:
    return NotFoundError(f"{app!r} was not installed from the directory; install it from its directory page.")


class Installs:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def consent(
        self, app: str, listing: str, version_id: str, version: str, data_types: Sequence[str]
    ) -> DirectoryInstall:
        """Record (or renew, for an update) the consent given when installing `listing` as `app`.
        Revoked tools are kept across an update: the person's choices outlive versions."""
        now = self._clock.now()
        values = {
            "app": app,
            "listing": listing,
            "version_id": version_id,
            "version": version,
            "data_types": sorted(set(data_types)),
            "revoked_tools": [],
            "consented_at": now,
            "updated_at": now,
        }
        insert = self._db.insert(_table).values(values)
        statement = insert.on_conflict_do_update(
            index_elements=[_table.c.app],
            set_={
                name: insert.excluded[name]
                for name in ("listing", "version_id", "version", "data_types", "consented_at", "updated_at")
            },
        ).returning(*_FIELDS)
        async with self._db.write() as connection:
            await require_app(connection, app)
            row = (await connection.execute(statement)).one()
        return _record(row)

    async def get(self, app: str) -> DirectoryInstall:
        found = await self.find(app)
        if found is None:
            raise _not_found(app)
        return found

    async def find(self, app: str) -> DirectoryInstall | None:
        """The install record of `app`, or None for an app installed by hand (not from the directory)."""
        async with self._db.read() as connection:
            row = (await connection.execute(select(*_FIELDS).where(_table.c.app == app))).first()
        return None if row is None else _record(row)

    async def of_listing(self, listing: str) -> DirectoryInstall | None:
        async with self._db.read() as connection:
            row = (await connection.execute(select(*_FIELDS).where(_table.c.listing == listing))).first()
        return None if row is None else _record(row)

    async def list(self) -> builtins.list[DirectoryInstall]:
        async with self._db.read() as connection:
            rows = (await connection.execute(select(*_FIELDS).order_by(_table.c.app))).all()
        return [_record(row) for row in rows]

    async def set_revoked(self, app: str, tools: Sequence[str]) -> DirectoryInstall:
        """Replace the set of tools the person turned off."""
        statement = (
            update(_table)
            .where(_table.c.app == app)
            .values(revoked_tools=sorted(set(tools)), updated_at=self._clock.now())
            .returning(*_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
        if row is None:
            raise _not_found(app)
        return _record(row)
