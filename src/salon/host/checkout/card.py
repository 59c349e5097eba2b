"""The checkout card: what the host shows the person before they pay, built from the merchant's own
copy of the session (never the app's or the view's), the person's payment methods and their caps.

    card = build_card(session, merchant, methods, decision)

The card is plain JSON (it travels in the `checkout_required` event and is stored with the checkout):

    merchant        {name, title}
    session_id, status, ready (the merchant says it can be paid now)
    items           [{name, quantity, unit_amount, total, image}]
    shipping        {title, amount, delivery} of the selected option, or None
    ship_to         the delivery address the merchant has, on one line, or None
    subtotal, shipping_amount, tax, total, currency   (integer minor units)
    goods           the kinds of goods: "physical" for anything shipped, picked up or delivered
    payment_methods [{id, brand, last4, exp_month, exp_year}], newest first
    caps            {allowed, message, cap, extra_confirmation_required}
    links           the merchant's links (return policy, terms, support…) [{type, title, url}]
    messages        what the merchant says about the session [{type, code, content}]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salon.commerce.acp import CheckoutSession, LineItem, amount_of
from salon.host.checkout.merchants import MerchantConfig
from salon.store.payment_methods import StoredPaymentMethod
from salon.store.spend_caps import CapDecision

PHYSICAL_FULFILLMENT = frozenset({"shipping", "pickup", "local_delivery"})


def session_total(session: CheckoutSession) -> int:
    return amount_of(session.totals, "total")


def item_types(session: CheckoutSession) -> list[str]:
    """One kind per line item: `physical` when it is shipped, picked up or delivered, else what its
    fulfillment says (`digital`). An item with no fulfillment chosen counts by the options offered."""
    chosen: dict[str, str] = {}
    for selection in session.selected_fulfillment_options or []:
        for item_id in selection.item_ids:
            chosen[item_id] = selection.type
    offered = {option.type for option in session.fulfillment_options}
    default = "shipping" if offered & PHYSICAL_FULFILLMENT or not offered else sorted(offered)[0]
    kinds = []
    for line in session.line_items:
        fulfillment = chosen.get(line.id, default)
        kinds.append("physical" if fulfillment in PHYSICAL_FULFILLMENT else fulfillment)
    return kinds


def _item(line: LineItem) -> dict[str, Any]:
    return {
        "id": line.id,
        "name": line.name or line.item.name or line.item.id,
        "quantity": line.quantity,
        "unit_amount": line.unit_amount if line.unit_amount is not None else line.item.unit_amount,
        "total": amount_of(line.totals, "total") or amount_of(line.totals, "subtotal"),
        "image": line.images[0] if line.images else None,
    }


def _shipping(session: CheckoutSession) -> dict[str, Any] | None:
    selected = {s.option_id for s in session.selected_fulfillment_options or []}
    for option in session.fulfillment_options:
        if option.id not in selected:
            continue
        delivery = None
        earliest = getattr(option, "earliest_delivery_time", None)
        latest = getattr(option, "latest_delivery_time", None)
        if earliest and latest:
            delivery = f"{earliest[:10]} – {latest[:10]}"
        return {
            "id": option.id,
            "type": option.type,
            "title": option.title,
            "amount": amount_of(option.totals, "total"),
            "delivery": delivery,
        }
    return None


def _ship_to(session: CheckoutSession) -> str | None:
    details = session.fulfillment_details
    if details is None or details.address is None:
        return None
    a = details.address
    return ", ".join(
        part for part in (a.name, a.line_one, a.line_two, a.city, a.state, a.postal_code, a.country) if part
    )


def build_card(
    session: CheckoutSession,
    merchant: MerchantConfig,
    methods: Sequence[StoredPaymentMethod],
    decision: CapDecision | None,
) -> dict[str, Any]:
    kinds = item_types(session)
    return {
        "merchant": {"name": merchant.name, "title": merchant.title},
        "session_id": session.id,
        "status": session.status,
        "ready": session.status == "ready_for_payment",
        "items": [_item(line) for line in session.line_items],
        "shipping": _shipping(session),
        "subtotal": amount_of(session.totals, "subtotal"),
        "shipping_amount": amount_of(session.totals, "fulfillment"),
        "tax": amount_of(session.totals, "tax"),
        "total": session_total(session),
        "currency": session.currency.lower(),
        "goods": sorted(set(kinds)),
        "ship_to": _ship_to(session),
        "payment_methods": [
            {
                "id": method.id,
                "brand": method.brand,
                "last4": method.last4,
                "exp_month": method.exp_month,
                "exp_year": method.exp_year,
            }
            for method in methods
        ],
        "caps": {
            "allowed": decision.allowed if decision else True,
            "message": decision.message if decision else "",
            "cap": decision.cap if decision else None,
            "extra_confirmation_required": decision.extra_confirmation_required if decision else False,
        },
        "links": [link.model_dump(mode="json", exclude_none=True) for link in session.links],
        "messages": [
            {"type": m.type, "code": getattr(m, "code", None), "content": m.content} for m in session.messages
        ],
    }


def money(amount: int, currency: str) -> str:
    return f"{currency.upper()} {amount / 100:,.2f}"


__all__ = ["build_card", "item_types", "money", "session_total"]
