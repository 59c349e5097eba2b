"""The merchant's policy: who it is (name, links, support), how it ships, how it taxes.

Shipping: each `ShippingRate` is one option offered for every cart, at a flat `amount`, free when the
cart's subtotal reaches `free_over`; delivery is promised `min_days`..`max_days` calendar days after
the session is priced. Rates are offered only once the buyer has given an address in `countries`
(every country when `countries` is empty).

Tax: a rate by destination, looked up as `"US-CA"` (country and state) first, then `"US"` (country),
then `default_rate`; applied to each line's subtotal and rounded half up to the minor unit, so the
cart's tax is the sum of its lines' taxes. Shipping is not taxed unless `tax_shipping` is set, in which
case the selected option's amount is taxed at the same rate. Before an address is known the default
rate is shown.

`MerchantPolicy.shop()` is the shop example's policy; tests build others (the conformance suite uses
one whose ids and amounts match the ACP examples).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from salon.commerce.acp.messages import Link
from salon.commerce.acp.order import SupportInfo
from salon.commerce.acp.payment import PaymentHandler


@dataclass(frozen=True)
class ShippingRate:
    id: str
    title: str
    amount: int
    min_days: int
    max_days: int
    carrier: str | None = None
    description: str | None = None
    free_over: int | None = None

    def price(self, subtotal: int) -> int:
        return 0 if self.free_over is not None and subtotal >= self.free_over else self.amount


@dataclass(frozen=True)
class TaxTable:
    default_rate: Decimal = Decimal("0")
    rates: Mapping[str, Decimal] = field(default_factory=dict)
    tax_shipping: bool = False

    def rate(self, country: str | None, state: str | None) -> Decimal:
        if country:
            country = country.upper()
            if state and f"{country}-{state.upper()}" in self.rates:
                return self.rates[f"{country}-{state.upper()}"]
            if country in self.rates:
                return self.rates[country]
        return self.default_rate

    @staticmethod
    def apply(rate: Decimal, amount: int) -> int:
        return int((rate * amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class MerchantPolicy:
    name: str
    merchant_id: str  # the id the PSP knows the merchant by; delegated allowances name it
    currency: str
    shipping: tuple[ShippingRate, ...]
    tax: TaxTable
    permalink_base: str  # order pages: f"{permalink_base}/{order_id}"
    links: tuple[Link, ...] = ()
    support: SupportInfo | None = None
    countries: frozenset[str] = frozenset()
    handler_id: str = "card_tokenized"
    accepted_brands: tuple[str, ...] = ("visa", "mastercard", "amex", "discover")

    def ships_to(self, country: str) -> bool:
        return not self.countries or country.upper() in self.countries

    def payment_handler(self, psp: str) -> PaymentHandler:
        """The one handler this merchant offers: a card, paid with a PSP-delegated token."""
        return PaymentHandler(
            id=self.handler_id,
            name="dev.acp.tokenized.card",
            display_name="Card",
            version="2026-01-22",
            spec="https://acp.dev/handlers/tokenized.card",
            requires_delegate_payment=True,
            requires_pci_compliance=False,
            psp=psp,
            config_schema="https://acp.dev/schemas/handlers/tokenized.card/config.json",
            instrument_schemas=["https://acp.dev/schemas/handlers/tokenized.card/instrument.json"],
            config={
                "merchant_id": self.merchant_id,
                "psp": psp,
                "accepted_brands": list(self.accepted_brands),
                "accepted_funding_types": ["credit", "debit"],
                "supports_3ds": True,
            },
        )

    @classmethod
    def shop(cls, *, base_url: str = "https://shop.example") -> MerchantPolicy:
        """The travel shop's policy: US-only shipping in three speeds, US state sales tax."""
        return cls(
            name="Travel Shop",
            merchant_id="merchant_travel_shop",
            currency="usd",
            shipping=(
                ShippingRate(
                    "ship_standard", "Standard", 599, 5, 7, "USPS", "Arrives in 5-7 days", free_over=10_000
                ),
                ShippingRate("ship_express", "Express", 1_999, 2, 3, "UPS", "Arrives in 2-3 days"),
                ShippingRate("ship_overnight", "Overnight", 4_499, 1, 1, "UPS", "Next business day"),
            ),
            tax=TaxTable(
                default_rate=Decimal("0.06"),
                rates={
                    "US-CA": Decimal("0.0725"),
                    "US-NY": Decimal("0.04"),
                    "US-TX": Decimal("0.0625"),
                    "US-WA": Decimal("0.065"),
                    "US-OR": Decimal("0"),
                    "US-DE": Decimal("0"),
                },
            ),
            permalink_base=f"{base_url}/orders",
            links=(
                Link(type="terms_of_use", url=f"{base_url}/legal/terms"),
                Link(type="return_policy", url=f"{base_url}/legal/returns"),
                Link(type="support", url=f"{base_url}/help"),
            ),
            support=SupportInfo(
                email="help@shop.example", hours="Mon-Fri 9:00-17:00 ET", help_center_url=f"{base_url}/help"
            ),
            countries=frozenset({"US"}),
        )


__all__ = ["MerchantPolicy", "ShippingRate", "TaxTable"]
