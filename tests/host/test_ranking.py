"""Only the most relevant tools reach the model; `@app` pins an app; recent history helps."""

from __future__ import annotations

from typing import Any

from salon.host.ranking import mentioned_apps, rank_tools
from salon.host.tools import ToolSpec


def spec(
    app: str, name: str, description: str, params: dict[str, Any] | None = None, **meta: Any
) -> ToolSpec:
    return ToolSpec(
        app=app,
        name=name,
        description=description,
        input_schema={"type": "object", "properties": params or {}},
        meta=meta,
    )


TOOLS = [
    spec("flights", "book_flight", "Book a seat on a flight.", {"flight_id": {"type": "string"}}),
    spec("hotels", "search_hotels", "Search hotels in a city.", {"city": {}, "check_in": {}, "nights": {}}),
    spec("hotels", "book_hotel", "Book a room at a hotel.", {"hotel_id": {}, "check_in": {}, "nights": {}}),
    spec("music", "search_tracks", "Search songs by title, artist or album.", {"query": {}}),
    spec("music", "play_track", "Play a track or add it to the queue.", {"track_id": {}}),
    spec(
        "units", "convert", "Convert a quantity between units.", {"value": {}, "from_unit": {}, "to_unit": {}}
    ),
]


def names(tools: list[ToolSpec]) -> list[str]:
    return [t.qualified_name for t in tools]


def test_the_most_relevant_tool_comes_first() -> None:
    assert names(rank_tools("find me a hotel in Melbourne", TOOLS))[0] == "hotels__search_hotels"
    assert names(rank_tools("convert 5 miles to km", TOOLS))[0] == "units__convert"
    assert names(rank_tools("queue some songs", TOOLS))[:2] == ["music__play_track", "music__search_tracks"]


def test_synonyms_reach_tools_that_use_another_word() -> None:
    assert names(rank_tools("reserve a room", TOOLS))[0] == "hotels__book_hotel"


def test_top_k_cuts_the_list() -> None:
    assert len(rank_tools("hotel", TOOLS, top_k=2)) == 2
    assert rank_tools("hotel", TOOLS, top_k=0) == []


def test_tools_hidden_from_the_model_are_never_offered() -> None:
    hidden = spec("hotels", "refresh_hotels", "Refresh hotel list.", ui={"visibility": ["app"]})
    assert "hotels__refresh_hotels" not in names(rank_tools("refresh the hotel list", [*TOOLS, hidden]))


def test_an_app_mention_puts_that_apps_tools_first() -> None:
    ranked = names(rank_tools("@music book something", TOOLS))
    assert ranked[:2] == ["music__search_tracks", "music__play_track"]
    assert mentioned_apps("ask @Music and @units, mail me@example.com") == ["music", "units"]


def test_history_breaks_the_tie_for_the_app_just_used() -> None:
    without = names(rank_tools("book the second one", TOOLS))
    with_history = names(rank_tools("book the second one", TOOLS, history=["find me a hotel in Melbourne"]))
    assert without[0] == "flights__book_flight"
    assert with_history[0] == "hotels__book_hotel"


def test_the_message_outweighs_the_history() -> None:
    ranked = names(rank_tools("convert 10 kg to lb", TOOLS, history=["find me a hotel in Melbourne"]))
    assert ranked[0] == "units__convert"


def test_ties_keep_the_given_order() -> None:
    assert names(rank_tools("tell me a joke", TOOLS)) == names(TOOLS)
