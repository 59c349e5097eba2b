"""The test merchant served from its own event loop: the salon.commerce kit opened inside the server's
lifespan (so it can run on a real socket in another thread or process), selling the bundled shop
catalogue. Imports nothing of the SDK, so a merchant process starts quickly."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from examples.apps.shop.catalog import Catalog
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from salon.commerce import FeedCatalog, Merchant, create_merchant_app
from salon.commerce.acp.feed import Availability, Description, Media, Price, Product, Variant
from salon.payments import LocalTestProvider
from tests.checkout.conftest import API_KEY, POLICY

APP_KEY = "sk_shop_app_backend"


def shop_feed() -> FeedCatalog:
    """The bundled shop products as the merchant's ACP feed (prices in cents)."""
    products = Catalog.bundled()._products
    return FeedCatalog(
        [
            Product(
                id=f"prod_{item['id']}",
                title=item["title"],
                variants=[
                    Variant(
                        id=item["id"],
                        title=item["title"],
                        description=Description(plain=item["description"]),
                        price=Price(amount=round(item["price"] * 100), currency="USD"),
                        availability=Availability(available=item["stock"] > 0, status="in_stock"),
                        media=[Media(type="image", url=item["image_url"])],
                    )
                ],
            )
            for item in products
        ],
        stock={item["id"]: item["stock"] for item in products},
    )


class MerchantServer:
    """An ASGI app that opens the merchant (and its provider) in its own lifespan."""

    def __init__(
        self,
        directory: Path,
        *,
        provider_class: type[LocalTestProvider] = LocalTestProvider,
        lease: float = 60.0,
    ) -> None:
        self.directory = directory
        self.provider_class = provider_class
        self.lease = lease
        self._inner: Any = None
        self._lifespan = Starlette(lifespan=self._open)

    @contextlib.asynccontextmanager
    async def _open(self, _: Starlette) -> AsyncIterator[None]:
        provider = await self.provider_class.open(f"sqlite:///{self.directory / 'psp.db'}")
        merchant = await Merchant.open(
            f"sqlite:///{self.directory / 'merchant.db'}",
            catalog=shop_feed(),
            policy=POLICY,
            provider=provider,
            lease=self.lease,
        )
        self._inner = create_merchant_app(
            merchant, api_keys={API_KEY: "salon", APP_KEY: "shop-app"}, deliver_webhooks=False
        )
        try:
            yield
        finally:
            await merchant.aclose()
            await provider.aclose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
        else:
            await self._inner(scope, receive, send)
