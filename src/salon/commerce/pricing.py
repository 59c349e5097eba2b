"""From what the buyer asked for (a `Cart`) to the session the merchant answers with.

Pricing is a pure function of the cart, the catalogue, the policy and the time: every create and
update re-prices the whole cart, so a session never shows totals that disagree with its lines. The
status it derives is `ready_for_payment` only when every line is in stock, the buyer has given an
address the merchant ships to, and a fulfillment option covers the items; otherwise
`not_ready_for_payment`, with a message saying what is missing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from salon.commerce.acp import (
    PROTOCOL_VERSION,
    Buyer,
    Capabilities,
    CheckoutSession,
    FulfillmentDetails,
    FulfillmentOptionShipping,
    InterventionCapabilities,
    Item,
    LineItem,
    Message,
    MessageError,
    Payment,
    ProtocolVersion,
    SelectedFulfillmentOption,
    SessionStatus,
    Total,
)
from salon.commerce.catalog import FeedCatalog, Offer
from salon.commerce.policy import MerchantPolicy, ShippingRate, TaxTable

_MERCHANT_INTERVENTIONS = ("3ds",)


class CartLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    quantity: int = Field(ge=1)


class Cart(BaseModel):
    """What the buyer asked for, as the merchant keeps it between requests."""

    model_config = ConfigDict(extra="forbid")
    currency: str
    lines: list[CartLine]
    buyer: Buyer | None = None
    fulfillment_details: FulfillmentDetails | None = None
    selected: list[SelectedFulfillmentOption] | None = None
    order_notes: str | None = None
    agent_interventions: list[str] = Field(default_factory=list)
    created_at: float


def rfc3339(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def price(
    cart: Cart,
    *,
    session_id: str,
    catalog: FeedCatalog,
    policy: MerchantPolicy,
    psp: str,
    now: float,
    status: SessionStatus | None = None,
    extra_messages: list[Message] | None = None,
) -> CheckoutSession:
    """The session for `cart`. `status`, when given, replaces the derived one (the completion flow's
    states); `extra_messages` are shown before the derived messages."""
    address = cart.fulfillment_details.address if cart.fulfillment_details else None
    rate = policy.tax.rate(address.country if address else None, address.state if address else None)
    messages: list[Message] = list(extra_messages or [])
    line_items: list[LineItem] = []
    items_base = tax = 0
    for index, line in enumerate(cart.lines):
        offer = catalog.offer(line.id)
        if offer is None:  # vanished from the feed since the session was created
            messages.append(
                _error("not_found", f"$.line_items[{index}]", f"Item {line.id} is no longer sold.")
            )
            continue
        line_items.append(_line_item(offer, line.quantity, rate))
        items_base += offer.unit_amount * line.quantity
        tax += line_items[-1].totals[3].amount
        messages.extend(_stock_messages(offer, line.quantity, index))

    options = [_shipping_option(rate_, items_base, now) for rate_ in policy.shipping]
    selected: list[SelectedFulfillmentOption] = []
    if address is None:
        messages.append(
            _error(
                "missing", "$.fulfillment_details.address", "Add a shipping address to see delivery and pay."
            )
        )
    elif not policy.ships_to(address.country):
        messages.append(
            _error(
                "region_restricted",
                "$.fulfillment_details.address.country",
                f"{policy.name} does not ship to {address.country}.",
            )
        )
        options = []
    else:
        selected = _selection(cart, options)
    fulfillment = sum(
        option.totals[-1].amount for option in options if any(s.option_id == option.id for s in selected)
    )
    if policy.tax.tax_shipping:
        tax += policy.tax.apply(rate, fulfillment)
    totals = [
        Total(type="items_base_amount", display_text="Item(s) total", amount=items_base),
        Total(type="subtotal", display_text="Subtotal", amount=items_base),
        Total(type="tax", display_text="Tax", amount=tax),
    ]
    if selected:
        totals.append(Total(type="fulfillment", display_text="Fulfillment", amount=fulfillment))
    totals.append(Total(type="total", display_text="Total", amount=items_base + tax + fulfillment))

    # Messages passed in (a declined payment) do not keep the session from being paid again.
    derived = messages[len(extra_messages or []) :]
    ready = bool(selected) and not any(isinstance(message, MessageError) for message in derived)
    agreed = [name for name in cart.agent_interventions if name in _MERCHANT_INTERVENTIONS]
    return CheckoutSession(
        id=session_id,
        protocol=ProtocolVersion(version=PROTOCOL_VERSION),
        capabilities=Capabilities(
            payment=Payment(handlers=[policy.payment_handler(psp)]),
            interventions=InterventionCapabilities(
                supported=agreed,
                required=[],
                enforcement="conditional",
            ),
        ),
        buyer=cart.buyer,
        status=status or ("ready_for_payment" if ready else "not_ready_for_payment"),
        currency=cart.currency,
        line_items=line_items,
        fulfillment_details=cart.fulfillment_details,
        fulfillment_options=options,
        selected_fulfillment_options=selected or None,
        totals=totals,
        messages=messages,
        links=list(policy.links),
        created_at=rfc3339(cart.created_at),
        updated_at=rfc3339(now),
    )


def _line_item(offer: Offer, quantity: int, rate: Decimal) -> LineItem:
    base = offer.unit_amount * quantity
    line_tax = TaxTable.apply(rate, base)
    return LineItem(
        id=f"li_{offer.id}",
        item=Item(id=offer.id),
        quantity=quantity,
        name=offer.title,
        description=offer.description,
        images=list(offer.images) or None,
        unit_amount=offer.unit_amount,
        product_id=offer.product_id,
        availability_status="in_stock" if offer.available else "out_of_stock",
        available_quantity=offer.stock,
        totals=[
            Total(type="items_base_amount", display_text="Base Amount", amount=base),
            Total(type="discount", display_text="Discount", amount=0),
            Total(type="subtotal", display_text="Subtotal", amount=base),
            Total(type="tax", display_text="Tax", amount=line_tax),
            Total(type="total", display_text="Total", amount=base + line_tax),
        ],
    )


def _stock_messages(offer: Offer, quantity: int, index: int) -> list[Message]:
    if not offer.available:
        return [_error("out_of_stock", f"$.line_items[{index}]", f"{offer.title} is out of stock.")]
    if offer.stock is not None and quantity > offer.stock:
        return [
            _error(
                "quantity_exceeded",
                f"$.line_items[{index}].quantity",
                f"Only {offer.stock} of {offer.title} are in stock; lower the quantity.",
            )
        ]
    return []


def _shipping_option(rate: ShippingRate, subtotal: int, now: float) -> FulfillmentOptionShipping:
    start = datetime.fromtimestamp(now, UTC)
    return FulfillmentOptionShipping(
        id=rate.id,
        title=rate.title,
        description=rate.description,
        carrier=rate.carrier,
        earliest_delivery_time=rfc3339((start + timedelta(days=rate.min_days)).timestamp()),
        latest_delivery_time=rfc3339((start + timedelta(days=rate.max_days)).timestamp()),
        totals=[Total(type="total", display_text=rate.title, amount=rate.price(subtotal))],
    )


def _selection(cart: Cart, options: list[FulfillmentOptionShipping]) -> list[SelectedFulfillmentOption]:
    """The buyer's choice when it names an offered option, else the first (cheapest listed) option."""
    item_ids = [line.id for line in cart.lines]
    offered = {option.id for option in options}
    chosen = [choice for choice in cart.selected or [] if choice.option_id in offered]
    if chosen:
        # Items may have changed since the choice was made: a choice covers the cart's items only.
        return [
            choice.model_copy(update={"item_ids": [i for i in choice.item_ids if i in item_ids] or item_ids})
            for choice in chosen
        ]
    if not options:
        return []
    return [SelectedFulfillmentOption(type="shipping", option_id=options[0].id, item_ids=item_ids)]


def _error(code: str, param: str, content: str) -> MessageError:
    return MessageError(
        code=code,
        param=param,
        content=content,
        resolution="requires_buyer_input",
    )


__all__ = ["Cart", "CartLine", "price", "rfc3339"]
