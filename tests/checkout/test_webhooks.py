"""The host's order webhook receiver: signed with the merchant's secret, fresh, once."""

from __future__ import annotations

import json
from typing import Any

import pytest

from salon.commerce import sign
from salon.errors import MerchantError, NotFoundError, WebhookSignatureError
from salon.host.checkout import MerchantRegistry, OrderWebhooks
from salon.store import Store
from tests.checkout.conftest import WEBHOOK_SECRET, merchant_config

NOW = 1_790_000_000


def body(status: str, event: str = "order_update") -> bytes:
    order: dict[str, Any] = {
        "type": "order",
        "id": "ord_1",
        "checkout_session_id": "cs_1",
        "permalink_url": "https://shop.example/orders/ord_1",
        "status": status,
    }
    return json.dumps({"type": event, "data": order}).encode()


@pytest.fixture
def receiver(store: Store) -> OrderWebhooks:
    return OrderWebhooks(store, MerchantRegistry([merchant_config()]), now=lambda: float(NOW))


async def test_a_signed_update_is_stored(receiver: OrderWebhooks, store: Store) -> None:
    created = body("confirmed", "order_create")
    await receiver.receive("shop", sign(WEBHOOK_SECRET, created, timestamp=NOW - 10), created)
    shipped = body("shipped")
    stored = await receiver.receive("shop", sign(WEBHOOK_SECRET, shipped, timestamp=NOW - 5), shipped)

    assert stored.status == "shipped"
    assert (await store.orders.get_order("shop", "ord_1")).data["status"] == "shipped"


async def test_a_replayed_webhook_is_refused_and_changes_nothing(
    receiver: OrderWebhooks, store: Store
) -> None:
    shipped = body("shipped")
    header = sign(WEBHOOK_SECRET, shipped, timestamp=NOW - 5)
    await receiver.receive("shop", header, shipped)

    with pytest.raises(WebhookSignatureError) as refused:
        await receiver.receive("shop", header, shipped)

    assert refused.value.reason == "replayed"
    assert await store.orders.event_count("shop", "ord_1") == 1


async def test_a_forged_webhook_is_refused(receiver: OrderWebhooks, store: Store) -> None:
    delivered = body("delivered")
    with pytest.raises(WebhookSignatureError) as refused:
        await receiver.receive("shop", sign("not-the-secret", delivered, timestamp=NOW), delivered)
    assert refused.value.reason == "forged"

    honest = body("shipped")
    header = sign(WEBHOOK_SECRET, honest, timestamp=NOW)
    with pytest.raises(WebhookSignatureError) as tampered:
        await receiver.receive("shop", header, delivered)
    assert tampered.value.reason == "forged"
    with pytest.raises(NotFoundError):
        await store.orders.get_order("shop", "ord_1")


async def test_a_stale_webhook_is_refused(receiver: OrderWebhooks) -> None:
    shipped = body("shipped")
    with pytest.raises(WebhookSignatureError) as refused:
        await receiver.receive("shop", sign(WEBHOOK_SECRET, shipped, timestamp=NOW - 301), shipped)
    assert refused.value.reason == "stale"


async def test_a_late_redelivery_of_an_older_state_does_not_roll_the_order_back(
    receiver: OrderWebhooks, store: Store
) -> None:
    delivered = body("delivered")
    await receiver.receive("shop", sign(WEBHOOK_SECRET, delivered, timestamp=NOW - 5), delivered)
    created = body("confirmed", "order_create")
    await receiver.receive("shop", sign(WEBHOOK_SECRET, created, timestamp=NOW - 60), created)

    assert (await store.orders.get_order("shop", "ord_1")).status == "delivered"


async def test_an_unknown_merchant_or_a_body_that_is_no_order_event_is_refused(
    receiver: OrderWebhooks,
) -> None:
    shipped = body("shipped")
    with pytest.raises(MerchantError) as unknown:
        await receiver.receive("elsewhere", sign(WEBHOOK_SECRET, shipped, timestamp=NOW), shipped)
    assert unknown.value.code == "unknown_merchant"
    junk = b'{"type": "order_update", "data": {"id": 3}}'
    with pytest.raises(MerchantError) as bad:
        await receiver.receive("shop", sign(WEBHOOK_SECRET, junk, timestamp=NOW), junk)
    assert bad.value.code == "merchant_protocol"
