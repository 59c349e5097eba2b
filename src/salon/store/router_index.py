"""The router's index, persisted: per installed app, per tool, what was embedded and the vectors.

One row per indexed tool (`router_tools`): the entry the router indexed (as JSON), `digest` (a hash
of the exact texts that were embedded for it and of the embedder), `text_count` and `vectors`, the
float32 rows of those texts in order, as bytes. A host that starts, or that sees an app's tools
change, reads an app's rows and embeds only the tools whose digest no longer matches. Rows belong
to an installed app and go with it (`ON DELETE CASCADE`); `remove` drops some or all of them.

The store knows nothing of embeddings: vectors are opaque bytes here, and `salon.host.routing`
decides what a digest covers.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, delete, select

from salon.store.apps import require_app
from salon.store.clock import Clock
from salon.store.columns import require_json
from salon.store.engine import Database
from salon.store.schema import router_tools

_table = router_tools


class IndexedTool(BaseModel):
    """One tool as the router indexed it. `indexed_at` is set by the store when it is written."""

    model_config = ConfigDict(frozen=True)

    app: str
    tool: str
    digest: str
    embedder: str
    entry: dict[str, Any]
    text_count: int
    vectors: bytes
    indexed_at: datetime | None = None


_FIELDS = [_table.c[name] for name in IndexedTool.model_fields]


def _record(row: Row[object]) -> IndexedTool:
    return IndexedTool.model_validate(dict(row._mapping))


class RouterIndexRows:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def list(self, app: str | None = None) -> builtins.list[IndexedTool]:
        """The rows of one app (or of every app), ordered by app and tool."""
        query = select(*_FIELDS).order_by(_table.c.app, _table.c.tool)
        if app is not None:
            query = query.where(_table.c.app == app)
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]

    async def put(self, app: str, tools: Sequence[IndexedTool]) -> None:
        """Write (or replace) rows of one installed app in one transaction; `NotFoundError` when the
        app is not installed. Every row must name `app`."""
        if not tools:
            return
        now = self._clock.now()
        values: builtins.list[dict[str, Any]] = []
        for tool in tools:
            if tool.app != app:
                raise ValueError(f"put({app!r}) got a row of app {tool.app!r} ({tool.tool})")
            require_json(tool.entry, "entry")
            values.append({**tool.model_dump(), "indexed_at": now})
        insert = self._db.insert(_table)
        statement = insert.on_conflict_do_update(
            index_elements=[_table.c.app, _table.c.tool],
            set_={
                name: insert.excluded[name]
                for name in IndexedTool.model_fields
                if name not in {"app", "tool"}
            },
        )
        async with self._db.write() as connection:
            await require_app(connection, app)
            await connection.execute(statement, values)

    async def remove(self, app: str, tools: Iterable[str] | None = None) -> int:
        """Delete the app's rows (only those of `tools` when given); returns how many went."""
        statement = delete(_table).where(_table.c.app == app)
        if tools is not None:
            names = builtins.list(tools)
            if not names:
                return 0
            statement = statement.where(_table.c.tool.in_(names))
        async with self._db.write() as connection:
            result = await connection.execute(statement)
        return int(result.rowcount or 0)
