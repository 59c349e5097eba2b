"""Cues that decide which tool a request asks for, or that it asks for none: the first of several
steps, a listing of the offered tools, numbers, a single shared word, a change asked of a reader."""

from __future__ import annotations

from typing import Any

from salon.host.models import EmbeddedProvider, OfferedTool
from salon.host.models.steps import steps
from salon.host.models.understanding import STOP_WORDS, concept
from tests.models.offered import request, tool


def calls_for(text: str, tools: list[OfferedTool]) -> list[tuple[str, dict[str, Any]]]:
    _, calls = EmbeddedProvider(meaning=None).respond(request(text, tools))
    return [(c.name, dict(c.arguments)) for c in calls]


LOOKUP_MUSIC = tool(
    "Music_3_LookupMusic",
    "Search for songs that match the given genre, artist or album.",
    {
        "genre": {"type": "string", "description": "The genre of music.", "enum": ["Pop", "Rock", "Reggae"]},
        "artist": {"type": "string", "description": "The artist of the songs."},
    },
    [],
)
PLAY_MEDIA = tool(
    "Music_3_PlayMedia",
    "Play a music track on a device.",
    {
        "track": {"type": "string", "description": "The title of the track."},
        "device": {
            "type": "string",
            "description": "The device to play on.",
            "enum": ["Living room", "Patio"],
        },
    },
    ["track"],
)


def test_a_request_in_steps_is_read_up_to_its_second_action() -> None:
    asked = "Could you look up Pop music, and then play a track on my living room device?"
    assert steps(asked)[0] == "Could you look up Pop music"
    later = "Play a track by Konshens on my Patio device? Also, I'm looking for Reggae songs."
    assert steps(later)[0] == "Play a track by Konshens on my Patio device"


def test_a_later_sentence_that_names_no_new_action_refines_the_first_step() -> None:
    asked = "Find museums in Paris with no entry fee. Also, it should suit my kid."
    assert steps(asked)[0] == asked
    assert (
        steps("Find hotels in Rome, then find more in Milan")[0]
        == "Find hotels in Rome, then find more in Milan"
    )


def test_the_first_of_two_steps_chooses_the_tool() -> None:
    asked = "Could you look up Pop music, and then play a track by any artist on my living room device?"
    assert calls_for(asked, [PLAY_MEDIA, LOOKUP_MUSIC]) == [("Music_3_LookupMusic", {"genre": "Pop"})]


def test_streaming_is_playing() -> None:
    assert concept("stream") == concept("play")


def test_in_is_a_function_word() -> None:
    assert "in" in STOP_WORDS


TWO_NUMBERS: dict[str, Any] = {"a": {"type": "integer"}, "b": {"type": "integer"}}
SEARCH = tool(
    "duck_duck_go",
    "A wrapper for the Duck Duck Go Search API: answers questions from a search query.",
    {"query": {"type": "string", "description": "The search query."}},
    ["query"],
)
CALCULATORS = [
    tool("multiply", "Performs multiplication of two integers.", TWO_NUMBERS, ["a", "b"]),
    tool("add", "Performs addition of two integers.", TWO_NUMBERS, ["a", "b"]),
    tool("sub", "Subtracts the second integer from the first.", TWO_NUMBERS, ["a", "b"]),
]


def test_a_listing_of_the_offered_tools_names_none_of_them() -> None:
    asked = (
        "QUERY: 3 of my friends gave me 10 euros each, how much do I have now? "
        "Functions to use: ['multiply', 'add', 'sub', 'duck_duck_go']"
    )
    assert calls_for(asked, [*CALCULATORS, SEARCH]) == [("multiply", {"a": 3, "b": 10})]


WEATHER = tool(
    "Weather_1_GetWeather",
    "Retrieves the weather forecast for a city on a date.",
    {
        "city": {"type": "string", "description": "The city, such as 'San Francisco, CA'."},
        "date": {"type": "string", "description": "The date, 'YYYY-MM-DD'."},
    },
    ["city"],
)
VISIT = tool(
    "Homes_2_ScheduleVisit",
    "Schedule a visit to a property on a date, e.g. '2023-04-15'.",
    {
        "property_name": {"type": "string", "description": "The name of the property."},
        "visit_date": {"type": "string", "description": "The date of the visit, e.g. '2023-04-15'."},
    },
    ["property_name", "visit_date"],
)


def test_numbers_shared_with_a_tools_examples_do_not_choose_it() -> None:
    asked = "Could you tell me the weather for Lagunitas, CA on 2023-04-15?"
    ranked = EmbeddedProvider(meaning=None).rank(request(asked, [VISIT, WEATHER]), asked)
    assert ranked[0].tool is WEATHER
    visit = next(r for r in ranked if r.tool is VISIT)
    assert visit.score <= 0.25 * visit.filled.from_text


EVENT_SPECS = tool(
    "get_event_specification_infos",
    "Get a summary of all built-in and custom event specifications.",
    {},
    [],
)


def test_a_single_shared_word_is_no_call_when_nothing_else_is_read() -> None:
    assert calls_for("Get the event shoes!", [EVENT_SPECS]) == []
    assert calls_for("Get the event specifications", [EVENT_SPECS]) == [("get_event_specification_infos", {})]


PRODUCT_SEARCH = tool(
    "ProductSearch.execute",
    "Search for clothing products by category, price range and availability.",
    {
        "category": {"type": "string", "description": "The category, such as 'clothing'."},
        "in_stock": {"type": "boolean", "description": "Only products in stock."},
    },
    ["category"],
)


def test_a_tool_that_only_finds_is_not_asked_to_delete() -> None:
    assert calls_for("Delete clothing items that are in stock", [PRODUCT_SEARCH]) == []
    assert calls_for("Find clothing items that are in stock", [PRODUCT_SEARCH]) != []


FIND_TRACKS = OfferedTool(
    name="music__search_tracks",
    description="Search the catalogue for songs by title, artist or album.",
    parameters={"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
    read_only=True,
)
PLAY_NOW = tool(
    "music__play",
    "Start playing a track right away, or skip to the next one in the queue.",
    {"track_id": {"type": "string", "description": "Track to play now; leave out to skip."}},
    [],
)


def test_a_title_a_play_tool_cannot_take_is_found_first() -> None:
    assert calls_for("play Bohemian Rhapsody", [FIND_TRACKS, PLAY_NOW]) == [
        ("music__search_tracks", {"query": "Bohemian Rhapsody"})
    ]


FIND_SHOWS = tool(
    "Movies_1_FindMovies",
    "Search for movies by location, genre, or other attributes at various theaters.",
    {
        "location": {"type": "string", "description": "The city, such as 'Berkeley, CA'."},
        "theater_name": {"type": "string", "description": "The name of the theater."},
        "genre": {"type": "string", "enum": ["World", "Sci-fi", "Drama", "Comedy", "dontcare"]},
    },
    ["location"],
)


def test_values_read_from_the_request_count_when_it_shares_no_word_with_the_tool() -> None:
    # With the router's MiniLM (a dependency) the request is close enough in meaning; its three values
    # lift the tool over the bar that words alone would leave it under.
    asked = "I'd love to catch a Scientific fiction in San Bruno at Century at Tanforan and XD."
    _, calls = EmbeddedProvider().respond(request(asked, [FIND_SHOWS]))
    assert [(c.name, dict(c.arguments)) for c in calls] == [
        (
            "Movies_1_FindMovies",
            {"location": "San Bruno, CA", "theater_name": "Century at Tanforan and XD", "genre": "Sci-fi"},
        )
    ]
