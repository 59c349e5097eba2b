"""The hotels example app, driven through an MCP client as a host would drive it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from examples.apps.hotels.server import app
from mcp import Client

from salon.sdk import AppTestClient

StdioApp = Callable[[str], AbstractAsyncContextManager[Client]]

IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()


async def test_every_tool_declares_hints_that_match_what_it_does() -> None:
    async with AppTestClient(app) as client:
        tools = {tool.name: tool.annotations for tool in await client.list_tools()}
    hints = {
        name: (a.read_only_hint, a.destructive_hint, a.open_world_hint) for name, a in tools.items() if a
    }
    assert hints == {
        "search_hotels": (True, False, False),
        "get_hotel": (True, False, False),
        "get_booking": (True, False, False),
        "book_hotel": (False, False, True),
        "cancel_booking": (False, True, True),
    }


async def test_every_tool_and_parameter_is_described_for_the_model() -> None:
    async with AppTestClient(app) as client:
        for tool in await client.list_tools():
            assert len(tool.description or "") > 60, tool.name
            for name, schema in tool.input_schema.get("properties", {}).items():
                assert schema.get("description"), f"{tool.name}.{name}"


def test_catalogue_has_hundreds_of_hotels_in_forty_cities_and_ten_in_melbourne(
    committed_data: Callable[[str, str], Any],
) -> None:
    hotels = committed_data("hotels", "hotels.json")["hotels"]
    per_city = Counter(hotel["city"] for hotel in hotels)
    assert len(hotels) >= 380
    assert len(per_city) >= 40
    assert per_city["Melbourne"] >= 10
    assert len({hotel["id"] for hotel in hotels}) == len(hotels)
    assert all(0 <= hotel["rating"] <= 10 and hotel["nightly_price"] > 0 for hotel in hotels)


def test_committed_catalogue_is_what_the_generator_produces(
    committed_data: Callable[[str, str], Any], regenerated_data: Callable[[str], Any]
) -> None:
    assert regenerated_data("hotels") == committed_data("hotels", "hotels.json")["hotels"]


async def test_search_numbers_the_best_hotels_with_the_total_for_the_stay() -> None:
    async with AppTestClient(app) as client:
        result = await client.call(
            "search_hotels", {"city": "melbourne", "check_in": IN_A_MONTH, "nights": 3}
        )

    assert not result.is_error
    hotels = result.data["hotels"]
    assert len(hotels) == 8  # Melbourne has 16 hotels in the bundled data; a search shows the best 8
    assert result.data["city"] == "Melbourne"
    check_out = (date.fromisoformat(IN_A_MONTH) + timedelta(days=3)).isoformat()
    for number, hotel in enumerate(hotels, start=1):
        assert hotel["id"].startswith("htl-mel-")
        assert hotel["check_out"] == check_out
        assert hotel["total_price"] == hotel["nightly_price"] * 3 * hotel["rooms"]
        assert f"{number}. {hotel['name']} — " in result.text
        assert hotel["id"] in result.text


async def test_search_applies_price_and_rating_filters_and_sorts_by_price() -> None:
    async with AppTestClient(app) as client:
        result = await client.call(
            "search_hotels",
            {"city": "Paris", "check_in": IN_A_MONTH, "max_price": 300, "min_rating": 8, "sort": "price"},
        )

    prices = [hotel["nightly_price"] for hotel in result.data["hotels"]]
    assert prices, result.text
    assert prices == sorted(prices)
    assert all(price <= 300 for price in prices)
    assert all(hotel["rating"] >= 8 for hotel in result.data["hotels"])


async def test_search_keeps_only_hotels_with_at_least_the_stars_asked_for() -> None:
    async with AppTestClient(app) as client:
        every = await client.call("search_hotels", {"city": "Rome", "check_in": IN_A_MONTH})
        four_up = await client.call("search_hotels", {"city": "Rome", "check_in": IN_A_MONTH, "min_stars": 4})
        too_many = await client.call(
            "search_hotels", {"city": "Rome", "check_in": IN_A_MONTH, "min_stars": 6}
        )

    assert {hotel["stars"] for hotel in every.data["hotels"]} - {4, 5}, "the filter would show nothing"
    assert four_up.data["hotels"]
    assert all(hotel["stars"] >= 4 for hotel in four_up.data["hotels"])
    assert too_many.is_error  # the schema allows 1–5


async def test_search_with_impossible_filters_says_how_to_widen_them() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("search_hotels", {"city": "Tokyo", "check_in": IN_A_MONTH, "max_price": 1})

    assert not result.is_error
    assert result.data["hotels"] == []
    assert "higher maximum price" in result.text


async def test_search_in_an_unknown_city_is_an_error_suggesting_a_close_match() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("search_hotels", {"city": "Melburne", "check_in": IN_A_MONTH})

    assert result.is_error
    assert "Did you mean Melbourne?" in result.text


async def test_search_from_a_past_date_is_an_error_naming_today() -> None:
    yesterday = date.today() - timedelta(days=1)
    async with AppTestClient(app) as client:
        result = await client.call("search_hotels", {"city": "Rome", "check_in": yesterday.isoformat()})

    assert result.is_error
    assert "in the past" in result.text
    assert date.today().isoformat() in result.text


async def test_a_stay_of_zero_nights_is_rejected_by_the_input_schema() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("search_hotels", {"city": "Rome", "check_in": IN_A_MONTH, "nights": 0})

    assert result.is_error
    assert "nights" in result.text


async def test_hotel_details_include_amenities_and_description() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("get_hotel", {"hotel_id": "htl-mel-007"})

    hotel = result.data["hotel"]
    assert hotel["city"] == "Melbourne"
    assert hotel["name"] in result.text
    assert all(amenity in result.text for amenity in hotel["amenities"])


async def test_booking_a_searched_hotel_returns_a_reference_that_survives_a_restart(data_dir: Path) -> None:
    async with AppTestClient(app) as client:
        search = await client.call("search_hotels", {"city": "Tokyo", "check_in": IN_A_MONTH, "nights": 2})
        second = search.data["hotels"][1]
        booked = await client.call(
            "book_hotel",
            {"hotel_id": second["id"], "check_in": IN_A_MONTH, "nights": 2, "guest_name": "Ada Okafor"},
        )

    assert not booked.is_error
    booking = booked.data["booking"]
    assert booking["reference"].startswith("BK-")
    assert len(booking["reference"]) == 9
    assert booking["reference"] in booked.text
    assert booking["hotel_id"] == second["id"]
    assert booking["total_price"] == second["total_price"]
    assert booking["check_out"] == second["check_out"]
    stored = json.loads((data_dir / "hotels" / "bookings.json").read_text("utf-8"))
    assert stored["bookings"][booking["reference"]]["guest_name"] == "Ada Okafor"

    async with AppTestClient(app) as restarted:
        found = await restarted.call("get_booking", {"reference": booking["reference"].lower()})
    assert found.data["booking"] == booking


async def test_a_party_larger_than_a_room_books_several_rooms() -> None:
    async with AppTestClient(app) as client:
        hotel = (await client.call("get_hotel", {"hotel_id": "htl-lon-001"})).data["hotel"]
        guests = hotel["max_guests_per_room"] + 1
        booked = await client.call(
            "book_hotel", {"hotel_id": hotel["id"], "check_in": IN_A_MONTH, "nights": 1, "guests": guests}
        )

    assert booked.data["booking"]["rooms"] == 2
    assert booked.data["booking"]["total_price"] == 2 * hotel["nightly_price"]


async def test_booking_an_unknown_hotel_is_an_error_pointing_to_search() -> None:
    async with AppTestClient(app) as client:
        result = await client.call(
            "book_hotel", {"hotel_id": "htl-xyz-999", "check_in": IN_A_MONTH, "nights": 1}
        )

    assert result.is_error
    assert "search_hotels" in result.text


async def test_booking_in_the_past_is_refused_and_nothing_is_stored(data_dir: Path) -> None:
    last_week = (date.today() - timedelta(days=7)).isoformat()
    async with AppTestClient(app) as client:
        result = await client.call(
            "book_hotel", {"hotel_id": "htl-mel-001", "check_in": last_week, "nights": 1}
        )

    assert result.is_error
    assert not (data_dir / "hotels" / "bookings.json").exists()


async def test_cancelling_a_booking_marks_it_cancelled_and_a_second_cancel_changes_nothing() -> None:
    async with AppTestClient(app) as client:
        booked = await client.call(
            "book_hotel", {"hotel_id": "htl-bcn-003", "check_in": IN_A_MONTH, "nights": 4}
        )
        reference = booked.data["booking"]["reference"]
        cancelled = await client.call("cancel_booking", {"reference": reference})
        again = await client.call("cancel_booking", {"reference": reference})
        looked_up = await client.call("get_booking", {"reference": reference})

    assert not cancelled.is_error
    assert cancelled.data["booking"]["status"] == "cancelled"
    assert again.is_error
    assert "already cancelled" in again.text
    assert looked_up.data["booking"]["status"] == "cancelled"


async def test_cancelling_an_unknown_reference_is_an_error() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("cancel_booking", {"reference": "BK-NOPE22"})

    assert result.is_error
    assert "nothing was cancelled" in result.text


@pytest.mark.subprocess
async def test_server_script_serves_its_tools_and_stored_bookings_over_stdio(stdio_app: StdioApp) -> None:
    async with AppTestClient(app) as client:
        booked = await client.call(
            "book_hotel", {"hotel_id": "htl-syd-002", "check_in": IN_A_MONTH, "nights": 2}
        )
    reference = booked.data["booking"]["reference"]

    async with stdio_app("hotels") as client:
        tools = await client.list_tools()
        found = await client.call_tool("get_booking", {"reference": reference})

    assert {tool.name for tool in tools.tools} == {
        "search_hotels",
        "get_hotel",
        "book_hotel",
        "get_booking",
        "cancel_booking",
    }
    assert not found.is_error
    assert found.structured_content == booked.data
