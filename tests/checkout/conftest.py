"""A real merchant (the salon.commerce kit over its own SQLite file), a real payment provider (the local
test provider over its own file, the PSP both sides talk to), and the host's store, wallet and checkout
flow reaching the merchant over HTTP (in process through its ASGI app, or over a real socket)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from salon.commerce import FeedCatalog, Merchant, MerchantPolicy, ShippingRate, TaxTable, create_merchant_app
from salon.commerce.acp import Link, SupportInfo
from salon.commerce.acp.feed import Availability, Description, Media, Price, Product, Variant
from salon.host.checkout import CheckoutFlow, MerchantConfig, MerchantRegistry
from salon.payments import CardDetails, LocalTestProvider, Wallet
from salon.payments.wallet import PERSON
from salon.store import Store

API_KEY = "sk_host_for_shop"
WEBHOOK_SECRET = "whsec_shop_to_host"
BASE_URL = "http://merchant.test"
MERCHANT_ID = "acct_travel_shop"

POLICY = MerchantPolicy(
    name="Travel Shop",
    merchant_id=MERCHANT_ID,
    currency="usd",
    shipping=(ShippingRate("ship_standard", "Standard", 900, 3, 5, "UPS", "Arrives in 3-5 days"),),
    tax=TaxTable(default_rate=Decimal("0.08")),
    permalink_base="https://shop.example/orders",
    links=(Link(type="return_policy", url="https://shop.example/returns"),),
    support=SupportInfo(email="help@shop.example", help_center_url="https://shop.example/help"),
)
ADDRESS = {
    "name": "Ada Lovelace",
    "line_one": "1 Analytical Way",
    "city": "San Francisco",
    "state": "CA",
    "country": "US",
    "postal_code": "94131",
}


def catalog() -> FeedCatalog:
    def product(item_id: str, title: str, amount: int) -> Product:
        return Product(
            id=f"prod_{item_id}",
            title=title,
            variants=[
                Variant(
                    id=item_id,
                    title=title,
                    description=Description(plain=title),
                    price=Price(amount=amount, currency="USD"),
                    availability=Availability(available=True, status="in_stock"),
                    media=[Media(type="image", url=f"https://shop.example/{item_id}.jpg")],
                )
            ],
        )

    return FeedCatalog(
        [product("prd-0101", "Aero 40 Carry-On", 17900), product("prd-0102", "Packing Cubes", 2500)],
        stock={"prd-0101": 10, "prd-0102": 10},
    )


def card(number: str = "4242424242424242") -> CardDetails:
    return CardDetails.model_validate({"number": number, "exp_month": 12, "exp_year": 2099, "cvc": "123"})


def create_body(item_id: str = "prd-0101") -> dict[str, Any]:
    return {
        "currency": "usd",
        "line_items": [{"id": item_id, "quantity": 1}],
        "capabilities": {},
        "fulfillment_details": {"name": "Ada Lovelace", "email": "ada@example.com", "address": ADDRESS},
    }


@dataclass
class Shop:
    """The merchant side, and what the tests read of the provider's own records."""

    merchant: Merchant
    app: Any
    provider_db: Path

    def http(self, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=transport or httpx.ASGITransport(app=self.app),
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {API_KEY}", "API-Version": "2026-04-17"},
        )

    async def new_session(self, item_id: str = "prd-0101", *, key: str | None = None) -> str:
        """What the shop app's tool does: create a checkout session at the merchant."""
        async with self.http() as client:
            response = await client.post(
                "/checkout_sessions",
                json=create_body(item_id),
                headers={"Idempotency-Key": key or uuid.uuid4().hex},
            )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def charges(self, session_id: str | None = None) -> list[tuple[str, int]]:
        """(status, amount) of the provider's charges, from its own database."""
        query = "SELECT status, amount FROM psp_charges"
        args: tuple[str, ...] = ()
        if session_id is not None:
            query += " WHERE checkout_session_id = ?"
            args = (session_id,)
        with sqlite3.connect(self.provider_db) as connection:
            return [(str(s), int(a)) for s, a in connection.execute(query, args).fetchall()]


@pytest.fixture
async def provider(tmp_path: Path) -> AsyncIterator[LocalTestProvider]:
    opened = await LocalTestProvider.open(f"sqlite:///{tmp_path / 'psp.db'}")
    yield opened
    await opened.aclose()


@pytest.fixture
async def shop(tmp_path: Path, provider: LocalTestProvider) -> AsyncIterator[Shop]:
    merchant = await Merchant.open(
        f"sqlite:///{tmp_path / 'merchant.db'}", catalog=catalog(), policy=POLICY, provider=provider
    )
    app = create_merchant_app(merchant, api_keys={API_KEY: "salon"}, deliver_webhooks=False)
    yield Shop(merchant, app, tmp_path / "psp.db")
    await merchant.aclose()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite:///{tmp_path / 'salon.db'}")
    yield opened
    await opened.aclose()


@pytest.fixture
async def wallet(store: Store, provider: LocalTestProvider) -> Wallet:
    wallet = Wallet(store, provider)
    await wallet.add_card(PERSON, card())
    return wallet


def merchant_config() -> MerchantConfig:
    return MerchantConfig.model_validate(
        {
            "name": "shop",
            "api_base_url": BASE_URL,
            "bearer_token": API_KEY,
            "webhook_secret": WEBHOOK_SECRET,
            "merchant_id": MERCHANT_ID,
            "display_name": "Travel Shop",
        }
    )


FlowFactory = Callable[..., CheckoutFlow]


@pytest.fixture
async def make_flow(
    store: Store, wallet: Wallet, shop: Shop, provider: LocalTestProvider
) -> AsyncIterator[FlowFactory]:
    registries: list[MerchantRegistry] = []

    def make(
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        on_store: Store | None = None,
        lease_s: float = 120.0,
        with_wallet: Wallet | None = None,
    ) -> CheckoutFlow:
        registry = MerchantRegistry(
            [merchant_config()], transport=transport or httpx.ASGITransport(app=shop.app)
        )
        registries.append(registry)
        return CheckoutFlow(
            on_store or store, registry, with_wallet or wallet, lease_s=lease_s, provider=provider
        )

    yield make
    for registry in registries:
        await registry.aclose()


def meta(session_id: str) -> dict[str, Any]:
    return {"salon/acp": {"api_base_url": BASE_URL, "checkout_session_id": session_id}}
