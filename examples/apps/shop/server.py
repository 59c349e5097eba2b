"""Shop: a catalogue of 250 travel goods — luggage, bags, travel accessories and electronics.

Run it as an MCP server over stdio (the default) or Streamable HTTP:

    python examples/apps/shop/server.py
    python examples/apps/shop/server.py --transport http --port 8103

Searching and product details only read the catalogue. `start_checkout` makes the shop a merchant:
it creates an Agentic Commerce Protocol checkout session through the shop's ACP checkout API
(`merchant.py`, reached through `checkout.py`) and names the session in the result's
`_meta["salon/acp"]` (`api_base_url`, `checkout_session_id`) for the host, which fetches it from the
merchant itself and renders its own checkout card. The app never completes a purchase: only the
person's confirmation in the host does, by paying the session with a delegated token.

With `SHOP_MERCHANT_URL` the app talks to a merchant server of its own (as `salon demo` runs it);
without, it serves the merchant in-process for its own use and names no session to the host.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from pydantic import Field

if __package__ in (None, ""):
    # Started as a script: make the repository root importable, as `python -m examples.apps.shop.server`
    # would, so the absolute imports below work both ways.
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from examples.apps.shop.catalog import Catalog, Category, describe_product, split_budget
from examples.apps.shop.checkout import ShopMerchant
from examples.apps.shop.views import PRODUCT_URI, RESULTS_URI, product, results
from salon.sdk import SalonApp, ToolResult

app = SalonApp(
    "shop",
    title="Travel Shop",
    description="Shop suitcases, carry-on bags, backpacks, travel accessories and travel electronics.",
    version="1.0.0",
)
catalog = Catalog.bundled()
merchant = ShopMerchant(catalog)
app.add_widget(RESULTS_URI, results)
app.add_widget(PRODUCT_URI, product)


@app.tool(
    read_only=True,
    destructive=False,
    open_world=False,
    title="Search products",
    activity="Searching the shop…",
    view=RESULTS_URI,
)
def search_products(
    query: Annotated[
        str,
        Field(
            description="What the person is looking for, e.g. 'hard-shell carry-on' or 'noise cancelling'."
        ),
    ],
    max_price: Annotated[
        float | None, Field(gt=0, description="Highest price to show, in US dollars.")
    ] = None,
    category: Annotated[
        Category | None,
        Field(description="Only this category or department, e.g. 'carry-on luggage' or 'electronics'."),
    ] = None,
    carry_on_only: Annotated[
        bool,
        Field(description="Only items allowed in the cabin: bags within 55×40×23 cm, power banks ≤ 100 Wh."),
    ] = False,
    limit: Annotated[int, Field(ge=1, le=30, description="Most products to return (1–30).")] = 8,
) -> ToolResult:
    """Search the travel shop's products: suitcases and carry-on luggage, backpacks and duffels, packing
    cubes and travel accessories, headphones, power banks, chargers and e-readers.

    Use it when someone wants to buy or compare travel gear, optionally under a budget or only items
    that fit airline carry-on limits. Results are numbered with prices, ratings and product ids; pass
    an id to get_product for the full details.
    """
    query, budget = split_budget(query)
    if budget is not None:
        max_price = budget if max_price is None else min(max_price, budget)
    total, found = catalog.search(
        query, max_price=max_price, category=category, carry_on_only=carry_on_only, limit=limit
    )
    filters = [
        f"in {category}" if category else "",
        f"under USD {max_price:,.2f}" if max_price is not None else "",
        "carry-on compliant" if carry_on_only else "",
    ]
    described = ", ".join(part for part in [f"{query!r}" if query.strip() else "", *filters] if part)
    described = described or "anything"
    head = f"{total} products match {described}" if query.strip() else f"{total} products ({described})"
    data = {"query": query, "total_matches": total, "products": found}
    if not found:
        return ToolResult(
            text=f"No products match {described}. Try fewer words, a higher budget, or no category.",
            data=data,
        )
    lines = [f"{head}; the top {len(found)}, best first:"]
    lines.extend(f"{number}. {describe_product(product)}" for number, product in enumerate(found, start=1))
    return ToolResult(text="\n".join(lines), data=data)


@app.tool(
    read_only=True,
    destructive=False,
    open_world=False,
    title="Product details",
    activity="Looking up the product…",
    view=PRODUCT_URI,
)
def get_product(
    product_id: Annotated[str, Field(description="Product id from search_products, e.g. 'prd-0042'.")],
) -> ToolResult:
    """Get the full details of one product: price, size in cm, weight, carry-on compliance, rating,
    stock and description.

    Use it when the person asks about a specific product, e.g. whether it fits in the cabin or how much
    it weighs.
    """
    product = catalog.get(product_id)
    if product is None:
        return ToolResult(
            is_error=True,
            text=(
                f"No product has the id {product_id!r}. Product ids look like 'prd-0042'; call "
                f"search_products first and use an id from its results."
            ),
        )
    height, width, depth = product["dimensions_cm"]
    stock = f"{product['stock']} in stock" if product["stock"] else "out of stock"
    cabin = "fits common carry-on limits" if product["carry_on_compliant"] else "does not fit carry-on limits"
    text = (
        f"{product['title']} by {product['brand']} ({product['category']}): {product['currency']} "
        f"{product['price']:,.2f}, {product['rating']}★ from {product['review_count']} reviews, {stock}. "
        f"{height:g} × {width:g} × {depth:g} cm, {product['weight_kg']:g} kg, {cabin}. "
        f"{product['description']}"
    )
    return ToolResult(text=text, data={"product": product})


@app.tool(
    read_only=False,
    destructive=False,
    open_world=False,
    title="Start checkout",
    activity="Starting checkout…",
)
async def start_checkout(
    product_id: Annotated[str, Field(description="Product id from search_products, e.g. 'prd-0042'.")],
    quantity: Annotated[int, Field(ge=1, le=10, description="How many to buy (1–10).")] = 1,
) -> ToolResult:
    """Start buying a product: opens a checkout with the shop for the product and quantity, priced with
    taxes and shipping options once the person's address is known.

    Use it when the person says they want to buy a product. It does not charge anything: the person
    reviews and confirms the checkout (address, shipping, payment) in the host, which completes it.
    """
    product = catalog.get(product_id)
    if product is None:
        return ToolResult(
            is_error=True,
            text=(
                f"No product has the id {product_id!r}. Product ids look like 'prd-0042'; call "
                f"search_products first and use an id from its results."
            ),
        )
    status, session = await merchant.start_checkout([{"id": product["id"], "quantity": quantity}])
    if status != 201:
        return ToolResult(
            is_error=True, text=f"The shop could not start a checkout: {session.get('message')}"
        )
    total = next(row["amount"] for row in session["totals"] if row["type"] == "total")
    problems = [message["content"] for message in session["messages"] if message["type"] == "error"]
    text = (
        f"Checkout {session['id']} started for {quantity} × {product['title']}: "
        f"{session['currency'].upper()} {total / 100:,.2f} before shipping. "
        + (" ".join(problems) if problems else "It is ready for the person to confirm and pay.")
        + " The host shows the checkout for the person to confirm; nothing is charged until they do."
    )
    return ToolResult(
        text=text, data={"checkout_session": session}, meta=merchant.checkout_meta(str(session["id"]))
    )


if __name__ == "__main__":
    app.run()
