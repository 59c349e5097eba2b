"""The order a completed checkout becomes, its later life (fulfillments, adjustments), and the
`order_create` / `order_update` webhook event that carries it whole.

Status, fulfillment event and adjustment types are open strings in the schema ("implementations MUST
accept unrecognized values gracefully"), so they are `str` here; `ORDER_STATUSES` names the ones this
kit writes.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from salon.commerce.acp._base import AcpModel
from salon.commerce.acp.fulfillment import Address, EstimatedDelivery
from salon.commerce.acp.totals import Total

ORDER_STATUSES = ("created", "confirmed", "processing", "shipped", "delivered", "canceled", "refunded")


class OrderConfirmation(AcpModel):
    confirmation_number: str | None = None
    confirmation_email_sent: bool | None = None
    receipt_url: str | None = None
    invoice_number: str | None = None
    order_notes: str | None = None


class SupportInfo(AcpModel):
    email: str | None = None
    phone: str | None = None
    hours: str | None = None
    help_center_url: str | None = None


class OrderLineItemQuantity(AcpModel):
    ordered: int = Field(ge=1)
    current: int = Field(ge=0)
    fulfilled: int | None = Field(default=None, ge=0)


class OrderLineItem(AcpModel):
    id: str
    title: str
    description: str | None = None
    product_id: str | None = None
    image_url: str | None = None
    url: str | None = None
    quantity: OrderLineItemQuantity
    unit_price: int | None = None
    subtotal: int | None = None
    totals: list[Total] | None = None
    status: str | None = None


class LineItemReference(AcpModel):
    id: str
    quantity: int = Field(ge=1)


class FulfillmentEvent(AcpModel):
    id: str
    type: str
    occurred_at: str
    description: str | None = None
    location: str | None = None


class Fulfillment(AcpModel):
    id: str
    type: Literal["shipping", "pickup", "digital"]
    status: str | None = None
    description: str | None = None
    line_items: list[LineItemReference] | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    destination: Address | None = None
    estimated_delivery: EstimatedDelivery | None = None
    digital_delivery: dict[str, Any] | None = None
    events: list[FulfillmentEvent] | None = None


class Adjustment(AcpModel):
    id: str
    type: str
    occurred_at: str
    status: str
    line_items: list[LineItemReference] | None = None
    amount: int | None = None
    currency: str | None = Field(default=None, pattern=r"^[a-z]{3}$")
    description: str | None = None
    reason: str | None = None


class Order(AcpModel):
    type: Literal["order"] | None = None
    id: str
    checkout_session_id: str
    order_number: str | None = None
    client_reference_id: str | None = None
    permalink_url: str
    status: str | None = None
    estimated_delivery: EstimatedDelivery | None = None
    confirmation: OrderConfirmation | None = None
    support: SupportInfo | None = None
    line_items: list[OrderLineItem] | None = None
    fulfillments: list[Fulfillment] | None = None
    adjustments: list[Adjustment] | None = None
    totals: list[Total] | None = None


class WebhookEvent(AcpModel):
    """The body of a webhook POST: `type` is `order_create` or `order_update`, `data` the whole order."""

    type: str
    data: Order


__all__ = [
    "ORDER_STATUSES",
    "Adjustment",
    "Fulfillment",
    "FulfillmentEvent",
    "LineItemReference",
    "Order",
    "OrderConfirmation",
    "OrderLineItem",
    "OrderLineItemQuantity",
    "SupportInfo",
    "WebhookEvent",
]
