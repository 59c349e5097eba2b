"""The ledger of the person's purchases, which their spend caps count.

    entry = await store.spend_ledger.reserve("me", merchant_id="shop", checkout_session_id="cs_1",
                                             amount=1999, currency="usd", payment_method_id=method.id)
    ...mint the delegated token, then:  attach_token(entry.id, token.id)
    ...the merchant completed the checkout:  confirm(entry.id)
    ...it failed or was cancelled:           release(entry.id)

An entry is `authorized` (a delegated token may be spent on it), `confirmed` (the merchant completed the
order) or `released` (it will not be paid: declined, cancelled, token never used). Authorized and
confirmed entries count against the caps: a token that could still be charged is money that may be
gone, so it counts until someone releases it.

`reserve` checks the caps and writes the entry in one transaction that first locks the person's
`spend_caps` row (PostgreSQL: `SELECT … FOR UPDATE`; SQLite: the write lock of `BEGIN IMMEDIATE`), so
two purchases made at once, in one process or several, are checked one after the other and cannot
both fit under a cap that only one of them fits under. Windows are UTC days and months.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Row, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.errors import NotFoundError, PaymentError, SpendCapExceeded
from salon.store.clock import Clock, new_id
from salon.store.engine import Database
from salon.store.schema import spend_caps, spend_ledger
from salon.store.spend_caps import CapDecision, SpendCaps, Spent, evaluate

LedgerStatus = Literal["authorized", "confirmed", "released"]
_COUNTED = ("authorized", "confirmed")


class LedgerEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    person: str
    merchant_id: str
    checkout_session_id: str
    amount: int
    currency: str
    status: LedgerStatus
    payment_method_id: str
    token_id: str | None
    created_at: datetime


_FIELDS = [spend_ledger.c[name] for name in LedgerEntry.model_fields]


def _record(row: Row[object]) -> LedgerEntry:
    return LedgerEntry.model_validate(dict(row._mapping))


class SpendLedger:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def check(self, person: str, *, merchant_id: str, amount: int, currency: str) -> CapDecision:
        """What `reserve` would decide now, without reserving anything (for previews)."""
        async with self._db.read() as connection:
            caps = await _caps(connection, person)
            spent = await self._spent(connection, caps, merchant_id)
        return evaluate(caps, amount=amount, currency=currency, spent=spent)

    async def reserve(
        self,
        person: str,
        *,
        merchant_id: str,
        checkout_session_id: str,
        amount: int,
        currency: str,
        payment_method_id: str,
        extra_confirmed: bool = False,
    ) -> LedgerEntry:
        """Check the caps and record an `authorized` purchase, atomically.

        Raises `SpendCapExceeded` (which cap, its limit, what is spent) when a cap refuses,
        `PaymentError("extra_confirmation_required")` above the person's confirmation threshold unless
        `extra_confirmed`, and `PaymentError("already_paid")` for a session already confirmed. An
        earlier authorized entry for the same session is released: a session is paid at most once.
        """
        if amount <= 0:
            raise PaymentError("A purchase amount must be positive (minor units).", code="invalid_amount")
        now = self._clock.now()
        async with self._db.write() as connection:
            await connection.execute(
                self._db.insert(spend_caps)
                .values(person=person, currency="usd", updated_at=now)
                .on_conflict_do_nothing(index_elements=[spend_caps.c.person])
            )
            locked = select(spend_caps).where(spend_caps.c.person == person).with_for_update()
            caps = SpendCaps.model_validate(dict((await connection.execute(locked)).one()._mapping))
            same_session = (
                (spend_ledger.c.person == person)
                & (spend_ledger.c.merchant_id == merchant_id)
                & (spend_ledger.c.checkout_session_id == checkout_session_id)
            )
            earlier = (
                await connection.execute(select(spend_ledger.c.status).where(same_session, _counted()))
            ).scalars()
            if "confirmed" in set(earlier):
                raise PaymentError("This checkout has already been paid.", code="already_paid")
            await connection.execute(
                update(spend_ledger).where(same_session, _counted()).values(status="released")
            )
            decision = evaluate(
                caps, amount=amount, currency=currency, spent=await self._spent(connection, caps, merchant_id)
            )
            if not decision.allowed:
                raise SpendCapExceeded(
                    decision.message,
                    cap=decision.cap or "currency",
                    limit=decision.limit or 0,
                    spent=decision.spent or 0,
                    currency=caps.currency,
                )
            if decision.extra_confirmation_required and not extra_confirmed:
                raise PaymentError(
                    f"This purchase is above your extra-confirmation threshold of {caps.confirm_above} "
                    "minor units; confirm it once more to go ahead.",
                    code="extra_confirmation_required",
                )
            entry = LedgerEntry(
                id=new_id(),
                person=person,
                merchant_id=merchant_id,
                checkout_session_id=checkout_session_id,
                amount=amount,
                currency=currency,
                status="authorized",
                payment_method_id=payment_method_id,
                token_id=None,
                created_at=now,
            )
            await connection.execute(spend_ledger.insert().values(**entry.model_dump()))
        return entry

    async def attach_token(self, entry_id: str, token_id: str) -> LedgerEntry:
        return await self._set(entry_id, token_id=token_id)

    async def confirm(self, entry_id: str) -> LedgerEntry:
        """The merchant completed the order: the purchase is spent for good."""
        return await self._set(entry_id, status="confirmed")

    async def release(self, entry_id: str) -> LedgerEntry:
        """The purchase will not be paid (declined, cancelled, token unused): stop counting it. A
        confirmed purchase stays confirmed."""
        statement = (
            update(spend_ledger)
            .where(spend_ledger.c.id == entry_id, spend_ledger.c.status == "authorized")
            .values(status="released")
        )
        async with self._db.write() as connection:
            await connection.execute(statement)
            return await _entry(connection, entry_id)

    async def get(self, entry_id: str) -> LedgerEntry:
        async with self._db.read() as connection:
            return await _entry(connection, entry_id)

    async def list(self, person: str) -> builtins.list[LedgerEntry]:
        """`person`'s purchases, the newest first."""
        query = (
            select(*_FIELDS)
            .where(spend_ledger.c.person == person)
            .order_by(spend_ledger.c.created_at.desc(), spend_ledger.c.id)
        )
        async with self._db.read() as connection:
            return [_record(row) for row in (await connection.execute(query)).all()]

    async def _set(self, entry_id: str, **values: str) -> LedgerEntry:
        async with self._db.write() as connection:
            await connection.execute(
                update(spend_ledger).where(spend_ledger.c.id == entry_id).values(**values)
            )
            return await _entry(connection, entry_id)

    async def _spent(self, connection: AsyncConnection, caps: SpendCaps, merchant_id: str) -> Spent:
        now = self._clock.now()
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        month = day.replace(day=1)
        amount = spend_ledger.c.amount
        since_day = func.coalesce(func.sum(case((spend_ledger.c.created_at >= day, amount), else_=0)), 0)
        by_merchant = case((spend_ledger.c.merchant_id == merchant_id, amount), else_=0)
        query = select(
            since_day, func.coalesce(func.sum(amount), 0), func.coalesce(func.sum(by_merchant), 0)
        ).where(
            spend_ledger.c.person == caps.person,
            spend_ledger.c.currency == caps.currency,
            spend_ledger.c.created_at >= month,
            _counted(),
        )
        today, this_month, merchant = (await connection.execute(query)).one()
        return Spent(day=int(today), month=int(this_month), merchant_month=int(merchant))


def _counted() -> ColumnElement[bool]:
    return spend_ledger.c.status.in_(_COUNTED)


async def _caps(connection: AsyncConnection, person: str) -> SpendCaps:
    row = (await connection.execute(select(spend_caps).where(spend_caps.c.person == person))).first()
    return SpendCaps(person=person) if row is None else SpendCaps.model_validate(dict(row._mapping))


async def _entry(connection: AsyncConnection, entry_id: str) -> LedgerEntry:
    row = (await connection.execute(select(*_FIELDS).where(spend_ledger.c.id == entry_id))).first()
    if row is None:
        raise NotFoundError(f"No purchase {entry_id!r} in the spend ledger.")
    return _record(row)


__all__ = ["LedgerEntry", "LedgerStatus", "SpendLedger"]
