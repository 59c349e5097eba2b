"""The checkout session and the four requests that change it (create, update, complete, cancel).

Status machine (2026-04-17 lists eleven values; this merchant uses these):

    not_ready_for_payment ──(address + a fulfillment option + all in stock)──▶ ready_for_payment
    ready_for_payment ──update that loses one of those──▶ not_ready_for_payment
    ready_for_payment ──complete──▶ complete_in_progress ──charge + order──▶ completed
                                        │  declined / token refused ──▶ ready_for_payment (+ message)
                                        └  3-D Secure needed ──▶ authentication_required ──complete──▶ …
    any state but completed/canceled ──cancel──▶ canceled

`completed` and `canceled` are final: update, complete and cancel on them are refused (405 for cancel, as
the spec says; 405 for the others too, for the same reason).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from salon.commerce.acp._base import AcpModel, OpenAcpModel
from salon.commerce.acp.fulfillment import (
    FulfillmentDetails,
    FulfillmentGroup,
    FulfillmentOption,
    SelectedFulfillmentOption,
)
from salon.commerce.acp.items import LineItem, RequestItem
from salon.commerce.acp.messages import Link, Message
from salon.commerce.acp.order import Order
from salon.commerce.acp.payment import Capabilities, PaymentData
from salon.commerce.acp.totals import Total

SessionStatus = Literal[
    "incomplete",
    "not_ready_for_payment",
    "requires_escalation",
    "authentication_required",
    "ready_for_payment",
    "pending_approval",
    "complete_in_progress",
    "completed",
    "canceled",
    "in_progress",
    "expired",
]
FINAL_STATUSES: frozenset[str] = frozenset({"completed", "canceled"})


class ProtocolVersion(AcpModel):
    version: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class Buyer(AcpModel):
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    email: str
    phone_number: str | None = None
    customer_id: str | None = None
    account_type: Literal["guest", "registered", "business"] | None = None
    authentication_status: Literal["authenticated", "guest", "requires_signin"] | None = None
    company: dict[str, Any] | None = None
    loyalty: dict[str, Any] | None = None
    tax_exemption: dict[str, Any] | None = None


class MarketingConsentOption(AcpModel):
    channel: str
    display_text: str
    privacy_policy_url: str
    is_subscribed: bool | None = None


class MarketingConsent(AcpModel):
    channel: str
    opted_in: bool


class IntentTrace(OpenAcpModel):
    # The reason enum is extensible ("servers SHOULD accept unrecognized values"), so any string.
    reason_code: str
    trace_summary: str | None = Field(default=None, max_length=500)
    metadata: dict[str, str | int | float | bool] | None = None


class CheckoutSession(AcpModel):
    id: str
    protocol: ProtocolVersion | None = None
    capabilities: Capabilities
    buyer: Buyer | None = None
    status: SessionStatus
    currency: str
    presentment_currency: str | None = None
    exchange_rate: float | None = None
    exchange_rate_timestamp: str | None = None
    locale: str | None = None
    timezone: str | None = None
    line_items: list[LineItem]
    fulfillment_details: FulfillmentDetails | None = None
    fulfillment_options: list[FulfillmentOption]
    selected_fulfillment_options: list[SelectedFulfillmentOption] | None = None
    fulfillment_groups: list[FulfillmentGroup] | None = None
    totals: list[Total]
    messages: list[Message]
    links: list[Link]
    authentication_metadata: dict[str, Any] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    expires_at: str | None = None
    continue_url: str | None = None
    metadata: dict[str, Any] | None = None
    quote_id: str | None = None
    quote_expires_at: str | None = None
    discounts: dict[str, Any] | None = None
    marketing_consent_options: list[MarketingConsentOption] | None = None
    order: Order | None = None


class CheckoutSessionCreateRequest(AcpModel):
    buyer: Buyer | None = None
    line_items: list[RequestItem] = Field(min_length=1)
    currency: str
    fulfillment_details: FulfillmentDetails | None = None
    capabilities: Capabilities
    fulfillment_groups: list[FulfillmentGroup] | None = None
    affiliate_attribution: dict[str, Any] | None = None
    coupons: list[str] | None = None
    discounts: dict[str, Any] | None = None
    locale: str | None = None
    timezone: str | None = None
    quote_id: str | None = None
    metadata: dict[str, Any] | None = None
    order_notes: str | None = Field(default=None, max_length=5000)


class CheckoutSessionUpdateRequest(AcpModel):
    buyer: Buyer | None = None
    line_items: list[RequestItem] | None = None
    fulfillment_details: FulfillmentDetails | None = None
    fulfillment_groups: list[FulfillmentGroup] | None = None
    selected_fulfillment_options: list[SelectedFulfillmentOption] | None = None
    coupons: list[str] | None = None
    discounts: dict[str, Any] | None = None
    order_notes: str | None = Field(default=None, max_length=5000)


class CheckoutSessionCompleteRequest(AcpModel):
    buyer: Buyer | None = None
    payment_data: PaymentData
    authentication_result: dict[str, Any] | None = None
    affiliate_attribution: dict[str, Any] | None = None
    risk_signals: dict[str, Any] | None = None
    marketing_consents: list[MarketingConsent] | None = None
    order_notes: str | None = Field(default=None, max_length=5000)


class CancelSessionRequest(OpenAcpModel):
    intent_trace: IntentTrace | None = None


__all__ = [
    "FINAL_STATUSES",
    "Buyer",
    "CancelSessionRequest",
    "CheckoutSession",
    "CheckoutSessionCompleteRequest",
    "CheckoutSessionCreateRequest",
    "CheckoutSessionUpdateRequest",
    "IntentTrace",
    "MarketingConsent",
    "MarketingConsentOption",
    "ProtocolVersion",
    "SessionStatus",
]
