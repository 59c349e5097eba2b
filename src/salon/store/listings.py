"""Directory listings: one row per app name, with its owner and the version it has in review.

A listing is created by its first submission and belongs to whoever made it; later submissions for the
same name must come from the same owner. `reviewing` is the app's single review slot: taking it is a
conditional `UPDATE ... WHERE reviewing IS NULL`, which the row lock (PostgreSQL) or the write lock
(SQLite) makes atomic, so two workers cannot both put a version of one app in review.
"""

from __future__ import annotations

import builtins

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.errors import DirectoryError, NotFoundError
from salon.store.clock import Clock
from salon.store.directory_records import Listing
from salon.store.engine import Database
from salon.store.schema import directory_listings, directory_versions

_FIELDS = [directory_listings.c[name] for name in Listing.model_fields]
_table = directory_listings


def _record(row: Row[object]) -> Listing:
    return Listing.model_validate(dict(row._mapping))


def not_listed(name: str) -> NotFoundError:
    return NotFoundError(
        f"The directory has no app named {name!r}; check the name (e.g. 'io.example/hotels')."
    )


async def claim_review(connection: AsyncConnection, app: str, version_id: str) -> None:
    """Take the app's review slot for `version_id`, or raise `DirectoryError` (`review_in_progress`)."""
    taken = await connection.execute(
        update(_table)
        .where(_table.c.name == app, (_table.c.reviewing.is_(None)) | (_table.c.reviewing == version_id))
        .values(reviewing=version_id)
        .returning(_table.c.name)
    )
    if taken.first() is not None:
        return
    holder = await connection.scalar(
        select(directory_versions.c.version)
        .select_from(_table.join(directory_versions, directory_versions.c.id == _table.c.reviewing))
        .where(_table.c.name == app)
    )
    raise DirectoryError(
        f"Version {holder} of {app} is already being reviewed; only one version of an app is reviewed at "
        "a time. Wait for its decision, then submit again.",
        code="review_in_progress",
    )


async def release_review(connection: AsyncConnection, app: str, version_id: str) -> None:
    await connection.execute(
        update(_table).where(_table.c.name == app, _table.c.reviewing == version_id).values(reviewing=None)
    )


class Listings:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def ensure(self, name: str, owner: str) -> Listing:
        """The listing for `name`, created for `owner` if new; `DirectoryError` (`not_owner`) if another
        owner has it."""
        insert = (
            self._db.insert(_table)
            .values(name=name, owner=owner, reviewing=None, created_at=self._clock.now())
            .on_conflict_do_nothing(index_elements=[_table.c.name])
        )
        async with self._db.write() as connection:
            await connection.execute(insert)
            row = (await connection.execute(select(*_FIELDS).where(_table.c.name == name))).one()
        listing = _record(row)
        if listing.owner != owner:
            raise DirectoryError(
                f"The app name {name!r} belongs to another publisher; choose a name in your own namespace.",
                code="not_owner",
            )
        return listing

    async def get(self, name: str) -> Listing:
        async with self._db.read() as connection:
            row = (await connection.execute(select(*_FIELDS).where(_table.c.name == name))).first()
        if row is None:
            raise not_listed(name)
        return _record(row)

    async def list(self) -> builtins.list[Listing]:
        async with self._db.read() as connection:
            rows = (await connection.execute(select(*_FIELDS).order_by(_table.c.name))).all()
        return [_record(row) for row in rows]
