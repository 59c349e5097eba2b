"""Values the schema's description spells out, arrays of closed items, role words and world places."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.described import described_values, pick_described
from salon.host.models.gazetteer import country_code, find_city, fold
from salon.host.models.places import PlaceMention, complete_place, place_format
from salon.host.models.understanding import Span

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SERVICE = {
    "type": "integer",
    "description": "ID of the service. Example: 1 for cleaning service, 2 for ironing service, "
    "13 for big cleaning service.",
}
PROVINCE = {"type": "integer", "description": "For example, 1 for Bangkok, 2 for Chiang Mai, 3 for Phuket."}


def fill(properties: dict[str, Any], text: str, required: list[str] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required or []}
    return fill_arguments(schema, FillContext(text=text, now=NOW)).arguments


def test_a_description_that_maps_numbers_to_words_gives_the_number_the_request_names() -> None:
    args = fill(
        {"service_id": SERVICE, "province_id": PROVINCE},
        "Find a housekeeper who does ironing services in Chiang Mai",
    )
    assert args == {"service_id": 2, "province_id": 2}


def test_the_label_matching_most_words_wins_and_unmapped_words_pick_nothing() -> None:
    pairs = described_values(SERVICE)
    assert [p.value for p in pairs] == [1, 2, 13]
    assert [p.value for p in pick_described("a big cleaning service please", pairs)] == [13]
    assert pick_described("a massage please", pairs) == []


def test_an_enum_value_is_chosen_by_what_the_description_says_it_stands_for() -> None:
    units = {
        "type": "string",
        "enum": ["metric", "imperial"],
        "description": "Use 'metric' for Celsius or 'imperial' for Fahrenheit.",
    }
    assert fill({"units": units}, "weather in Boston in fahrenheit") == {"units": "imperial"}


def test_values_the_schema_does_not_allow_are_not_read_from_the_description() -> None:
    prop = {"type": "string", "enum": ["a", "b"], "description": "Use 'c' for cats."}
    assert described_values(prop) == []


def test_a_flag_described_as_a_negation_reads_a_negated_request_as_true() -> None:
    free = {
        "type": "string",
        "enum": ["True", "False", "dontcare"],
        "description": "A flag indicating if only attractions with no entry fee should be listed.",
    }
    assert fill({"free_entry": free}, "a museum that has no entry fee") == {"free_entry": "True"}
    assert fill({"free_entry": free}, "a museum, but we need a fee to entry") == {"free_entry": "False"}


def test_a_flag_whose_false_label_is_a_negation_is_true_when_the_request_says_it_plainly() -> None:
    kids = {
        "type": "string",
        "enum": ["True", "False", "dontcare"],
        "description": "'True' means suitable, 'False' means not suitable for children.",
    }
    assert fill({"good_for_kids": kids}, "somewhere suitable for children") == {"good_for_kids": "True"}


def test_a_boolean_reads_its_description_condition_only_when_it_names_the_flag() -> None:
    private = {
        "type": "boolean",
        "description": "Whether the transaction is private (true) or public (false).",
    }
    hidden = {"type": "boolean", "description": "Whether the transaction should be hidden from feeds."}
    assert fill({"private_visibility": private}, "make sure the transaction is private") == {
        "private_visibility": True
    }
    assert fill({"private_visibility": hidden}, "send the transaction to Alice") == {}


def test_an_array_of_enum_items_takes_every_value_mentioned_in_order() -> None:
    prop = {"type": "array", "items": {"type": "string", "enum": ["read", "write", "delete"]}}
    assert fill({"permissions": prop}, "grant write and read access") == {"permissions": ["write", "read"]}


def test_an_array_of_codes_takes_the_examples_written_as_words_of_their_own() -> None:
    sizes = {
        "type": "array",
        "items": {"type": "string"},
        "description": "A list of sizes to check, e.g., ['S', 'M', 'L'].",
    }
    assert fill({"sizes": sizes}, "is it in stock in sizes M and L?") == {"sizes": ["M", "L"]}
    assert fill({"sizes": sizes}, "is my order in stock?") == {}


def test_an_array_of_ids_takes_every_label_its_description_maps() -> None:
    ids = {
        "type": "array",
        "items": {"type": "integer"},
        "description": "Services offered, such as 1 for cleaning service, 2 for ironing service.",
    }
    assert fill({"service_ids": ids}, "both ironing and cleaning services") == {"service_ids": [2, 1]}


def test_a_name_followed_by_its_role_fills_the_property_for_that_role() -> None:
    props = {
        "directed_by": {"type": "string", "description": "The director of the movie."},
        "cast": {"type": "string", "description": "The lead actors in the movie."},
    }
    text = "a movie that has Riley Stearns as the director and was acted by Ronald Young"
    assert fill(props, text) == {"directed_by": "Riley Stearns", "cast": "Ronald Young"}


def test_a_town_outside_the_built_in_tables_gets_its_state_from_the_gazetteer() -> None:
    fmt = place_format("The city, in the format of 'City, State', such as 'Berkeley, CA'.")
    assert complete_place(PlaceMention("Gilroy", "", Span(0, 6)), fmt) == "Gilroy, CA"


def test_a_city_abroad_takes_a_country_code_where_the_form_is_two_letter_codes() -> None:
    codes = place_format("The city, such as 'New York, NY'.")
    names = place_format("In the format 'City, State' or 'City, Country' outside the United States.")
    sydney = PlaceMention("Sydney", "", Span(0, 6))
    assert complete_place(sydney, codes) == "Sydney, AU"
    assert complete_place(sydney, names) == "Sydney, Australia"


def test_the_gazetteer_folds_accents_and_knows_country_names_and_codes() -> None:
    assert fold("Lạng Sơn") == "lang son"
    city = find_city("Lang Son")
    assert city is not None
    assert city.country == "VN"
    assert country_code("France") == "FR"
    assert country_code("UK") == "GB"
    assert find_city("Nowhereville Upon Nothing") is None
