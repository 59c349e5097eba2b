"""The shop example as a real ACP merchant: its catalogue as a feed, checkouts started from its tools,
and paid through its checkout API with a delegated token."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from examples.apps.shop.catalog import Catalog
from examples.apps.shop.merchant import DEFAULT_API_KEY, ShopMerchant, feed, open_merchant
from examples.apps.shop.server import app
from tests.commerce.fixtures import schema_errors

from salon.commerce import create_merchant_app
from salon.payments import Allowance, CardDetails, DelegatePaymentRequest
from salon.payments.local import LocalTestProvider
from salon.sdk import AppTestClient

CATALOG = Catalog.bundled()


def test_the_catalogue_is_a_valid_acp_feed_priced_in_cents() -> None:
    products = feed(CATALOG).wire()

    assert schema_errors("ProductsResponse", products, bundle="feed") == []
    assert len(products["products"]) == 250
    first = CATALOG.get("prd-0001")
    assert first is not None
    variant = products["products"][0]["variants"][0]
    assert variant["price"] == {"amount": round(first["price"] * 100), "currency": "USD"}


async def test_start_checkout_opens_an_acp_session_priced_from_the_feed() -> None:
    async with AppTestClient(app) as client:
        found = await client.call(
            "search_products", {"query": "carry-on suitcase", "max_price": 250, "limit": 1}
        )
        product = found.data["products"][0]
        result = await client.call("start_checkout", {"product_id": product["id"], "quantity": 2})

    session = result.data["checkout_session"]
    assert not result.is_error
    assert schema_errors("CheckoutSession", session) == []
    assert session["line_items"][0]["item"]["id"] == product["id"]
    assert session["line_items"][0]["unit_amount"] == round(product["price"] * 100)
    assert session["line_items"][0]["quantity"] == 2
    # No address yet: the host's checkout card collects it; the session says so.
    assert session["status"] == "not_ready_for_payment"
    assert session["messages"][0]["param"] == "$.fulfillment_details.address"
    assert [option["id"] for option in session["fulfillment_options"]] == [
        "ship_standard",
        "ship_express",
        "ship_overnight",
    ]
    assert session["id"] in result.text


async def test_start_checkout_for_an_unknown_product_points_to_search() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("start_checkout", {"product_id": "prd-9999"})

    assert result.is_error
    assert "search_products" in result.text


async def test_a_checkout_started_by_the_app_can_be_paid_through_the_shops_acp_api(data_dir: Path) -> None:
    status, session = await ShopMerchant(CATALOG).start_checkout([{"id": "prd-0001", "quantity": 1}])
    assert status == 201
    headers = {"Authorization": f"Bearer {DEFAULT_API_KEY}", "API-Version": "2026-04-17"}

    async with open_merchant(CATALOG, data_dir / "shop") as merchant:
        api = create_merchant_app(merchant, api_keys=[DEFAULT_API_KEY], deliver_webhooks=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url="http://shop") as shop:
            path = f"/checkout_sessions/{session['id']}"
            address = {
                "name": "Ada L",
                "line_one": "1 Main St",
                "city": "Austin",
                "state": "TX",
                "country": "US",
                "postal_code": "78701",
            }
            ready = await shop.post(
                path,
                json={"fulfillment_details": {"email": "ada@example.com", "address": address}},
                headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
            )
            token = await _delegate(merchant.provider, ready.json(), merchant.policy.merchant_id)
            completed = await shop.post(
                f"{path}/complete",
                json={
                    "buyer": {"email": "ada@example.com"},
                    "payment_data": {
                        "handler_id": "card_tokenized",
                        "instrument": {"type": "card", "credential": {"type": "spt", "token": token}},
                    },
                },
                headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
            )

    rows = {row["type"]: row["amount"] for row in ready.json()["totals"]}
    price = round(CATALOG.get("prd-0001")["price"] * 100)  # type: ignore[index]
    assert ready.json()["status"] == "ready_for_payment"
    assert rows["tax"] == round(price * 0.0625)  # Texas
    assert rows["fulfillment"] == 0  # standard shipping is free from USD 100
    assert completed.json()["status"] == "completed"
    assert completed.json()["order"]["support"]["help_center_url"] == "https://shop.example/help"


async def _delegate(provider: object, session: dict[str, object], merchant_id: str) -> str:
    assert isinstance(provider, LocalTestProvider)
    method = await provider.tokenize_card(CardDetails(number="4242424242424242", exp_month=1, exp_year=2099))  # type: ignore[arg-type]
    total = next(row["amount"] for row in session["totals"] if row["type"] == "total")  # type: ignore[attr-defined, index]
    token = await provider.delegate_payment(
        DelegatePaymentRequest(
            allowance=Allowance(
                max_amount=total,
                currency="usd",
                checkout_session_id=str(session["id"]),
                merchant_id=merchant_id,
                expires_at=datetime.now(UTC) + timedelta(minutes=5),
            ),
            payment_method_id=method.id,
        )
    )
    return token.id
