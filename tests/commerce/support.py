"""A test merchant whose feed and policy match the ACP examples (item_123 at 300, options
fulfillment_option_123 / _456 at 100 / 500, 10 % tax), and helpers to pay it with real delegated
tokens from the local test provider."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from salon.commerce import FeedCatalog, MerchantPolicy, ShippingRate, TaxTable
from salon.commerce.acp import Link, SupportInfo
from salon.commerce.acp.feed import Availability, Description, Media, Price, Product, Variant
from salon.payments import Allowance, CardDetails, DelegatePaymentRequest
from salon.payments.local import LocalTestProvider

API_KEY = "sk_test_agent"
VERSION = "2026-04-17"

POLICY = MerchantPolicy(
    name="Test Shop",
    merchant_id="acct_test_shop",
    currency="usd",
    shipping=(
        ShippingRate("fulfillment_option_123", "Standard", 100, 4, 5, "USPS", "Arrives in 4-5 days"),
        ShippingRate("fulfillment_option_456", "Express", 500, 1, 2, "USPS", "Arrives in 1-2 days"),
    ),
    tax=TaxTable(default_rate=Decimal("0.10")),
    permalink_base="https://www.testshop.com/orders",
    links=(
        Link(type="terms_of_use", url="https://www.testshop.com/legal/terms-of-use"),
        Link(type="return_policy", url="https://www.testshop.com/legal/return-policy"),
    ),
    support=SupportInfo(email="support@testshop.com", help_center_url="https://www.testshop.com/help"),
)


def _variant(item_id: str, title: str, amount: int, *, available: bool = True) -> Product:
    return Product(
        id=f"prod_{item_id}",
        title=title,
        variants=[
            Variant(
                id=item_id,
                title=title,
                description=Description(plain=f"{title}, as sold by the test shop."),
                price=Price(amount=amount, currency="USD"),
                availability=Availability(
                    available=available, status="in_stock" if available else "out_of_stock"
                ),
                media=[Media(type="image", url=f"https://www.testshop.com/products/{item_id}/image1.jpg")],
            )
        ],
    )


def catalog() -> FeedCatalog:
    return FeedCatalog(
        [
            _variant("item_123", "Vintage Denim Jacket", 300),
            _variant("item_3ds_001", "Premium Leather Boots", 5000),
            _variant("item_gone", "Sold Out Scarf", 1200, available=False),
        ],
        stock={"item_123": 50, "item_3ds_001": 5},
    )


ADDRESS = {
    "name": "John Doe",
    "line_one": "1234 Chat Road",
    "city": "San Francisco",
    "state": "CA",
    "country": "US",
    "postal_code": "94131",
}


def create_body(
    item_id: str = "item_123", *, quantity: int | None = None, address: bool = True
) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id}
    if quantity is not None:
        item["quantity"] = quantity
    body: dict[str, Any] = {"currency": "usd", "line_items": [item], "capabilities": {}}
    if address:
        body["fulfillment_details"] = {"name": "John Doe", "email": "john@example.com", "address": ADDRESS}
    return body


def complete_body(token: str) -> dict[str, Any]:
    return {
        "buyer": {"first_name": "John", "last_name": "Smith", "email": "john@example.com"},
        "payment_data": {
            "handler_id": "card_tokenized",
            "instrument": {"type": "card", "credential": {"type": "spt", "token": token}},
        },
    }


def headers(key: str | None = None, **extra: str) -> dict[str, str]:
    sent = {"Authorization": f"Bearer {API_KEY}", "API-Version": VERSION, **extra}
    if key is not None:
        sent["Idempotency-Key"] = key
    return sent


def new_key() -> str:
    return str(uuid.uuid4())


async def delegated_token(
    provider: LocalTestProvider,
    session: dict[str, Any],
    *,
    card: str = "4242424242424242",
    max_amount: int | None = None,
    merchant_id: str = POLICY.merchant_id,
    expires_in: timedelta = timedelta(minutes=10),
) -> str:
    """What the host's vault does for a confirmed checkout: a `vt_…` bound to this session."""
    method = await provider.tokenize_card(CardDetails(number=card, exp_month=12, exp_year=2099))  # type: ignore[arg-type]
    total = next(total["amount"] for total in session["totals"] if total["type"] == "total")
    token = await provider.delegate_payment(
        DelegatePaymentRequest(
            allowance=Allowance(
                max_amount=total if max_amount is None else max_amount,
                currency=session["currency"],
                checkout_session_id=session["id"],
                merchant_id=merchant_id,
                expires_at=datetime.now(UTC) + expires_in,
            ),
            payment_method_id=method.id,
        )
    )
    return token.id


def provider_charges(provider_db: Path, session_id: str) -> list[tuple[str, str, int]]:
    """(charge id, status, amount) of every charge the provider holds for a session."""
    with sqlite3.connect(provider_db) as connection:
        rows = connection.execute(
            "SELECT id, status, amount FROM psp_charges WHERE checkout_session_id = ? ORDER BY created_at",
            (session_id,),
        ).fetchall()
    return [(str(row[0]), str(row[1]), int(row[2])) for row in rows]


async def create_session(client: httpx.AsyncClient, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = await client.post("/checkout_sessions", json=body or create_body(), headers=headers(new_key()))
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]
