"""Reading and writing checkout session rows, inside a caller's transaction.

`load(..., lock=True)` takes the row lock on PostgreSQL (`SELECT … FOR UPDATE`), so that two requests
changing one session run one after the other; on SQLite the write transaction is already exclusive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.commerce.acp import CheckoutSession
from salon.commerce.pricing import Cart
from salon.commerce.schema import checkout_sessions
from salon.errors import CheckoutError


@dataclass
class SessionRecord:
    id: str
    cart: Cart
    session: CheckoutSession

    @property
    def status(self) -> str:
        return self.session.status


async def load(connection: AsyncConnection, session_id: str, *, lock: bool = False) -> SessionRecord:
    query = select(checkout_sessions).where(checkout_sessions.c.id == session_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    if row is None:
        raise CheckoutError(
            f"No checkout session has the id {session_id!r}; create one with POST /checkout_sessions.",
            code="not_found",
            status=404,
            param="$.id",
        )
    return SessionRecord(
        id=row.id,
        cart=Cart.model_validate_json(row.cart),
        session=CheckoutSession.model_validate_json(row.document),
    )


async def insert(connection: AsyncConnection, record: SessionRecord, *, now: float) -> None:
    await connection.execute(
        checkout_sessions.insert().values(
            id=record.id,
            status=record.session.status,
            cart=record.cart.model_dump_json(),
            document=json.dumps(record.session.wire()),
            created_at=now,
            updated_at=now,
        )
    )


async def save(connection: AsyncConnection, record: SessionRecord, *, now: float) -> None:
    await connection.execute(
        update(checkout_sessions)
        .where(checkout_sessions.c.id == record.id)
        .values(
            status=record.session.status,
            cart=record.cart.model_dump_json(),
            document=json.dumps(record.session.wire()),
            updated_at=now,
        )
    )


__all__ = ["SessionRecord", "insert", "load", "save"]
