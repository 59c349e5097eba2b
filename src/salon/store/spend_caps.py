"""The person's spend caps, and the rule that checks a purchase against them.

    per_purchase    no single purchase above this
    per_day         purchases of the current UTC day together
    per_month       purchases of the current UTC calendar month together
    per_merchant    purchases from one merchant in the current UTC calendar month together
    confirm_above   above this amount the host always asks for an extra, explicit confirmation

Caps are integer minor units of one currency (`currency`, default `usd`); `None` means no cap. A
purchase in another currency is refused while any cap is set, since it cannot be compared with them.
What counts as spent is the ledger's purchases that are authorized or confirmed (see spend_ledger).
`evaluate` is a pure function, so the web page's preview and the ledger's atomic check agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from salon.store.clock import Clock
from salon.store.engine import Database
from salon.store.schema import spend_caps

CapName = Literal["per_purchase", "per_day", "per_month", "per_merchant", "currency"]
CAP_FIELDS = ("per_purchase", "per_day", "per_month", "per_merchant")


class SpendCaps(BaseModel):
    model_config = ConfigDict(frozen=True)

    person: str
    currency: str = Field(default="usd", pattern=r"^[a-z]{3}$")
    per_purchase: int | None = Field(default=None, ge=0)
    per_day: int | None = Field(default=None, ge=0)
    per_month: int | None = Field(default=None, ge=0)
    per_merchant: int | None = Field(default=None, ge=0)
    confirm_above: int | None = Field(default=None, ge=0)
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Spent:
    """What the person has spent already, in the caps' currency."""

    day: int = 0
    month: int = 0
    merchant_month: int = 0


class CapDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    allowed: bool
    cap: CapName | None = None
    limit: int | None = None
    spent: int | None = None
    extra_confirmation_required: bool = False
    message: str = ""


def evaluate(caps: SpendCaps, *, amount: int, currency: str, spent: Spent) -> CapDecision:
    """Whether a purchase of `amount` `currency` fits within `caps`, given what is `spent` already."""
    extra = caps.confirm_above is not None and amount > caps.confirm_above
    if currency != caps.currency and any(getattr(caps, name) is not None for name in CAP_FIELDS):
        return CapDecision(
            allowed=False,
            cap="currency",
            message=f"Your spend caps are in {caps.currency.upper()}; a purchase in {currency.upper()} "
            "cannot be checked against them.",
        )
    windows: tuple[tuple[CapName, int | None, int, str], ...] = (
        ("per_purchase", caps.per_purchase, 0, "a single purchase"),
        ("per_day", caps.per_day, spent.day, "today"),
        ("per_month", caps.per_month, spent.month, "this month"),
        ("per_merchant", caps.per_merchant, spent.merchant_month, "with this merchant this month"),
    )
    for name, limit, already, what in windows:
        if limit is not None and already + amount > limit:
            return CapDecision(
                allowed=False,
                cap=name,
                limit=limit,
                spent=already,
                extra_confirmation_required=extra,
                message=f"This purchase of {_money(amount, currency)} would exceed your "
                f"{name.replace('_', ' ')} cap of {_money(limit, currency)} "
                f"({_money(already, currency)} spent {what} already).",
            )
    return CapDecision(allowed=True, extra_confirmation_required=extra)


def _money(amount: int, currency: str) -> str:
    return f"{amount / 100:.2f} {currency.upper()}"


class Caps:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def get(self, person: str) -> SpendCaps:
        """`person`'s caps; no caps at all (every field `None`) until they set some."""
        async with self._db.read() as connection:
            row = (await connection.execute(select(spend_caps).where(spend_caps.c.person == person))).first()
        return SpendCaps(person=person) if row is None else SpendCaps.model_validate(dict(row._mapping))

    async def set(self, caps: SpendCaps) -> SpendCaps:
        """Replace the person's caps with `caps` (every field; `None` removes a cap)."""
        record = caps.model_copy(update={"updated_at": self._clock.now()})
        values = record.model_dump()
        upsert = (
            self._db.insert(spend_caps)
            .values(**values)
            .on_conflict_do_update(
                index_elements=[spend_caps.c.person],
                set_={key: value for key, value in values.items() if key != "person"},
            )
        )
        async with self._db.write() as connection:
            await connection.execute(upsert)
        return record


__all__ = ["CAP_FIELDS", "CapDecision", "CapName", "Caps", "SpendCaps", "Spent", "evaluate"]
