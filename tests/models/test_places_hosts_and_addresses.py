"""Places written as people write them (nicknames, small towns, a country named in full), host names
and street addresses, read for the properties that take them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.addresses import find_address, written_address
from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.city_nicknames import nickname, written_nicknames
from salon.host.models.gazetteer import find_city, find_us_town
from salon.host.models.hosts import host_in, looks_like_host, wants_host
from salon.host.models.places import PlaceMention, complete_place, find_places, place_format
from salon.host.models.plausible import plausible
from salon.host.models.understanding import Span

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
CITY_STATE = place_format("The city, in the format of 'City, State', such as 'Berkeley, CA'.")
CITY_COUNTRY_CODES = place_format(
    "The city, in the format of 'City, State' or 'City, Country' if the city does not locate in the "
    "United States. For example, 'San Francisco, CA' or 'Paris, FR'."
)
CAB = {
    "destination": {
        "type": "string",
        "description": "The address or location where the cab should take the passenger, formatted as "
        "'Street, City'. Must follow this exact kind of format: '134 Springoak Street, Chicago",
    },
    "number_of_seats": {"type": "integer", "description": "The number of seats to reserve in the cab."},
}


def fill(properties: dict[str, Any], text: str, required: list[str] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required or []}
    return fill_arguments(schema, FillContext(text=text, now=NOW)).arguments


def completed(text: str, fmt: Any = CITY_STATE) -> list[str]:
    return [complete_place(p, fmt) for p in find_places(text)]


# -- nicknames ---------------------------------------------------------------------------------------


def test_a_city_nickname_after_a_preposition_is_the_city_in_the_asked_form() -> None:
    assert completed("I'm going to San Fran pull up some attractions") == ["San Francisco, CA"]
    assert completed("a bar in Philly tonight") == ["Philadelphia, PA"]
    assert nickname("NYC") == ("New York", "NY")


def test_a_nickname_written_as_a_name_is_a_place_wherever_it_stands() -> None:
    assert completed("Can you get me the best SF Psychologist please?") == ["San Francisco, CA"]
    assert [name for name, _, _ in written_nicknames("sf and NYC and Vegas")] == ["NYC", "Vegas"]


def test_a_nickname_that_also_names_other_things_counts_only_after_a_preposition() -> None:
    assert list(written_nicknames("DC comics and a DC motor")) == []
    assert completed("a hotel in DC") == ["Washington, DC"]


# -- small towns -------------------------------------------------------------------------------------


def test_a_small_us_town_gets_its_state_where_the_form_asks_for_one() -> None:
    assert find_city("Sausalito") is None  # under the larger table's 15,000 people
    assert completed("any therapist in Sausalito?") == ["Sausalito, CA"]
    assert completed("find a salon in Mill Valley") == ["Mill Valley, CA"]


def test_small_towns_are_only_american_and_only_for_names_written_with_capitals() -> None:
    town = find_us_town("Larkspur")
    assert town is not None
    assert (town.country, town.admin1) == ("US", "CA")
    assert find_us_town("Nowhereville Upon Nothing") is None
    lower = PlaceMention("Larkspur", "", Span(0, 8), "in", capitalised=False)
    assert complete_place(lower, CITY_STATE) == "Larkspur"


def test_a_small_town_stays_as_written_where_no_region_is_asked_for() -> None:
    assert completed("a theater in Larkspur", place_format("The city where the theater is.")) == ["Larkspur"]


# -- countries written out ---------------------------------------------------------------------------


def test_a_country_whose_code_is_a_state_code_keeps_its_name_in_a_state_only_form() -> None:
    assert completed("I'll be in Toronto, Canada next Monday") == ["Toronto, Canada"]
    assert completed("the forecast for New Delhi, India") == ["New Delhi, India"]


def test_other_countries_and_forms_that_show_country_codes_still_take_codes() -> None:
    codes = place_format("The city, such as 'New York, NY'.")
    assert completed("the forecast for Sydney, Australia", codes) == ["Sydney, AU"]
    assert completed("I'll be in Toronto, Canada next Monday", CITY_COUNTRY_CODES) == ["Toronto, CA"]


# -- hosts -------------------------------------------------------------------------------------------


def test_a_host_property_takes_the_address_the_request_writes_not_the_server_kind() -> None:
    props = {
        "host": {"type": "string", "description": "The hostname or IP address of the PostgreSQL server."},
        "nickname": {"type": "string", "description": "A name for the server."},
    }
    text = "Add a PostgreSQL server. The server is located at example.org, with the nickname 'primary_db'."
    assert fill(props, text) == {"host": "example.org", "nickname": "primary_db"}


def test_a_host_is_written_as_a_network_address() -> None:
    assert [wants_host(n) for n in ("host", "db_hostname", "serverHost", "hostage_count", "nickname")] == [
        True,
        True,
        True,
        False,
        False,
    ]
    for value in ("localhost", "192.168.0.10", "db.company.com", "http://plga.ca", "db01", "pg-main:5432"):
        assert looks_like_host(value), value
    for value in ("PostgreSQL", "my server", "config.json"):
        assert not looks_like_host(value), value
    assert not plausible("host", {"type": "string"}, "PostgreSQL")


def test_an_email_domain_or_a_file_name_is_not_a_host() -> None:
    assert host_in("mail admin@example.org the file config.json", lambda span: True) is None
    found = host_in("mail admin@example.org, then connect to db.example.org:5432.", lambda span: True)
    assert found is not None
    assert found[0] == "db.example.org:5432"


# -- street addresses --------------------------------------------------------------------------------


def test_a_street_address_fills_the_destination_in_the_form_of_the_example() -> None:
    args = fill(CAB, "I need a cab to 123 Main St, Anytown, with 2 seats.", ["destination"])
    assert args == {"destination": "123 Main Street, Anytown", "number_of_seats": 2}


def test_a_house_number_is_not_a_count_of_seats() -> None:
    args = fill(CAB, "I would like to find a regular cab to 540 El Camino Real. Berkeley", ["destination"])
    assert args == {"destination": "540 El Camino Real, Berkeley"}


def test_an_address_keeps_its_direction_state_and_zip_code() -> None:
    found = find_address("to 1600 Pennsylvania Ave NW, Washington, DC 20500 please", lambda span: True)
    assert found is not None
    assert written_address(found, "'Street, City'") == "1600 Pennsylvania Ave NW, Washington, DC 20500"


def test_counts_and_dates_before_capitalised_words_are_not_addresses() -> None:
    for text in ("book 2 Adults for 3 Stars", "on 12 March, London", "I have 3 Tickets. Berkeley is far"):
        assert find_address(text, lambda span: True) is None, text


def test_a_property_whose_examples_are_codes_takes_a_code_not_words() -> None:
    reference = {"type": "string", "description": "Booking reference from book_hotel, e.g. 'BK-7F3K9Q'."}
    assert not plausible("reference", reference, "Rome and Paris")
    assert plausible("reference", reference, "BK-12AB9Z")
    assert plausible("reference", reference, "bk-12ab9z")
    # Examples that are words make no code of the property.
    genre = {"type": "string", "description": "Genre, e.g. 'Pop' or 'Rock'"}
    assert plausible("genre", genre, "Drum and bass")
