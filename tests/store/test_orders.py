"""The host's checkouts and orders (`store.orders`), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from salon.store import Store

CARD: dict[str, Any] = {"items": [{"name": "Aero 40 Carry-On", "quantity": 1}], "total": 21376}
T0 = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def order(status: str) -> dict[str, Any]:
    return {
        "id": "ord_1",
        "checkout_session_id": "cs_1",
        "permalink_url": "https://shop.example/orders/ord_1",
        "status": status,
    }


async def presented(store: Store) -> str:
    record = await store.orders.present(
        app="shop", merchant="shop", session_id="cs_1", amount=21376, currency="usd", card=CARD
    )
    return record.id


async def test_of_two_claims_at_once_exactly_one_gets_the_checkout(store: Store) -> None:
    checkout_id = await presented(store)

    claims = await asyncio.gather(*(store.orders.claim(checkout_id, lease_s=60) for _ in range(4)))

    winners = [claim for claim in claims if claim is not None]
    assert len(winners) == 1
    assert winners[0].status == "confirming"
    assert winners[0].attempt == 1


async def test_a_claim_left_by_a_dead_confirm_is_taken_over_only_after_the_lease(store: Store) -> None:
    checkout_id = await presented(store)
    assert await store.orders.claim(checkout_id, lease_s=60) is not None

    assert await store.orders.claim(checkout_id, lease_s=60) is None
    taken = await store.orders.claim(checkout_id, lease_s=0)

    assert taken is not None
    assert taken.attempt == 2


async def test_presenting_again_refreshes_an_open_checkout_but_never_a_final_one(store: Store) -> None:
    checkout_id = await presented(store)
    again = await store.orders.present(
        app="shop", merchant="shop", session_id="cs_1", amount=42000, currency="usd", card=CARD
    )
    assert (again.id, again.amount) == (checkout_id, 42000)

    await store.orders.finish(checkout_id, "completed", order_id="ord_1")
    await store.orders.finish(checkout_id, "presented")
    after = await store.orders.present(
        app="shop", merchant="shop", session_id="cs_1", amount=1, currency="usd", card=CARD
    )
    assert (after.status, after.amount, after.order_id) == ("completed", 42000, "ord_1")


async def test_a_webhook_signature_is_accepted_once(store: Store) -> None:
    first = await store.orders.record_webhook(
        "shop", order("shipped"), signature="a" * 64, type="order_update", signed_at=T0
    )
    replay = await store.orders.record_webhook(
        "shop", order("delivered"), signature="a" * 64, type="order_update", signed_at=T0
    )

    assert first is not None
    assert replay is None
    assert (await store.orders.get_order("shop", "ord_1")).status == "shipped"
    assert await store.orders.event_count("shop", "ord_1") == 1


async def test_newer_states_win_and_older_ones_never_roll_an_order_back(store: Store) -> None:
    await store.orders.put_order("shop", order("confirmed"))
    await store.orders.record_webhook(
        "shop", order("confirmed"), signature="1" * 64, type="order_create", signed_at=T0
    )
    await store.orders.record_webhook(
        "shop", order("shipped"), signature="2" * 64, type="order_update", signed_at=T0
    )
    await store.orders.record_webhook(
        "shop",
        order("confirmed"),
        signature="3" * 64,
        type="order_create",
        signed_at=T0 - timedelta(minutes=1),
    )
    await store.orders.put_order("shop", order("confirmed"))

    stored = await store.orders.get_order("shop", "ord_1")
    assert stored.status == "shipped"
    assert stored.signed_at == T0
    assert [o.order_id for o in await store.orders.list_orders()] == ["ord_1"]
