"""Dates, times, routes and ordered items read the way the schema describes them: a year written after
a question mark, date-times with seconds, one date for two labels, origins that are not the place
the person goes to, and counted items as parallel arrays or objects."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.dates import find_dates, find_time_lengths, format_datetime, wants_time
from salon.host.models.embedded import EmbeddedProvider
from salon.host.models.item_lists import find_counted_items
from tests.models.test_llama import BOOK, request

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


def fill(properties: dict[str, Any], text: str, required: list[str]) -> tuple[dict[str, Any], list[str]]:
    schema = {"type": "object", "properties": properties, "required": required}
    filled = fill_arguments(schema, FillContext(text=text, now=NOW))
    return filled.arguments, filled.missing


def free(_: object) -> bool:
    return True


# -- dates and times ---------------------------------------------------------------------------------


def test_a_year_after_a_stray_question_mark_belongs_to_the_date() -> None:
    found = find_dates("a music event in New York on the 1st of march? 2023", TODAY)
    assert [d.value for d in found] == [date(2023, 3, 1)]


def test_a_number_that_is_not_a_year_does_not_date_the_request() -> None:
    found = find_dates("book a table on March 3, 1500 guests", TODAY)
    assert [d.value for d in found] == [date(2027, 3, 3)]


def test_a_lower_case_time_pattern_with_seconds_asks_for_a_time() -> None:
    description = "The start of the availability period in the format 'YYYY-MM-DD HH:mm:ss'."
    assert wants_time(description)
    assert format_datetime(datetime(2024, 3, 25, 14, 30), description) == "2024-03-25 14:30:00"


def test_a_date_and_time_fill_a_date_time_property_in_its_written_form() -> None:
    props = {
        "start_available_date": {
            "type": "string",
            "description": "The start of the availability period in the format 'YYYY-MM-DD HH:mm:ss'.",
        }
    }
    args, _ = fill(props, "available on March 25, 2024, 2:30 PM", [])
    assert args == {"start_available_date": "2024-03-25 14:30:00"}


RENTAL = {
    "start_date": {"type": "string", "description": "The start date, in the format 'YYYY-MM-DD'."},
    "end_date": {"type": "string", "description": "The end date, in the format 'YYYY-MM-DD'."},
}


def test_one_date_written_for_two_labels_fills_both() -> None:
    args, missing = fill(
        RENTAL, "sedans with a pickup date and end date of 2023-04-12", ["start_date", "end_date"]
    )
    assert args == {"start_date": "2023-04-12", "end_date": "2023-04-12"}
    assert missing == []


def test_one_date_for_the_start_alone_leaves_the_end_to_ask_for() -> None:
    args, missing = fill(RENTAL, "sedans with a pickup date of 2023-04-12", ["start_date", "end_date"])
    assert args == {"start_date": "2023-04-12"}
    assert missing == ["end_date"]


# -- routes ------------------------------------------------------------------------------------------

BUS = {
    "from_city": {"type": "string", "description": "The city to depart from, such as 'Austin, TX'."},
    "to_city": {"type": "string", "description": "The destination city, such as 'Austin, TX'."},
}


def test_the_place_the_person_goes_to_is_never_the_origin() -> None:
    text = "I love Philadelphia but I need to leave it for a bit to New York."
    args, _ = fill(BUS, text, ["from_city", "to_city"])
    assert args == {"from_city": "Philadelphia, PA", "to_city": "New York, NY"}


def test_from_and_to_still_read_in_either_order() -> None:
    args, _ = fill(BUS, "a bus to Boston from New York", ["from_city", "to_city"])
    assert args == {"from_city": "New York, NY", "to_city": "Boston, MA"}


# -- counted items -----------------------------------------------------------------------------------


def test_counted_items_are_read_in_order_with_unquoted_plurals_in_the_singular() -> None:
    found = find_counted_items("I'd like two Big Macs and one McFlurry.", free)
    assert [(f.name, f.count) for f in found] == [("Big Mac", 2), ("McFlurry", 1)]


def test_quoted_items_are_kept_as_written() -> None:
    found = find_counted_items("order five 'burgers' and six 'chicken wings' from there", free)
    assert [(f.name, f.count) for f in found] == [("burgers", 5), ("chicken wings", 6)]


def test_a_measure_of_something_counts_the_thing() -> None:
    found = find_counted_items("10 hot chicken legs, 50 cups of Coca-Cola, 30 sandwiches, 90 fries.", free)
    assert [(f.name, f.count) for f in found] == [
        ("hot chicken leg", 10),
        ("Coca-Cola", 50),
        ("sandwich", 30),
        ("fries", 90),
    ]


ORDER = {
    "restaurants": {"type": "string", "description": "The name of the restaurant."},
    "items": {"type": "array", "items": {"type": "string"}, "description": "Food item names."},
    "quantities": {
        "type": "array",
        "items": {"type": "integer"},
        "description": "The quantity for each corresponding item in 'items'.",
    },
}


def test_counted_items_fill_parallel_name_and_quantity_arrays() -> None:
    args, _ = fill(ORDER, "I'd like two Big Macs and one McFlurry.", ["items", "quantities"])
    assert args["items"] == ["Big Mac", "McFlurry"]
    assert args["quantities"] == [2, 1]


def test_items_without_counts_leave_the_quantities_to_ask_for() -> None:
    _, missing = fill(ORDER, "I'd like a Big Mac and a McFlurry from McDonald's.", ["items", "quantities"])
    assert "quantities" in missing


def _object_items(label: str) -> dict[str, Any]:
    return {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {label: {"type": "string"}, "quantity": {"type": "integer"}},
            },
        }
    }


def test_counted_items_fill_an_array_of_item_and_quantity_objects() -> None:
    args, _ = fill(_object_items("item"), "order five 'burgers' and six 'chicken wings'", ["items"])
    assert args == {"items": [{"item": "burgers", "quantity": 5}, {"item": "chicken wings", "quantity": 6}]}


def test_item_ids_are_taken_from_what_the_request_says_of_each_item() -> None:
    text = (
        "order five burgers and six chicken wings. Each burger has the item ID 'burger123' "
        "and each chicken wing has the item ID 'wing456'."
    )
    args, _ = fill(_object_items("item_id"), text, ["items"])
    assert args == {"items": [{"item_id": "burger123", "quantity": 5}, {"item_id": "wing456", "quantity": 6}]}


def test_item_ids_are_not_made_up_from_names() -> None:
    args, missing = fill(_object_items("item_id"), "order five burgers and six chicken wings", ["items"])
    assert "items" not in args
    assert missing == ["items"]


# -- stated bounds -----------------------------------------------------------------------------------

PER_PAGE = {
    "perPage": {
        "type": "integer",
        "description": "The number of entries per page. Must be an integer within the range of 3 to 100.",
    }
}


def test_the_max_of_a_quantity_takes_the_bound_its_schema_states() -> None:
    args, _ = fill(
        PER_PAGE, "Bring me the temperature max entries per pages readings of all sensors", ["perPage"]
    )
    assert args == {"perPage": 100}


def test_a_written_number_after_max_wins_over_the_stated_bound() -> None:
    args, _ = fill(PER_PAGE, "show max 20 entries per page", ["perPage"])
    assert args == {"perPage": 20}


def test_the_max_of_a_quantity_with_no_stated_bound_is_asked_for() -> None:
    props = {"perPage": {"type": "integer", "description": "The number of entries per page."}}
    _, missing = fill(props, "Bring me the max entries per page", ["perPage"])
    assert missing == ["perPage"]


# -- today -------------------------------------------------------------------------------------------


TODAY_BY_DEFAULT = {
    "city": {"type": "string"},
    "movie_date": {
        "type": "string",
        "description": "In the format 'YYYY-MM-DD'. Default is the current date.",
    },
}


def test_today_is_left_out_where_the_schema_says_leaving_it_out_means_today() -> None:
    args, _ = fill(TODAY_BY_DEFAULT, "What movies are playing today in Mumbai?", ["city"])
    assert "movie_date" not in args


def test_today_is_written_where_the_schema_states_no_such_default() -> None:
    props = {"city": {"type": "string"}, "movie_date": {"type": "string", "description": "As 'YYYY-MM-DD'."}}
    args, _ = fill(props, "What movies are playing today in Mumbai?", ["city"])
    assert args["movie_date"] == "2026-11-22"


def test_another_day_is_written_even_where_today_is_the_default() -> None:
    args, _ = fill(TODAY_BY_DEFAULT, "What movies are playing tomorrow in Mumbai?", ["city"])
    assert args["movie_date"] == "2026-11-23"


def test_a_stray_space_inside_a_written_out_date_keeps_it_one_date() -> None:
    assert [d.value for d in find_dates("the weather in Petaluma, CA for 2023 .10.01?", TODAY)] == [
        date(2023, 10, 1)
    ]


def test_full_volume_is_the_top_of_the_range_the_description_states() -> None:
    props = {
        "volume": {
            "type": "integer",
            "description": "The volume level, ranging from 0 (mute) to 100 (maximum volume).",
            "default": 70,
        }
    }
    args, _ = fill(props, "play 'Thriller' by Michael Jackson at full volume", [])
    assert args == {"volume": 100}


# -- lengths of time ---------------------------------------------------------------------------------

AVAILABILITY = {
    "start_available_date": {
        "type": "string",
        "description": "The start, in the format 'YYYY-MM-DD HH:mm:ss'.",
    },
    "end_available_date": {"type": "string", "description": "The end, in the format 'YYYY-MM-DD HH:mm:ss'."},
}


def test_lengths_of_time_are_read_in_minutes_and_in_2_hours_is_not_one() -> None:
    assert [t.minutes for t in find_time_lengths("for 2 hours, then 90 mins, an hour and 30 minutes")] == [
        120,
        90,
        90,
    ]
    assert find_time_lengths("call me in 2 hours") == []


def test_an_end_date_time_is_the_start_plus_the_length_written() -> None:
    args, _ = fill(AVAILABILITY, "a cleaner on 22/3/2024 at 11:00 a.m. for 2 hours", [])
    assert args == {
        "start_available_date": "2024-03-22 11:00:00",
        "end_available_date": "2024-03-22 13:00:00",
    }


def test_a_length_without_a_start_time_leaves_the_end_open() -> None:
    args, _ = fill(AVAILABILITY, "a cleaner on 22/3/2024 for 2 hours", [])
    assert args == {"start_available_date": "2024-03-22"}


def test_a_booking_on_a_nth_weekday_or_a_bare_day_is_made_with_that_date() -> None:
    for text in (
        "book a room at the Palácio, checking in on the first Thursday of December",
        "book the Palácio hotel for me, arriving on the 3rd",
        "get me a room at Palácio, I arrive the Thursday after next",
    ):
        answer = EmbeddedProvider().answer(request(text, BOOK))
        assert [c.arguments for c in answer.calls] == [{"hotel": "Palácio", "check_in": "2026-12-03"}], text
