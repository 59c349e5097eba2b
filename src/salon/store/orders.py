"""Checkouts the host showed the person, and the orders they became.

    checkout = await store.orders.present(app="shop", merchant="shop", session_id="cs_1", amount=21374,
                                          currency="usd", card={...}, conversation_id=cid)
    claimed = await store.orders.claim(checkout.id, lease_s=120)     # None: someone else is paying it
    await store.orders.save_token(checkout.id, ledger_id=..., token_id=..., expires_at=...)
    await store.orders.finish(checkout.id, "completed", order_id="ord_1", message="Order placed.")
    await store.orders.put_order("shop", order, conversation_id=cid, signed_at=None)

A checkout is `presented` (shown, waiting for the person), `confirming` (one confirm is paying it),
`completed` or `canceled` (final). `claim` is one conditional `UPDATE … WHERE status = 'presented'`
(or a `confirming` claim older than the lease, left by a host that died mid-payment), so of two
confirms at once exactly one gets the row. The token and ledger entry are written before the merchant is
asked to complete, so a host that restarts finds what it was about to spend and retries with the same
token, the same body and the same idempotency key.

Orders keep the newest state the merchant reported. The answer to `complete` is stored only when no
webhook is there yet; a webhook replaces the stored order only when it was not signed before the one
stored (signatures carry whole seconds: an `order_update` of the same second wins, an `order_create`
does not), so a late redelivery never rolls an order back. `record_webhook` records each delivery by
its signature in the same transaction that applies it, once: a replay finds its signature taken.
"""

from __future__ import annotations

import builtins
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, and_, or_, select, update

from salon.errors import NotFoundError
from salon.store.clock import Clock, new_id
from salon.store.columns import require_json
from salon.store.engine import Database
from salon.store.schema import checkouts, order_events, orders

CheckoutStatus = Literal["presented", "confirming", "completed", "canceled"]
FINAL: frozenset[str] = frozenset({"completed", "canceled"})


class CheckoutRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    conversation_id: str | None
    call_id: str | None
    app: str
    merchant: str
    session_id: str
    status: CheckoutStatus
    amount: int
    currency: str
    card: dict[str, Any]
    attempt: int
    ledger_id: str | None
    token_id: str | None
    token_expires_at: datetime | None
    claimed_at: datetime | None
    order_id: str | None
    message: str | None
    created_at: datetime
    updated_at: datetime


class OrderRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    merchant: str
    order_id: str
    checkout_session_id: str
    conversation_id: str | None
    status: str | None
    data: dict[str, Any]
    signed_at: datetime | None
    created_at: datetime
    updated_at: datetime


_CHECKOUT_FIELDS = [checkouts.c[name] for name in CheckoutRecord.model_fields]
_ORDER_FIELDS = [orders.c[name] for name in OrderRecord.model_fields]


def _checkout(row: Row[Any]) -> CheckoutRecord:
    return CheckoutRecord.model_validate(dict(row._mapping))


def _order(row: Row[Any]) -> OrderRecord:
    return OrderRecord.model_validate(dict(row._mapping))


class Orders:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    # -- checkouts ----------------------------------------------------------------------------------

    async def present(
        self,
        *,
        app: str,
        merchant: str,
        session_id: str,
        amount: int,
        currency: str,
        card: dict[str, Any],
        conversation_id: str | None = None,
        call_id: str | None = None,
    ) -> CheckoutRecord:
        """Record that the person is shown this session (again, with fresh totals, if it was shown
        before and is still open). A session that is being paid or is final is returned unchanged."""
        require_json(card, "card")
        now = self._clock.now()
        insert = (
            self._db.insert(checkouts)
            .values(
                id=new_id(),
                conversation_id=conversation_id,
                call_id=call_id,
                app=app,
                merchant=merchant,
                session_id=session_id,
                status="presented",
                amount=amount,
                currency=currency,
                card=card,
                attempt=0,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=[checkouts.c.merchant, checkouts.c.session_id])
            .returning(checkouts.c.id)
        )
        refresh = (
            update(checkouts)
            .where(
                checkouts.c.merchant == merchant,
                checkouts.c.session_id == session_id,
                checkouts.c.status == "presented",
            )
            .values(amount=amount, currency=currency, card=card, updated_at=now)
        )
        async with self._db.write() as connection:
            # RETURNING, not rowcount: drivers disagree on the rowcount of INSERT … ON CONFLICT.
            inserted = (await connection.execute(insert)).first()
            if inserted is None:
                await connection.execute(refresh)
            row = (
                await connection.execute(
                    select(*_CHECKOUT_FIELDS).where(
                        checkouts.c.merchant == merchant, checkouts.c.session_id == session_id
                    )
                )
            ).one()
        return _checkout(row)

    async def get(self, checkout_id: str) -> CheckoutRecord:
        async with self._db.read() as connection:
            row = (
                await connection.execute(select(*_CHECKOUT_FIELDS).where(checkouts.c.id == checkout_id))
            ).first()
        if row is None:
            raise NotFoundError(f"No checkout with id {checkout_id!r}.")
        return _checkout(row)

    async def claim(self, checkout_id: str, *, lease_s: float) -> CheckoutRecord | None:
        """Take the checkout for paying it: the record (attempt counted) or None when another confirm
        holds it (a `confirming` claim younger than `lease_s`) or it is final."""
        now = self._clock.now()
        stale = now - timedelta(seconds=lease_s)
        statement = (
            update(checkouts)
            .where(
                checkouts.c.id == checkout_id,
                or_(
                    checkouts.c.status == "presented",
                    and_(checkouts.c.status == "confirming", checkouts.c.claimed_at < stale),
                ),
            )
            .values(status="confirming", claimed_at=now, attempt=checkouts.c.attempt + 1, updated_at=now)
            .returning(*_CHECKOUT_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
        return None if row is None else _checkout(row)

    async def save_token(
        self, checkout_id: str, *, ledger_id: str | None, token_id: str | None, expires_at: datetime | None
    ) -> CheckoutRecord:
        return await self._set(
            checkout_id, ledger_id=ledger_id, token_id=token_id, token_expires_at=expires_at
        )

    async def finish(
        self,
        checkout_id: str,
        status: CheckoutStatus,
        *,
        message: str | None = None,
        order_id: str | None = None,
    ) -> CheckoutRecord:
        """Move the checkout to `status` (`presented` hands the claim back). A final checkout stays as
        it is: the record returned says what it is."""
        now = self._clock.now()
        values: dict[str, Any] = {"status": status, "message": message, "updated_at": now}
        if order_id is not None:
            values["order_id"] = order_id
        if status == "presented":
            values["claimed_at"] = None
        statement = (
            update(checkouts)
            .where(checkouts.c.id == checkout_id, checkouts.c.status.not_in(sorted(FINAL)))
            .values(**values)
        )
        async with self._db.write() as connection:
            await connection.execute(statement)
            row = (
                await connection.execute(select(*_CHECKOUT_FIELDS).where(checkouts.c.id == checkout_id))
            ).first()
        if row is None:
            raise NotFoundError(f"No checkout with id {checkout_id!r}.")
        return _checkout(row)

    async def for_conversation(
        self, conversation_id: str, *, after: datetime | None = None
    ) -> builtins.list[CheckoutRecord]:
        """The conversation's checkouts, oldest first; with `after`, only those created later."""
        query = (
            select(*_CHECKOUT_FIELDS)
            .where(checkouts.c.conversation_id == conversation_id)
            .order_by(checkouts.c.created_at, checkouts.c.id)
        )
        if after is not None:
            query = query.where(checkouts.c.created_at > after)
        async with self._db.read() as connection:
            return [_checkout(row) for row in (await connection.execute(query)).all()]

    async def _set(self, checkout_id: str, **values: Any) -> CheckoutRecord:
        statement = (
            update(checkouts)
            .where(checkouts.c.id == checkout_id)
            .values(**values, updated_at=self._clock.now())
            .returning(*_CHECKOUT_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
        if row is None:
            raise NotFoundError(f"No checkout with id {checkout_id!r}.")
        return _checkout(row)

    # -- orders -------------------------------------------------------------------------------------

    async def put_order(
        self,
        merchant: str,
        order: dict[str, Any],
        *,
        conversation_id: str | None = None,
        signed_at: datetime | None = None,
    ) -> OrderRecord:
        """Store `order` (ACP `Order` JSON) unless a newer state is stored already; returns what is
        stored now. `signed_at` is the webhook's signed time (None: the answer to `complete`)."""
        require_json(order, "order")
        now = self._clock.now()
        order_id = str(order["id"])
        statement = self._upsert(
            merchant, order, conversation_id=conversation_id, signed_at=signed_at, now=now
        )
        async with self._db.write() as connection:
            await connection.execute(statement)
            if conversation_id is not None:
                await connection.execute(
                    update(orders)
                    .where(orders.c.merchant == merchant, orders.c.order_id == order_id)
                    .where(orders.c.conversation_id.is_(None))
                    .values(conversation_id=conversation_id)
                )
            row = (
                await connection.execute(
                    select(*_ORDER_FIELDS).where(orders.c.merchant == merchant, orders.c.order_id == order_id)
                )
            ).one()
        return _order(row)

    async def record_webhook(
        self,
        merchant: str,
        order: dict[str, Any],
        *,
        signature: str,
        type: str,
        signed_at: datetime,
    ) -> OrderRecord | None:
        """Accept one webhook delivery and apply its order, in one transaction; None when its
        signature was accepted before (a replay), in which case nothing changes."""
        require_json(order, "order")
        now = self._clock.now()
        order_id = str(order["id"])
        event = (
            self._db.insert(order_events)
            .values(
                id=new_id(),
                merchant=merchant,
                order_id=order_id,
                type=type,
                status=order.get("status"),
                signature=signature,
                signed_at=signed_at,
                received_at=now,
            )
            .on_conflict_do_nothing(index_elements=[order_events.c.merchant, order_events.c.signature])
            .returning(order_events.c.id)
        )
        session_id = str(order.get("checkout_session_id", ""))
        conversation = select(checkouts.c.conversation_id).where(
            checkouts.c.merchant == merchant, checkouts.c.session_id == session_id
        )
        async with self._db.write() as connection:
            if (await connection.execute(event)).first() is None:
                return None
            conversation_id = (await connection.execute(conversation)).scalar()
            await connection.execute(
                self._upsert(
                    merchant,
                    order,
                    conversation_id=conversation_id,
                    signed_at=signed_at,
                    now=now,
                    replaces_same_second=type != "order_create",
                )
            )
            row = (
                await connection.execute(
                    select(*_ORDER_FIELDS).where(orders.c.merchant == merchant, orders.c.order_id == order_id)
                )
            ).one()
        return _order(row)

    def _upsert(
        self,
        merchant: str,
        order: dict[str, Any],
        *,
        conversation_id: str | None,
        signed_at: datetime | None,
        now: datetime,
        replaces_same_second: bool = True,
    ) -> Any:
        """Signatures carry whole seconds, so an update signed in the same second as the stored state
        replaces it (the merchant's outbox sends an order's events in order); a create never replaces
        a state a webhook already brought."""
        values = {
            "merchant": merchant,
            "order_id": str(order["id"]),
            "checkout_session_id": str(order.get("checkout_session_id", "")),
            "conversation_id": conversation_id,
            "status": order.get("status"),
            "data": order,
            "signed_at": signed_at,
            "created_at": now,
            "updated_at": now,
        }
        key = [orders.c.merchant, orders.c.order_id]
        if signed_at is None:
            return self._db.insert(orders).values(**values).on_conflict_do_nothing(index_elements=key)
        excluded = self._db.insert(orders).excluded
        return (
            self._db.insert(orders)
            .values(**values)
            .on_conflict_do_update(
                index_elements=key,
                set_={
                    "status": excluded.status,
                    "data": excluded.data,
                    "signed_at": excluded.signed_at,
                    "updated_at": excluded.updated_at,
                },
                where=or_(
                    orders.c.signed_at.is_(None),
                    orders.c.signed_at <= excluded.signed_at
                    if replaces_same_second
                    else orders.c.signed_at < excluded.signed_at,
                ),
            )
        )

    async def for_session(self, merchant: str, session_id: str) -> CheckoutRecord | None:
        query = select(*_CHECKOUT_FIELDS).where(
            checkouts.c.merchant == merchant, checkouts.c.session_id == session_id
        )
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _checkout(row)

    async def get_order(self, merchant: str, order_id: str) -> OrderRecord:
        query = select(*_ORDER_FIELDS).where(orders.c.merchant == merchant, orders.c.order_id == order_id)
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            raise NotFoundError(f"No order {order_id!r} from {merchant!r}.")
        return _order(row)

    async def list_orders(self, *, limit: int = 20) -> builtins.list[OrderRecord]:
        """The person's orders, the most recently updated first."""
        query = select(*_ORDER_FIELDS).order_by(orders.c.updated_at.desc(), orders.c.order_id).limit(limit)
        async with self._db.read() as connection:
            return [_order(row) for row in (await connection.execute(query)).all()]

    async def event_count(self, merchant: str, order_id: str) -> int:
        query = select(order_events.c.id).where(
            order_events.c.merchant == merchant, order_events.c.order_id == order_id
        )
        async with self._db.read() as connection:
            return len((await connection.execute(query)).all())


__all__ = ["FINAL", "CheckoutRecord", "CheckoutStatus", "OrderRecord", "Orders"]
