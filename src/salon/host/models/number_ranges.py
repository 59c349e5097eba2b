"""Ranges written for a pair of bounds: "between the ages of 25 and 35" for `min_age` and `max_age`.

A schema that bounds one quantity from both sides (`min_age`/`max_age`, `minimum_price`/
`maximum_price`) takes a written range ("between 25 and 35", "from 10 to 20") as its two bounds, the
lower to the minimum, when a word of the quantity ("ages", "price") sits just before the range or
right after it. Without that word a range may bound something else, and is left to the other readings.

The other way round, a request that asks for the most (or fewest) of a quantity without a number
("the max entries per page", "at full volume") takes the bound the property's schema states
(`maximum`, or "within the range of 3 to 100" in its description); with no stated bound it is left
to ask for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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


_STATED_BOUNDS = re.compile(
    r"\b(?:range\s+of|between|from)\s+(?P<low>\d+)(?:\s*\([^)]{0,30}\))?\s+(?:to|and|-)\s+(?P<high>\d+)"
    r"|\b(?:maximum|max|at\s+most|up\s+to)\s+(?:of\s+|is\s+)?(?P<max>\d+)",
    re.IGNORECASE,
)
_MOST = re.compile(r"\b(?:max|maximum|most|full)\b", re.IGNORECASE)
_FEWEST = re.compile(r"\b(?:min|minimum|fewest|least)\b", re.IGNORECASE)


def _schema_bounds(prop: dict[str, Any]) -> tuple[float | None, float | None]:
    low, high = prop.get("minimum"), prop.get("maximum")
    m = _STATED_BOUNDS.search(str(prop.get("description", "")))
    if m and m.group("max"):
        high = high if high is not None else float(m.group("max"))
    elif m:
        low = low if low is not None else float(m.group("low"))
        high = high if high is not None else float(m.group("high"))
    return low, high


def stated_extreme(text: str, name: str, prop: dict[str, Any]) -> tuple[float, Span] | None:
    """The bound a property's schema states when the request asks for the most or the fewest of it
    without a number ("the max entries per page" for a `perPage` "within the range of 3 to 100" →
    100), with the span of the asking words; None otherwise."""
    own = {s for s in name_cues(name) if len(s) > 2}
    words = list(re.finditer(r"[A-Za-z]+|\d+", text))
    for index, word in enumerate(words):
        most = _MOST.fullmatch(word.group(0))
        if not (most or _FEWEST.fullmatch(word.group(0))):
            continue
        following = words[index + 1 : index + 4]
        if any(w.group(0).isdigit() for w in following):
            continue  # "max 50 results": a number the other readings take
        if word.group(0).lower() == "full":
            following = following[:1]  # "full volume", not "full of songs at volume 3"
        hit = next((w for w in following if stem(w.group(0)) in own), None)
        if hit is None:
            continue
        low, high = _schema_bounds(prop)
        bound = high if most else low
        if bound is not None:
            return bound, Span(word.start(), hit.end())
    return None
