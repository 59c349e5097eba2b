"""The bank's 3-D Secure step in the host's checkout, against a real merchant (the salon.commerce kit over
HTTP) and the real local payment provider both sides share: the card shows the step, the host re-sends
complete with the bank's `authentication_result`, and every path ends with one charge or none in the
provider's own records, and the person told which."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import httpx
import pytest

from salon.errors import PaymentDeclined
from salon.host import events
from salon.payments import LocalTestProvider, Wallet
from salon.payments.wallet import PERSON
from salon.store import Store
from tests.checkout.conftest import FlowFactory, Shop, card, meta
from tests.checkout.faults import FaultyTransport, completes

THREE_DS = "4000000000003220"
ASKED = "Your bank asks you to confirm this payment."


def charge_ids(shop: Shop, session_id: str) -> list[str]:
    with sqlite3.connect(shop.provider_db) as connection:
        query = "SELECT id FROM psp_charges WHERE checkout_session_id = ?"
        return [str(row[0]) for row in connection.execute(query, (session_id,))]


async def asked(make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet) -> tuple[str, str]:
    """A checkout paid with the 3-D Secure card: the merchant answered `authentication_required`."""
    method = await wallet.add_card(PERSON, card(THREE_DS))
    conversation = await store.conversations.create()
    session_id = await shop.new_session()
    shown = await make_flow().present(app="shop", meta=meta(session_id), conversation_id=conversation.id)
    assert isinstance(shown, events.CheckoutRequired)
    step = await make_flow().confirm(shown.checkout_id, payment_method_id=method.id)
    assert isinstance(step, events.CheckoutRequired), step
    assert step.notice == ASKED
    assert step.card["authentication"] == {"message": ASKED, "redirect_url": None}
    return shown.checkout_id, session_id


async def test_the_card_asks_for_the_bank_and_nothing_is_charged_yet(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)

    record = await store.orders.get(checkout_id)
    assert record.status == "presented"
    assert record.token_id is not None  # kept: the step finishes this very payment
    assert record.card["authentication"]["message"] == ASKED
    assert shop.charges(session_id) == [("requires_action", record.amount)]
    [purchase] = await wallet.purchases(PERSON)
    assert purchase.status == "authorized"


async def test_authenticating_places_the_order_with_exactly_one_charge(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)

    outcome = await make_flow().authenticate(checkout_id, approve=True)

    assert isinstance(outcome, events.OrderConfirmed), outcome
    record = await store.orders.get(checkout_id)
    assert record.status == "completed"
    assert shop.charges(session_id) == [("succeeded", record.amount)]
    [purchase] = await wallet.purchases(PERSON)
    assert purchase.status == "confirmed"


async def test_the_retry_carries_an_authenticated_result_with_its_details(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, _ = await asked(make_flow, shop, store, wallet)
    bodies: list[bytes] = []

    async def keep(request: httpx.Request) -> None:
        if request.url.path.endswith("/complete"):
            bodies.append(request.content)

    transport = FaultyTransport(httpx.ASGITransport(app=shop.app), before=keep)
    await make_flow(transport).authenticate(checkout_id, approve=True)

    [sent] = [json.loads(body) for body in bodies]
    result = sent["authentication_result"]
    assert result["outcome"] == "authenticated"
    assert result["outcome_details"]["electronic_commerce_indicator"] == "05"
    assert result["outcome_details"]["three_ds_cryptogram"]
    assert sent["payment_data"]["instrument"]["credential"]["token"].startswith("vt_")


async def test_a_bank_that_denies_leaves_the_person_uncharged_and_told(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet, provider: LocalTestProvider
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)
    [charge_id] = charge_ids(shop, session_id)
    with pytest.raises(PaymentDeclined):
        await provider.confirm_authentication(charge_id, approve=False)  # the bank said no

    outcome = await make_flow().authenticate(checkout_id, approve=True)

    assert isinstance(outcome, events.CheckoutRefused), outcome
    assert outcome.charged is False
    assert "not charged" in outcome.message
    assert outcome.retryable is True
    record = await store.orders.get(checkout_id)
    assert (record.status, record.token_id) == ("presented", None)
    assert "authentication" not in record.card  # the card is back to "Pay"
    assert [s for s, _ in shop.charges(session_id)] == ["failed"]
    [purchase] = await wallet.purchases(PERSON)
    assert purchase.status == "released"
    messages = await store.messages.list(str(record.conversation_id))
    assert messages[-1].content == outcome.message


async def test_cancelling_the_step_abandons_the_charge_so_it_can_never_succeed(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet, provider: LocalTestProvider
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)
    bodies: list[bytes] = []

    async def keep(request: httpx.Request) -> None:
        if request.url.path.endswith("/complete"):
            bodies.append(request.content)

    transport = FaultyTransport(httpx.ASGITransport(app=shop.app), before=keep)
    outcome = await make_flow(transport).authenticate(checkout_id, approve=False)

    assert isinstance(outcome, events.CheckoutRefused), outcome
    assert outcome.charged is False
    assert b'"outcome":"abandoned"' in bodies[0].replace(b" ", b"")
    assert [s for s, _ in shop.charges(session_id)] == ["failed"]
    # The person authenticating at their bank afterwards moves no money.
    [charge_id] = charge_ids(shop, session_id)
    with pytest.raises(PaymentDeclined):
        await provider.confirm_authentication(charge_id, approve=True)
    assert [s for s, _ in shop.charges(session_id)] == ["failed"]


async def test_two_clicks_on_authenticate_charge_once(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)

    first, second = await asyncio.gather(
        make_flow().authenticate(checkout_id, approve=True),
        make_flow().authenticate(checkout_id, approve=True),
    )

    outcomes = sorted([type(first).__name__, type(second).__name__])
    assert "OrderConfirmed" in outcomes
    for outcome in (first, second):
        if isinstance(outcome, events.CheckoutRefused):
            assert (outcome.code, outcome.charged) == ("checkout_in_progress", None)
    record = await store.orders.get(checkout_id)
    assert shop.charges(session_id) == [("succeeded", record.amount)]
    later = await make_flow().authenticate(checkout_id, approve=True)
    assert isinstance(later, events.OrderConfirmed)
    assert shop.charges(session_id) == [("succeeded", record.amount)]


async def test_a_lost_answer_to_the_authenticated_retry_is_sent_again_under_the_same_key(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)

    def after_complete(request: httpx.Request) -> bool:
        return request.method == "GET" and any(path.endswith("/complete") for _, path, _ in dropping.sent)

    # The complete's answer is lost and the merchant cannot be asked what happened.
    dropping = FaultyTransport(
        httpx.ASGITransport(app=shop.app), lose_answer=completes, refuse=after_complete
    )
    unknown = await make_flow(dropping).authenticate(checkout_id, approve=True)
    assert isinstance(unknown, events.CheckoutRefused), unknown
    assert unknown.charged is None  # the merchant charged, but the host never heard back
    lost = {key for _, path, key in dropping.sent if path.endswith("/complete")}

    healthy = FaultyTransport(httpx.ASGITransport(app=shop.app))
    outcome = await make_flow(healthy).authenticate(checkout_id, approve=True)

    assert isinstance(outcome, events.OrderConfirmed), outcome
    record = await store.orders.get(checkout_id)
    assert shop.charges(session_id) == [("succeeded", record.amount)]
    # The merchant completed on the first try: the host finds that out, or asks again with the same key.
    assert {key for _, path, key in healthy.sent if path.endswith("/complete")} <= lost
    assert len(lost) == 1


async def test_pay_pressed_again_while_the_bank_waits_shows_the_step_and_mints_nothing(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)
    token = (await store.orders.get(checkout_id)).token_id

    again = await make_flow().confirm(checkout_id)

    assert isinstance(again, events.CheckoutRequired), again
    assert again.card["authentication"]["message"] == ASKED
    assert (await store.orders.get(checkout_id)).token_id == token
    assert len(await wallet.purchases(PERSON)) == 1
    assert len(shop.charges(session_id)) == 1


async def test_cancelling_the_checkout_during_the_step_charges_nothing(
    make_flow: FlowFactory, shop: Shop, store: Store, wallet: Wallet
) -> None:
    checkout_id, session_id = await asked(make_flow, shop, store, wallet)

    outcome = await make_flow().cancel(checkout_id)

    assert isinstance(outcome, events.CheckoutCanceled), outcome
    assert "nothing was charged" in outcome.message
    assert (await store.orders.get(checkout_id)).status == "canceled"
    assert [s for s, _ in shop.charges(session_id)] == ["failed"]
    [purchase] = await wallet.purchases(PERSON)
    assert purchase.status == "released"
