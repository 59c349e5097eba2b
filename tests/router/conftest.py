from __future__ import annotations

import pytest

from salon.router import FakeEmbedder, ToolEntry

HOTELS = [
    ToolEntry(
        "search_hotels",
        "Search hotels in a city for given dates.",
        app="hotels",
        parameters={"properties": {"city": {"type": "string"}, "check_in": {"type": "string"}}},
    ),
    ToolEntry("book_hotel", "Book a room in a hotel.", app="hotels"),
]
MUSIC = [
    ToolEntry("play_song", "Play a song or an album by an artist.", app="music"),
    ToolEntry("queue_track", "Add a track to the play queue.", app="music"),
]
WEATHER = [ToolEntry("get_forecast", "Get the weather forecast for a city.", app="weather")]


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()
