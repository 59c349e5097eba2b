"""Optional parameters as Python MCP servers write them ("a number or null", `$ref`s) are read like
plain ones, and a search keeps its query when a filter picked options from the same words."""

from __future__ import annotations

from datetime import UTC, datetime

from salon.host.models import ChatMessage, OfferedTool
from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.plain_schema import plain_schema
from tests.models.test_embedded import step

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

# The schema pydantic writes for `search_products(query: str, max_price: float | None = None,
# category: Literal[...] | None = None, limit: int = 8)`, as the example shop serves it.
SHOP_SEARCH = {
    "type": "object",
    "properties": {
        "query": {
            "type": "string",
            "description": "What the person is looking for, e.g. 'hard-shell carry-on'.",
        },
        "max_price": {
            "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}],
            "default": None,
            "description": "Highest price to show, in US dollars.",
        },
        "category": {
            "anyOf": [{"$ref": "#/$defs/Category"}, {"type": "null"}],
            "default": None,
            "description": "Only this category or department.",
        },
        "limit": {
            "type": "integer",
            "minimum": 1,
            "maximum": 30,
            "default": 8,
            "description": "Most products (1–30).",
        },
    },
    "required": ["query"],
    "$defs": {"Category": {"type": "string", "enum": ["backpacks", "carry-on luggage", "headphones"]}},
}


def test_nullable_and_referenced_properties_become_the_type_they_allow() -> None:
    props = plain_schema(SHOP_SEARCH)["properties"]
    assert props["max_price"] == {
        "type": "number",
        "exclusiveMinimum": 0,
        "default": None,
        "description": "Highest price to show, in US dollars.",
    }
    assert props["category"]["enum"] == ["backpacks", "carry-on luggage", "headphones"]
    assert props["category"]["description"] == "Only this category or department."
    listed = plain_schema({"properties": {"n": {"type": ["integer", "null"], "enum": [1, 2, None]}}})
    assert listed["properties"]["n"] == {"type": "integer", "enum": [1, 2]}
    several = plain_schema({"properties": {"month": {"anyOf": [{"type": "integer"}, {"type": "string"}]}}})
    assert several["properties"]["month"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    looping = {"properties": {"x": {"$ref": "#/$defs/X"}}, "$defs": {"X": {"$ref": "#/$defs/X"}}}
    assert "x" in plain_schema(looping)["properties"]  # a reference to itself ends, as it stands


async def test_an_optional_price_is_read_as_a_price_not_as_the_result_count() -> None:
    # Before: max_price looked like free text, and "30" went into `limit`.
    shop = OfferedTool(
        name="shop__search_products",
        description="Search the travel shop's products: luggage, backpacks, accessories and electronics.",
        parameters=SHOP_SEARCH,
    )
    _, calls = await step(
        [ChatMessage(role="user", content="find a travel adapter under 30 dollars")], [shop]
    )
    assert [c.arguments for c in calls] == [{"query": "travel adapter", "max_price": 30.0}]


def test_a_required_query_reads_the_words_an_option_was_picked_from_when_nothing_else_is_left() -> None:
    filled = fill_arguments(
        plain_schema(SHOP_SEARCH), FillContext(text="show me carry-on luggage under 200", now=NOW)
    )
    assert filled.arguments == {
        "category": "carry-on luggage",
        "max_price": 200.0,
        "query": "carry-on luggage",
    }
    assert filled.missing == []


def test_words_that_picked_an_option_stay_in_the_query_where_they_name_the_thing_sought() -> None:
    def read(text: str) -> dict:
        return fill_arguments(plain_schema(SHOP_SEARCH), FillContext(text=text, now=NOW)).arguments

    # Before: query "compact", which the shop's search found nothing for in carry-on luggage.
    assert read("I need a compact carry-on luggage under $200")["query"] == "compact carry-on luggage"
    # Option words that only qualify what is sought stay out of it.
    recipes = {
        "type": "object",
        "properties": {
            "keyword": {"type": "string", "description": "The keyword to search for in recipe titles."},
            "cuisine": {"type": "string", "enum": ["Italian", "Indian", "Mexican"]},
        },
        "required": ["keyword"],
    }
    curry = fill_arguments(recipes, FillContext(text="find me a lamb curry recipe, Indian style", now=NOW))
    assert curry.arguments == {"cuisine": "Indian", "keyword": "lamb curry recipe"}
