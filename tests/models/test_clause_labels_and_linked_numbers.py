"""Labels stay in their clause, a name's last word may be the label that follows it, and a number
right after a property's word and a link ("a rating of 4.5", "port: 8080") belongs to that property."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.slots import assign

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _all(_: object) -> bool:
    return True


def _fill(properties: dict[str, Any], text: str) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": []}
    return dict(fill_arguments(schema, FillContext(text=text, now=NOW)).arguments)


def test_a_name_ending_in_the_property_word_gives_the_name_without_it() -> None:
    props = {"district_name": {"type": "string", "description": "The name of the district."}}
    text = "a cleaner in Samut Prakan, Bang Phli District, with a good review score"
    found = assign(props, ["district_name"], text, _all, [])
    assert [value for _, value, _ in found] == ["Bang Phli"]


def test_a_label_does_not_reach_across_a_comma() -> None:
    props = {"district_name": {"type": "string", "description": "The name of the district."}}
    text = "any district, with a review score above four"
    assert assign(props, ["district_name"], text, _all, []) == []


def test_a_whole_name_wins_where_its_last_word_is_not_the_property() -> None:
    props = {"venue": {"type": "string"}}
    found = assign(props, ["venue"], "tickets for the venue Madison Square Garden tonight", _all, [])
    assert [value for _, value, _ in found] == ["Madison Square Garden"]


def test_a_number_linked_to_the_property_word_fills_it() -> None:
    properties = {"rating": {"type": "number", "description": "The average review score."}}
    assert _fill(properties, "cafes near me that have a review score of 4.5")["rating"] == 4.5
    properties = {"port": {"type": "integer", "description": "The port to listen on."}}
    assert _fill(properties, "start the server, port: 8080")["port"] == 8080


def test_a_number_after_a_stop_word_link_is_not_labelled_by_it() -> None:
    properties = {"rating": {"type": "number", "description": "Minimum average rating."}}
    assert "rating" not in _fill(properties, "the top one of 3 cafes")
