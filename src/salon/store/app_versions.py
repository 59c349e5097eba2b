"""App versions in the directory: the manifest, the state, the review, the approved fingerprints.

The store does not know the state machine (`salon.directory.states` does); it makes each move atomic.
`move` is a conditional `UPDATE ... WHERE state = :from RETURNING`, so two reviewers deciding at once,
or two workers finishing one review, cannot both win: the loser gets `DirectoryError`
(`state_changed`) naming the state the version is in now. Taking or releasing the app's review slot
happens in the same transaction as the move.

A version's manifest and server change only while it is a draft or rejected (`replace`); from then on
the row is what people consent to.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.sql import ColumnElement

from salon.errors import DirectoryError, NotFoundError
from salon.store.clock import Clock, new_id
from salon.store.columns import require_json
from salon.store.directory_records import AppVersion
from salon.store.engine import Database
from salon.store.listings import claim_review, release_review
from salon.store.schema import directory_versions

_FIELDS = [directory_versions.c[name] for name in AppVersion.model_fields]
_table = directory_versions
_EDITABLE = ("draft", "rejected")
_MOVABLE_FIELDS = frozenset(
    {"report", "tool_definitions", "fingerprints", "reasons", "reviewed_at", "published_at"}
)


def _record(row: Row[object]) -> AppVersion:
    return AppVersion.model_validate(dict(row._mapping))


def _not_found(version_id: str) -> NotFoundError:
    return NotFoundError(f"No app version with id {version_id!r}; list the app's versions to find it.")


class AppVersions:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def now(self) -> datetime:
        """The store's clock, for timestamps a caller sets through `move`."""
        return self._clock.now()

    async def create(
        self,
        app: str,
        version: str,
        manifest: dict[str, Any],
        server: dict[str, Any],
        *,
        state: str = "draft",
    ) -> AppVersion:
        """A new version of a listed app; `DirectoryError` (`version_exists`) if that version exists."""
        require_json(manifest, "manifest")
        require_json(server, "server")
        now = self._clock.now()
        values = {
            "id": new_id(),
            "app": app,
            "version": version,
            "state": state,
            "manifest": manifest,
            "server": server,
            "created_at": now,
            "updated_at": now,
        }
        statement = (
            self._db.insert(_table)
            .values(values)
            .on_conflict_do_nothing(index_elements=[_table.c.app, _table.c.version])
            .returning(*_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
        if row is None:
            raise DirectoryError(
                f"{app} already has a version {version}; an approved or submitted version never changes, "
                "so bump the version in the manifest.",
                code="version_exists",
            )
        return _record(row)

    async def replace(self, version_id: str, manifest: dict[str, Any], server: dict[str, Any]) -> AppVersion:
        """Change a draft's or a rejected version's manifest and server (before it is submitted again)."""
        require_json(manifest, "manifest")
        statement = (
            update(_table)
            .where(_table.c.id == version_id, _table.c.state.in_(_EDITABLE))
            .values(manifest=manifest, server=server, updated_at=self._clock.now())
            .returning(*_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
        if row is None:
            current = await self.get(version_id)
            raise DirectoryError(
                f"Version {current.version} of {current.app} is {current.state} and can no longer change; "
                "submit a new version instead.",
                code="version_immutable",
            )
        return _record(row)

    async def get(self, version_id: str) -> AppVersion:
        async with self._db.read() as connection:
            row = (await connection.execute(select(*_FIELDS).where(_table.c.id == version_id))).first()
        if row is None:
            raise _not_found(version_id)
        return _record(row)

    async def find(self, app: str, version: str) -> AppVersion:
        query = select(*_FIELDS).where(_table.c.app == app, _table.c.version == version)
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            raise NotFoundError(f"{app} has no version {version!r}; list its versions to see which exist.")
        return _record(row)

    async def for_app(self, app: str) -> builtins.list[AppVersion]:
        """The app's versions, newest first."""
        query = select(*_FIELDS).where(_table.c.app == app).order_by(_table.c.created_at.desc(), _table.c.id)
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]

    async def in_states(
        self, states: Collection[str], *, limit: int | None = None
    ) -> builtins.list[AppVersion]:
        """Versions in any of `states`, oldest change first (a queue's order)."""
        query = (
            select(*_FIELDS)
            .where(_table.c.state.in_(list(states)))
            .order_by(_table.c.updated_at, _table.c.id)
            .limit(limit)
        )
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]

    async def move(
        self,
        version_id: str,
        expected: str,
        target: str,
        *,
        claim: bool = False,
        release: bool = False,
        **values: Any,
    ) -> AppVersion:
        """Move the version from `expected` to `target`, setting `values` (report, fingerprints,
        reasons, reviewed_at, published_at), taking (`claim`) or freeing (`release`) the app's review
        slot in the same transaction."""
        unknown = set(values) - _MOVABLE_FIELDS
        if unknown:
            raise ValueError(f"move() cannot set {sorted(unknown)}")
        for name in ("report", "tool_definitions", "fingerprints"):
            if name in values:
                require_json(values[name], name)
        statement = (
            update(_table)
            .where(_table.c.id == version_id, _table.c.state == expected)
            .values(state=target, updated_at=self._clock.now(), **values)
            .returning(*_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
            if row is None:
                state = await connection.scalar(select(_table.c.state).where(_table.c.id == version_id))
                if state is None:
                    raise _not_found(version_id)
                raise DirectoryError(
                    f"The version is {state} now, not {expected} (someone acted on it first); reload it "
                    "and decide again.",
                    code="state_changed",
                )
            record = _record(row)
            if claim:
                await claim_review(connection, record.app, record.id)
            if release:
                await release_review(connection, record.app, record.id)
        return record

    async def listed(
        self,
        states: Collection[str],
        *,
        latest_only: bool = False,
        version: str | None = None,
        name_contains: str | None = None,
        updated_since: datetime | None = None,
        after: tuple[str, str] | None = None,
        limit: int | None = None,
    ) -> builtins.list[AppVersion]:
        """Versions in `states` ordered by (app, id), for the registry API's pages. `latest_only` keeps
        each app's most recently published version; `after` is the (app, id) the last page ended at."""
        conditions: list[ColumnElement[bool]] = [_table.c.state.in_(list(states))]
        if version is not None:
            conditions.append(_table.c.version == version)
        if name_contains:
            escaped = name_contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(func.lower(_table.c.app).like(f"%{escaped.lower()}%", escape="\\"))
        if updated_since is not None:
            conditions.append(_table.c.updated_at > updated_since)
        if after is not None:
            conditions.append(
                (_table.c.app > after[0]) | ((_table.c.app == after[0]) & (_table.c.id > after[1]))
            )
        if latest_only:
            conditions.append(_table.c.id.in_(self._latest_ids(states)))
        query = select(*_FIELDS).where(*conditions).order_by(_table.c.app, _table.c.id).limit(limit)
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]

    async def latest_ids(self, states: Collection[str], apps: Collection[str] | None = None) -> set[str]:
        """The ids of each app's most recently published version among `states`."""
        query = self._latest_ids(states)
        if apps is not None:
            query = query.where(_table.c.app.in_(list(apps)))
        async with self._db.read() as connection:
            return set((await connection.scalars(query)).all())

    def _latest_ids(self, states: Collection[str]) -> Any:
        newest = (
            select(_table.c.app, func.max(_table.c.published_at).label("at"))
            .where(_table.c.state.in_(list(states)))
            .group_by(_table.c.app)
            .subquery()
        )
        return (
            select(_table.c.id)
            .join(newest, (newest.c.app == _table.c.app) & (newest.c.at == _table.c.published_at))
            .where(_table.c.state.in_(list(states)))
        )

    async def signature(self) -> tuple[int, datetime | None]:
        """(count, last change) over every version: cheap to ask, and different after any move, so a
        worker can tell whether its search index is stale."""
        query = select(func.count(), func.max(_table.c.updated_at)).select_from(_table)
        async with self._db.read() as connection:
            count, last = (await connection.execute(query)).one()
        return int(count), last
