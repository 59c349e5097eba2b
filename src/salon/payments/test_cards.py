"""The local test provider's cards: which number does what.

    number                 brand        behaviour at charge time
    4242 4242 4242 4242    visa         succeeds
    5555 5555 5555 4444    mastercard   succeeds
    4000 0000 0000 0002    visa         declined: card_declined (a generic decline)
    4000 0000 0000 9995    visa         declined: insufficient_funds
    4000 0000 0000 0069    visa         declined: expired_card (the issuer says so, whatever the date)
    4000 0000 0000 3220    visa         requires 3-D Secure, then succeeds once the person authenticates

Any other number that passes the Luhn check succeeds (brand from its prefix). A number that fails the
Luhn check, or a card whose expiry month is past, is refused when it is tokenized
(`invalid_card` / `expired_card`). The behaviour is decided once, at tokenization, and kept with the
token: the provider never needs the number again, so it does not keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Behaviour = Literal["succeed", "card_declined", "insufficient_funds", "expired_card", "three_d_secure"]


@dataclass(frozen=True)
class KnownCard:
    number: str
    brand: str
    behaviour: Behaviour
    description: str


TEST_CARDS: tuple[KnownCard, ...] = (
    KnownCard("4242424242424242", "visa", "succeed", "succeeds"),
    KnownCard("5555555555554444", "mastercard", "succeed", "succeeds"),
    KnownCard("4000000000000002", "visa", "card_declined", "generic decline"),
    KnownCard("4000000000009995", "visa", "insufficient_funds", "declined for insufficient funds"),
    KnownCard("4000000000000069", "visa", "expired_card", "declined as expired by the issuer"),
    KnownCard("4000000000003220", "visa", "three_d_secure", "requires 3-D Secure authentication"),
)

_BY_NUMBER = {card.number: card for card in TEST_CARDS}


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def brand_of(digits: str) -> str:
    if digits.startswith("4"):
        return "visa"
    if digits[:2] in {"51", "52", "53", "54", "55"} or 2221 <= int(digits[:4]) <= 2720:
        return "mastercard"
    if digits[:2] in {"34", "37"}:
        return "amex"
    if digits.startswith("6011") or digits.startswith("65"):
        return "discover"
    return "unknown"


def behaviour_of(digits: str) -> Behaviour:
    card = _BY_NUMBER.get(digits)
    return card.behaviour if card is not None else "succeed"


def expired(exp_month: int, exp_year: int, now: datetime) -> bool:
    """A card is valid through the last day of its expiry month."""
    return (exp_year, exp_month) < (now.year, now.month)


__all__ = ["TEST_CARDS", "Behaviour", "KnownCard", "behaviour_of", "brand_of", "expired", "luhn_valid"]
