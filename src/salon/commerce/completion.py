"""Completing a checkout: charge the delegated token exactly once, then write the order.

The money moves at a third party (the payment provider) and the order lives here, so no single
transaction covers both. Exactly-once comes from three rules instead:

1. **Intent before charge.** In one transaction, the session moves `ready_for_payment →
   complete_in_progress` and a payment attempt row is written with the idempotency key the provider
   will see, `<session id>:attempt:<n>`, and a lease. Only then is the provider called. Two concurrent
   completes serialise on the session row: the second finds `complete_in_progress` with a live lease
   and is told 409 (`checkout_in_progress`, with Retry-After).
2. **Reconcile with the same key.** If the worker dies, or the provider's answer is lost, between the
   charge and the order write, the session stays `complete_in_progress` with a pending attempt. The
   next complete after the lease has run out (any worker, after any restart) calls `charge` again with
   the attempt's stored token, amount and key; the provider answers the charge it already made instead
   of making another, and the order is written then. A provider error that is not an answer
   (unreachable, timeout) releases the lease at once and answers 503, so an immediate retry reconciles.
3. **Order, attempt and session change together.** On success one transaction inserts the order
   (unique per session), its `order_create` outbox event, marks the attempt succeeded and the session
   `completed`. There is no state in which the order exists without the session saying so.

A new attempt number (a new provider key) is used only after the previous attempt was *recorded as
failed* (declined, token refused, authentication denied), i.e. when no money moved. 3-D Secure keeps
the attempt open (`authentication_required`); once the person has authenticated at the provider, the
next complete charges with the same key, which answers the now-succeeded charge.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.commerce import sessions
from salon.commerce.acp import (
    CheckoutSession,
    CheckoutSessionCompleteRequest,
    Message,
    MessageError,
    amount_of,
)
from salon.commerce.catalog import FeedCatalog
from salon.commerce.clock import Clock, new_id
from salon.commerce.orders import OrderBook, build_order
from salon.commerce.policy import MerchantPolicy
from salon.commerce.pricing import price
from salon.commerce.schema import payment_attempts
from salon.errors import (
    CheckoutError,
    DelegatedTokenInvalid,
    PaymentDeclined,
    PaymentError,
    PaymentRequiresAction,
)
from salon.payments import PaymentProvider
from salon.store.engine import Database

logger = logging.getLogger(__name__)

_DENIED_AUTHENTICATION = {"abandoned", "canceled", "denied", "rejected", "internal_error", "processing_error"}


@dataclass(frozen=True)
class Attempt:
    id: str
    session_id: str
    idempotency_key: str
    token: str
    amount: int
    currency: str


class Completion:
    def __init__(
        self,
        database: Database,
        provider: PaymentProvider,
        policy: MerchantPolicy,
        catalog: FeedCatalog,
        clock: Clock,
        orders: OrderBook,
        *,
        lease: float = 60.0,
    ) -> None:
        self._db = database
        self._provider = provider
        self._policy = policy
        self._catalog = catalog
        self._clock = clock
        self._orders = orders
        self.lease = lease

    async def complete(self, session_id: str, request: CheckoutSessionCompleteRequest) -> CheckoutSession:
        started = await self._start(session_id, request)
        if isinstance(started, CheckoutSession):
            return started
        return await self._charge(started)

    async def _start(
        self, session_id: str, request: CheckoutSessionCompleteRequest
    ) -> Attempt | CheckoutSession:
        now = self._clock.now()
        async with self._db.write() as connection:
            record = await sessions.load(connection, session_id, lock=True)
            status = record.status
            if status == "completed":
                return record.session
            if status in {"complete_in_progress", "authentication_required"}:
                attempt_row = await _open_attempt(connection, session_id)
                if attempt_row is None:
                    raise CheckoutError(
                        f"Checkout session {session_id} is {status} without a payment attempt.",
                        code="invalid_state",
                        status=500,
                        error_type="processing_error",
                    )
                outcome = (request.authentication_result or {}).get("outcome")
                if status == "authentication_required" and outcome in _DENIED_AUTHENTICATION:
                    await _close_attempt(
                        connection, attempt_row.id, "failed", failure="authentication", now=now
                    )
                    record.session = self._reprice(
                        record, now, "The bank's authentication was not completed."
                    )
                    await sessions.save(connection, record, now=now)
                    return record.session
                if attempt_row.state == "pending" and attempt_row.lease_until > now:
                    raise CheckoutError(
                        "This checkout is being completed by another request; retry shortly.",
                        code="checkout_in_progress",
                        status=409,
                        retry_after=max(1, math.ceil(attempt_row.lease_until - now)),
                    )
                await connection.execute(
                    update(payment_attempts)
                    .where(payment_attempts.c.id == attempt_row.id)
                    .values(lease_until=now + self.lease, updated_at=now)
                )
                return _attempt(attempt_row)
            if status != "ready_for_payment":
                problems = "; ".join(
                    message.content
                    for message in record.session.messages
                    if isinstance(message, MessageError)
                )
                raise CheckoutError(
                    f"Checkout session {session_id} is {status}, not ready_for_payment"
                    + (f": {problems}" if problems else "."),
                    code="checkout_session_not_ready" if status not in {"canceled", "expired"} else status,
                    status=405 if status in {"canceled", "expired"} else 400,
                )
            token = self._token(request)
            if request.buyer is not None:
                record.cart.buyer = request.buyer
            if request.order_notes is not None:
                record.cart.order_notes = request.order_notes
            number = 1 + int(
                (
                    await connection.execute(
                        select(func.count()).where(payment_attempts.c.checkout_session_id == session_id)
                    )
                ).scalar_one()
            )
            attempt = Attempt(
                id=new_id("pa"),
                session_id=session_id,
                idempotency_key=f"{session_id}:attempt:{number}",
                token=token,
                amount=amount_of(record.session.totals, "total"),
                currency=record.session.currency,
            )
            await connection.execute(
                payment_attempts.insert().values(
                    id=attempt.id,
                    checkout_session_id=session_id,
                    number=number,
                    idempotency_key=attempt.idempotency_key,
                    token=attempt.token,
                    amount=attempt.amount,
                    currency=attempt.currency,
                    state="pending",
                    lease_until=now + self.lease,
                    created_at=now,
                    updated_at=now,
                )
            )
            record.session = record.session.model_copy(
                update={"status": "complete_in_progress", "buyer": record.cart.buyer}
            )
            await sessions.save(connection, record, now=now)
            return attempt

    async def _charge(self, attempt: Attempt) -> CheckoutSession:
        try:
            charge = await self._provider.charge(
                token=attempt.token,
                amount=attempt.amount,
                currency=attempt.currency,
                merchant_id=self._policy.merchant_id,
                checkout_session_id=attempt.session_id,
                idempotency_key=attempt.idempotency_key,
            )
        except PaymentRequiresAction as exc:
            return await self._needs_authentication(attempt, exc.charge_id)
        except PaymentDeclined as exc:
            return await self._failed(attempt, exc.code, "payment_declined", exc.message, None)
        except DelegatedTokenInvalid as exc:
            return await self._failed(
                attempt, f"token_{exc.reason}", "invalid", exc.message, "$.payment_data.instrument.credential"
            )
        except PaymentError as exc:
            # An outage is not a decline: the charge may or may not have happened, and a retry with the
            # same idempotency key finds out without charging twice.
            if exc.code != "provider_unavailable":
                return await self._failed(attempt, exc.code, "payment_declined", exc.message, None)
            unanswered: Exception = exc
        except Exception as exc:
            unanswered = exc
        else:
            return await self._succeeded(attempt, charge.id)
        logger.warning("payment provider gave no answer for %s: %r", attempt.idempotency_key, unanswered)
        await self._release(attempt)
        raise CheckoutError(
            "The payment provider did not answer; nothing more will be charged by retrying. Retry the "
            "complete request.",
            code="payment_provider_unavailable",
            status=503,
            error_type="service_unavailable",
            retry_after=1,
        ) from unanswered

    async def _succeeded(self, attempt: Attempt, charge_id: str) -> CheckoutSession:
        now = self._clock.now()
        async with self._db.write() as connection:
            record = await sessions.load(connection, attempt.session_id, lock=True)
            if record.status == "completed":
                return record.session
            order = build_order(
                record.session, self._policy, order_id=new_id("ord"), notes=record.cart.order_notes
            )
            await self._orders.write_new(connection, order, charge_id=charge_id)
            await _close_attempt(connection, attempt.id, "succeeded", charge_id=charge_id, now=now)
            record.session = record.session.model_copy(
                update={"status": "completed", "order": order, "messages": []}
            )
            await sessions.save(connection, record, now=now)
            return record.session

    async def _needs_authentication(self, attempt: Attempt, charge_id: str) -> CheckoutSession:
        now = self._clock.now()
        async with self._db.write() as connection:
            record = await sessions.load(connection, attempt.session_id, lock=True)
            await _close_attempt(connection, attempt.id, "requires_action", charge_id=charge_id, now=now)
            message = MessageError(
                code="requires_3ds",
                param="$.authentication_result",
                resolution="requires_buyer_input",
                content=(
                    "The bank asks the buyer to authenticate this payment (3-D Secure); then complete again."
                ),
            )
            record.session = record.session.model_copy(
                update={"status": "authentication_required", "messages": [message]}
            )
            await sessions.save(connection, record, now=now)
            return record.session

    async def _failed(
        self, attempt: Attempt, failure: str, code: str, content: str, param: str | None
    ) -> CheckoutSession:
        now = self._clock.now()
        async with self._db.write() as connection:
            record = await sessions.load(connection, attempt.session_id, lock=True)
            await _close_attempt(connection, attempt.id, "failed", failure=failure[:64], now=now)
            record.session = self._reprice(record, now, content, code=code, param=param)
            await sessions.save(connection, record, now=now)
            return record.session

    async def _release(self, attempt: Attempt) -> None:
        now = self._clock.now()
        async with self._db.write() as connection:
            await connection.execute(
                update(payment_attempts)
                .where(payment_attempts.c.id == attempt.id)
                .values(lease_until=now, updated_at=now)
            )

    def _reprice(
        self,
        record: sessions.SessionRecord,
        now: float,
        content: str,
        *,
        code: str = "payment_declined",
        param: str | None = None,
    ) -> CheckoutSession:
        message: Message = MessageError(
            code=code,
            param=param,
            resolution="requires_buyer_input",
            content=content,
        )
        return price(
            record.cart,
            session_id=record.id,
            catalog=self._catalog,
            policy=self._policy,
            psp=self._provider.name,
            now=now,
            extra_messages=[message],
        )

    def _token(self, request: CheckoutSessionCompleteRequest) -> str:
        data = request.payment_data
        if data.handler_id != self._policy.handler_id or data.instrument is None:
            raise CheckoutError(
                f"This merchant takes payment through the handler {self._policy.handler_id!r} with a "
                "delegated token; purchase orders and other handlers are not accepted.",
                code="invalid_payment_handler",
                param="$.payment_data.handler_id",
            )
        return data.instrument.credential.token


async def _open_attempt(connection: AsyncConnection, session_id: str) -> Any:
    return (
        await connection.execute(
            select(payment_attempts)
            .where(
                payment_attempts.c.checkout_session_id == session_id,
                payment_attempts.c.state.in_(("pending", "requires_action")),
            )
            .order_by(payment_attempts.c.number.desc())
        )
    ).first()


async def _close_attempt(
    connection: AsyncConnection,
    attempt_id: str,
    state: str,
    *,
    now: float,
    charge_id: str | None = None,
    failure: str | None = None,
) -> None:
    values: dict[str, object] = {"state": state, "updated_at": now, "lease_until": now}
    if charge_id is not None:
        values["charge_id"] = charge_id
    if failure is not None:
        values["failure"] = failure
    await connection.execute(
        update(payment_attempts).where(payment_attempts.c.id == attempt_id).values(**values)
    )


def _attempt(row: Any) -> Attempt:
    return Attempt(
        id=row.id,
        session_id=row.checkout_session_id,
        idempotency_key=row.idempotency_key,
        token=row.token,
        amount=int(row.amount),
        currency=row.currency,
    )


__all__ = ["Attempt", "Completion"]
