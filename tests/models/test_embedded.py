"""The offline provider picks tools and fills arguments from schemas it has never seen before."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models import (
    CallProposal,
    ChatMessage,
    EmbeddedProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def tool(
    name: str, description: str, properties: dict[str, Any], required: list[str], *, ro: bool
) -> OfferedTool:
    schema = {"type": "object", "properties": properties, "required": required}
    return OfferedTool(name=name, description=description, parameters=schema, read_only=ro)


DATE = {"type": "string", "format": "date", "description": "Check-in date"}
NIGHTS = {"type": "integer", "minimum": 1, "description": "Number of nights"}
SEARCH_HOTELS = tool(
    "hotels__search_hotels",
    "Search hotels in a city for given dates.",
    {"city": {"type": "string", "description": "City to search in"}, "check_in": DATE, "nights": NIGHTS,
     "guests": {"type": "integer", "minimum": 1, "description": "Number of guests"}},
    ["city", "check_in", "nights"],
    ro=True,
)  # fmt: skip
BOOK_HOTEL = tool(
    "hotels__book_hotel",
    "Book a room at a hotel.",
    {"hotel_id": {"type": "string"}, "check_in": DATE, "nights": NIGHTS},
    ["hotel_id", "check_in", "nights"],
    ro=False,
)
SEARCH_STAYS_CHECKOUT = tool(
    "stays__find_stays",
    "Find places to stay.",
    {"destination": {"type": "string", "description": "Where to stay"},
     "check_in": DATE, "check_out": {"type": "string", "format": "date", "description": "Check-out date"}},
    ["destination", "check_in", "check_out"],
    ro=True,
)  # fmt: skip
SEARCH_TRACKS = tool(
    "music__search_tracks",
    "Search the catalogue for songs by title, artist or album.",
    {"query": {"type": "string", "description": "What to search for"}},
    ["query"],
    ro=True,
)
PLAY_TRACK = tool(
    "music__play_track",
    "Play a track now or add it to the queue.",
    {"track_id": {"type": "string"}},
    ["track_id"],
    ro=False,
)
SEARCH_PRODUCTS = tool(
    "shop__search_products",
    "Search the shop's catalog of products.",
    {"query": {"type": "string"}, "max_price": {"type": "number", "description": "Maximum price in dollars"},
     "sort": {"type": "string", "enum": ["relevance", "price_low_to_high", "newest"]}},
    ["query"],
    ro=True,
)  # fmt: skip
CONVERT = tool(
    "units__convert",
    "Convert a quantity between units of length, mass or temperature.",
    {"value": {"type": "number", "description": "The amount to convert"},
     "from_unit": {"type": "string", "description": "Unit to convert from, e.g. mi"},
     "to_unit": {"type": "string", "description": "Unit to convert to, e.g. km"}},
    ["value", "from_unit", "to_unit"],
    ro=True,
)  # fmt: skip
ALL = [SEARCH_HOTELS, BOOK_HOTEL, SEARCH_TRACKS, PLAY_TRACK, SEARCH_PRODUCTS, CONVERT]


async def step(messages: list[ChatMessage], tools: list[OfferedTool] = ALL) -> tuple[str, list[ProposedCall]]:
    request = ModelRequest(messages=messages, tools=tools, now=NOW)
    chunks = [c async for c in EmbeddedProvider().stream(request)]
    text = "".join(c.text for c in chunks if isinstance(c, TextDelta))
    return text, [c.call for c in chunks if isinstance(c, CallProposal)]


def said(text: str) -> list[ChatMessage]:
    return [ChatMessage(role="user", content=text)]


HOTEL_REQUEST = "find me a hotel in Melbourne for 3 nights from December 3"
SEARCH_CALL = ProposedCall(
    id="c1",
    name="hotels__search_hotels",
    arguments={"city": "Melbourne", "check_in": "2026-12-03", "nights": 3},
)
HOTEL_RESULTS = [
    *said(HOTEL_REQUEST),
    ChatMessage(role="assistant", tool_calls=[SEARCH_CALL]),
    ChatMessage(
        role="tool",
        tool_call_id="c1",
        name="hotels__search_hotels",
        content="Found 3 hotels in Melbourne for Dec 3–6. The Langham has the best rating.",
        data={
            "city": "Melbourne",
            "hotels": [{"id": "h-1", "name": "A"}, {"id": "h-2", "name": "B"}, {"id": "h-3"}],
        },
    ),
    ChatMessage(role="assistant", content="Found 3 hotels in Melbourne for Dec 3–6."),
]


async def test_a_hotel_request_searches_with_city_date_and_nights() -> None:
    text, calls = await step(said(HOTEL_REQUEST))
    assert text == ""
    assert [(c.name, c.arguments) for c in calls] == [
        ("hotels__search_hotels", {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3})
    ]


async def test_a_schema_with_check_out_gets_check_in_plus_the_nights() -> None:
    _, calls = await step(said(HOTEL_REQUEST), [SEARCH_STAYS_CHECKOUT, SEARCH_TRACKS])
    assert calls[0].arguments == {
        "destination": "Melbourne",
        "check_in": "2026-12-03",
        "check_out": "2026-12-06",
    }


async def test_a_date_already_past_this_year_rolls_to_next_year() -> None:
    _, calls = await step(said("hotels in Rome on March 5 for 2 nights"))
    assert calls[0].arguments["check_in"] == "2027-03-05"


async def test_relative_dates_and_word_counts_resolve_against_now() -> None:
    _, calls = await step(said("any hotels in paris tomorrow for two nights?"))
    assert calls[0].arguments == {"city": "Paris", "check_in": "2026-11-23", "nights": 2}


async def test_a_date_range_becomes_the_number_of_nights() -> None:
    _, calls = await step(said("I'd like a room in New York from Dec 10 to Dec 14"))
    assert calls[0].arguments == {"city": "New York", "check_in": "2026-12-10", "nights": 4}


async def test_book_the_second_one_uses_its_id_and_carries_the_dates_over() -> None:
    text, calls = await step([*HOTEL_RESULTS, *said("book the second one")])
    assert text == ""
    assert [(c.name, c.arguments) for c in calls] == [
        ("hotels__book_hotel", {"hotel_id": "h-2", "check_in": "2026-12-03", "nights": 3})
    ]


async def test_the_last_one_points_at_the_end_of_the_list() -> None:
    _, calls = await step([*HOTEL_RESULTS, *said("reserve the last one please")])
    assert calls[0].arguments["hotel_id"] == "h-3"


async def test_that_one_among_several_results_asks_which() -> None:
    text, calls = await step([*HOTEL_RESULTS, *said("book that one")])
    assert calls == []
    assert "Which one" in text
    assert "3" in text


async def test_booking_with_no_results_yet_suggests_searching_first() -> None:
    text, calls = await step(said("book a hotel"))
    assert calls == []
    assert "search hotels" in text


async def test_a_missing_required_value_is_asked_for_instead_of_guessed() -> None:
    text, calls = await step(said("search hotels for 2 nights from tomorrow"))
    assert calls == []
    assert "city" in text


async def test_convert_miles_to_km_fills_value_and_both_units() -> None:
    _, calls = await step(said("convert 5 miles to km"))
    assert [(c.name, c.arguments) for c in calls] == [
        ("units__convert", {"value": 5.0, "from_unit": "miles", "to_unit": "km"})
    ]


async def test_play_a_title_searches_for_it_when_playing_needs_an_id() -> None:
    _, calls = await step(said("play Bohemian Rhapsody"))
    assert [(c.name, c.arguments) for c in calls] == [
        ("music__search_tracks", {"query": "Bohemian Rhapsody"})
    ]


async def test_play_a_title_calls_a_play_tool_that_takes_a_query_directly() -> None:
    play = tool(
        "radio__play",
        "Play music: a song, artist or album.",
        {"query": {"type": "string"}},
        ["query"],
        ro=False,
    )
    _, calls = await step(said("play Bohemian Rhapsody"), [SEARCH_HOTELS, play, CONVERT])
    assert [(c.name, c.arguments) for c in calls] == [("radio__play", {"query": "Bohemian Rhapsody"})]


async def test_play_the_first_after_a_search_plays_that_track() -> None:
    search = ProposedCall(id="m1", name="music__search_tracks", arguments={"query": "Bohemian Rhapsody"})
    tracks = [{"track_id": "t-9", "title": "Bohemian Rhapsody"}, {"track_id": "t-3"}]
    history = [
        *said("play Bohemian Rhapsody"),
        ChatMessage(role="assistant", tool_calls=[search]),
        ChatMessage(
            role="tool",
            tool_call_id="m1",
            name="music__search_tracks",
            content="2 tracks.",
            data={"tracks": tracks},
        ),
        *said("play the first"),
    ]
    _, calls = await step(history)
    assert [(c.name, c.arguments) for c in calls] == [("music__play_track", {"track_id": "t-9"})]


async def test_a_product_search_reads_the_price_limit_and_an_enum_value() -> None:
    _, calls = await step(said("find running shoes under $100, newest first"))
    assert calls[0].name == "shop__search_products"
    assert calls[0].arguments == {"query": "running shoes", "max_price": 100.0, "sort": "newest"}


async def test_a_quoted_title_is_taken_verbatim_as_the_query() -> None:
    _, calls = await step(said('search for "The Sound of Silence"'), [SEARCH_TRACKS, CONVERT])
    assert calls[0].arguments == {"query": "The Sound of Silence"}


async def test_a_message_no_tool_fits_gets_a_text_reply_and_no_call() -> None:
    text, calls = await step(said("tell me a joke"))
    assert calls == []
    assert "offline" in text
    assert "search hotels" in text


async def test_tool_choice_none_answers_in_text() -> None:
    request = ModelRequest(messages=said("convert 5 miles to km"), tools=ALL, now=NOW, tool_choice="none")
    chunks = [c async for c in EmbeddedProvider().stream(request)]
    assert chunks
    assert all(isinstance(c, TextDelta) for c in chunks)


async def test_the_follow_up_is_the_first_line_of_the_tool_text() -> None:
    text, calls = await step(HOTEL_RESULTS[:3])
    assert calls == []
    assert text == "Found 3 hotels in Melbourne for Dec 3–6. The Langham has the best rating."


async def test_the_follow_up_keeps_a_booking_reference_and_drops_the_listing() -> None:
    booked = ChatMessage(
        role="tool",
        tool_call_id="call_9",
        name="hotels__book_hotel",
        content="Booked The Langham: 3 nights. Booking reference BK-7F3K9Q.\nDetails:\n- breakfast included",
    )
    listed = ChatMessage(
        role="tool",
        tool_call_id="call_9",
        name="hotels__search_hotels",
        content="Found 2 hotels:\n1. A\n2. B",
    )
    assert (await step([*said("book it"), booked]))[
        0
    ] == "Booked The Langham: 3 nights. Booking reference BK-7F3K9Q."
    assert (await step([*said("hotels"), listed]))[0] == "Found 2 hotels."


async def test_the_follow_up_to_an_error_says_what_failed() -> None:
    failed = ChatMessage(
        role="tool", tool_call_id="c1", name="hotels__book_hotel", content="The room is no longer available.",
        is_error=True,
    )  # fmt: skip
    text, _ = await step([*HOTEL_RESULTS[:2], failed])
    assert text == "That didn't work (book hotel): The room is no longer available."


async def test_the_same_conversation_always_gets_the_same_call_ids() -> None:
    first = await step(said(HOTEL_REQUEST))
    second = await step(said(HOTEL_REQUEST))
    assert first == second
