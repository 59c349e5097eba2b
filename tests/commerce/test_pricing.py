"""The merchant policy: sales tax by destination rounded per line, flat shipping rates with a free
threshold, and no shipping where the merchant does not ship."""

from __future__ import annotations

from decimal import Decimal

from salon.commerce import FeedCatalog, MerchantPolicy
from salon.commerce.acp import Address, FulfillmentDetails, amount_of
from salon.commerce.acp.feed import Price, Product, Variant
from salon.commerce.pricing import Cart, CartLine, price

SHOP = MerchantPolicy.shop()
CATALOG = FeedCatalog(
    [
        Product(
            id="cheap",
            variants=[Variant(id="cheap", title="Luggage tag", price=Price(amount=1999, currency="USD"))],
        ),
        Product(
            id="dear",
            variants=[Variant(id="dear", title="Suitcase", price=Price(amount=24_999, currency="USD"))],
        ),
    ]
)


def _cart(item: str, quantity: int = 1, *, state: str = "CA", country: str = "US") -> Cart:
    address = Address(name="A", line_one="1 St", city="X", state=state, country=country, postal_code="1")
    return Cart(
        currency="usd",
        lines=[CartLine(id=item, quantity=quantity)],
        fulfillment_details=FulfillmentDetails(address=address),
        created_at=1_790_000_000,
    )


def _totals(cart: Cart) -> dict[str, int]:
    session = price(cart, session_id="cs_1", catalog=CATALOG, policy=SHOP, psp="local", now=1_790_000_000)
    return {row.type: row.amount for row in session.totals}


def test_california_tax_is_rounded_half_up_on_each_line() -> None:
    # 3 × 19.99 = 59.97; 7.25 % of 5997 cents = 434.78 → 435.
    assert _totals(_cart("cheap", 3))["tax"] == 435


def test_a_state_without_its_own_rate_pays_the_default_rate_and_oregon_pays_none() -> None:
    assert _totals(_cart("cheap", state="OH"))["tax"] == round(1999 * Decimal("0.06"))
    assert _totals(_cart("cheap", state="OR"))["tax"] == 0


def test_standard_shipping_is_free_from_one_hundred_dollars() -> None:
    assert _totals(_cart("cheap"))["fulfillment"] == 599
    assert _totals(_cart("dear"))["fulfillment"] == 0


def test_the_shop_does_not_ship_abroad_and_says_so() -> None:
    session = price(
        _cart("cheap", country="FR"), session_id="cs_1", catalog=CATALOG, policy=SHOP, psp="local", now=0
    )

    assert session.status == "not_ready_for_payment"
    assert session.fulfillment_options == []
    assert [message.code for message in session.messages] == ["region_restricted"]  # type: ignore[union-attr]
    assert amount_of(session.totals, "fulfillment") == 0


def test_delivery_estimates_are_the_rates_days_after_pricing() -> None:
    session = price(
        _cart("cheap"), session_id="cs_1", catalog=CATALOG, policy=SHOP, psp="local", now=1_790_000_000
    )
    standard = session.fulfillment_options[0]

    assert standard.id == "ship_standard"
    assert standard.earliest_delivery_time == "2026-09-26T14:13:20Z"  # type: ignore[union-attr]
    assert standard.latest_delivery_time == "2026-09-28T14:13:20Z"  # type: ignore[union-attr]
