"""Orders: written once when a checkout completes, then kept current as they ship, arrive or are
refunded, each change reported to the agent as an `order_update` webhook carrying the whole order.

An order is an ACP `Order` document plus the charge that paid for it. Every change runs in one
transaction with its outbox event (`outbox.py`), so the order and what the agent is told never
disagree for long.

Refunds go through the payment provider with the idempotency key `<order id>:refund:<n>` (n counts
the order's refunds), so a refund retried after a crash between the provider's answer and the order
write is recognised by the provider and not paid twice.

The buyer's support and return routes are on every order: `support` (email, hours, help centre) and
`permalink_url` (the order's page); the session's `links` carried the return policy at checkout.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.commerce.acp import (
    Adjustment,
    CheckoutSession,
    EstimatedDelivery,
    Fulfillment,
    FulfillmentEvent,
    LineItemReference,
    Order,
    OrderConfirmation,
    OrderLineItem,
    OrderLineItemQuantity,
    Total,
    amount_of,
)
from salon.commerce.clock import Clock, new_id
from salon.commerce.outbox import WebhookOutbox
from salon.commerce.policy import MerchantPolicy
from salon.commerce.pricing import rfc3339
from salon.commerce.schema import orders
from salon.errors import CheckoutError
from salon.payments import PaymentProvider
from salon.store.engine import Database


def build_order(
    session: CheckoutSession, policy: MerchantPolicy, *, order_id: str, notes: str | None
) -> Order:
    """The order a completed session becomes."""
    number = f"#{order_id.removeprefix('ord_')[:10].upper()}"
    selected = {choice.option_id for choice in session.selected_fulfillment_options or []}
    chosen = [option for option in session.fulfillment_options if option.id in selected]
    estimate = None
    if chosen and getattr(chosen[0], "earliest_delivery_time", None):
        earliest = getattr(chosen[0], "earliest_delivery_time", None)
        latest = getattr(chosen[0], "latest_delivery_time", None) or earliest
        estimate = EstimatedDelivery(earliest=str(earliest), latest=str(latest))
    address = session.fulfillment_details.address if session.fulfillment_details else None
    return Order(
        type="order",
        id=order_id,
        checkout_session_id=session.id,
        order_number=number,
        permalink_url=f"{policy.permalink_base}/{order_id}",
        status="confirmed",
        estimated_delivery=estimate,
        confirmation=OrderConfirmation(
            confirmation_number=number, confirmation_email_sent=False, order_notes=notes
        ),
        support=policy.support,
        line_items=[
            OrderLineItem(
                id=line.id,
                title=line.name or line.item.id,
                product_id=line.product_id,
                image_url=line.images[0] if line.images else None,
                quantity=OrderLineItemQuantity(ordered=line.quantity, current=line.quantity, fulfilled=0),
                unit_price=line.unit_amount,
                subtotal=amount_of(line.totals, "subtotal"),
                totals=line.totals,
                status="pending",
            )
            for line in session.line_items
        ],
        fulfillments=[
            Fulfillment(
                id=f"ful_{order_id.removeprefix('ord_')}",
                type="shipping",
                status="pending",
                line_items=[
                    LineItemReference(id=line.id, quantity=line.quantity) for line in session.line_items
                ],
                destination=address,
                estimated_delivery=estimate,
                events=[],
            )
        ],
        adjustments=[],
        totals=session.totals,
    )


class OrderBook:
    def __init__(
        self,
        database: Database,
        provider: PaymentProvider,
        policy: MerchantPolicy,
        clock: Clock,
        outbox: WebhookOutbox,
    ) -> None:
        self._db = database
        self._provider = provider
        self._policy = policy
        self._clock = clock
        self._outbox = outbox

    async def write_new(self, connection: AsyncConnection, order: Order, *, charge_id: str) -> None:
        """Insert `order` and its `order_create` event inside the caller's transaction."""
        now = self._clock.now()
        await connection.execute(
            orders.insert().values(
                id=order.id,
                checkout_session_id=order.checkout_session_id,
                status=order.status or "confirmed",
                charge_id=charge_id,
                document=json.dumps(order.wire()),
                created_at=now,
                updated_at=now,
            )
        )
        await self._outbox.enqueue(connection, "order_create", order)

    async def get(self, order_id: str) -> Order:
        async with self._db.read() as connection:
            order, _ = await _load(connection, order_id)
        return order

    async def for_session(self, checkout_session_id: str) -> Order | None:
        async with self._db.read() as connection:
            row = (
                await connection.execute(
                    select(orders.c.document).where(orders.c.checkout_session_id == checkout_session_id)
                )
            ).first()
        return None if row is None else Order.model_validate_json(row.document)

    async def ship(
        self, order_id: str, *, carrier: str, tracking_number: str, tracking_url: str | None = None
    ) -> Order:
        def change(order: Order) -> None:
            fulfillment = _fulfillment(order)
            fulfillment.status = "shipped"
            fulfillment.carrier = carrier
            fulfillment.tracking_number = tracking_number
            fulfillment.tracking_url = tracking_url
            self._event(fulfillment, "shipped", f"Handed to {carrier}")
            order.status = "shipped"

        return await self._change(order_id, change)

    async def deliver(self, order_id: str, *, description: str | None = None) -> Order:
        def change(order: Order) -> None:
            fulfillment = _fulfillment(order)
            fulfillment.status = "delivered"
            self._event(fulfillment, "delivered", description)
            for line in order.line_items or []:
                line.quantity.fulfilled = line.quantity.current
                line.status = "fulfilled"
            order.status = "delivered"

        return await self._change(order_id, change)

    async def refund(self, order_id: str, *, amount: int | None = None, reason: str | None = None) -> Order:
        """Refund `amount` (all that is left when None) through the provider, then record it."""
        async with self._db.read() as connection:
            order, charge_id = await _load(connection, order_id)
        refunds = [adjustment for adjustment in order.adjustments or [] if adjustment.type == "refund"]
        paid = amount_of(order.totals or [], "total")
        left = paid - sum(adjustment.amount or 0 for adjustment in refunds)
        wanted = left if amount is None else amount
        if wanted <= 0 or wanted > left:
            raise CheckoutError(
                f"Order {order_id} has {left} left to refund; {wanted} cannot be refunded.",
                code="invalid_refund_amount",
                param="$.amount",
            )
        refund = await self._provider.refund(
            charge_id, amount=wanted, idempotency_key=f"{order_id}:refund:{len(refunds) + 1}"
        )

        def change(order: Order) -> None:
            adjustments = order.adjustments if order.adjustments is not None else []
            if any(adjustment.id == refund.id for adjustment in adjustments):
                return
            adjustments.append(
                Adjustment(
                    id=refund.id,
                    type="refund",
                    occurred_at=rfc3339(self._clock.now()),
                    status="completed",
                    amount=refund.amount,
                    currency=refund.currency,
                    reason=reason,
                )
            )
            order.adjustments = adjustments
            refunded = sum(
                adjustment.amount or 0 for adjustment in adjustments if adjustment.type == "refund"
            )
            totals = [total for total in order.totals or [] if total.type != "amount_refunded"]
            totals.append(Total(type="amount_refunded", display_text="Refunded", amount=refunded))
            order.totals = totals
            if refunded >= paid:
                order.status = "refunded"

        return await self._change(order_id, change)

    async def _change(self, order_id: str, change: Callable[[Order], None]) -> Order:
        async with self._db.write() as connection:
            order, _ = await _load(connection, order_id, lock=True)
            change(order)
            await connection.execute(
                update(orders)
                .where(orders.c.id == order_id)
                .values(
                    status=order.status or "confirmed",
                    document=json.dumps(order.wire()),
                    updated_at=self._clock.now(),
                )
            )
            await self._outbox.enqueue(connection, "order_update", order)
        return order

    def _event(self, fulfillment: Fulfillment, kind: str, description: str | None) -> None:
        events = fulfillment.events if fulfillment.events is not None else []
        events.append(
            FulfillmentEvent(
                id=new_id("evt"), type=kind, occurred_at=rfc3339(self._clock.now()), description=description
            )
        )
        fulfillment.events = events


def _fulfillment(order: Order) -> Fulfillment:
    if not order.fulfillments:
        raise CheckoutError(f"Order {order.id} has nothing to ship.", code="invalid_order_state")
    return order.fulfillments[0]


async def _load(connection: AsyncConnection, order_id: str, *, lock: bool = False) -> tuple[Order, str]:
    query = select(orders.c.document, orders.c.charge_id).where(orders.c.id == order_id)
    if lock:
        query = query.with_for_update()
    row = (await connection.execute(query)).first()
    if row is None:
        raise CheckoutError(f"No order has the id {order_id!r}.", code="not_found", status=404)
    return Order.model_validate_json(row.document), str(row.charge_id)


__all__ = ["OrderBook", "build_order"]
