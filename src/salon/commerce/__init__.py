"""The merchant side of the Agentic Commerce Protocol (2026-04-17): a kit an app's backend uses to be
a merchant that agents check out with.

    acp/            the wire models, one module per protocol area
    catalog.py      offers from the merchant's ACP product feed
    policy.py       who the merchant is, how it ships and taxes
    pricing.py      cart → priced checkout session, and its status
    merchant.py     `Merchant`: create / update / get / complete / cancel over its own database
    completion.py   complete: charge the delegated token exactly once, then write the order
    orders.py       orders after checkout: ship, deliver, refund (each an `order_update` webhook)
    outbox.py       webhook delivery from an outbox table, with retries and backoff
    webhooks.py     `Merchant-Signature` signing, and `WebhookVerifier` for receivers
    idempotency.py  `Idempotency-Key` semantics, stored in the merchant's database
    schema.py       the merchant's tables; migrate.py creates and evolves them
    server.py       `create_merchant_app`: the ACP REST API as an ASGI app

The payment provider is injected (`salon.payments.PaymentProvider`); the kit only charges and
refunds through it.
"""

from salon.commerce.catalog import FeedCatalog, Offer
from salon.commerce.clock import Clock, ManualClock
from salon.commerce.merchant import DEFAULT_URL, Merchant
from salon.commerce.outbox import Delivery, WebhookOutbox, WebhookTarget
from salon.commerce.policy import MerchantPolicy, ShippingRate, TaxTable
from salon.commerce.server import create_merchant_app
from salon.commerce.webhooks import SIGNATURE_HEADER, WebhookVerifier, sign, verify

__all__ = [
    "DEFAULT_URL",
    "SIGNATURE_HEADER",
    "Clock",
    "Delivery",
    "FeedCatalog",
    "ManualClock",
    "Merchant",
    "MerchantPolicy",
    "Offer",
    "ShippingRate",
    "TaxTable",
    "WebhookOutbox",
    "WebhookTarget",
    "WebhookVerifier",
    "create_merchant_app",
    "sign",
    "verify",
]
