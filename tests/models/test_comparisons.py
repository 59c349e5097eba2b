"""Superlatives point at the result with the least or most of what they measure, by the results' own
number fields; where they stand for an order or a new search, they point at nothing."""

from __future__ import annotations

import pytest

from salon.host.models.comparisons import describe, superlative_item

CASES = [
    {"id": "p-1", "title": "Atlas", "price": 135.99, "weight_kg": 3.3, "rating": 5.0, "capacity_l": 34},
    {"id": "p-2", "title": "Kestrel", "price": 132.99, "weight_kg": 2.7, "rating": 4.4, "capacity_l": 40},
    {"id": "p-3", "title": "Halden", "price": 149.00, "weight_kg": 2.9, "rating": 4.8, "capacity_l": 38},
]
for case in CASES:
    case["currency"] = "USD"


@pytest.mark.parametrize(
    ("text", "title", "said"),
    [
        ("which is the lightest?", "Kestrel", "The lightest is Kestrel (weight 2.7 kg)."),
        ("book the cheapest one", "Kestrel", "The cheapest is Kestrel (price 132.99 USD)."),
        ("the most expensive of them", "Halden", "The most expensive is Halden (price 149 USD)."),
        ("which one is best rated", "Atlas", "The best rated is Atlas (rating 5)."),
        ("what's the biggest", "Kestrel", "The biggest is Kestrel (capacity 40 l)."),
    ],
)
def test_a_superlative_points_at_the_item_it_measures(text: str, title: str, said: str) -> None:
    found = superlative_item(text, CASES)
    assert found is not None
    assert found.item["title"] == title
    assert describe(found) == said


@pytest.mark.parametrize(
    "text",
    [
        "cheapest first",  # an order
        "the cheapest hotels in Rome",  # a new search
        "tell me about the longest one",  # nothing here has a length
        "which is the best",  # no measure named
    ],
)
def test_a_superlative_that_is_no_pointer_points_at_nothing(text: str) -> None:
    assert superlative_item(text, CASES) is None


def test_one_result_is_no_comparison() -> None:
    assert superlative_item("which is the lightest?", CASES[:1]) is None


def test_a_length_in_seconds_reads_as_minutes_and_seconds() -> None:
    tracks = [{"title": "Late Nocturne", "duration_s": 460}, {"title": "Blue Serenade", "duration_s": 182}]
    found = superlative_item("which is the longest?", tracks)
    assert found is not None
    assert describe(found) == "The longest is Late Nocturne (duration 7:40)."
