"""A written range fills a pair of bounds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.number_ranges import BoundPair, bound_pairs, range_for

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
AGES: dict[str, Any] = {
    "min_age": {"type": "integer", "description": "The youngest age."},
    "max_age": {"type": "integer", "description": "The oldest age."},
    "job_qty": {"type": "integer", "description": "How many jobs done."},
}


def _fill(properties: dict[str, Any], text: str) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": []}
    return dict(fill_arguments(schema, FillContext(text=text, now=NOW)).arguments)


def test_bound_pairs_are_names_that_differ_in_a_bound_word() -> None:
    pairs = bound_pairs(["min_age", "max_age", "job_qty", "minimum_price", "maximum_price", "max_rooms"])
    assert [(p.lower, p.upper) for p in pairs] == [("min_age", "max_age"), ("minimum_price", "maximum_price")]


def test_a_range_needs_a_word_of_its_quantity() -> None:
    ages = BoundPair("min_age", "max_age", frozenset({"age"}))
    found = range_for("someone between the ages of 40 and 30", ages)
    assert found is not None
    assert found[:2] == (30.0, 40.0)
    assert range_for("anyone from ages 20 to 30", ages) is not None
    assert range_for("a room between 25 and 35 dollars", ages) is None


def test_a_range_fills_both_bounds_and_nothing_else() -> None:
    filled = _fill(AGES, "Find a provider between the ages of 25 and 35 who is never late.")
    assert filled == {"min_age": 25, "max_age": 35}
