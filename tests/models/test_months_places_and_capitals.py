"""Months named or meant ("next month"), lower-case places followed by more words, and messages in
capitals are read like any other."""

from __future__ import annotations

from datetime import UTC, datetime

from salon.host.models import ChatMessage
from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.places import find_places
from salon.host.models.plain_schema import plain_schema
from tests.models.test_embedded import ALL, step

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
NORMALS = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "A city name, e.g. 'Lisbon'."},
        "month": {
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "description": "Month as a number (1–12) or a name, e.g. 7, 'July' or 'Jul'.",
        },
    },
    "required": ["city", "month"],
}


def read(text: str, schema: dict = NORMALS) -> dict:
    return fill_arguments(plain_schema(schema), FillContext(text=text, now=NOW)).arguments


def test_a_month_property_takes_the_month_named_or_meant() -> None:
    # Before: "next month" gave the month "next".
    assert read("I'm going to Lisbon next month. What's the weather like then?") == {
        "city": "Lisbon",
        "month": "January",
    }
    assert read("what should I pack for Rome in Dec")["month"] == "December"
    assert read("the weather in Paris in May")["month"] == "May"
    numbered = {**NORMALS, "properties": {**NORMALS["properties"], "month": {"type": "integer"}}}
    assert read("Tokyo this month", numbered)["month"] == 12


def test_a_lower_case_place_stops_at_the_next_preposition() -> None:
    # Before: "Tokyo In".
    assert [p.city for p in find_places("whats the weather in tokyo in august")] == ["Tokyo"]
    assert [p.city for p in find_places("a table in new york near the park")] == ["New York"]


async def test_a_message_in_capitals_is_read_like_one_in_lower_case() -> None:
    # Before: the city was not found ("I just need the city to stay in").
    shouted = "FIND HOTELS IN MELBOURNE FOR 3 NIGHTS FROM DECEMBER 3"
    _, calls = await step([ChatMessage(role="user", content=shouted)], ALL)
    assert [(c.name, c.arguments) for c in calls] == [
        ("hotels__search_hotels", {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3})
    ]
