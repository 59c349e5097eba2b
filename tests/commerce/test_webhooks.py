"""Order webhooks: signed `Merchant-Signature`, delivered from the outbox with retries, verified by
receivers that refuse forged, stale, malformed and replayed ones; order updates as the order ships,
arrives and is refunded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from salon.commerce import ManualClock, WebhookTarget, WebhookVerifier, sign, verify
from salon.commerce.webhooks import signature
from salon.errors import WebhookSignatureError
from salon.payments.local import LocalTestProvider
from tests.commerce import support
from tests.commerce.conftest import MerchantFactory, client_for
from tests.commerce.fixtures import schema_errors
from tests.commerce.support import complete_body, create_session, headers, new_key, provider_charges
from tests.conftest import serve_asgi

SECRET = "whsec_test_secret"
BODY = b'{"type":"order_create","data":{}}'
NOW = 1_790_000_000


def test_a_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    header = sign(SECRET, BODY, timestamp=NOW)

    assert header == f"t={NOW},v1={signature(SECRET, NOW, BODY)}"
    assert verify(header, BODY, SECRET, now=NOW + 299) == (NOW, header.split("v1=")[1])


@pytest.mark.parametrize(
    ("header", "body", "now", "reason"),
    [
        (None, BODY, NOW, "missing"),
        ("v1=abc,t=1", BODY, NOW, "malformed"),
        (sign(SECRET, BODY, timestamp=NOW), BODY, NOW + 301, "stale"),
        (sign(SECRET, BODY, timestamp=NOW), BODY, NOW - 301, "stale"),
        (sign("another secret", BODY, timestamp=NOW), BODY, NOW, "forged"),
        (sign(SECRET, BODY, timestamp=NOW), BODY + b" ", NOW, "forged"),
    ],
)
def test_untrustworthy_signatures_are_refused_with_the_reason(
    header: str | None, body: bytes, now: int, reason: str
) -> None:
    with pytest.raises(WebhookSignatureError) as refused:
        verify(header, body, SECRET, now=now)

    assert refused.value.reason == reason
    assert refused.value.code == "invalid_signature"


def test_a_verifier_accepts_a_webhook_once_and_refuses_its_replay() -> None:
    clock = ManualClock(NOW)
    verifier = WebhookVerifier(SECRET, clock=clock)
    header = sign(SECRET, BODY, timestamp=NOW)

    assert verifier.verify(header, BODY) == NOW
    with pytest.raises(WebhookSignatureError) as replayed:
        verifier.verify(header, BODY)
    clock.advance(400)
    with pytest.raises(WebhookSignatureError) as later:
        verifier.verify(header, BODY)

    assert replayed.value.reason == "replayed"
    assert later.value.reason == "stale"


class Receiver:
    """The agent's webhook endpoint: verifies each event, records what it accepted, and can be told
    to fail the next deliveries."""

    def __init__(self, clock: ManualClock) -> None:
        self.verifier = WebhookVerifier(SECRET, clock=clock)
        self.events: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.fail_next = 0

    async def handle(self, request: Request) -> JSONResponse:
        body = await request.body()
        if self.fail_next:
            self.fail_next -= 1
            return JSONResponse({"type": "processing_error", "code": "down", "message": "down"}, 500)
        try:
            self.verifier.verify(request.headers.get("merchant-signature"), body)
        except WebhookSignatureError as exc:
            self.refused.append(exc.reason)
            return JSONResponse({"type": "invalid_request", "code": exc.code, "message": exc.message}, 401)
        self.events.append(json.loads(body))
        return JSONResponse({"received": True})


@pytest.fixture
def receiver(clock: ManualClock) -> Receiver:
    return Receiver(clock)


@pytest.fixture
def receiver_url(receiver: Receiver) -> Iterator[str]:
    app = Starlette(routes=[Route("/webhooks/order_events", receiver.handle, methods=["POST"])])
    with serve_asgi(app) as base:
        yield f"{base}/webhooks/order_events"


async def _complete(client: httpx.AsyncClient, provider: LocalTestProvider) -> dict[str, Any]:
    session = await create_session(client)
    token = await support.delegated_token(provider, session)
    response = await client.post(
        f"/checkout_sessions/{session['id']}/complete", json=complete_body(token), headers=headers(new_key())
    )
    return response.json()  # type: ignore[no-any-return]


async def test_a_completed_checkout_sends_one_signed_order_create_with_the_whole_order(
    open_merchant: MerchantFactory, provider: LocalTestProvider, receiver: Receiver, receiver_url: str
) -> None:
    async with open_merchant(webhook=WebhookTarget(receiver_url, SECRET)) as merchant:
        async with client_for(merchant) as client:
            completed = await _complete(client, provider)
        delivery = await merchant.outbox.deliver_due()
        again = await merchant.outbox.deliver_due()

    assert (delivery.sent, delivery.delivered, again.sent) == (1, 1, 0)
    [event] = receiver.events
    assert event["type"] == "order_create"
    assert event["data"]["id"] == completed["order"]["id"]
    assert event["data"]["type"] == "order"
    assert event["data"]["status"] == "confirmed"
    assert event["data"]["support"]["help_center_url"] == "https://www.testshop.com/help"
    assert schema_errors("Order", event["data"]) == []


async def test_a_failing_receiver_gets_the_event_again_after_a_growing_delay(
    open_merchant: MerchantFactory,
    provider: LocalTestProvider,
    receiver: Receiver,
    receiver_url: str,
    clock: ManualClock,
) -> None:
    receiver.fail_next = 2
    async with open_merchant(webhook=WebhookTarget(receiver_url, SECRET)) as merchant:
        async with client_for(merchant) as client:
            await _complete(client, provider)
        first = await merchant.outbox.deliver_due()
        too_soon = await merchant.outbox.deliver_due()
        clock.advance(merchant.outbox.base_delay)
        second = await merchant.outbox.deliver_due()
        clock.advance(merchant.outbox.base_delay)  # the second delay is twice the first
        still_waiting = await merchant.outbox.deliver_due()
        clock.advance(merchant.outbox.base_delay)
        third = await merchant.outbox.deliver_due()
        pending = await merchant.outbox.pending()

    assert (first.failed, too_soon.sent, second.failed, still_waiting.sent, third.delivered) == (
        1,
        0,
        1,
        0,
        1,
    )
    assert len(receiver.events) == 1
    assert pending == 0


async def test_shipping_delivering_and_refunding_send_order_updates_in_order(
    open_merchant: MerchantFactory,
    provider: LocalTestProvider,
    provider_db: Path,
    receiver: Receiver,
    receiver_url: str,
) -> None:
    async with open_merchant(webhook=WebhookTarget(receiver_url, SECRET)) as merchant:
        async with client_for(merchant) as client:
            completed = await _complete(client, provider)
        order_id = completed["order"]["id"]
        await merchant.orders.ship(order_id, carrier="UPS", tracking_number="1Z999")
        await merchant.orders.deliver(order_id, description="Left at front door")
        partly = await merchant.orders.refund(order_id, amount=100, reason="damaged box")
        refunded = await merchant.orders.refund(order_id)
        while (await merchant.outbox.deliver_due()).sent:
            pass

    assert [event["type"] for event in receiver.events] == ["order_create"] + ["order_update"] * 4
    assert [event["data"]["status"] for event in receiver.events] == [
        "confirmed",
        "shipped",
        "delivered",
        "delivered",
        "refunded",
    ]
    shipped = receiver.events[1]["data"]["fulfillments"][0]
    assert (shipped["carrier"], shipped["tracking_number"]) == ("UPS", "1Z999")
    assert [event["type"] for event in receiver.events[2]["data"]["fulfillments"][0]["events"]] == [
        "shipped",
        "delivered",
    ]
    assert partly.status == "delivered"
    assert [adjustment.amount for adjustment in refunded.adjustments or []] == [100, 330]
    assert all(schema_errors("Order", event["data"]) == [] for event in receiver.events)
    [(_, _, amount)] = provider_charges(provider_db, completed["id"])
    assert amount == 430


async def test_refunding_more_than_was_paid_is_refused(
    open_merchant: MerchantFactory, provider: LocalTestProvider
) -> None:
    async with open_merchant() as merchant:
        async with client_for(merchant) as client:
            completed = await _complete(client, provider)
        with pytest.raises(Exception, match="left to refund"):
            await merchant.orders.refund(completed["order"]["id"], amount=10_000)


async def test_a_forged_event_posted_to_the_receiver_is_refused(
    receiver: Receiver, receiver_url: str
) -> None:
    body = json.dumps({"type": "order_update", "data": {"id": "ord_x"}}).encode()
    async with httpx.AsyncClient() as client:
        forged = await client.post(
            receiver_url, content=body, headers={"Merchant-Signature": sign("guess", body, timestamp=NOW)}
        )

    assert forged.status_code == 401
    assert receiver.refused == ["forged"]
    assert receiver.events == []
