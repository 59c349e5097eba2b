"""The directory's audit log: who did what to which app version, from which state to which, and why.

Entries are only ever appended. The service writes one for every move of a version and for installs,
uninstalls and revocations, so an operator can answer "who approved this, and when?".
"""

from __future__ import annotations

import builtins

from sqlalchemy import Row, select

from salon.store.clock import Clock, new_id
from salon.store.directory_records import AuditEntry
from salon.store.engine import Database
from salon.store.schema import directory_audit

_FIELDS = [directory_audit.c[name] for name in AuditEntry.model_fields]
_table = directory_audit


def _record(row: Row[object]) -> AuditEntry:
    return AuditEntry.model_validate(dict(row._mapping))


class AuditLog:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def record(
        self,
        app: str,
        actor: str,
        action: str,
        *,
        version: str | None = None,
        from_state: str | None = None,
        to_state: str | None = None,
        reason: str | None = None,
    ) -> AuditEntry:
        values = {
            "id": new_id(),
            "app": app,
            "version": version,
            "actor": actor,
            "action": action,
            "from_state": from_state,
            "to_state": to_state,
            "reason": reason,
            "at": self._clock.now(),
        }
        async with self._db.write() as connection:
            await connection.execute(_table.insert().values(values))
        return AuditEntry.model_validate(values)

    async def list(self, *, app: str | None = None, limit: int = 200) -> builtins.list[AuditEntry]:
        """The newest entries first, for one app or all."""
        query = select(*_FIELDS).order_by(_table.c.at.desc(), _table.c.id).limit(limit)
        if app is not None:
            query = query.where(_table.c.app == app)
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]
