"""The person's story end to end through the ASGI app: "I need a compact carry-on under $200" → the shop's
three options → pick one → the host's checkout card → confirm → the order → the merchant ships it (a
signed webhook) → "where is my order?" → its status with support and return links.

Real parts throughout: the merchant kit on a real socket (its own database), the shop app over MCP
Streamable HTTP, the local payment provider's database shared by merchant and wallet, the host's
SQLite store, and a scripted model standing in for the language model's choices."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from salon.commerce import Merchant, WebhookOutbox, WebhookTarget, sign
from salon.host.checkout import HostCommerce, MerchantConfig, MerchantRegistry
from salon.host.connections import AppConnections, AppEndpoint
from salon.host.models.base import ModelRequest
from salon.host.models.registry import create_provider
from salon.host.models.scripted import ScriptedProvider
from salon.host.runtime import Host
from salon.payments import LocalTestProvider, Wallet
from salon.payments.wallet import PERSON
from salon.router.embedding import FakeEmbedder
from salon.settings import Settings
from salon.store import Store
from salon.web import create_app
from salon.web.streaming import decode_stream
from tests.checkout.conftest import API_KEY, MERCHANT_ID, POLICY, WEBHOOK_SECRET, card
from tests.checkout.merchant_server import MerchantServer, shop_feed
from tests.checkout.servers import make_shop_app
from tests.conftest import serve_asgi


@pytest.fixture
def merchant_url(tmp_path: Path) -> Iterator[str]:
    with serve_asgi(MerchantServer(tmp_path)) as base:
        yield base


@pytest.fixture
def shop_url(merchant_url: str) -> Iterator[str]:
    with serve_asgi(make_shop_app(merchant_url).http_app()) as base:
        yield f"{base}/mcp"


@dataclass
class World:
    client: httpx.AsyncClient
    model: ScriptedProvider
    host: Host
    psp_db: Path
    seen: dict[str, Any]


def offered(request: ModelRequest) -> list[str]:
    return [tool.name for tool in request.tools]


@pytest.fixture
async def world(tmp_path: Path, merchant_url: str, shop_url: str) -> AsyncIterator[World]:
    seen: dict[str, Any] = {}

    def choose(request: ModelRequest) -> Any:
        last = request.messages[-1]
        if last.role == "tool":
            return "Done."
        text = last.content or ""
        if "carry-on" in text:
            return [
                {
                    "name": "shop__search_products",
                    "arguments": {"query": "compact carry-on", "max_price": 200},
                }
            ]
        if "first one" in text:
            return [{"name": "shop__start_checkout", "arguments": {"product_id": seen["first"]}}]
        if "where is my order" in text:
            seen["offered"] = offered(request)
            return [{"name": "salon__orders", "arguments": {}}]
        return "I can search the shop for you."

    model = ScriptedProvider(choose)
    settings = Settings(data_dir=tmp_path, model="scripted")
    store = await Store.open(settings.resolved_database_url)
    provider = await LocalTestProvider.open(f"sqlite:///{tmp_path / 'psp.db'}")
    wallet = Wallet(store, provider)
    await wallet.add_card(PERSON, card())
    registry = MerchantRegistry(
        [
            MerchantConfig.model_validate(
                {
                    "name": "shop",
                    "api_base_url": merchant_url,
                    "bearer_token": API_KEY,
                    "webhook_secret": WEBHOOK_SECRET,
                    "merchant_id": MERCHANT_ID,
                    "display_name": "Travel Shop",
                }
            )
        ]
    )
    commerce = HostCommerce(store, registry, wallet, provider=provider)
    host = Host(settings, store, AppConnections(), model, embedder=FakeEmbedder(), commerce=commerce)
    await host.install_app(AppEndpoint(name="shop", transport="http", url=shop_url), title="Travel Shop")
    app = create_app(settings, host=host)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://salon.test"
    ) as client:
        try:
            yield World(client, model, host, tmp_path / "psp.db", seen)
        finally:
            await host.aclose()


async def turn(client: httpx.AsyncClient, conversation_id: str, text: str) -> list[dict[str, Any]]:
    response = await client.post(f"/api/conversations/{conversation_id}/turns", json={"text": text})
    assert response.status_code == 200, response.text
    return decode_stream(response.text)


def charges(psp_db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(psp_db) as connection:
        return [(str(s), int(a)) for s, a in connection.execute("SELECT status, amount FROM psp_charges")]


async def test_a_carry_on_is_found_bought_shipped_and_tracked_in_one_conversation(
    world: World, tmp_path: Path
) -> None:
    client, seen = world.client, world.seen
    conversation_id = (await client.post("/api/conversations", json={})).json()["id"]

    found = await turn(client, conversation_id, "I need a compact carry-on under $200")
    result = next(e for e in found if e["type"] == "tool_result")
    products = result["structured"]["products"]
    assert len(products) == 3
    assert all(p["price"] < 200 and p["carry_on_compliant"] for p in products)
    seen["first"] = products[0]["id"]

    picked = await turn(client, conversation_id, "buy the first one")
    card_event = next(e for e in picked if e["type"] == "checkout_required")
    card = card_event["card"]
    assert card["items"][0]["name"] == products[0]["title"]
    assert card["subtotal"] == round(products[0]["price"] * 100)
    assert card["total"] == card["subtotal"] + card["shipping_amount"] + card["tax"]
    assert card["payment_methods"][0]["last4"] == "4242"
    assert any(link["type"] == "return_policy" for link in card["links"])
    assert charges(world.psp_db) == []

    confirmed = await client.post(f"/api/checkouts/{card_event['checkout_id']}/confirm", json={})
    assert confirmed.status_code == 200, confirmed.text
    order_event = confirmed.json()
    assert order_event["type"] == "order_confirmed", order_event
    order_id = order_event["order"]["id"]
    assert charges(world.psp_db) == [("succeeded", card["total"])]

    # The merchant ships the order; its outbox delivers signed webhooks to the host.
    provider = await LocalTestProvider.open(f"sqlite:///{tmp_path / 'psp.db'}")
    merchant = await Merchant.open(
        f"sqlite:///{tmp_path / 'merchant.db'}", catalog=shop_feed(), policy=POLICY, provider=provider
    )
    try:
        await merchant.orders.ship(
            order_id,
            carrier="UPS",
            tracking_number="1Z999AA10123456784",
            tracking_url="https://ups.example/t/1Z",
        )
        target = WebhookTarget(url="http://salon.test/api/commerce/webhooks/shop", secret=WEBHOOK_SECRET)
        outbox = WebhookOutbox(merchant.database, merchant.clock, target, client=client)
        delivered = [await outbox.deliver_due() for _ in range(3)]  # order_create, then order_update
    finally:
        await merchant.aclose()
        await provider.aclose()
    stored = await world.host.store.orders.get_order("shop", order_id)
    assert stored.status == "shipped", delivered
    assert [d.failed for d in delivered] == [0, 0, 0]

    tracked = await turn(client, conversation_id, "where is my order?")
    assert "salon__orders" in seen["offered"]
    answer = next(e for e in tracked if e["type"] == "tool_result")
    assert answer["app"] == "salon"
    assert answer["is_error"] is False
    text = answer["text"]
    assert "shipped" in text
    assert "1Z999AA10123456784" in text
    assert "help@shop.example" in text
    assert "https://shop.example/returns" in text
    [status] = answer["structured"]["orders"]
    assert status["return_policy_url"] == "https://shop.example/returns"
    assert charges(world.psp_db) == [("succeeded", card["total"])]


async def test_the_card_endpoints_and_the_webhook_receiver_answer_over_http(world: World) -> None:
    client, seen = world.client, world.seen
    conversation_id = (await client.post("/api/conversations", json={})).json()["id"]
    found = await turn(client, conversation_id, "I need a compact carry-on under $200")
    seen["first"] = next(e for e in found if e["type"] == "tool_result")["structured"]["products"][1]["id"]
    picked = await turn(client, conversation_id, "buy the first one")
    checkout_id = next(e for e in picked if e["type"] == "checkout_required")["checkout_id"]

    first = (await client.post(f"/api/checkouts/{checkout_id}/confirm", json={})).json()
    again = (await client.post(f"/api/checkouts/{checkout_id}/confirm", json={})).json()
    cancel = (await client.post(f"/api/checkouts/{checkout_id}/cancel")).json()
    assert first["type"] == again["type"] == cancel["type"] == "order_confirmed"
    assert len(charges(world.psp_db)) == 1
    listed = (await client.get(f"/api/conversations/{conversation_id}/checkouts")).json()["checkouts"]
    assert [(c["id"], c["status"]) for c in listed] == [(checkout_id, "completed")]

    body = json.dumps({"type": "order_update", "data": {**first["order"], "status": "delivered"}}).encode()
    header = sign(WEBHOOK_SECRET, body, timestamp=int(time.time()))
    forged = sign("guessed-secret", body, timestamp=int(time.time()))
    url = "/api/commerce/webhooks/shop"
    refused = await client.post(url, content=body, headers={"Merchant-Signature": forged})
    accepted = await client.post(url, content=body, headers={"Merchant-Signature": header})
    replayed = await client.post(url, content=body, headers={"Merchant-Signature": header})
    unknown = await client.post(
        "/api/commerce/webhooks/nobody", content=body, headers={"Merchant-Signature": header}
    )

    assert (refused.status_code, refused.json()["error"]["reason"]) == (401, "forged")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "delivered"
    assert (replayed.status_code, replayed.json()["error"]["reason"]) == (401, "replayed")
    assert unknown.status_code == 404


async def test_the_embedded_brain_answers_where_is_my_order_from_the_stored_updates(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, model="embedded")
    store = await Store.open(settings.resolved_database_url)
    commerce = HostCommerce(store, MerchantRegistry([]), None)
    host = Host(
        settings,
        store,
        AppConnections(),
        create_provider("embedded"),
        embedder=FakeEmbedder(),
        commerce=commerce,
    )
    try:
        await store.orders.put_order(
            "shop",
            {
                "id": "ord_9",
                "checkout_session_id": "cs_9",
                "order_number": "TS-1009",
                "permalink_url": "https://shop.example/orders/ord_9",
                "status": "shipped",
                "support": {"email": "help@shop.example"},
                "line_items": [
                    {"id": "li_1", "title": "Aero 40 Carry-On", "quantity": {"ordered": 1, "current": 1}}
                ],
            },
        )
        conversation = await host.create_conversation()
        streamed = [event.to_wire() async for event in host.run_turn(conversation.id, "where is my order?")]
    finally:
        await host.aclose()

    answer = next(e for e in streamed if e["type"] == "tool_result")
    assert answer["app"] == "salon"
    assert "TS-1009" in answer["text"]
    assert "shipped" in answer["text"]
    assert "help@shop.example" in answer["text"]
