"""The shop app's views, built with the widget kit: search results as a carousel, one product's details.

Product image URLs in the catalogue point nowhere, so the views draw a placeholder for each product.
"Details" asks the assistant about the product (a message in the conversation), which calls `get_product`;
"Buy" says the person wants it, and the assistant calls `start_checkout`. The checkout itself is shown and
confirmed by the host, never by these views.
"""

from __future__ import annotations

from salon.sdk.widgets import Badge, Button, Card, Carousel, Details, Rating, Text, View

RESULTS_URI = "ui://shop/results.html"
PRODUCT_URI = "ui://shop/product.html"

results = View(
    Carousel(
        items="products",
        label="Products",
        empty="No products match.",
        card=Card(
            title="{title}",
            image="{image_url}",
            image_alt="Photo of {title}",
            subtitle="{brand} · {category}",
            badge="{price|money:currency}",
            body=[
                Rating("rating", max=5, style="number"),
                Badge("Fits carry-on limits", tone="success", when="carry_on_compliant"),
                Text("Out of stock", tone="danger", unless="stock"),
            ],
            actions=[
                Button("Details", message="Tell me more about the {title} ({id})."),
                Button("Buy", variant="primary", message="I want to buy the {title} ({id})."),
            ],
        ),
    ),
    title="Product results",
    display_modes=("inline", "fullscreen"),
)

product = View(
    Card(
        title="{product.title}",
        image="{product.image_url}",
        image_alt="Photo of {product.title}",
        subtitle="{product.brand} · {product.category}",
        badge="{product.price|money:product.currency}",
        body=[
            Rating("product.rating", max=5, style="number"),
            Badge("Fits carry-on limits", tone="success", when="product.carry_on_compliant"),
            Badge("Too big for the cabin", tone="warning", unless="product.carry_on_compliant"),
            Text("{product.description}"),
            Details(
                {
                    "Price": "{product.price|money:product.currency}",
                    "Size": (
                        "{product.dimensions_cm.0} × {product.dimensions_cm.1} × {product.dimensions_cm.2} cm"
                    ),
                    "Weight": "{product.weight_kg} kg",
                    "Capacity": "{product.capacity_l} L",
                    "Colour": "{product.colour}",
                    "Reviews": "{product.review_count}",
                    "In stock": "{product.stock}",
                }
            ),
        ],
    ),
    title="Product details",
)
