"""Faults between the host and the merchant, each ending with exactly one charge or none (read from
the payment provider's own database) and the person told what happened."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from salon.commerce import Merchant, create_merchant_app
from salon.commerce.acp import CheckoutSessionCompleteRequest
from salon.host import events
from salon.host.checkout import AcpClient
from salon.payments import Charge, LocalTestProvider, Wallet
from salon.payments.wallet import PERSON
from salon.store import Store
from tests.checkout.conftest import (
    API_KEY,
    BASE_URL,
    MERCHANT_ID,
    POLICY,
    FlowFactory,
    Shop,
    catalog,
    meta,
)
from tests.checkout.faults import FaultyTransport, HostKilled, completes


async def shown(make_flow: FlowFactory, shop: Shop, store: Store) -> tuple[str, str]:
    conversation = await store.conversations.create()
    session_id = await shop.new_session()
    card_event = await make_flow().present(app="shop", meta=meta(session_id), conversation_id=conversation.id)
    assert isinstance(card_event, events.CheckoutRequired)
    return card_event.checkout_id, session_id


async def test_a_lost_answer_is_retried_with_the_same_key_and_charges_once(
    make_flow: FlowFactory, shop: Shop, store: Store
) -> None:
    checkout_id, session_id = await shown(make_flow, shop, store)
    lost = {"count": 0}

    def lose_first(request: httpx.Request) -> bool:
        if completes(request) and lost["count"] == 0:
            lost["count"] += 1
            return True
        return False

    transport = FaultyTransport(httpx.ASGITransport(app=shop.app), lose_answer=lose_first)

    outcome = await make_flow(transport).confirm(checkout_id)

    assert isinstance(outcome, events.OrderConfirmed), outcome
    keys = [key for method, path, key in transport.sent if path.endswith("/complete")]
    assert len(keys) == 2
    assert keys[0] == keys[1]
    assert shop.charges(session_id) == [("succeeded", (await store.orders.get(checkout_id)).amount)]


async def test_a_merchant_gone_after_charging_is_reported_as_unknown_then_recovered(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, session_id = await shown(make_flow, shop, store)
    state = {"down": False}

    def charged_then_down(request: httpx.Request) -> bool:
        if completes(request) and not state["down"]:
            state["down"] = True  # the merchant charged, then went away before answering
            return True
        return False

    down = FaultyTransport(
        httpx.ASGITransport(app=shop.app), lose_answer=charged_then_down, refuse=lambda r: state["down"]
    )

    outcome = await make_flow(down).confirm(checkout_id)

    assert isinstance(outcome, events.CheckoutRefused)
    assert outcome.charged is None
    assert "may or may not have charged you" in outcome.message
    assert len(shop.charges(session_id)) == 1
    [purchase] = await wallet.purchases(PERSON)
    assert purchase.status == "authorized"  # still counted against the caps: the money may be gone

    recovered = await make_flow().confirm(checkout_id)

    assert isinstance(recovered, events.OrderConfirmed)
    assert shop.charges(session_id) == [("succeeded", (await store.orders.get(checkout_id)).amount)]
    assert [p.status for p in await wallet.purchases(PERSON)] == ["confirmed"]


async def test_a_host_killed_between_charge_and_order_write_recovers_after_restart(
    make_flow: FlowFactory, shop: Shop, store: Store, tmp_path: Path, provider: LocalTestProvider
) -> None:
    checkout_id, session_id = await shown(make_flow, shop, store)
    dying = FaultyTransport(httpx.ASGITransport(app=shop.app), kill_host_after=completes)

    with pytest.raises(HostKilled):
        await make_flow(dying).confirm(checkout_id)

    assert len(shop.charges(session_id)) == 1
    left = await store.orders.get(checkout_id)
    assert (left.status, left.order_id) == ("confirming", None)

    restarted = await Store.open(f"sqlite:///{tmp_path / 'salon.db'}")
    try:
        # Before the lease runs out, a second confirm is told the first one is still paying.
        busy = await make_flow(on_store=restarted).confirm(checkout_id)
        assert isinstance(busy, events.CheckoutRefused)
        assert busy.code == "checkout_in_progress"

        flow = make_flow(on_store=restarted, lease_s=0.0, with_wallet=Wallet(restarted, provider))
        outcome = await flow.confirm(checkout_id)
    finally:
        await restarted.aclose()

    assert isinstance(outcome, events.OrderConfirmed)
    assert shop.charges(session_id) == [("succeeded", left.amount)]
    assert (await store.orders.get(checkout_id)).status == "completed"


async def test_an_expired_delegated_token_charges_nothing_and_says_so(
    make_flow: FlowFactory, shop: Shop, store: Store, provider: LocalTestProvider
) -> None:
    stale = Wallet(store, provider, now=lambda: datetime.now(UTC) - timedelta(hours=1))
    checkout_id, session_id = await shown(make_flow, shop, store)

    outcome = await make_flow(with_wallet=stale).confirm(checkout_id)

    assert isinstance(outcome, events.CheckoutRefused)
    assert outcome.charged is False
    assert "charged" in outcome.message
    assert [status for status, _ in shop.charges(session_id)] in ([], ["failed"])
    assert {p.status for p in await stale.purchases(PERSON)} == {"released"}


async def test_a_total_raised_after_the_token_was_minted_is_over_the_allowance_and_not_charged(
    make_flow: FlowFactory, shop: Shop, store: Store
) -> None:
    checkout_id, session_id = await shown(make_flow, shop, store)
    inner = httpx.ASGITransport(app=shop.app)

    async def raise_quantity(request: httpx.Request) -> None:
        if completes(request):
            async with shop.http(inner) as client:
                response = await client.post(
                    f"/checkout_sessions/{session_id}",
                    json={"line_items": [{"id": "prd-0101", "quantity": 3}]},
                    headers={"Idempotency-Key": "merchant-raises-it"},
                )
                assert response.status_code == 200, response.text

    outcome = await make_flow(FaultyTransport(inner, before=raise_quantity)).confirm(checkout_id)

    assert isinstance(outcome, events.CheckoutRefused)
    assert outcome.charged is False
    assert [s for s, _ in shop.charges(session_id) if s == "succeeded"] == []


class GatedProvider(LocalTestProvider):
    """The real provider, whose charges wait at a gate: a complete stays in flight until it opens."""

    def __init__(self, inner: LocalTestProvider) -> None:
        super().__init__(inner._db, inner._key, now=inner._now)
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()

    async def charge(self, **kwargs: Any) -> Charge:
        self.entered.set()
        await self.gate.wait()
        return await super().charge(**kwargs)

    async def aclose(self) -> None:
        return None  # the inner provider's fixture closes the database


async def test_the_client_waits_out_an_in_flight_request_and_reuses_its_key(
    tmp_path: Path, provider: LocalTestProvider, shop: Shop, store: Store, wallet: Wallet
) -> None:
    """A second complete with the same key arrives while the first is still charging: the merchant
    answers 409 in flight, the client waits the Retry-After (bounded) and asks again with the same
    key, and gets the first one's outcome. The provider charged once."""
    gated = GatedProvider(provider)
    merchant = await Merchant.open(
        f"sqlite:///{tmp_path / 'gated.db'}", catalog=catalog(), policy=POLICY, provider=gated
    )
    app = create_merchant_app(merchant, api_keys={API_KEY: "salon"}, deliver_webhooks=False)
    gated_shop = Shop(merchant, app, shop.provider_db)
    session_id = await gated_shop.new_session()
    async with gated_shop.http() as http:
        session = (await http.get(f"/checkout_sessions/{session_id}")).json()
    total = next(t["amount"] for t in session["totals"] if t["type"] == "total")
    purchase = await wallet.authorize_purchase(
        PERSON, MERCHANT_ID, session_id, total, "usd", item_types=["physical"]
    )
    request = CheckoutSessionCompleteRequest.model_validate(
        {
            "payment_data": {
                "handler_id": "card_tokenized",
                "instrument": {"type": "card", "credential": {"type": "spt", "token": purchase.token.id}},
            }
        }
    )
    waits: list[float] = []

    def client(sleep: Any = None) -> AcpClient:
        transport = httpx.ASGITransport(app=app)
        if sleep is None:
            return AcpClient(BASE_URL, merchant="shop", bearer_token=API_KEY, transport=transport)
        return AcpClient(BASE_URL, merchant="shop", bearer_token=API_KEY, transport=transport, sleep=sleep)

    first, second = client(), None
    try:
        running = asyncio.create_task(first.complete(session_id, request, idempotency_key="one-payment"))
        await gated.entered.wait()

        async def wait_then_open_gate(seconds: float) -> None:
            waits.append(seconds)
            gated.gate.set()
            await asyncio.wait({running})

        second = client(wait_then_open_gate)
        raced = await second.complete(session_id, request, idempotency_key="one-payment")
        result = await running
    finally:
        await first.aclose()
        if second is not None:
            await second.aclose()
        await merchant.aclose()

    assert len(waits) == 1
    assert 0 <= waits[0] <= 5.0
    assert raced.status == result.status == "completed"
    assert raced.order is not None
    assert result.order is not None
    assert raced.order.id == result.order.id
    assert shop.charges(session_id) == [("succeeded", total)]
