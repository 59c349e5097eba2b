"""The views' HTML, cached per app version so that every worker serves one document under one id.

A view is fetched from its app (`resources/read`) once per app version and stored here under an id
derived from (app, uri, version); the sandbox origin serves `/views/<id>.html` from this table, so the
worker that answers the browser need not be the one that fetched it. Storing a newer version of a view
drops the older ones of the same (app, uri); removing the app drops them all (`ON DELETE CASCADE`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, select

from salon.store.apps import require_app
from salon.store.clock import Clock
from salon.store.columns import require_json
from salon.store.engine import Database
from salon.store.records import ViewResource
from salon.store.schema import view_resources

_FIELDS = [view_resources.c[name] for name in ViewResource.model_fields]


def _record(row: Row[object]) -> ViewResource:
    return ViewResource.model_validate(dict(row._mapping))


class ViewResources:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def put(
        self,
        resource_id: str,
        *,
        app: str,
        uri: str,
        version: str,
        mime_type: str,
        html: str,
        meta: dict[str, Any] | None,
    ) -> ViewResource:
        """Store one version of a view (replacing older versions of it); `NotFoundError` for an app
        that is not installed."""
        require_json(meta, "meta")
        values = {
            "id": resource_id,
            "app": app,
            "uri": uri,
            "version": version,
            "mime_type": mime_type,
            "html": html,
            "meta": meta,
            "fetched_at": self._clock.now(),
        }
        insert = self._db.insert(view_resources).values(values)
        statement = insert.on_conflict_do_update(
            index_elements=[view_resources.c.id],
            set_={name: insert.excluded[name] for name in values if name != "id"},
        ).returning(*_FIELDS)
        async with self._db.write() as connection:
            await require_app(connection, app)
            await connection.execute(
                delete(view_resources).where(
                    view_resources.c.app == app,
                    view_resources.c.uri == uri,
                    view_resources.c.id != resource_id,
                )
            )
            row = (await connection.execute(statement)).one()
        return _record(row)

    async def find(self, app: str, uri: str) -> ViewResource | None:
        """The newest stored version of view `uri` of `app`, whatever its version."""
        query = (
            select(*_FIELDS)
            .where(view_resources.c.app == app, view_resources.c.uri == uri)
            .order_by(view_resources.c.fetched_at.desc())
            .limit(1)
        )
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _record(row)

    async def get(self, resource_id: str) -> ViewResource | None:
        query = select(*_FIELDS).where(view_resources.c.id == resource_id)
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _record(row)
