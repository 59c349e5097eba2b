"""What the merchant sells, read from its ACP product feed.

A checkout `Item.id` names a feed *variant* (the purchasable unit); the variant's `price` is what the
merchant charges, whatever price an agent might send in the request's `Item.unit_amount` (the feed is
the merchant's truth; an agent's price is at most a hint). Availability comes from the variant's
`availability.available`, and, when the merchant knows it, a stock count caps the quantity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from salon.commerce.acp.feed import Product, ProductsResponse, Variant
from salon.errors import ConfigurationError


@dataclass(frozen=True)
class Offer:
    """One purchasable variant, as the checkout prices it."""

    id: str
    product_id: str
    title: str
    description: str | None
    images: tuple[str, ...]
    unit_amount: int
    currency: str  # lower case, as checkout writes it
    available: bool
    stock: int | None
    url: str | None


class FeedCatalog:
    """The offers of a product feed, by variant id."""

    def __init__(self, products: Iterable[Product], *, stock: Mapping[str, int] | None = None) -> None:
        self.products = list(products)
        self._offers: dict[str, Offer] = {}
        for product in self.products:
            for variant in product.variants:
                if variant.price is None:
                    continue
                if variant.id in self._offers:
                    raise ConfigurationError(
                        f"The product feed lists variant {variant.id!r} twice; variant ids must be unique."
                    )
                count = None if stock is None else stock.get(variant.id)
                self._offers[variant.id] = _offer(product, variant, variant.price.amount, count)

    @classmethod
    def from_feed(cls, feed: ProductsResponse, *, stock: Mapping[str, int] | None = None) -> FeedCatalog:
        return cls(feed.products, stock=stock)

    def feed(self) -> ProductsResponse:
        return ProductsResponse(products=self.products)

    def offer(self, variant_id: str) -> Offer | None:
        return self._offers.get(variant_id)

    def __len__(self) -> int:
        return len(self._offers)


def _offer(product: Product, variant: Variant, unit_amount: int, stock: int | None) -> Offer:
    description = variant.description or product.description
    media = variant.media or product.media or []
    available = variant.availability.available if variant.availability else None
    in_stock = (available is not False) and (stock is None or stock > 0)
    return Offer(
        id=variant.id,
        product_id=product.id,
        title=variant.title,
        description=description.plain if description else None,
        images=tuple(item.url for item in media if item.type == "image"),
        unit_amount=unit_amount,
        currency=variant.price.currency.lower() if variant.price else "usd",
        available=in_stock,
        stock=stock,
        url=variant.url or product.url,
    )


__all__ = ["FeedCatalog", "Offer"]
