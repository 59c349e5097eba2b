"""Pydantic wire models of the Agentic Commerce Protocol 2026-04-17, one module per protocol area.

    _base.py        AcpModel (closed objects, snake_case wire, no nulls), the protocol version
    totals.py       Total rows
    items.py        Item (request, with the quantity upstream forgot), LineItem
    fulfillment.py  Address, fulfillment details / options / selection
    messages.py     info / warning / error messages, links
    payment.py      capabilities, payment handlers, payment_data
    checkout.py     CheckoutSession and its create / update / complete / cancel requests
    order.py        Order, fulfillments, adjustments, the webhook event
    errors.py       the protocol-level Error body
    feed.py         the product feed: products, variants, prices

The models are held against the upstream JSON Schemas (`tests/commerce/test_acp_models.py`).
"""

from salon.commerce.acp._base import PROTOCOL_VERSION, SUPPORTED_VERSIONS, AcpModel
from salon.commerce.acp.checkout import (
    FINAL_STATUSES,
    Buyer,
    CancelSessionRequest,
    CheckoutSession,
    CheckoutSessionCompleteRequest,
    CheckoutSessionCreateRequest,
    CheckoutSessionUpdateRequest,
    IntentTrace,
    MarketingConsent,
    MarketingConsentOption,
    ProtocolVersion,
    SessionStatus,
)
from salon.commerce.acp.errors import Error, ErrorType
from salon.commerce.acp.feed import Price, Product, ProductsResponse, Variant
from salon.commerce.acp.fulfillment import (
    Address,
    EstimatedDelivery,
    FulfillmentDetails,
    FulfillmentOption,
    FulfillmentOptionDigital,
    FulfillmentOptionShipping,
    SelectedFulfillmentOption,
)
from salon.commerce.acp.items import Item, LineItem, RequestItem
from salon.commerce.acp.messages import Link, Message, MessageError, MessageInfo, MessageWarning
from salon.commerce.acp.order import (
    Adjustment,
    Fulfillment,
    FulfillmentEvent,
    LineItemReference,
    Order,
    OrderConfirmation,
    OrderLineItem,
    OrderLineItemQuantity,
    SupportInfo,
    WebhookEvent,
)
from salon.commerce.acp.payment import (
    Capabilities,
    InterventionCapabilities,
    Payment,
    PaymentData,
    PaymentHandler,
)
from salon.commerce.acp.totals import Total, amount_of

__all__ = [
    "FINAL_STATUSES",
    "PROTOCOL_VERSION",
    "SUPPORTED_VERSIONS",
    "AcpModel",
    "Address",
    "Adjustment",
    "Buyer",
    "CancelSessionRequest",
    "Capabilities",
    "CheckoutSession",
    "CheckoutSessionCompleteRequest",
    "CheckoutSessionCreateRequest",
    "CheckoutSessionUpdateRequest",
    "Error",
    "ErrorType",
    "EstimatedDelivery",
    "Fulfillment",
    "FulfillmentDetails",
    "FulfillmentEvent",
    "FulfillmentOption",
    "FulfillmentOptionDigital",
    "FulfillmentOptionShipping",
    "IntentTrace",
    "InterventionCapabilities",
    "Item",
    "LineItem",
    "LineItemReference",
    "Link",
    "MarketingConsent",
    "MarketingConsentOption",
    "Message",
    "MessageError",
    "MessageInfo",
    "MessageWarning",
    "Order",
    "OrderConfirmation",
    "OrderLineItem",
    "OrderLineItemQuantity",
    "Payment",
    "PaymentData",
    "PaymentHandler",
    "Price",
    "Product",
    "ProductsResponse",
    "ProtocolVersion",
    "RequestItem",
    "SelectedFulfillmentOption",
    "SessionStatus",
    "SupportInfo",
    "Total",
    "Variant",
    "WebhookEvent",
    "amount_of",
]
