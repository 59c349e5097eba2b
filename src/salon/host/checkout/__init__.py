"""The host's side of checkout in the conversation (ACP 2026-04-17, agent side).

client.py       AcpClient: one merchant's checkout API (API-Version, Bearer, Idempotency-Key
                reused on retry, 409 in-flight honoured, errors → MerchantError codes)
merchants.py    MerchantRegistry: which merchant an app's checkout belongs to (`_meta["salon/acp"]`),
                configured by the operator, never by the app
card.py         the host-rendered checkout card, from the merchant's own copy of the session
flow.py         CheckoutFlow: present → confirm (caps, delegated token, complete) / cancel
webhooks.py     OrderWebhooks: signed order_create / order_update, replays refused via the store
orders_tool.py  the built-in `salon__orders` tool ("where is my order?")
commerce.py     HostCommerce: all of it opened and closed with the host
"""

from salon.host.checkout.client import AcpClient
from salon.host.checkout.commerce import HostCommerce
from salon.host.checkout.flow import CheckoutFlow
from salon.host.checkout.merchants import META_KEY, CheckoutPointer, MerchantConfig, MerchantRegistry
from salon.host.checkout.orders_tool import ORDERS_TOOL, OrdersTool
from salon.host.checkout.webhooks import OrderWebhooks

__all__ = [
    "META_KEY",
    "ORDERS_TOOL",
    "AcpClient",
    "CheckoutFlow",
    "CheckoutPointer",
    "HostCommerce",
    "MerchantConfig",
    "MerchantRegistry",
    "OrderWebhooks",
    "OrdersTool",
]
