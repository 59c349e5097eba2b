"""The product catalogue of the shop example app, and its keyword search.

The catalogue is the generated, read-only `data/products.json`. Search is deliberately plain: words of
the query are matched as prefixes against title, brand, category and description (plus a few
shopper synonyms, so "suitcase" finds spinners), and every filter is exact. Products matching more of
the query rank first, then better rated ones.

A budget written into the query the way people type it ("under $200", "below 150 dollars", "max
USD 80") is a price filter, not words to match: `split_budget` takes it out (a model that passes the
person's words as the query should still get only what they can afford).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from examples.apps.storage import load_bundled

Category = Literal[
    "luggage", "carry-on luggage", "checked luggage",
    "bags", "backpacks", "duffel bags",
    "travel accessories",
    "electronics", "headphones", "power banks", "chargers & adapters", "e-readers",
]  # fmt: skip

_FIELD_WEIGHTS = {"title": 3.0, "brand": 2.0, "category": 2.0, "department": 1.0, "description": 1.0}
_STOP_WORDS = frozenset({
    "a", "an", "and", "any", "for", "from", "i", "in", "is", "it", "me", "my", "need", "of", "on", "or",
    "some", "something", "that", "the", "to", "under", "want", "with",
})  # fmt: skip
_SYNONYMS = {
    "suitcase": ("luggage", "spinner", "case"),
    "suitcases": ("luggage", "spinner", "case"),
    "carryon": ("carry-on", "cabin"),
    "cabin": ("carry-on", "cabin"),
    "bag": ("bags", "backpack", "duffel"),
    "earphones": ("earbuds", "headphones"),
    "charger": ("charger", "charging", "power"),
    "battery": ("power", "battery"),
    "kindle": ("e-reader",),
    "ereader": ("e-reader",),
}


_BUDGET = re.compile(
    r"\b(?:under|below|less\s+than|max(?:imum)?|up\s+to|at\s+most|cheaper\s+than|within)\s+"
    r"(?:(?:usd|us\$|\$)\s*)?(\d[\d,]*(?:\.\d{1,2})?)\s*(k\b)?\s*(?:usd\b|dollars?\b|bucks\b)?",
    re.IGNORECASE,
)


def split_budget(query: str) -> tuple[str, float | None]:
    """The query without a budget phrase in it, and that budget in dollars (None when there is none)."""
    found = _BUDGET.search(query)
    if found is None:
        return query, None
    amount = float(found.group(1).replace(",", "")) * (1000 if found.group(2) else 1)
    rest = f"{query[: found.start()]} {query[found.end() :]}"
    return " ".join(rest.split()), amount


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", plain)


class Catalog:
    """Read access to the generated products."""

    def __init__(self, products: list[dict[str, Any]]) -> None:
        self._products = products
        self._by_id = {product["id"]: product for product in products}
        self._index = [
            (product, {field: _words(str(product[field])) for field in _FIELD_WEIGHTS})
            for product in products
        ]

    @classmethod
    def bundled(cls) -> Catalog:
        return cls(load_bundled(__file__, "products.json")["products"])

    def __len__(self) -> int:
        return len(self._products)

    @property
    def products(self) -> list[dict[str, Any]]:
        return list(self._products)

    def get(self, product_id: str) -> dict[str, Any] | None:
        return self._by_id.get(product_id.strip().lower())

    def search(
        self,
        query: str,
        *,
        max_price: float | None,
        category: str | None,
        carry_on_only: bool,
        limit: int,
    ) -> tuple[int, list[dict[str, Any]]]:
        """The number of matches, and the best `limit` of them."""
        terms = [word for word in _words(query) if word not in _STOP_WORDS]
        scored: list[tuple[int, float, dict[str, Any]]] = []
        for product, fields in self._index:
            if category is not None and category not in (product["category"], product["department"]):
                continue
            if max_price is not None and product["price"] > max_price:
                continue
            if carry_on_only and not product["carry_on_compliant"]:
                continue
            matched, score = self._score(terms, fields)
            if terms and matched == 0:
                continue
            scored.append((matched, score, product))
        scored.sort(key=lambda item: (-item[0], -item[1], -item[2]["rating"], item[2]["id"]))
        return len(scored), [product for _, _, product in scored[:limit]]

    @staticmethod
    def _score(terms: list[str], fields: dict[str, list[str]]) -> tuple[int, float]:
        matched, score = 0, 0.0
        for term in terms:
            candidates = (term, *_SYNONYMS.get(term, ()))
            best = max(
                (
                    weight
                    for field, weight in _FIELD_WEIGHTS.items()
                    for candidate in candidates
                    if any(word.startswith(candidate) for word in fields[field])
                ),
                default=0.0,
            )
            if best:
                matched += 1
                score += best
        return matched, score


def describe_product(product: dict[str, Any]) -> str:
    stock = "in stock" if product["stock"] > 0 else "out of stock"
    cabin = "fits carry-on limits" if product["carry_on_compliant"] else "not carry-on"
    return (
        f"{product['title']} — {product['currency']} {product['price']:,.2f} · {product['rating']}★ · "
        f"{cabin} · {stock} [{product['id']}]"
    )
