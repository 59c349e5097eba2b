"""Ranges written for a pair of bounds: "between the ages of 25 and 35" for `min_age` and `max_age`.

A schema that bounds one quantity from both sides (`min_age`/`max_age`, `minimum_price`/
`maximum_price`) takes a written range ("between 25 and 35", "from 10 to 20") as its two bounds, the
lower to the minimum, when a word of the quantity ("ages", "price") sits just before the range or
right after it. Without that word a range may bound something else, and is left to the other readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salon.host.models.properties import name_cues
from salon.host.models.understanding import Span, stem

_LOWER = frozenset({"min", "minimum", "from", "start", "lowest"})
_UPPER = frozenset({"max", "maximum", "to", "end", "highest"})
_RANGE = re.compile(
    r"\b(?:between|from)\s+(?P<label>(?:[A-Za-z]+\s+){0,4}?)(?P<low>\d+(?:\.\d+)?)\s+(?:and|to)\s+"
    r"(?P<high>\d+(?:\.\d+)?)(?:\s+(?P<after>[A-Za-z]+))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BoundPair:
    """The names of the two properties that bound one quantity, and the quantity's stems."""

    lower: str
    upper: str
    quantity: frozenset[str]


def _quantity(name: str) -> frozenset[str]:
    return frozenset(
        s for s in name_cues(name) if s not in {stem(w) for w in _LOWER | _UPPER} and "_" not in s
    ) - {name.lower().replace("_", "").replace("-", "")}


def bound_pairs(names: list[str]) -> list[BoundPair]:
    """Pairs of properties whose names differ only in a lower and an upper bound word."""
    lower = [n for n in names if name_cues(n) & {stem(w) for w in _LOWER}]
    upper = [n for n in names if name_cues(n) & {stem(w) for w in _UPPER}]
    pairs = []
    for low in lower:
        for high in upper:
            quantity = _quantity(low)
            if quantity and quantity == _quantity(high):
                pairs.append(BoundPair(low, high, quantity))
    return pairs


def range_for(text: str, pair: BoundPair) -> tuple[float, float, Span] | None:
    """The (low, high) range `text` writes for `pair`'s quantity, and where, or None."""
    for m in _RANGE.finditer(text):
        words = {stem(w) for w in m.group("label").split()}
        if m.group("after"):
            words.add(stem(m.group("after")))
        if not words & pair.quantity:
            continue
        low, high = float(m.group("low")), float(m.group("high"))
        if low > high:
            low, high = high, low
        return low, high, Span(m.start("low"), m.end("high"))
    return None
