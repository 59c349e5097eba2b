"""The router's index, persisted: per installed app, per tool, what was embedded and the vectors.

One row per indexed tool (`router_tools`): the entry the router indexed (as JSON), `digest` (a hash
of the exact texts that were embedded for it and of the embedder), `text_count` and `vectors`, the
float32 rows of those texts in order, as bytes. A host that starts, or that sees an app's tools
change, reads an app's rows and embeds only the tools whose digest no longer matches. Rows belong
to an installed app and go with it (`ON DELETE CASCADE`); `remove` drops some or all of them.

The directory's search index is persisted the same way (`directory_index`, `DirectoryIndexRows`),
keyed by app version instead of installed app: one row per router entry of a version, holding the
router's dense row for it rather than one vector per embedded text (a tenth of the bytes at 10,000
apps, and all a restart needs). Versions never change, so rows are written once, by whichever worker
first indexes the version, and go with the version.

The store knows nothing of embeddings: vectors are opaque bytes here, and `salon.host.routing` and
`salon.directory.search` decide what a digest covers.
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
from salon.store.schema import directory_index, directory_versions, router_tools

_table = router_tools
_CHUNK = 500
"""Version ids per `IN (...)` list: well under SQLite's and PostgreSQL's bound-parameter limits."""


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


class IndexedEntry(BaseModel):
    """One router entry of an app version, as the directory's search index holds it: `vector` is
    the entry's dense row (float32 bytes). `indexed_at` is set by the store when it is written."""

    model_config = ConfigDict(frozen=True)

    version_id: str
    entry: str
    digest: str
    embedder: str
    vector: bytes
    indexed_at: datetime | None = None


_ENTRY_FIELDS = [directory_index.c[name] for name in IndexedEntry.model_fields]


class DirectoryIndexRows:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def for_versions(self, version_ids: Iterable[str]) -> dict[str, builtins.list[IndexedEntry]]:
        """The rows of these versions, by version id (a version with none is absent)."""
        ids = sorted(set(version_ids))
        found: dict[str, builtins.list[IndexedEntry]] = {}
        async with self._db.read() as connection:
            for start in range(0, len(ids), _CHUNK):
                query = (
                    select(*_ENTRY_FIELDS)
                    .where(directory_index.c.version_id.in_(ids[start : start + _CHUNK]))
                    .order_by(directory_index.c.version_id, directory_index.c.entry)
                )
                for row in (await connection.execute(query)).all():
                    record = IndexedEntry.model_validate(dict(row._mapping))
                    found.setdefault(record.version_id, []).append(record)
        return found

    async def put(self, entries: Sequence[IndexedEntry]) -> int:
        """Write (or replace) rows, at most a few hundred per transaction so that indexing a whole
        directory never holds SQLite's write lock for long. Rows of versions that no longer exist
        (their listing was deleted meanwhile) are skipped. Returns how many were written."""
        now = self._clock.now()
        insert = self._db.insert(directory_index)
        statement = insert.on_conflict_do_update(
            index_elements=[directory_index.c.version_id, directory_index.c.entry],
            set_={
                name: insert.excluded[name]
                for name in IndexedEntry.model_fields
                if name not in {"version_id", "entry"}
            },
        )
        written = 0
        for start in range(0, len(entries), _CHUNK):
            chunk = entries[start : start + _CHUNK]
            ids = sorted({entry.version_id for entry in chunk})
            async with self._db.write() as connection:
                query = select(directory_versions.c.id).where(directory_versions.c.id.in_(ids))
                present = set((await connection.scalars(query)).all())
                values = [
                    {**entry.model_dump(), "indexed_at": now}
                    for entry in chunk
                    if entry.version_id in present
                ]
                if values:
                    await connection.execute(statement, values)
            written += len(values)
        return written
