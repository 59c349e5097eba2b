"""Turning database failures into `StoreError`s that say what happened and what to do.

SQLAlchemy wraps every driver error in a `DBAPIError`; the driver's own message is the only portable
way to tell a locked SQLite file from a missing one, so the translation reads it.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from salon.errors import StoreError


def translate(exc: SQLAlchemyError, *, where: str, backend: str, busy_timeout: float) -> StoreError:
    """The `StoreError` to raise for `exc`, raised by the database at `where` (a password-free URL)."""
    if isinstance(exc, PoolTimeoutError):
        return StoreError(
            f"Every connection to the database at {where} stayed busy past the pool timeout; the store "
            "is overloaded or a caller holds connections open. Retry, or give the store a larger pool.",
            code="store_busy",
        )
    detail = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
    detail = detail.strip().splitlines()[0] if detail.strip() else type(exc).__name__
    lowered = detail.lower()
    if "database is locked" in lowered or "database table is locked" in lowered:
        return StoreError(
            f"The database at {where} is locked by another process and stayed locked longer than the "
            f"{busy_timeout:g} s busy timeout. Wait for the other process to finish (or stop it) and try "
            "again; when several workers write at once, use PostgreSQL.",
            code="store_locked",
        )
    if "unable to open database file" in lowered:
        return StoreError(
            f"Cannot open the SQLite file of {where} ({detail}). Check that the path names a file, not a "
            "directory, and that its directory exists and is writable by this user.",
        )
    if "readonly database" in lowered or "read-only" in lowered:
        return StoreError(
            f"The database at {where} is read-only ({detail}). Make the file and its directory writable "
            "by this user, or point Salon at another database.",
        )
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        return StoreError(
            f"The database at {where} lacks Salon's tables ({detail}). Open it with Store.open, which "
            "migrates it, and check that the URL names Salon's database.",
            code="store_schema",
        )
    if isinstance(exc, IntegrityError):
        return StoreError(
            f"The database at {where} refused a write that conflicts with what it holds: {detail}",
            code="store_conflict",
        )
    if backend == "postgresql" and isinstance(exc, OperationalError) and "connect" in lowered:
        return StoreError(
            f"Cannot reach PostgreSQL at {where} ({detail}). Check that the server is running, that "
            "the host, port and database name are right, and that this user may connect.",
        )
    return StoreError(f"The database at {where} failed: {detail}. Check the database and retry.")
