"""What is bought: the request `Item` and the session's priced `LineItem`.

The 2026-04-17 request `Item` has no `quantity` (upstream issue #264): a buyer who wants two of
something cannot say so. `RequestItem` accepts a `quantity` anyway (default 1), as the fixture README
asks; the response's `LineItem.item` is the schema's plain `Item`, so what the merchant writes stays
valid against the schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from salon.commerce.acp._base import AcpModel
from salon.commerce.acp.totals import Total


class Item(AcpModel):
    id: str = Field(min_length=1)
    name: str | None = None
    unit_amount: int | None = None


class RequestItem(Item):
    """An `Item` in a create or update request, with the quantity ACP forgot."""

    quantity: int = Field(default=1, ge=1, le=999)


class Disclosure(AcpModel):
    type: Literal["disclaimer"]
    content_type: Literal["plain", "markdown"]
    content: str


class CustomAttribute(AcpModel):
    display_name: str
    value: str


class MarketplaceSellerDetails(AcpModel):
    name: str


class LineItem(AcpModel):
    id: str
    item: Item
    quantity: int = Field(ge=1)
    name: str | None = None
    description: str | None = None
    images: list[str] | None = None
    unit_amount: int | None = None
    disclosures: list[Disclosure] | None = None
    custom_attributes: list[CustomAttribute] | None = None
    marketplace_seller_details: MarketplaceSellerDetails | None = None
    product_id: str | None = None
    sku: str | None = None
    variant_id: str | None = None
    category: str | None = None
    tags: list[str] | None = None
    weight: dict[str, Any] | None = None
    dimensions: dict[str, Any] | None = None
    availability_status: Literal["in_stock", "low_stock", "out_of_stock", "backorder", "pre_order"] | None = (
        None
    )
    available_quantity: int | None = Field(default=None, ge=0)
    max_quantity_per_order: int | None = Field(default=None, ge=1)
    fulfillable_on: str | None = None
    variant_options: list[dict[str, Any]] | None = None
    discount_details: list[dict[str, Any]] | None = None
    tax_exempt: bool | None = None
    tax_exemption_reason: str | None = None
    parent_id: str | None = None
    totals: list[Total]


__all__ = [
    "CustomAttribute",
    "Disclosure",
    "Item",
    "LineItem",
    "MarketplaceSellerDetails",
    "RequestItem",
]
