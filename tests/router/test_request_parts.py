"""A message that asks for several things: each request's best tool reaches the shortlist."""

from __future__ import annotations

import numpy as np
import pytest

from salon.router import EmbeddedQuery, FakeEmbedder, Router, ToolEntry
from salon.router import router as router_module
from salon.router.request_parts import (
    KEPT_PLACES,
    PART_MARGIN,
    combined_scores,
    keep_part_bests,
    request_parts,
)

MUSIC = [
    ToolEntry("play_song", "Play a song or an album by an artist.", app="music"),
    ToolEntry("play_album", "Play a whole album by an artist.", app="music"),
    ToolEntry("song_lyrics", "Show the lyrics of a song by an artist.", app="lyrics"),
    ToolEntry("artist_tour", "Find the concert dates of an artist.", app="concerts"),
    ToolEntry("song_radio", "Start a radio station from a song by an artist.", app="radio"),
]
OTHERS = [
    ToolEntry("get_forecast", "Get the weather forecast for a city.", app="weather"),
    ToolEntry("book_hotel", "Book a room in a hotel.", app="hotels"),
    ToolEntry("convert_currency", "Convert an amount between currencies.", app="money"),
]
MESSAGE = (
    "Play a song by an artist, a song or an album by the artist, any song of the artist's album. "
    "And the forecast too."
)


def f32(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


def test_a_message_splits_into_its_sentences_of_three_words_or_more() -> None:
    assert request_parts("Find me a hotel in Paris. Then book the cheapest one!") == [
        "Find me a hotel in Paris.",
        "Then book the cheapest one!",
    ]
    assert request_parts("Line one here\nline two here") == ["Line one here", "line two here"]


@pytest.mark.parametrize(
    "message",
    ["Find me a hotel in Paris.", "Thanks! Find me a hotel in Paris.", "Hi. Hello there. Book it now?", ""],
)
def test_a_message_of_one_request_has_no_parts(message: str) -> None:
    assert request_parts(message) == []


def test_a_part_lifts_a_tool_only_past_the_margin() -> None:
    whole = f32(0.50, 0.40, 0.30)
    part = f32(0.55, 0.45, 0.60)
    combined = combined_scores(whole, [part])
    # 0.55 - margin < 0.50 and 0.45 - margin < 0.40: the whole's scores stand; 0.60 - margin > 0.30.
    assert combined[0] == whole[0]
    assert combined[1] == whole[1]
    assert combined[2] == pytest.approx(0.60 - PART_MARGIN)
    assert combined_scores(whole, []) is whole


def test_each_parts_best_displaces_the_weakest_of_the_first_places_and_order_stays_by_score() -> None:
    scores = f32(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.1)
    parts = [f32(0.9, 0.1, 0, 0, 0, 0, 0), f32(0, 0, 0, 0, 0, 0, 0.3)]
    lifted = keep_part_bests(scores, parts, places=KEPT_PLACES)
    first = set(np.argsort(-lifted, kind="stable")[:KEPT_PLACES].tolist())
    assert 6 in first
    assert 4 not in first
    assert lifted[6] > scores[4]
    assert lifted[6] < scores[3]
    assert np.array_equal(np.delete(lifted, 6), np.delete(scores, 6))  # nobody else moves


def test_no_part_keeps_a_place_when_the_first_places_are_one_or_a_tool_is_already_there() -> None:
    scores = f32(0.9, 0.8, 0.1)
    parts = [f32(0, 0, 1), f32(0, 1, 0)]
    assert keep_part_bests(scores, parts, places=1) is scores
    assert np.array_equal(keep_part_bests(scores, [f32(0, 1, 0)], places=2), scores)


def test_router_puts_every_requests_tool_in_the_shortlist(embedder: FakeEmbedder) -> None:
    router = Router(embedder, synthetic=False)
    router.index(MUSIC + OTHERS)
    embedded = router.embed([MESSAGE])[0]
    assert [text for text, _ in embedded.parts] == request_parts(MESSAGE)
    whole_only = router.route_embedded(EmbeddedQuery(MESSAGE, embedded.vector), top_k=3)
    assert "get_forecast" not in [c.name for c in whole_only.ranked]  # the music part drowns it

    result = router.route(MESSAGE, top_k=3)
    names = [c.name for c in result.ranked]
    assert "get_forecast" in names
    assert "play_song" in names
    scores = [c.score for c in result.ranked]
    assert scores == sorted(scores, reverse=True)
    # The gate judges the whole message, parts or not.
    assert result.no_app_score == pytest.approx(whole_only.no_app_score)


def test_at_directory_scale_the_parts_apps_are_searched_too(
    embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scale shrunk to this directory: only the nearest app and the best lexical match are scored.
    monkeypatch.setattr(router_module, "PREFILTER_APPS", 1)
    monkeypatch.setattr(router_module, "PREFILTER_LEXICAL", 1)
    router = Router(embedder, synthetic=False, prefilter_tools=2)
    router.index(MUSIC + OTHERS)
    embedded = router.embed([MESSAGE])[0]
    whole_only = router.route_embedded(EmbeddedQuery(MESSAGE, embedded.vector), top_k=3)
    assert "get_forecast" not in [c.name for c in whole_only.ranked]
    assert "get_forecast" in [c.name for c in router.route_embedded(embedded, top_k=3).ranked]
