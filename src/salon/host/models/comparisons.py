"""Superlatives over the results just shown: "which is the lightest?", "book the cheapest one".

After a search the person compares what they see. A superlative that names a measure ("lightest",
"cheapest", "best rated", "longest") points at the item of the latest results with the least or the
most of a number field that measures it (`weight_kg`, `price`/`nightly_price`, `rating`,
`duration_s`). The field is found by the words of its key, so any app's results work; where no
number field measures what was asked, nothing is pointed at.

A superlative points only where it stands for an item: before "one", "of them" or the end of the
sentence ("the cheapest one", "which is the lightest?"). "The cheapest hotels in Rome" asks for a
new search, and "cheapest first" for an order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from salon.host.models.understanding import Span, tokenize

_MEASURES: dict[str, tuple[tuple[str, ...], bool]] = {
    # superlative: (words of the field's key, in order of preference; whether the most is meant)
    "lightest": (("weight", "mass"), False),
    "heaviest": (("weight", "mass"), True),
    "cheapest": (("price", "cost", "total", "fare", "fee"), False),
    "least expensive": (("price", "cost", "total", "fare", "fee"), False),
    "most expensive": (("price", "cost", "total", "fare", "fee"), True),
    "priciest": (("price", "cost", "total", "fare", "fee"), True),
    "best rated": (("rating", "score"), True),
    "highest rated": (("rating", "score"), True),
    "top rated": (("rating", "score"), True),
    "best reviewed": (("rating", "score"), True),
    "lowest rated": (("rating", "score"), False),
    "worst rated": (("rating", "score"), False),
    "most popular": (("reviews", "review", "popularity", "plays", "sales"), True),
    "most reviewed": (("reviews", "review"), True),
    "biggest": (("capacity", "size", "volume", "area"), True),
    "largest": (("capacity", "size", "volume", "area"), True),
    "roomiest": (("capacity", "volume", "size"), True),
    "smallest": (("capacity", "size", "volume", "area"), False),
    "newest": (("year", "released", "release", "date"), True),
    "latest": (("year", "released", "release", "date"), True),
    "most recent": (("year", "released", "release", "date"), True),
    "oldest": (("year", "released", "release", "date"), False),
    "longest": (("duration", "length", "runtime", "minutes"), True),
    "shortest": (("duration", "length", "runtime", "minutes"), False),
    "closest": (("distance",), False),
    "nearest": (("distance",), False),
    "fastest": (("duration", "time"), False),
}
_SUPERLATIVE = re.compile(
    r"\b(?P<word>"
    + "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _MEASURES), key=len, reverse=True))
    + r")\b(?P<after>\s*(?:ones?\b|option\b|of\s+(?:them|those|these)\b)|(?=\s*(?:[?.!,]|$)))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Superlative:
    """The item a superlative points at, with the field and value that make it so."""

    item: dict[str, Any]
    key: str
    value: float
    span: Span
    word: str


def superlative_span(text: str) -> Span | None:
    """Where `text` points with a superlative ("the cheapest one"), "one" included; None if nowhere."""
    found = _SUPERLATIVE.search(text)
    return Span(found.start(), found.end()) if found else None


def superlative_item(text: str, items: list[dict[str, Any]]) -> Superlative | None:
    """The item of `items` that the superlative in `text` points at, or None."""
    found = _SUPERLATIVE.search(text)
    if found is None or len(items) < 2:
        return None
    word = re.sub(r"\s+", " ", found.group("word").lower())
    field_words, most = _MEASURES[word]
    key = _measured_key(items, field_words)
    if key is None:
        return None
    valued = [(float(item[key]), index) for index, item in enumerate(items) if _is_number(item.get(key))]
    value, index = max(valued, key=lambda v: (v[0], -v[1])) if most else min(valued)
    return Superlative(items[index], key, value, Span(found.start(), found.end()), word)


def _measured_key(items: list[dict[str, Any]], field_words: tuple[str, ...]) -> str | None:
    """The number field of the items that measures what `field_words` name, preferring earlier words
    and, among keys with the same word, the first in the items."""
    keys = [k for k, v in items[0].items() if _is_number(v)]
    for wanted in field_words:
        for key in keys:
            if wanted in tokenize(key) and sum(_is_number(item.get(key)) for item in items) >= 2:
                return key
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def describe(found: Superlative) -> str:
    """ "The lightest is Kestrel Summit 53 (weight 2.7 kg)."""
    item = found.item
    name = next((str(item[k]) for k in ("title", "name", "id") if isinstance(item.get(k), str)), "it")
    unit = _unit(found.key, item)
    value = f"{found.value:g}{unit}"
    if unit == " s" and found.value >= 60:  # 460 s reads as 7:40
        value = f"{int(found.value) // 60}:{int(found.value) % 60:02d}"
    label = " ".join(w for w in tokenize(found.key) if w not in _UNIT_WORDS)
    return f"The {found.word} is {name} ({label} {value})."


_UNIT_WORDS = {"kg": " kg", "g": " g", "l": " l", "cm": " cm", "km": " km", "s": " s", "min": " min"}


def _unit(key: str, item: dict[str, Any]) -> str:
    words = tokenize(key)
    if words and words[-1] in _UNIT_WORDS:
        return _UNIT_WORDS[words[-1]]
    if "price" in words or "cost" in words or "total" in words:
        currency = item.get("currency")
        return f" {currency}" if isinstance(currency, str) else ""
    return ""
