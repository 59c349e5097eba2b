"""A shop app built with the SDK for the end-to-end story: its tools search the bundled shop catalogue
and start ACP checkouts at the test merchant (merchant_server.py). With `view=True` the search results
are a view whose "Buy" button starts the checkout itself (a view's own `tools/call`)."""

from __future__ import annotations

from typing import Annotated

import httpx
from examples.apps.shop.catalog import Catalog
from pydantic import Field

from salon.sdk import SalonApp, ToolResult
from salon.sdk.widgets import Button, List, View
from tests.checkout.conftest import ADDRESS
from tests.checkout.merchant_server import APP_KEY

RESULTS_URI = "ui://shop/results.html"

RESULTS = View(
    List(
        items="products",
        title="{title}",
        label="Products",
        actions=[Button("Buy", tool="start_checkout", arguments={"product_id": "{id}"}, pending="Starting…")],
    ),
    title="Products",
)


def make_shop_app(merchant_url: str, *, view: bool = False) -> SalonApp:
    app = SalonApp("shop", title="Travel Shop", description="Shop travel gear and buy it.", version="1.0.0")
    catalog = Catalog.bundled()
    if view:
        app.add_widget(RESULTS_URI, RESULTS)

    @app.tool(
        read_only=True,
        destructive=False,
        open_world=False,
        title="Search products",
        view=RESULTS_URI if view else None,
    )
    def search_products(
        query: Annotated[str, Field(description="What the person is looking for")],
        max_price: Annotated[float | None, Field(description="Highest price in US dollars")] = None,
        limit: Annotated[int, Field(ge=1, le=10, description="Most products to return")] = 3,
    ) -> ToolResult:
        """Search the travel shop's products."""
        _, found = catalog.search(query, max_price=max_price, category=None, carry_on_only=True, limit=limit)
        lines = [f"{n}. {p['title']} — USD {p['price']:.2f} [{p['id']}]" for n, p in enumerate(found, 1)]
        return ToolResult(text="\n".join(lines), data={"products": found})

    # Starting a checkout moves no money (the host asks the person before anything is paid).
    @app.tool(read_only=True, destructive=False, open_world=False, title="Start checkout")
    async def start_checkout(
        product_id: Annotated[str, Field(description="Product id from search_products")],
    ) -> ToolResult:
        """Start buying one product: the host shows the checkout to the person."""
        async with httpx.AsyncClient(base_url=merchant_url) as client:
            response = await client.post(
                "/checkout_sessions",
                json={
                    "currency": "usd",
                    "line_items": [{"id": product_id, "quantity": 1}],
                    "capabilities": {},
                    "fulfillment_details": {
                        "name": "Ada Lovelace",
                        "email": "ada@example.com",
                        "address": ADDRESS,
                    },
                },
                headers={
                    "Authorization": f"Bearer {APP_KEY}",
                    "API-Version": "2026-04-17",
                    "Idempotency-Key": f"start-{product_id}",
                },
            )
        session = response.json()
        return ToolResult(
            text=f"Checkout started for {product_id}; the host shows it for confirmation.",
            data={"checkout_session_id": session["id"]},
            meta={"salon/acp": {"api_base_url": merchant_url, "checkout_session_id": session["id"]}},
        )

    return app
