"""Arguments read from requests by the schema alone: places, labelled values, choices, dates and times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.choices import match_enum, read_flag
from salon.host.models.dates import find_dates, find_times, format_date, stated_today
from salon.host.models.places import complete_place, find_places, place_format

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
CITY_STATE = "The city, in the format 'City, State', such as 'Berkeley, CA'. State names must be abbreviated."


def fill(properties: dict[str, Any], text: str, required: list[str] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required or []}
    return fill_arguments(schema, FillContext(text=text, now=NOW)).arguments


def test_a_written_out_id_is_read_when_no_earlier_result_is_pointed_at() -> None:
    props = {"user_id": {"type": "integer"}, "botId": {"type": "string"}}
    assert fill(props, "the user with the ID 7890 and the bot identifier 'my-bot-id'") == {
        "user_id": 7890,
        "botId": "my-bot-id",
    }


def test_a_number_after_a_property_word_belongs_to_it() -> None:
    assert fill({"port": {"type": "integer"}}, "host example.org, port 5432") == {"port": 5432}


def test_a_place_with_its_region_is_kept_whole_and_stops_at_the_sentence_end() -> None:
    places = find_places("What's on in Bangkok, Thailand. I prefer fahrenheit.")
    assert [(p.city, p.region) for p in places] == [("Bangkok", "Thailand")]


def test_a_city_is_completed_to_the_city_state_form_the_schema_asks_for() -> None:
    fmt = place_format(CITY_STATE)
    (place,) = find_places("find a house in Portland for two")
    assert complete_place(place, fmt) == "Portland, OR"


def test_a_state_name_is_abbreviated_when_the_schema_says_so() -> None:
    (place,) = find_places("a salon near Mariposa, California please")
    assert complete_place(place, place_format(CITY_STATE)) == "Mariposa, CA"


def test_a_city_property_without_a_format_gets_the_city_alone() -> None:
    args = fill({"city": {"type": "string", "description": "Name of the city"}}, "weather in Marshall, MN")
    assert args == {"city": "Marshall"}


def test_from_and_to_places_go_to_their_own_properties() -> None:
    props = {
        "_from": {"type": "string", "description": "Starting city. " + CITY_STATE},
        "to": {"type": "string", "description": "Destination city. " + CITY_STATE},
    }
    args = fill(props, "trains from New York, NY to Los Angeles on April 25th, 2023")
    assert args == {"_from": "New York, NY", "to": "Los Angeles, CA"}


def test_quoted_values_go_to_the_property_their_label_names() -> None:
    props = {
        "nickname": {"type": "string", "description": "A name for the server."},
        "host": {"type": "string", "description": "The hostname or address of the server."},
        "password": {"type": "string", "description": "The password."},
    }
    text = "add a server with the nickname 'PG1', the host 'pg.example.org' and the password 'secret12'"
    assert fill(props, text) == {"nickname": "PG1", "host": "pg.example.org", "password": "secret12"}


def test_capitalised_names_go_to_the_role_that_introduces_them() -> None:
    props = {
        "directed_by": {"type": "string", "description": "Director of the movie."},
        "cast": {"type": "string", "description": "Leading actors in the movie."},
    }
    text = "Find a movie directed by Guillermo del Toro that features Emma Watson"
    assert fill(props, text) == {"directed_by": "Guillermo del Toro", "cast": "Emma Watson"}


def test_a_described_example_is_taken_for_its_property() -> None:
    props = {"taste": {"type": "string", "description": "Taste profile, such as 'bitter', 'sweet', 'sour'."}}
    assert fill(props, "a lager that's bitter please") == {"taste": "bitter"}


def test_a_free_text_property_takes_the_rest_of_the_clause_after_its_name() -> None:
    props = {"command": {"type": "string", "description": "The system command to run."}}
    assert fill(props, "disconnect wifi, using the command netsh wlan disconnect") == {
        "command": "netsh wlan disconnect"
    }


def test_an_enum_prefers_the_specific_value_over_a_catch_all() -> None:
    choice = match_enum("List all PostgreSQL servers", ["all", "postgres", "graphql"], set())
    assert choice is not None
    assert choice.value == "postgres"


def test_an_enum_prefers_the_longest_value_mentioned() -> None:
    choice = match_enum("a Comedy-drama movie", ["Comedy", "Comedy-drama", "Drama"], set())
    assert choice is not None
    assert choice.value == "Comedy-drama"


def test_a_flag_is_on_when_its_words_appear_and_off_when_negated() -> None:
    on = read_flag("a house with laundry service", "has_laundry_service")
    off = read_flag("a hotel without breakfast", "breakfast_included")
    assert on is not None
    assert on.value is True
    assert off is not None
    assert off.value is False
    assert read_flag("available on March 19", "available_for_pet") is None


def test_a_true_false_enum_is_read_as_a_flag() -> None:
    props = {"good_for_kids": {"type": "string", "enum": ["True", "False", "dontcare"]}}
    assert fill(props, "attractions in Paris suitable for kids") == {"good_for_kids": "True"}


def test_a_stated_today_replaces_the_clock_for_relative_dates() -> None:
    stated = stated_today("next Monday please. today is monday April 24th 2023", date(2026, 11, 22))
    assert stated is not None
    assert stated[0] == date(2023, 4, 24)
    props = {"date": {"type": "string", "description": "The date, formatted as 'MM/DD/YYYY'."}}
    assert fill(props, "events next Monday? today is monday April 24th 2023") == {"date": "05/01/2023"}


def test_a_year_stated_once_applies_to_dates_written_without_one() -> None:
    found = find_dates("departing April 15th and returning April 22nd 2023", date(2026, 11, 22))
    assert [d.value for d in found] == [date(2023, 4, 15), date(2023, 4, 22)]


def test_an_ordinal_day_of_a_date_is_not_read_as_a_pointer_into_results() -> None:
    props = {"date": {"type": "string", "description": "The date, in the format 'YYYY-MM-DD'."}}
    assert fill(props, "the forecast for Pacifica on April 11th, 2023") == {"date": "2023-04-11"}


def test_dates_are_written_in_the_format_the_description_names() -> None:
    assert format_date(date(2023, 3, 6), "formatted as 'MM/DD/YYYY'") == "03/06/2023"
    assert format_date(date(2023, 3, 6), "in 'DD-MM-YYYY'") == "06-03-2023"
    assert format_date(date(2023, 3, 6), "a date") == "2023-03-06"


def test_times_of_day_are_read_in_their_common_forms() -> None:
    found = find_times("at 19:00, or 4:30 PM, or noon, or at 5 in the afternoon")
    assert [(t.hour, t.minute) for t in found] == [(19, 0), (16, 30), (12, 0), (17, 0)]


def test_a_time_property_and_a_date_time_property_are_filled() -> None:
    props = {
        "show_time": {"type": "string", "description": "Start time in 24-hour format 'HH:MM'."},
    }
    assert fill(props, "two tickets for the 7 pm show") == {"show_time": "19:00"}
    when = {"departure_time": {"type": "string", "description": "Departure, as 'dd/mm/yyyy HH:MM'."}}
    args = fill(when, "a flight on the 20th of June 2022 at 5 in the afternoon")
    assert args == {"departure_time": "20/06/2022 17:00"}
