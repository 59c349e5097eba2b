"""Amounts: `Total` rows (cart, line item and fulfillment option level), in integer minor units."""

from __future__ import annotations

from typing import Literal

from salon.commerce.acp._base import AcpModel

TotalType = Literal[
    "items_base_amount",
    "items_discount",
    "subtotal",
    "discount",
    "fulfillment",
    "tax",
    "fee",
    "gift_wrap",
    "tip",
    "store_credit",
    "total",
    "amount_refunded",
]


class TaxBreakdownItem(AcpModel):
    jurisdiction: str
    rate: float
    amount: int


class Total(AcpModel):
    type: TotalType
    display_text: str
    amount: int
    presentment_amount: int | None = None
    description: str | None = None
    breakdown: list[TaxBreakdownItem] | None = None


def amount_of(totals: list[Total], kind: TotalType) -> int:
    """The amount of the first row of `kind`, 0 when there is none."""
    return next((total.amount for total in totals if total.type == kind), 0)


__all__ = ["TaxBreakdownItem", "Total", "TotalType", "amount_of"]
