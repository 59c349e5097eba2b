"""Requests a person types at the demo, against the example apps' own tool definitions (listed over MCP
in memory): the tool chosen, the values read, and what it waits to do after a search."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from examples.apps.hotels.server import app as hotels
from examples.apps.music.server import app as music
from examples.apps.shop.server import app as shop
from examples.apps.units.server import app as units

from salon.host.models import ChatMessage, ModelRequest, OfferedTool
from salon.host.models.embedded import Answer, EmbeddedProvider
from salon.sdk import SalonApp
from salon.sdk.testing import AppTestClient

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


async def offered_by(app_name: str, client: AppTestClient) -> list[OfferedTool]:
    """The tools an app lists over MCP, as the host offers them to the model (app-qualified)."""
    return [
        OfferedTool(
            name=f"{app_name}__{tool.name}",
            description=tool.description or "",
            parameters=tool.input_schema,
            read_only=bool(tool.annotations and tool.annotations.read_only_hint),
            title=tool.title,
        )
        for tool in await client.list_tools()
    ]


async def _tools_of(app: SalonApp) -> list[OfferedTool]:
    async with AppTestClient(app) as client:
        return await offered_by(app.name, client)


async def _all_tools() -> list[OfferedTool]:
    return [tool for app in (hotels, music, shop, units) for tool in await _tools_of(app)]


@pytest.fixture(scope="module")
def example_tools() -> list[OfferedTool]:
    return asyncio.run(_all_tools())


def answer(text: str, tools: list[OfferedTool]) -> Answer:
    request = ModelRequest(messages=[ChatMessage(role="user", content=text)], tools=tools, now=NOW)
    return EmbeddedProvider().answer(request)


def called(text: str, tools: list[OfferedTool]) -> list[tuple[str, dict[str, Any]]]:
    return [(c.name, c.arguments) for c in answer(text, tools).calls]


def test_temperature_and_its_shortening_ask_for_the_typical_weather(example_tools: list[OfferedTool]) -> None:
    # Before: both asked for the time in Tokyo (its description's example is "what time is it in Tokyo").
    for text in ("whats the temp in tokyo in august", "what's the temperature in tokyo in august"):
        assert called(text, example_tools) == [
            ("units__weather_normals", {"month": "August", "city": "Tokyo"})
        ]


def test_a_question_about_what_is_playing_reads_the_player(example_tools: list[OfferedTool]) -> None:
    for text in ("what is playing", "what's playing now"):
        assert called(text, example_tools) == [("music__now_playing", {})], text


def test_play_searches_first_and_then_plays(example_tools: list[OfferedTool]) -> None:
    # Before: "play something relaxing" was declined (the player's state outscored playing), and
    # "play some jazz" searched in order to add to the queue, a synonym of playing.
    for text, query in (("play some jazz", {"genre": "jazz", "query": "jazz"}), ("play Blue Serenade", None)):
        found = answer(text, example_tools)
        assert [c.name for c in found.calls] == ["music__search_music"]
        assert found.finding_for == "music__play"
        if query is not None:
            assert found.calls[0].arguments == query
    queued = answer("add some jazz to the queue", example_tools)
    assert queued.finding_for == "music__queue_add"


def test_words_that_only_name_what_a_search_finds_are_not_searched_for(
    example_tools: list[OfferedTool],
) -> None:
    # Before: the query was "songs" and "tracks", and no jazz track has either word in it.
    for text in ("find jazz songs", "show me jazz tracks"):
        assert called(text, example_tools) == [("music__search_music", {"genre": "jazz", "query": "jazz"})]
    # A word beside the option that is not one of them stays: "compact" is what is sought.
    [(name, arguments)] = called("a compact carry-on", example_tools)
    assert (name, arguments["query"]) == ("shop__search_products", "compact carry-on")


def test_a_quality_is_no_action_a_search_waits_to_do(example_tools: list[OfferedTool]) -> None:
    # Before: "cheap" counted as the action (price), the hotel details named it, and the search
    # waited to show one hotel's details: "Found 10 hotels… Which one would you like?"
    found = answer("I need a cheap hotel in Lisbon for this weekend", example_tools)
    assert [(c.name, c.arguments) for c in found.calls] == [
        ("hotels__search_hotels", {"check_in": "2026-11-28", "sort": "price", "city": "Lisbon"})
    ]
    assert found.finding_for is None


def test_a_bound_on_stars_is_not_a_bound_on_the_rating(example_tools: list[OfferedTool]) -> None:
    # Before: "at least" bound the first minimum in the schema, the rating out of 10, to 4.
    [(name, arguments)] = called("hotels in Rome tomorrow with at least 4 stars", example_tools)
    assert name == "hotels__search_hotels"
    assert arguments["min_stars"] == 4
    assert "min_rating" not in arguments


def test_what_a_search_finds_and_its_link_do_not_open_the_query(example_tools: list[OfferedTool]) -> None:
    # Before: the query was "songs by the Winslow Trio", and no track has all those words.
    assert called("songs by the Winslow Trio", example_tools) == [
        ("music__search_music", {"query": "Winslow Trio"})
    ]
    assert called("find tracks from Blue Steps", example_tools) == [
        ("music__search_music", {"query": "Blue Steps"})
    ]


def test_a_decline_names_what_the_closest_tools_do(example_tools: list[OfferedTool]) -> None:
    # Before: the first five tools offered, whatever was asked (the hotel app's, for the music).
    declined = answer("turn it up", example_tools)
    assert declined.declined
    assert declined.text.endswith(
        "I can look up now playing, play, add to queue, remove from queue or search music."
    )


def test_questions_about_how_things_are_read_and_never_change_anything(
    example_tools: list[OfferedTool],
) -> None:
    # Before: "what's in my queue" skipped to the next track (the player's play tool, a write, tied
    # with reading it), and "what song is playing" searched music for "what song".
    for text in ("what's in my queue", "what song is playing"):
        assert called(text, example_tools) == [("music__now_playing", {})], text


def test_a_tool_far_in_meaning_gives_way_to_the_one_meant(example_tools: list[OfferedTool]) -> None:
    # Before: declined; the music player's "right away" outscored the time tool on "right now".
    assert called("is it daytime in Sydney right now?", example_tools) == [
        ("units__time_in", {"city": "Sydney"})
    ]


def test_the_weekend_and_degrees_of_a_scale(example_tools: list[OfferedTool]) -> None:
    # Before: "for the weekend" was no date, and the search was declined for lack of one.
    [(name, stay)] = called("I want a quiet hotel near the beach in Barcelona for the weekend", example_tools)
    assert (name, stay["city"], stay["check_in"]) == ("hotels__search_hotels", "Barcelona", "2026-11-28")
    # Before: the unit converted from was "degrees".
    assert called("what's 30 degrees celsius in fahrenheit", example_tools) == [
        ("units__convert_units", {"value": 30.0, "from_unit": "celsius", "to_unit": "fahrenheit"})
    ]


def test_months_weekdays_and_cities_are_values_not_what_is_asked(example_tools: list[OfferedTool]) -> None:
    # Before: the typical-weather tool (its description's example: "Lisbon in March") and the time
    # tool ("is it night in London") won on the month and the city.
    assert called("I'd like to stay in Paris from March 3 to March 7", example_tools) == [
        ("hotels__search_hotels", {"check_in": "2027-03-03", "nights": 4, "city": "Paris"})
    ]
    [(name, stay)] = called("2 rooms in London next Tuesday", example_tools)
    assert (name, stay["city"], stay["check_in"]) == ("hotels__search_hotels", "London", "2026-11-24")
    assert called("what's the weather like in Lisbon in March", example_tools) == [
        ("units__weather_normals", {"month": "March", "city": "Lisbon"})
    ]


def test_a_price_limit_in_a_currency_is_still_a_price_limit(example_tools: list[OfferedTool]) -> None:
    # Before: "euros" after the number read as a measure of something else, and the limit was lost.
    [(name, stay)] = called("find me a hotel under 100 euros in Berlin on Friday", example_tools)
    assert (name, stay["max_price"], stay["city"]) == ("hotels__search_hotels", 100.0, "Berlin")


def test_skip_this_song_skips_and_names_still_send_a_search_first(example_tools: list[OfferedTool]) -> None:
    # Before: "song" was a word the player does not know, so "skip" alone was too little, and the
    # music was searched for "skip".
    assert called("skip this song", example_tools) == [("music__play", {})]
    found = answer("play Blue Serenade", example_tools)
    assert [(c.name, c.arguments) for c in found.calls] == [
        ("music__search_music", {"query": "Blue Serenade"})
    ]
    assert found.finding_for == "music__play"


def test_praise_a_count_and_the_persons_purpose_are_not_searched_for(
    example_tools: list[OfferedTool],
) -> None:
    # Before: "noise cancelling for my flight", "best power bank", "2 packing cubes": a product
    # search needs every word, and no product has those.
    for text, query in (
        ("I need noise cancelling headphones for my flight", "noise cancelling headphones"),
        ("what's the best power bank you have", "power bank"),
        ("buy 2 packing cubes", "packing cubes"),
    ):
        [(name, arguments)] = called(text, example_tools)
        assert (name, arguments["query"]) == ("shop__search_products", query), text


def test_put_on_plays_and_a_holiday_is_a_date(example_tools: list[OfferedTool]) -> None:
    # Before: "put" is adding, so the search waited to add to the queue; "new year's eve" was no
    # date, and the request was answered with the booking tool's "search hotels first".
    found = answer("put on some classical music", example_tools)
    assert [c.name for c in found.calls] == ["music__search_music"]
    assert found.finding_for == "music__play"
    assert called("any hotels in Amsterdam for new year's eve?", example_tools) == [
        ("hotels__search_hotels", {"check_in": "2026-12-31", "city": "Amsterdam"})
    ]


def test_a_hotels_name_is_no_city(example_tools: list[OfferedTool]) -> None:
    # Before: the time in the city "The Monti Residences".
    assert called("how much is a night at The Monti Residences", example_tools) == []
    assert called("what time is it in The Hague", example_tools) == [
        ("units__time_in", {"city": "The Hague"})
    ]


def test_a_stay_without_dates_asks_for_them_whatever_the_city(example_tools: list[OfferedTool]) -> None:
    # Before: "Melbourne" was declined (with the city no longer a cue, the search was measured
    # against the time tool, callable on the city alone but far too weakly to be called), and "Paris"
    # suggested searching before the hotel details (those are as close, but need a hotel found first).
    for text in ("I need a hotel in Melbourne", "I need a hotel in Paris", "somewhere to stay in Berlin"):
        found = answer(text, example_tools)
        assert (found.calls, found.missing) == ([], ("check_in",)), text
        assert found.text == "I can search hotels for you — I just need the arrival date."
