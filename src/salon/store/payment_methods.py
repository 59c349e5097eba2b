"""The person's payment methods, as their provider keeps them: a token and what the person may see.

A row is a provider token (`pm_…`) with brand, last four digits and expiry, and the provider's name.
There is no column that could hold a card number: the card is tokenized at the provider before
anything reaches the store (salon.payments.wallet), so neither the tables nor the store's logs can
contain one.
"""

from __future__ import annotations

import builtins
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Row, delete, select

from salon.errors import NotFoundError
from salon.store.clock import Clock, new_id
from salon.store.engine import Database
from salon.store.schema import payment_methods


class StoredPaymentMethod(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    person: str
    provider: str
    token: str
    brand: str
    last4: str = Field(pattern=r"^[0-9]{4}$")
    exp_month: int
    exp_year: int
    created_at: datetime


_FIELDS = [payment_methods.c[name] for name in StoredPaymentMethod.model_fields]


def _record(row: Row[object]) -> StoredPaymentMethod:
    return StoredPaymentMethod.model_validate(dict(row._mapping))


class PaymentMethods:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def add(
        self, person: str, *, provider: str, token: str, brand: str, last4: str, exp_month: int, exp_year: int
    ) -> StoredPaymentMethod:
        """Keep a provider token for `person`."""
        record = StoredPaymentMethod(
            id=new_id(),
            person=person,
            provider=provider,
            token=token,
            brand=brand,
            last4=last4,
            exp_month=exp_month,
            exp_year=exp_year,
            created_at=self._clock.now(),
        )
        async with self._db.write() as connection:
            await connection.execute(payment_methods.insert().values(**record.model_dump()))
        return record

    async def get(self, person: str, method_id: str) -> StoredPaymentMethod:
        """`person`'s method `method_id`; `NotFoundError` if they have none by that id."""
        query = select(*_FIELDS).where(payment_methods.c.id == method_id, payment_methods.c.person == person)
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            raise NotFoundError(f"No payment method {method_id!r}; list the saved payment methods.")
        return _record(row)

    async def list(self, person: str) -> builtins.list[StoredPaymentMethod]:
        """`person`'s methods, the most recently added first."""
        query = (
            select(*_FIELDS)
            .where(payment_methods.c.person == person)
            .order_by(payment_methods.c.created_at.desc(), payment_methods.c.id)
        )
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]

    async def remove(self, person: str, method_id: str) -> None:
        """Forget `method_id`; `NotFoundError` if `person` has no such method."""
        statement = delete(payment_methods).where(
            payment_methods.c.id == method_id, payment_methods.c.person == person
        )
        async with self._db.write() as connection:
            result = await connection.execute(statement)
        if result.rowcount == 0:
            raise NotFoundError(f"No payment method {method_id!r}; list the saved payment methods.")


__all__ = ["PaymentMethods", "StoredPaymentMethod"]
