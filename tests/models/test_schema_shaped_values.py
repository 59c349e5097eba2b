"""Values read the way the schema describes them: leftover numbers, stated defaults, country codes,
place forms, value shapes (web addresses, places), dates whose order the schema names, queries
without talk about tools, flags, ids and labelled clauses."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.dates import find_dates, month_first_format, stated_today
from salon.host.models.plausible import plausible
from salon.host.models.properties import kind
from salon.host.models.understanding import find_numbers, stem

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def fill(
    properties: dict[str, Any], text: str, required: list[str], *, tool_words: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], list[str]]:
    schema = {"type": "object", "properties": properties, "required": required}
    filled = fill_arguments(schema, FillContext(text=text, now=NOW, ignore_words=tool_words))
    return filled.arguments, filled.missing


# -- numbers -----------------------------------------------------------------------------------------


def test_the_one_unclaimed_number_fills_the_one_required_number() -> None:
    props = {"volume": {"type": "integer", "description": "The volume level from 0 to 100."}}
    args, missing = fill(props, "the music is too loud, could you turn it down to 70?", ["volume"])
    assert args == {"volume": 70}
    assert missing == []


def test_numbers_written_as_a_list_fill_the_required_numbers_in_order() -> None:
    coordinate = {"type": "number", "description": "A coordinate of the point."}
    props = {"x": coordinate, "y": coordinate, "z": coordinate, "point_name": {"type": "string"}}
    args, missing = fill(props, "Move 'pointA' to 2,3,4", ["x", "y", "z", "point_name"])
    assert args == {"x": 2.0, "y": 3.0, "z": 4.0, "point_name": "pointA"}
    assert missing == []


def test_a_list_of_numbers_is_not_a_thousands_separator_or_a_decimal_comma() -> None:
    values = [n.value for n in find_numbers("2,3,4 and 1,200 and 3,5")]
    assert values == [2.0, 3.0, 4.0, 1200.0, 3.5]


def test_pick_one_of_is_not_a_count() -> None:
    coordinate = {"type": "number", "description": "A coordinate."}
    props = {"x": coordinate, "y": coordinate}
    args, _ = fill(props, "Pick one of the functions: move it to 2 and 3", ["x", "y"])
    assert args == {"x": 2.0, "y": 3.0}


def test_a_number_near_a_word_of_the_property_name_fills_it() -> None:
    props = {
        "rating": {"type": "number", "description": "The minimum review score, 1.0 to 5.0."},
        "number_of_adults": {"type": "integer", "description": "Adults staying."},
    }
    args, _ = fill(props, "a house with 3.7 or higher rating for 2 adults", [])
    assert args["rating"] == 3.7
    args, _ = fill(props, "I need a home rated above 4.2", [])
    assert args == {"rating": 4.2}


def test_a_year_property_takes_a_four_digit_year() -> None:
    props = {"year": {"type": "integer", "description": "The release year of the song."}}
    args, _ = fill(props, "Can you find the one which is from 2022?", [])
    assert args == {"year": 2022}


def test_a_number_quoted_on_its_own_is_a_number() -> None:
    props = {"pageSize": {"type": "integer", "description": "Entries per page."}}
    args, _ = fill(props, "the access log with page size 'nine'", ["pageSize"])
    assert args == {"pageSize": 9}


def test_the_parts_of_a_date_are_not_counts() -> None:
    props = {"job_qty": {"type": "integer", "description": "The number of jobs."}}
    args, _ = fill(props, "a restaurant to open on 19/03/2024", [])
    assert args == {}


# -- defaults, places, codes -------------------------------------------------------------------------


def test_a_required_property_left_empty_takes_the_default_its_schema_states() -> None:
    props = {"place_name": {"type": "string", "description": "The hotel's name.", "default": "dontcare"}}
    args, missing = fill(props, "book me a room", ["place_name"])
    assert args == {"place_name": "dontcare"}
    assert missing == []


def test_an_iso_country_code_property_reads_the_country_or_the_city_s_country() -> None:
    props = {
        "city": {"type": "string", "description": "The city, such as 'San Francisco'."},
        "country": {"type": "string", "description": "The ISO country code (2-letter), such as 'US'."},
    }
    assert fill(props, "the weather in London right now", ["city", "country"])[0] == {
        "city": "London",
        "country": "GB",
    }
    assert fill(props, "the weather for London in the UK", ["city", "country"])[0]["country"] == "GB"


def test_a_form_whose_example_uses_country_codes_writes_the_country_as_a_code() -> None:
    description = (
        "The city, in the format of 'City, State' or 'City, Country' if the city does not locate in "
        "the United States; for example, 'New York, NY' or 'Paris, FR'."
    )
    props = {"location": {"type": "string", "description": description}}
    assert fill(props, "weather in New Delhi, India", ["location"])[0] == {"location": "New Delhi, IN"}
    assert fill(props, "find a hotel in London", ["location"])[0] == {"location": "London, UK"}


def test_a_city_state_form_prefers_the_city_to_the_country() -> None:
    props = {"where_to": {"type": "string", "description": "The place, in the format 'City, State'."}}
    args, _ = fill(props, "I just landed in France, find houses in Paris", ["where_to"])
    assert args["where_to"].startswith("Paris")


def test_a_state_abbreviation_reads_the_state_named() -> None:
    props = {
        "state": {"type": "string", "description": "The U.S. state abbreviation, such as 'CA' or 'NY'."},
        "city": {"type": "string", "description": "The city within the county.", "default": None},
    }
    args, _ = fill(props, "a laptop for $999 in California, how much tax?", ["state"])
    assert args == {"state": "CA"}


def test_a_place_after_a_gerund_is_the_place_not_the_verb() -> None:
    props = {"location": {"type": "string", "description": "The city, in the format 'City, State'."}}
    args, _ = fill(props, "I am interested in going for a movie in mountain view", ["location"])
    assert args == {"location": "Mountain View, CA"}


# -- value shapes ------------------------------------------------------------------------------------


def test_a_web_address_property_takes_only_a_web_address() -> None:
    url = {"type": "string", "description": "The URL to send the request to."}
    assert not plausible("url", url, "Geocoding API")
    assert plausible("url", url, "https://api.example.org/v1")
    assert plausible("url", url, "example.org/path")


def test_a_place_property_refuses_brand_names_possessives_and_unknown_acronyms() -> None:
    location = {"type": "string", "description": "The city."}
    assert not plausible("location", location, "VirusTotal")
    assert not plausible("location", location, "IP's")
    assert not plausible("location", location, "URLs")
    assert plausible("location", location, "NYC")
    assert plausible("location", location, "Larkspur")


def test_an_airport_code_is_a_place_where_the_property_takes_codes() -> None:
    props = {"departure_location": {"type": "string", "description": "The city or airport code, e.g. 'JFK'."}}
    args, _ = fill(props, "a flight from JFK tomorrow", ["departure_location"])
    assert args == {"departure_location": "JFK"}


def test_a_property_named_for_a_time_is_a_time_even_when_its_description_names_a_date() -> None:
    prop = {"type": "string", "description": "The pickup time on the start date, in 24-hour format."}
    assert kind("pickup_time", prop) == "time"
    dated = {"type": "string", "description": "Departure date and time, 'dd/mm/yyyy HH:MM'."}
    assert kind("departure_time", dated) == "date"


# -- dates -------------------------------------------------------------------------------------------


def test_a_slashed_date_is_read_where_the_day_is_clear_or_the_schema_names_the_order() -> None:
    today = date(2026, 11, 22)
    assert [d.value for d in find_dates("on 25/03/2027", today)] == [date(2027, 3, 25)]
    assert [d.value for d in find_dates("on 05/05/2027", today)] == [date(2027, 5, 5)]
    assert find_dates("on 05/12/2027", today) == []
    assert [d.value for d in find_dates("on 05/12/2027", today, month_first=True)] == [date(2027, 5, 12)]
    assert [d.value for d in find_dates("on 05/12/2027", today, month_first=False)] == [date(2027, 12, 5)]


def test_the_order_of_a_named_date_form() -> None:
    assert month_first_format(["The date, formatted as 'MM/DD/YYYY'."]) is True
    assert month_first_format(["in the format of 'dd/mm/yyyy'"]) is False
    assert month_first_format(["A date."]) is None


def test_a_compact_date_states_today() -> None:
    stated = stated_today("available tomorrow, today is 20230929", date(2026, 11, 22))
    assert stated is not None
    assert stated[0] == date(2023, 9, 29)


# -- words -------------------------------------------------------------------------------------------


def test_movie_and_movies_share_a_stem_as_city_and_cities_do() -> None:
    assert stem("movie") == stem("movies")
    assert stem("city") == stem("cities")


def test_a_query_leaves_out_talk_about_the_tools_and_keeps_a_question() -> None:
    props = {"query": {"type": "string", "description": "What to search for."}}
    tool_words = frozenset({"search", "web"})
    args, _ = fill(props, "weather in India using the web search tool", ["query"], tool_words=tool_words)
    assert args == {"query": "weather in India"}
    args, _ = fill(
        props, "trigger the web search function; where is beijing", ["query"], tool_words=tool_words
    )
    assert args == {"query": "where is beijing"}


def test_a_query_property_drops_its_own_name_where_it_opens_the_value() -> None:
    props = {"content": {"type": "string", "description": "The todo's text."}}
    args, _ = fill(
        props, "add todo with content go to sleep at 9 pm", ["content"], tool_words=frozenset({"todo"})
    )
    assert args == {"content": "go to sleep at 9 pm"}


def test_a_flag_s_distinctive_leading_word_alone_sets_it() -> None:
    props = {"private_visibility": {"type": "boolean", "description": "Whether the transaction is private."}}
    args, _ = fill(props, "send $250 to Rachel and make sure the transaction is private", [])
    assert args == {"private_visibility": True}


def test_a_required_id_takes_the_only_quoted_value() -> None:
    props = {"id": {"type": "string", "description": "The alert configuration's identifier."}}
    args, _ = fill(props, 'What versions of Infrana Alert are being used by "delta"?', ["id"])
    assert args == {"id": "delta"}


def test_a_uuid_is_read_after_an_id_word_and_no_is_not_one() -> None:
    props = {"uuid": {"type": "string", "description": "The project's UUID."}}
    args, _ = fill(props, "I want the violation badge for project ID badae.", ["uuid"])
    assert args == {"uuid": "badae"}
    tenant = {"tenant_id": {"type": "string", "description": "The tenant."}}
    args, _ = fill(
        tenant, "users who have no group mappings, for the tenant '12345-tenant-id'", ["tenant_id"]
    )
    assert args == {"tenant_id": "12345-tenant-id"}


def test_the_clause_after_is_fills_a_required_string_its_label_opens() -> None:
    props = {
        "order_id": {"type": "string", "description": "The order's id."},
        "product": {"type": "string", "description": "The name of the product that was ordered."},
    }
    args, missing = fill(
        props,
        "my order ID is #123, and the product I ordered is a pair of sneakers.",
        ["order_id", "product"],
    )
    assert args == {"order_id": "#123", "product": "a pair of sneakers"}
    assert missing == []


def test_an_id_word_is_a_label_not_a_value() -> None:
    props = {"component": {"type": "string", "description": "The component's UUID."}}
    args, _ = fill(props, "my project SUPERFANCY with component UUID AB1010CD", ["component"])
    assert args == {"component": "AB1010CD"}


def test_a_path_is_one_value() -> None:
    props = {"path": {"type": "string", "description": "The directory of the project."}}
    args, _ = fill(props, "create a new project in the directory /Foo/Bar?", ["path"])
    assert args == {"path": "/Foo/Bar"}


def test_a_value_the_description_says_corresponds_to_a_word_is_read_from_that_word() -> None:
    description = "The ID of a province. For example, '1' corresponds to Bangkok, '2' to Chiang Mai."
    props = {"province_id": {"type": "integer", "description": description}}
    args, _ = fill(props, "a housekeeper for ironing in Bangkok", [])
    assert args == {"province_id": 1}
