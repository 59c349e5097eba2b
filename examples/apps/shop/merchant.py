"""The shop as a merchant: its catalogue as an ACP product feed, its checkout API, its payments.

The shop's 250 products become an ACP feed (one variant per product, priced in cents from the
catalogue's dollars, available while in stock); `salon.commerce` prices checkouts from that feed with
the shop's policy (`MerchantPolicy.shop()`: US shipping in three speeds, free standard shipping from
USD 100, US state sales tax). Payments go to the local test provider, the embedded default.

State lives beside the app's other data (`$SALON_EXAMPLE_DATA_DIR/shop/`): `merchant.db` (sessions,
orders, idempotency keys, webhook outbox) and, unless `SHOP_PAYMENTS_DATABASE_URL` names another,
`payments.db` (the provider's own database). The provider is the payment service both parties talk
to: the agent (Salon's wallet) mints delegated tokens in it and the merchant charges them, so when
Salon pays, the merchant must open Salon's provider database (`salon demo` passes it).

Served on its own (`salon demo` starts it this way, on a loopback port of its choosing):

    python examples/apps/shop/merchant.py --port 8104

it accepts the app's key (`SHOP_MERCHANT_API_KEY`) and the host's (`SHOP_AGENT_API_KEY`), and with
`SHOP_WEBHOOK_URL` and `SHOP_WEBHOOK_SECRET` set it delivers signed order webhooks there from its
outbox. `--fd N` serves on a listening socket the parent already bound (so the parent knows the port,
and requests made before the server is up wait in the socket's backlog instead of failing).

The app's tools reach this API through `checkout.ShopMerchant` (re-exported here).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import uvicorn

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from examples.apps.shop.catalog import Catalog
from examples.apps.shop.checkout import API_KEY_ENV, DEFAULT_API_KEY, MERCHANT_URL_ENV, ShopMerchant
from examples.apps.storage import data_dir
from salon.commerce import FeedCatalog, Merchant, MerchantPolicy, WebhookTarget, create_merchant_app
from salon.commerce.acp.feed import (
    Availability,
    Category,
    Description,
    Media,
    Price,
    Product,
    ProductsResponse,
    Variant,
)
from salon.payments.local import LocalTestProvider

WEBHOOK_URL_ENV = "SHOP_WEBHOOK_URL"  # where order_create / order_update go (the host's receiver)
WEBHOOK_SECRET_ENV = "SHOP_WEBHOOK_SECRET"
AGENT_API_KEY_ENV = "SHOP_AGENT_API_KEY"  # the host's (the agent's) bearer key
PAYMENTS_DATABASE_ENV = "SHOP_PAYMENTS_DATABASE_URL"  # the payment provider's database
BASE_URL = "https://shop.example"


def feed(catalog: Catalog) -> ProductsResponse:
    """The shop's catalogue in the ACP feed schema."""
    products = []
    for item in catalog.products:
        in_stock = item["stock"] > 0
        products.append(
            Product(
                id=item["id"],
                title=item["title"],
                description=Description(plain=item["description"]),
                url=f"{BASE_URL}/products/{item['id']}",
                variants=[
                    Variant(
                        id=item["id"],
                        title=item["title"],
                        price=Price(amount=round(item["price"] * 100), currency=item["currency"]),
                        availability=Availability(
                            available=in_stock, status="in_stock" if in_stock else "out_of_stock"
                        ),
                        categories=[Category(value=f"{item['department']} > {item['category']}")],
                        media=[Media(type="image", url=item["image_url"], alt_text=item["title"])],
                    )
                ],
            )
        )
    return ProductsResponse(products=products)


def feed_catalog(catalog: Catalog) -> FeedCatalog:
    return FeedCatalog.from_feed(
        feed(catalog), stock={item["id"]: item["stock"] for item in catalog.products}
    )


@asynccontextmanager
async def open_merchant(catalog: Catalog, folder: Path | None = None) -> AsyncIterator[Merchant]:
    """The shop's merchant with its local payment provider, both on files under the app's data folder."""
    folder = folder or data_dir("shop")
    payments = os.environ.get(PAYMENTS_DATABASE_ENV) or f"sqlite:///{(folder / 'payments.db').as_posix()}"
    provider = await LocalTestProvider.open(payments)
    try:
        merchant = await Merchant.open(
            f"sqlite:///{(folder / 'merchant.db').as_posix()}",
            catalog=feed_catalog(catalog),
            policy=MerchantPolicy.shop(base_url=BASE_URL),
            provider=provider,
            webhook=_webhook_target(),
        )
        try:
            yield merchant
        finally:
            await merchant.aclose()
    finally:
        await provider.aclose()


def _webhook_target() -> WebhookTarget | None:
    url, secret = os.environ.get(WEBHOOK_URL_ENV), os.environ.get(WEBHOOK_SECRET_ENV)
    return WebhookTarget(url, secret) if url and secret else None


@asynccontextmanager
async def serve_in_process(catalog: Catalog) -> AsyncIterator[httpx.AsyncBaseTransport]:
    """The merchant's ACP API inside the app's own process, as an httpx transport (`ShopMerchant`
    without `SHOP_MERCHANT_URL`)."""
    async with open_merchant(catalog) as merchant:
        app = create_merchant_app(merchant, api_keys=api_keys(), deliver_webhooks=False)
        yield httpx.ASGITransport(app=app)


def api_keys() -> dict[str, str]:
    """Bearer key → caller: the app's key (`SHOP_MERCHANT_API_KEY`), and the host's when it has its
    own (`SHOP_AGENT_API_KEY`); idempotency keys are scoped per caller."""
    keys = {os.environ.get(API_KEY_ENV, DEFAULT_API_KEY): "shop-app"}
    agent = os.environ.get(AGENT_API_KEY_ENV)
    if agent:
        keys[agent] = "agent"
    return keys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the shop's ACP checkout API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--fd", type=int, default=None, help="serve on this inherited listening socket")
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="shut down when stdin closes (the parent that started this server is gone)",
    )
    args = parser.parse_args(argv)
    catalog = Catalog.bundled()
    app = create_merchant_app(lambda: open_merchant(catalog), api_keys=api_keys())
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning"))
    if args.exit_with_stdin:
        threading.Thread(target=_exit_on_eof, args=(server,), daemon=True).start()
    # socket.socket(fileno=...) learns the inherited socket's family itself (uvicorn's own `fd`
    # option assumes a Unix socket).
    server.run(sockets=[socket.socket(fileno=args.fd)] if args.fd is not None else None)


def _exit_on_eof(server: uvicorn.Server) -> None:
    """Even a parent killed outright closes its end of our stdin: then stop, as on SIGTERM."""
    sys.stdin.buffer.read()
    server.should_exit = True


__all__ = [
    "AGENT_API_KEY_ENV",
    "API_KEY_ENV",
    "DEFAULT_API_KEY",
    "MERCHANT_URL_ENV",
    "PAYMENTS_DATABASE_ENV",
    "ShopMerchant",
    "feed",
    "feed_catalog",
    "main",
    "open_merchant",
    "serve_in_process",
]


if __name__ == "__main__":
    main()
