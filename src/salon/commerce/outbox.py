"""Delivering order webhooks from an outbox table: at least once, in order, with backoff.

An event is written to `merchant_webhook_outbox` in the same transaction as the order change it
reports, so an order is never written without its event or the other way round. `deliver_due` then
sends what is due: it signs each body at send time (the signature's timestamp must be fresh), treats
any 2xx as delivered, and otherwise schedules the next try after `base_delay * 2**attempts` seconds
(capped at `max_delay`); after `max_attempts` the event is marked dead and left for an operator.

Order: an order's events go out one at a time, oldest first; a later `order_update` waits while an
earlier event of the same order is undelivered, so a receiver never sees an update before the create.

Several workers may deliver from one database: each claims a row by moving its `next_attempt_at`
forward with a conditional UPDATE before sending, so one worker sends it and the others skip it.
Receivers must still be idempotent (delivery is at least once: a worker can die after the receiver
answered and before the row is marked).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.commerce.acp import Order, WebhookEvent
from salon.commerce.clock import Clock
from salon.commerce.schema import webhook_outbox
from salon.commerce.webhooks import SIGNATURE_HEADER, sign
from salon.store.engine import Database


@dataclass(frozen=True)
class WebhookTarget:
    """Where the merchant sends order events, and the secret it signs them with."""

    url: str
    secret: str


@dataclass(frozen=True)
class Delivery:
    sent: int
    delivered: int
    failed: int


class WebhookOutbox:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        target: WebhookTarget | None,
        *,
        client: httpx.AsyncClient | None = None,
        base_delay: float = 5.0,
        max_delay: float = 3600.0,
        max_attempts: int = 12,
        claim_for: float = 60.0,
    ) -> None:
        self._db = database
        self._clock = clock
        self.target = target
        self._client = client
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_attempts = max_attempts
        self.claim_for = claim_for

    async def enqueue(self, connection: AsyncConnection, event_type: str, order: Order) -> None:
        """Add an event inside the caller's transaction (the one that changes the order)."""
        event = WebhookEvent(type=event_type, data=order.model_copy(update={"type": "order"}))
        now = self._clock.now()
        await connection.execute(
            webhook_outbox.insert().values(
                order_id=order.id,
                event_type=event_type,
                body=event.model_dump_json(exclude_none=True).encode(),
                attempts=0,
                next_attempt_at=now,
                dead=False,
                created_at=now,
            )
        )

    async def deliver_due(self, *, limit: int = 50) -> Delivery:
        """Send the events that are due now; returns what happened."""
        target = self.target
        if target is None:
            return Delivery(0, 0, 0)
        now = self._clock.now()
        async with self._db.read() as connection:
            pending = (
                await connection.execute(
                    select(webhook_outbox)
                    .where(webhook_outbox.c.delivered_at.is_(None), webhook_outbox.c.dead.is_(False))
                    .order_by(webhook_outbox.c.id)
                )
            ).all()
        blocked: set[str] = set()
        sent = delivered = failed = 0
        for row in pending:
            if row.order_id in blocked:
                continue
            blocked.add(row.order_id)
            if (
                row.next_attempt_at > now
                or sent >= limit
                or not await self._claim(row.id, row.next_attempt_at)
            ):
                continue
            sent += 1
            error = await self._post(target, bytes(row.body))
            async with self._db.write() as connection:
                if error is None:
                    delivered += 1
                    await connection.execute(
                        update(webhook_outbox)
                        .where(webhook_outbox.c.id == row.id)
                        .values(delivered_at=self._clock.now(), attempts=row.attempts + 1, last_error=None)
                    )
                else:
                    failed += 1
                    attempts = row.attempts + 1
                    delay = min(self.max_delay, self.base_delay * 2**row.attempts)
                    await connection.execute(
                        update(webhook_outbox)
                        .where(webhook_outbox.c.id == row.id)
                        .values(
                            attempts=attempts,
                            next_attempt_at=self._clock.now() + delay,
                            dead=attempts >= self.max_attempts,
                            last_error=error[:500],
                        )
                    )
        return Delivery(sent, delivered, failed)

    async def pending(self) -> int:
        async with self._db.read() as connection:
            rows = await connection.execute(
                select(webhook_outbox.c.id).where(
                    webhook_outbox.c.delivered_at.is_(None), webhook_outbox.c.dead.is_(False)
                )
            )
            return len(rows.all())

    async def _claim(self, row_id: int, seen_next: float) -> bool:
        async with self._db.write() as connection:
            result = await connection.execute(
                update(webhook_outbox)
                .where(and_(webhook_outbox.c.id == row_id, webhook_outbox.c.next_attempt_at == seen_next))
                .values(next_attempt_at=self._clock.now() + self.claim_for)
            )
            return result.rowcount == 1

    async def _post(self, target: WebhookTarget, body: bytes) -> str | None:
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(target.secret, body, timestamp=int(self._clock.now())),
        }
        client = self._client or httpx.AsyncClient(timeout=10.0)
        try:
            response = await client.post(target.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"
        finally:
            if self._client is None:
                await client.aclose()
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}: {response.text[:200]}"


__all__ = ["Delivery", "WebhookOutbox", "WebhookTarget"]
