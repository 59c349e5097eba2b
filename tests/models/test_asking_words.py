"""What the offline provider says when it cannot call yet: which tool it asks about, and in what words."""

from __future__ import annotations

from salon.host.models import ChatMessage, OfferedTool, ProposedCall
from salon.host.models.properties import property_label
from tests.models.test_embedded import BOOK_HOTEL, SEARCH_HOTELS, step, tool

GET_BOOKING = tool(
    "hotels__get_booking",
    "Look up a booking you made: hotel, dates, guest and total.",
    {"reference": {"type": "string", "description": "Booking reference from book_hotel, e.g. 'HB-7Q2K9'."}},
    ["reference"],
    ro=True,
)
WEATHER_NORMALS = OfferedTool(
    name="units__weather_normals",
    title="Typical weather",
    description=(
        "Give a city's typical weather in a month: average high and low, rainfall, rainy days and "
        "sunshine. These are long-term averages (climate normals), not a forecast: use them for "
        '"what\'s the weather like in Lisbon in March" or comparing places to visit.'
    ),
    parameters={
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "A city name, e.g. 'Lisbon'."},
            "month": {"description": "Month as a number (1–12) or a name, e.g. 7, 'July' or 'Jul'."},
        },
        "required": ["city", "month"],
    },
    read_only=True,
)


async def test_a_booking_to_make_is_asked_about_with_the_search_that_finds_hotels_suggested() -> None:
    # Before: the booking lookup lacked one argument to the booking's three, so it was asked about
    # ("I can get booking for you — I just need the booking reference from book_hotel").
    text, calls = await step(
        [ChatMessage(role="user", content="book a hotel")], [GET_BOOKING, SEARCH_HOTELS, BOOK_HOTEL]
    )
    assert calls == []
    assert text == "I can book hotel once we have picked one — try asking me to search hotels first."


async def test_a_tool_named_by_a_noun_is_offered_as_something_to_look_up_and_its_title_is_used() -> None:
    text, calls = await step(
        [ChatMessage(role="user", content="what's the weather in Paris?")], [WEATHER_NORMALS]
    )
    assert calls == []
    assert text == "I can look up typical weather for you — I just need the month."
    text, _ = await step([ChatMessage(role="user", content="tell me a joke")], [WEATHER_NORMALS, BOOK_HOTEL])
    assert "look up typical weather" in text  # the tools are listed closest first
    assert text.endswith(
        ("I can look up typical weather or book hotel.", "I can book hotel or look up typical weather.")
    )


def test_a_question_names_the_property_not_how_it_is_written_or_where_it_comes_from() -> None:
    assert property_label("month", {"description": "Month as a number (1–12) or a name"}) == "the month"
    assert (
        property_label("reference", {"description": "Booking reference from book_hotel"})
        == "the booking reference"
    )
    assert property_label("guests", {"description": "Number of guests from 1 to 8"}) == "the number of guests"
    assert property_label("check_in", {"description": "Check-in date (YYYY-MM-DD)"}) == "the check-in date"
    assert (
        property_label("query", {"description": "What the person is looking for"})
        == "what the person is looking for"
    )


async def test_a_declined_call_is_acknowledged_not_reported_as_a_failure() -> None:
    booked = ProposedCall(id="c1", name="hotels__book_hotel", arguments={"hotel_id": "h-1"})
    history = [
        ChatMessage(role="user", content="book the first one"),
        ChatMessage(role="assistant", tool_calls=[booked]),
        ChatMessage(
            role="tool",
            tool_call_id="c1",
            name="hotels__book_hotel",
            content="The person declined this action, so it was not run.",
            is_error=True,
            declined=True,
        ),
    ]
    text, calls = await step(history, [SEARCH_HOTELS, BOOK_HOTEL])
    # Before: "That didn't work (book hotel): The person declined this action, so it was not run."
    assert (text, calls) == ("OK, you declined it, so I didn't go ahead.", [])
