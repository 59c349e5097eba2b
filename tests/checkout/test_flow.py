"""The host's checkout flow against a real merchant and a real payment provider: what the person sees,
and that each checkout ends with exactly one charge or none, checked in the provider's own records."""

from __future__ import annotations

import asyncio

import httpx

from salon.commerce.acp import FulfillmentDetails
from salon.host import events
from salon.host.checkout import CheckoutFlow, MerchantRegistry
from salon.payments import Wallet
from salon.payments.wallet import PERSON
from salon.store import Store
from salon.store.spend_caps import SpendCaps
from tests.checkout.conftest import ADDRESS, FlowFactory, Shop, card, merchant_config, meta


async def present(flow_factory: FlowFactory, shop: Shop, conversation_id: str | None = None) -> str:
    session_id = await shop.new_session()
    shown = await flow_factory().present(app="shop", meta=meta(session_id), conversation_id=conversation_id)
    assert isinstance(shown, events.CheckoutRequired), shown
    return shown.checkout_id


async def test_the_card_shows_the_merchants_own_totals_and_the_persons_card(
    make_flow: FlowFactory, shop: Shop
) -> None:
    session_id = await shop.new_session()
    shown = await make_flow().present(app="shop", meta=meta(session_id))

    assert isinstance(shown, events.CheckoutRequired)
    card = shown.card
    assert card["items"][0]["name"] == "Aero 40 Carry-On"
    assert card["items"][0]["quantity"] == 1
    assert card["shipping"]["title"] == "Standard"
    assert card["subtotal"] == 17900
    assert card["total"] == card["subtotal"] + card["shipping_amount"] + card["tax"]
    assert card["tax"] > 0
    assert card["merchant"]["title"] == "Travel Shop"
    assert card["payment_methods"][0]["last4"] == "4242"
    assert {"type": "return_policy", "url": "https://shop.example/returns"} in card["links"]
    assert card["ready"] is True
    assert shop.charges() == []


async def test_a_result_pointing_at_another_server_is_refused(make_flow: FlowFactory, shop: Shop) -> None:
    session_id = await shop.new_session()
    forged = {"salon/acp": {"api_base_url": "https://evil.example", "checkout_session_id": session_id}}

    shown = await make_flow().present(app="shop", meta=forged)

    assert isinstance(shown, events.CheckoutRefused)
    assert shown.code == "merchant_mismatch"


async def test_confirming_places_the_order_with_exactly_one_charge(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    conversation = await store.conversations.create()
    checkout_id = await present(make_flow, shop, conversation.id)

    outcome = await make_flow().confirm(checkout_id)

    assert isinstance(outcome, events.OrderConfirmed), outcome
    record = await store.orders.get(checkout_id)
    assert record.status == "completed"
    assert shop.charges(record.session_id) == [("succeeded", record.amount)]
    assert outcome.order["id"] == record.order_id
    assert "Aero 40 Carry-On" in outcome.message
    [purchase] = await wallet.purchases(PERSON)
    assert (purchase.status, purchase.amount) == ("confirmed", record.amount)
    messages = await store.messages.list(conversation.id)
    assert messages[-1].content == outcome.message

    again = await make_flow().confirm(checkout_id)
    assert isinstance(again, events.OrderConfirmed)
    assert shop.charges(record.session_id) == [("succeeded", record.amount)]


async def test_two_confirms_at_once_charge_exactly_once(
    make_flow: FlowFactory, shop: Shop, store: Store
) -> None:
    checkout_id = await present(make_flow, shop)

    first, second = await asyncio.gather(make_flow().confirm(checkout_id), make_flow().confirm(checkout_id))

    kinds = sorted(type(outcome).__name__ for outcome in (first, second))
    assert "OrderConfirmed" in kinds
    for outcome in (first, second):
        if isinstance(outcome, events.CheckoutRefused):
            assert outcome.code == "checkout_in_progress"
            assert outcome.charged is None
    record = await store.orders.get(checkout_id)
    assert len(shop.charges(record.session_id)) == 1


async def test_a_purchase_over_a_cap_is_refused_with_the_reason_and_nothing_charged(
    make_flow: FlowFactory, shop: Shop, wallet: Wallet
) -> None:
    await wallet.set_caps(SpendCaps(person=PERSON, per_purchase=10000))
    checkout_id = await present(make_flow, shop)

    outcome = await make_flow().confirm(checkout_id)

    assert isinstance(outcome, events.CheckoutRefused)
    assert outcome.code == "spend_cap_exceeded"
    assert outcome.details["cap"] == "per_purchase"
    assert "per purchase cap of 100.00 USD" in outcome.message
    assert outcome.charged is False
    assert shop.charges() == []
    assert [p.status for p in await wallet.purchases(PERSON)] == []


async def test_above_the_threshold_the_person_confirms_twice(
    make_flow: FlowFactory, shop: Shop, wallet: Wallet
) -> None:
    await wallet.set_caps(SpendCaps(person=PERSON, confirm_above=5000))
    session_id = await shop.new_session()
    shown = await make_flow().present(app="shop", meta=meta(session_id))
    assert isinstance(shown, events.CheckoutRequired)
    assert shown.card["caps"]["extra_confirmation_required"] is True

    first = await make_flow().confirm(shown.checkout_id)
    assert isinstance(first, events.CheckoutRefused)
    assert (first.code, first.retryable, first.charged) == ("extra_confirmation_required", True, False)
    assert shop.charges() == []

    second = await make_flow().confirm(shown.checkout_id, extra_confirmed=True)
    assert isinstance(second, events.OrderConfirmed)
    assert len(shop.charges(session_id)) == 1


async def test_a_declined_card_tells_the_person_they_were_not_charged(
    make_flow: FlowFactory, shop: Shop, store: Store, provider: object
) -> None:
    declining = Wallet(store, provider)  # type: ignore[arg-type]
    await declining.add_card(PERSON, card("4000000000000002"))
    session_id = await shop.new_session()
    flow = make_flow(with_wallet=declining)
    shown = await flow.present(app="shop", meta=meta(session_id))
    assert isinstance(shown, events.CheckoutRequired)

    outcome = await flow.confirm(shown.checkout_id)

    assert isinstance(outcome, events.CheckoutRefused)
    assert outcome.charged is False
    assert "not charged" in outcome.message
    assert [status for status, _ in shop.charges(session_id)] in ([], ["failed"])
    assert {p.status for p in await declining.purchases(PERSON)} == {"released"}


async def test_cancel_cancels_at_the_merchant_and_charges_nothing(
    make_flow: FlowFactory, shop: Shop, store: Store
) -> None:
    checkout_id = await present(make_flow, shop)

    outcome = await make_flow().cancel(checkout_id)

    assert isinstance(outcome, events.CheckoutCanceled)
    record = await store.orders.get(checkout_id)
    async with shop.http() as client:
        session = (await client.get(f"/checkout_sessions/{record.session_id}")).json()
    assert session["status"] == "canceled"
    refused = await make_flow().confirm(checkout_id)
    assert isinstance(refused, events.CheckoutRefused)
    assert refused.code == "checkout_canceled"
    assert shop.charges() == []


async def test_a_changed_total_shows_a_new_card_instead_of_paying(
    make_flow: FlowFactory, shop: Shop, store: Store
) -> None:
    checkout_id = await present(make_flow, shop)
    record = await store.orders.get(checkout_id)
    async with shop.http() as client:
        response = await client.post(
            f"/checkout_sessions/{record.session_id}",
            json={"line_items": [{"id": "prd-0101", "quantity": 2}]},
            headers={"Idempotency-Key": "two-please"},
        )
        assert response.status_code == 200, response.text

    outcome = await make_flow().confirm(checkout_id)

    assert isinstance(outcome, events.CheckoutRequired)
    assert outcome.notice is not None
    assert "nothing was charged" in outcome.notice
    assert outcome.card["total"] > record.amount
    assert shop.charges() == []
    paid = await make_flow().confirm(checkout_id)
    assert isinstance(paid, events.OrderConfirmed)
    assert shop.charges(record.session_id) == [("succeeded", outcome.card["total"])]


async def test_a_session_without_an_address_gets_the_persons_delivery_details_before_the_card(
    store: Store, wallet: Wallet, shop: Shop
) -> None:
    async with shop.http() as client:
        created = await client.post(
            "/checkout_sessions",
            json={"currency": "usd", "line_items": [{"id": "prd-0101"}], "capabilities": {}},
            headers={"Idempotency-Key": "no-address"},
        )
    assert created.json()["status"] == "not_ready_for_payment"
    ship_to = FulfillmentDetails.model_validate(
        {"name": "Ada Lovelace", "email": "ada@example.com", "address": ADDRESS}
    )
    registry = MerchantRegistry([merchant_config()], transport=httpx.ASGITransport(app=shop.app))
    flow = CheckoutFlow(store, registry, wallet, ship_to=ship_to)
    try:
        shown = await flow.present(app="shop", meta=meta(created.json()["id"]))
        assert isinstance(shown, events.CheckoutRequired)
        assert shown.card["ready"] is True
        assert shown.card["ship_to"].startswith("Ada Lovelace, 1 Analytical Way, San Francisco")
        assert shown.card["tax"] > 0
        paid = await flow.confirm(shown.checkout_id)
    finally:
        await registry.aclose()
    assert isinstance(paid, events.OrderConfirmed)
    assert len(shop.charges(created.json()["id"])) == 1
