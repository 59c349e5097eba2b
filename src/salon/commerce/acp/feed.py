"""The ACP product feed (2026-04-17 Feed API): products, their variants, prices and availability.

A variant is what a checkout `Item.id` names: it carries the price (`Price.amount` in minor units,
`currency` upper case as the feed schema writes it) and the availability the merchant prices from.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from salon.commerce.acp._base import AcpModel


class Description(AcpModel):
    plain: str | None = None
    html: str | None = None
    markdown: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Description:
        if self.plain is None and self.html is None and self.markdown is None:
            raise ValueError("a description needs plain, html or markdown text")
        return self


class Price(AcpModel):
    amount: int = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class Availability(AcpModel):
    available: bool | None = None
    status: str | None = None


class Barcode(AcpModel):
    type: str
    value: str


class Media(AcpModel):
    type: str
    url: str
    alt_text: str | None = None
    width: int | None = None
    height: int | None = None


class VariantOption(AcpModel):
    name: str
    value: str


class Category(AcpModel):
    value: str
    taxonomy: str | None = None


class FeedLink(AcpModel):
    type: str
    title: str | None = None
    url: str


class Seller(AcpModel):
    name: str | None = None
    links: list[FeedLink] | None = None


class Measure(AcpModel):
    value: float
    unit: str


class ReferenceMeasure(AcpModel):
    value: int
    unit: str


class UnitPrice(AcpModel):
    amount: int = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    measure: Measure
    reference: ReferenceMeasure


class Variant(AcpModel):
    id: str
    title: str
    description: Description | None = None
    url: str | None = None
    barcodes: list[Barcode] | None = None
    price: Price | None = None
    list_price: Price | None = None
    unit_price: UnitPrice | None = None
    availability: Availability | None = None
    categories: list[Category] | None = None
    condition: list[str] | None = None
    variant_options: list[VariantOption] | None = None
    media: list[Media] | None = None
    seller: Seller | None = None
    marketplace: Seller | None = None


class Product(AcpModel):
    id: str
    title: str | None = None
    description: Description | None = None
    url: str | None = None
    media: list[Media] | None = None
    variants: list[Variant]


class ProductsResponse(AcpModel):
    products: list[Product]


class FeedMetadata(AcpModel):
    id: str
    target_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    updated_at: str | None = None


__all__ = [
    "Availability",
    "Barcode",
    "Category",
    "Description",
    "FeedLink",
    "FeedMetadata",
    "Media",
    "Price",
    "Product",
    "ProductsResponse",
    "Seller",
    "UnitPrice",
    "Variant",
    "VariantOption",
]
