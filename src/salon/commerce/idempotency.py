"""`Idempotency-Key` for every POST, kept in the merchant's database so that it holds across workers
and restarts.

The semantics are ACP 2026-04-17's:

    no key                                  400 idempotency_key_required
    key seen, first request still running   409 idempotency_in_flight, with Retry-After
    key seen with a different body          422 idempotency_conflict
    key seen, finished                      the first answer again, with `Idempotent-Replayed: true`
    the first answer was a 5xx              not kept: the retry runs again
    the first answer was a 409              not kept either (work in progress: "retry later")

A key is scoped to the caller's credential and the endpoint (method and path), as the spec says, and
kept for `retention` (24 hours by default, the spec's minimum) after first use.

How it holds under concurrency: `begin` inserts the key's row as `in_flight` with `INSERT … ON
CONFLICT DO NOTHING`. Exactly one request wins the insert on either backend (PostgreSQL makes the
loser wait for the winner's commit, SQLite's `BEGIN IMMEDIATE` runs the blocks one at a time); every
other request with the key reads the row and answers from it. The winner holds a lease: if its worker
dies before `finish`, the row would say "in flight" forever, so once `lease_until` has passed another
request may take the key over (with a conditional UPDATE, so only one does) and run the work again.
Handlers whose work has outside effects (complete charging a card) must therefore be safe to run
twice; see `completion.py`.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, select, update

from salon.commerce.clock import Clock
from salon.commerce.schema import idempotency_keys
from salon.store.engine import Database

DEFAULT_RETENTION = 24 * 3600.0
DEFAULT_LEASE = 60.0


@dataclass(frozen=True)
class Proceed:
    """This request owns the key: run it, then `finish` (or `abandon` on a 5xx)."""


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class InFlight:
    retry_after: int


@dataclass(frozen=True)
class Conflict:
    """The key was used with a different request body."""


Begin = Proceed | Replay | InFlight | Conflict


def fingerprint(method: str, path: str, body: bytes) -> str:
    """A hash of the request: canonical JSON when the body parses (so key order and spacing do not
    matter), the raw bytes otherwise."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), canonical):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class IdempotencyStore:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        retention: float = DEFAULT_RETENTION,
        lease: float = DEFAULT_LEASE,
    ) -> None:
        self._db = database
        self._clock = clock
        self.retention = retention
        self.lease = lease

    async def begin(self, scope: str, endpoint: str, key: str, request_fingerprint: str) -> Begin:
        now = self._clock.now()
        where = _key(scope, endpoint, key)
        async with self._db.write() as connection:
            await connection.execute(
                delete(idempotency_keys).where(where, idempotency_keys.c.expires_at < now)
            )
            inserted = await connection.execute(
                self._db.insert(idempotency_keys)
                .values(
                    scope=scope,
                    endpoint=endpoint,
                    key=key,
                    fingerprint=request_fingerprint,
                    state="in_flight",
                    lease_until=now + self.lease,
                    created_at=now,
                    expires_at=now + self.retention,
                )
                .on_conflict_do_nothing()
                .returning(idempotency_keys.c.key)
            )
            # rowcount is not portable for INSERT ... ON CONFLICT (psycopg reports -1); RETURNING is.
            if inserted.first() is not None:
                return Proceed()
            row = (await connection.execute(select(idempotency_keys).where(where))).one()
            if row.fingerprint != request_fingerprint:
                return Conflict()
            if row.state == "done":
                headers: dict[str, str] = json.loads(row.response_headers or "{}")
                return Replay(int(row.status_code), bytes(row.response_body or b""), headers)
            if row.lease_until > now:
                return InFlight(retry_after=max(1, math.ceil(row.lease_until - now)))
            taken = await connection.execute(
                update(idempotency_keys)
                .where(where, idempotency_keys.c.lease_until == row.lease_until)
                .values(lease_until=now + self.lease)
            )
            return Proceed() if taken.rowcount == 1 else InFlight(retry_after=1)

    async def finish(
        self, scope: str, endpoint: str, key: str, status_code: int, body: bytes, headers: dict[str, Any]
    ) -> None:
        """Keep the answer for replays. A 5xx is never kept, and neither is a 409 (the request met
        work in progress, "not now"): the key is released, so a retry runs the request again."""
        if status_code >= 500 or status_code == 409:
            await self.abandon(scope, endpoint, key)
            return
        async with self._db.write() as connection:
            await connection.execute(
                update(idempotency_keys)
                .where(_key(scope, endpoint, key))
                .values(
                    state="done",
                    status_code=status_code,
                    response_body=body,
                    response_headers=json.dumps(headers),
                )
            )

    async def abandon(self, scope: str, endpoint: str, key: str) -> None:
        """Forget the key, so that a retry runs the request again."""
        async with self._db.write() as connection:
            await connection.execute(delete(idempotency_keys).where(_key(scope, endpoint, key)))

    async def purge(self) -> int:
        """Delete keys past their retention; returns how many."""
        async with self._db.write() as connection:
            result = await connection.execute(
                delete(idempotency_keys).where(idempotency_keys.c.expires_at < self._clock.now())
            )
            return int(result.rowcount)


def _key(scope: str, endpoint: str, key: str) -> Any:
    return and_(
        idempotency_keys.c.scope == scope,
        idempotency_keys.c.endpoint == endpoint,
        idempotency_keys.c.key == key,
    )


__all__ = [
    "DEFAULT_LEASE",
    "DEFAULT_RETENTION",
    "Begin",
    "Conflict",
    "IdempotencyStore",
    "InFlight",
    "Proceed",
    "Replay",
    "fingerprint",
]
