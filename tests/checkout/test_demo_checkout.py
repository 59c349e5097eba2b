"""The checkout story as `salon demo` runs it: the real command (its serving swapped for a server on a
real loopback socket), the four example apps over stdio, the embedded brain and router, the shop's
merchant as its own process with its own database, and the payment provider's database shared by the
host's wallet and the merchant.

"I need a compact carry-on under $200" → the shop's results → "buy the first one" → (the person allows
starting a checkout) → the host's checkout card → confirm → the order, with exactly one charge in the
provider's database → the merchant ships it and its order webhook reaches the host → "where is my
order?" → its status, with support and return links."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer

from salon.cli import CliEnv, cli
from salon.cli.demo_shop import SETUP_FILE
from salon.commerce import Merchant, MerchantPolicy
from salon.payments import LocalTestProvider
from salon.store import Store
from salon.web.streaming import decode_stream
from tests.conftest import free_port, serve_asgi

TRACKING = "1Z999AA10123456784"
WEBHOOK_WAIT_S = 60.0
"""Bound on waiting for the merchant process's outbox (it sends every 2 s, retrying with backoff)."""


async def turn(client: httpx.AsyncClient, conversation_id: str, text: str) -> list[dict[str, Any]]:
    response = await client.post(f"/api/conversations/{conversation_id}/turns", json={"text": text})
    assert response.status_code == 200, response.text
    return decode_stream(response.text)


def calls(events: list[dict[str, Any]]) -> list[str]:
    return [f"{e['app']}__{e['tool']}" for e in events if e["type"] == "tool_call"]


def charges(payments_db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(payments_db) as connection:
        rows = connection.execute("SELECT status, amount FROM psp_charges").fetchall()
    return [(str(status), int(amount)) for status, amount in rows]


async def ship(data_dir: Path, order_id: str) -> None:
    """What the merchant's warehouse does: mark the order shipped (an `order_update` in its outbox,
    which the merchant process delivers)."""
    from examples.apps.shop.catalog import Catalog
    from examples.apps.shop.merchant import BASE_URL, feed_catalog

    provider = await LocalTestProvider.open(f"sqlite:///{data_dir / 'payments.db'}")
    merchant = await Merchant.open(
        f"sqlite:///{data_dir / 'example-apps' / 'shop' / 'merchant.db'}",
        catalog=feed_catalog(Catalog.bundled()),
        policy=MerchantPolicy.shop(base_url=BASE_URL),
        provider=provider,
    )
    try:
        await merchant.orders.ship(order_id, carrier="UPS", tracking_number=TRACKING)
    finally:
        await merchant.aclose()
        await provider.aclose()


async def wait_for_status(data_dir: Path, order_id: str, status: str) -> None:
    store = await Store.open(f"sqlite:///{data_dir / 'salon.db'}")
    try:
        deadline = time.monotonic() + WEBHOOK_WAIT_S
        while (await store.orders.get_order("shop", order_id)).status != status:
            assert time.monotonic() < deadline, f"the merchant's order webhook did not arrive ({status})"
            await asyncio.sleep(0.2)
    finally:
        await store.aclose()


async def story(base: str, data_dir: Path) -> None:
    payments_db = data_dir / "payments.db"
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        conversation_id = (await client.post("/api/conversations", json={})).json()["id"]

        found = await turn(client, conversation_id, "I need a compact carry-on under $200")
        assert calls(found) == ["shop__search_products"], found
        result = next(e for e in found if e["type"] == "tool_result")
        products = result["structured"]["products"]
        assert products, result["text"]
        assert all(p["price"] <= 200 for p in products)
        assert any("carry-on" in p["category"] for p in products)
        first = products[0]

        picked = await turn(client, conversation_id, "buy the first one")
        assert calls(picked) == ["shop__start_checkout"], picked
        # Starting a checkout is the shop's one write tool: the host asks before it runs.
        [ask] = [e for e in picked if e["type"] == "confirmation_required"]
        allowed = await client.post(
            f"/api/confirmations/{ask['confirmation_id']}", json={"decision": "approve"}
        )
        started = decode_stream(allowed.text)
        [checkout] = [e for e in started if e["type"] == "checkout_required"]
        card = checkout["card"]
        assert checkout["merchant"] == "shop"
        assert card["items"][0]["name"] == first["title"]
        assert card["subtotal"] == round(first["price"] * 100)
        assert card["total"] == card["subtotal"] + card["shipping_amount"] + card["tax"]
        assert card["ready"] is True
        assert "San Francisco" in card["ship_to"]
        assert [m["last4"] for m in card["payment_methods"]] == ["4242"]
        assert any(link["type"] == "return_policy" for link in card["links"])
        assert charges(payments_db) == []

        confirmed = await client.post(f"/api/checkouts/{checkout['checkout_id']}/confirm", json={})
        assert confirmed.status_code == 200, confirmed.text
        order_event = confirmed.json()
        assert order_event["type"] == "order_confirmed", order_event
        order_id = order_event["order"]["id"]
        assert charges(payments_db) == [("succeeded", card["total"])]

        await ship(data_dir, order_id)
        await wait_for_status(data_dir, order_id, "shipped")

        tracked = await turn(client, conversation_id, "where is my order?")
        assert calls(tracked) == ["salon__orders"], tracked
        answer = next(e for e in tracked if e["type"] == "tool_result")
        assert answer["is_error"] is False
        assert "shipped" in answer["text"]
        assert TRACKING in answer["text"]
        assert "help@shop.example" in answer["text"]
        assert "https://shop.example/legal/returns" in answer["text"]
        assert charges(payments_db) == [("succeeded", card["total"])]


@pytest.mark.timeout(420)
def test_the_demo_sells_a_carry_on_through_its_own_merchant_and_tracks_the_order(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    # Both origins get a free port: the sandbox's default (chat port + 1) may be taken by anything.
    monkeypatch.setenv("SALON_SANDBOX_PORT", str(free_port()))
    merchant_ports: list[int] = []

    def serve(app: Any, host: str, port: int, on_ready: Any) -> None:
        merchant_ports.append(json.loads((data_dir / SETUP_FILE).read_text())["port"])
        with serve_asgi(app, port=port, startup_timeout=120) as base:
            asyncio.run(story(base, data_dir))

    # Not CliRunner: it swaps stderr for a stream without a file descriptor, and the demo's apps are
    # child processes that inherit it.
    command = typer.main.get_command(cli)
    command.main(
        ["--data-dir", str(data_dir), "demo", "--port", str(free_port()), "--no-open"],
        obj=CliEnv(serve=serve, open_browser=lambda url: None),
        standalone_mode=False,
    )

    output = capfd.readouterr().out
    assert "✗" not in output, output
    assert "Checkout is available" in output
    assert "4242 4242 4242 4242" in output
    # The demo stopped its merchant: nothing listens on its port any more.
    [merchant_port] = merchant_ports
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{merchant_port}/checkout_sessions/cs_x", timeout=5)
