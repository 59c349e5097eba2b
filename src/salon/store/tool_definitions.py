"""Approved tool definitions, for rug-pull protection.

When the person installs an app (or approves a changed tool) the host stores each tool's definition
and its fingerprint. If the app later serves a definition with another fingerprint, the host records it
with `set_pending` and does not call the tool until the person approves it (`approve`), which makes the
new definition the approved one and clears the pending one.
"""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import Row, delete, select, update

from salon.errors import NotFoundError
from salon.store.apps import require_app
from salon.store.clock import Clock
from salon.store.columns import require_json
from salon.store.engine import Database
from salon.store.records import ToolDefinition
from salon.store.schema import tool_definitions

_FIELDS = [tool_definitions.c[name] for name in ToolDefinition.model_fields]
_table = tool_definitions


def _record(row: Row[object]) -> ToolDefinition:
    return ToolDefinition.model_validate(dict(row._mapping))


def _not_found(app: str, tool: str) -> NotFoundError:
    return NotFoundError(
        f"Tool {tool!r} of app {app!r} has no approved definition; approve its definition first."
    )


class ToolDefinitions:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def list(self, app: str) -> builtins.list[ToolDefinition]:
        """The app's approved tool definitions, by tool name. `NotFoundError` if it is not installed."""
        query = select(*_FIELDS).where(_table.c.app == app).order_by(_table.c.tool)
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
            if not rows:
                await require_app(connection, app)
        return [_record(row) for row in rows]

    async def get(self, app: str, tool: str) -> ToolDefinition:
        query = select(*_FIELDS).where(_table.c.app == app, _table.c.tool == tool)
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            raise _not_found(app, tool)
        return _record(row)

    async def approve(
        self, app: str, tool: str, fingerprint: str, definition: dict[str, Any]
    ) -> ToolDefinition:
        """Make this the tool's approved definition; any pending one is cleared."""
        require_json(definition, "definition")
        values = {
            "app": app,
            "tool": tool,
            "fingerprint": fingerprint,
            "definition": definition,
            "pending_fingerprint": None,
            "pending_definition": None,
            "approved_at": self._clock.now(),
        }
        insert = self._db.insert(_table).values(values)
        statement = insert.on_conflict_do_update(
            index_elements=[_table.c.app, _table.c.tool],
            set_={name: insert.excluded[name] for name in values if name not in {"app", "tool"}},
        ).returning(*_FIELDS)
        async with self._db.write() as connection:
            await require_app(connection, app)
            row = (await connection.execute(statement)).one()
        return _record(row)

    async def set_pending(
        self, app: str, tool: str, fingerprint: str, definition: dict[str, Any]
    ) -> ToolDefinition:
        """Record a changed definition awaiting the person's approval; the approved one stays in force.

        Raises `NotFoundError` when the tool has no approved definition yet (approve it instead).
        """
        require_json(definition, "definition")
        statement = (
            update(_table)
            .where(_table.c.app == app, _table.c.tool == tool)
            .values(pending_fingerprint=fingerprint, pending_definition=definition)
            .returning(*_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
            if row is None:
                await require_app(connection, app)
                raise _not_found(app, tool)
        return _record(row)

    async def remove(self, app: str, tool: str) -> None:
        async with self._db.write() as connection:
            statement = delete(_table).where(_table.c.app == app, _table.c.tool == tool)
            result = await connection.execute(statement)
            if result.rowcount == 0:
                raise _not_found(app, tool)
