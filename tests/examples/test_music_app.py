"""The music example app, driven through an MCP client as a host would drive it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest
from examples.apps.music.library import Library, Player
from examples.apps.music.server import app
from mcp import Client

from salon.sdk import AppTestClient

StdioApp = Callable[[str], AbstractAsyncContextManager[Client]]


async def test_every_tool_declares_hints_that_match_what_it_does() -> None:
    async with AppTestClient(app) as client:
        tools = {tool.name: tool.annotations for tool in await client.list_tools()}
    hints = {
        name: (a.read_only_hint, a.destructive_hint, a.open_world_hint) for name, a in tools.items() if a
    }
    assert hints == {
        "search_music": (True, False, False),
        "now_playing": (True, False, False),
        "queue_add": (False, False, False),
        "queue_remove": (False, True, False),
        "play": (False, False, False),
    }


def test_catalogue_has_hundreds_of_tracks_by_sixty_artists(committed_data: Callable[[str, str], Any]) -> None:
    tracks = committed_data("music", "tracks.json")["tracks"]
    assert len(tracks) >= 300
    assert len({track["artist"] for track in tracks}) >= 60
    assert len(Counter(track["genre"] for track in tracks)) == 10
    assert len({track["id"] for track in tracks}) == len(tracks)


def test_committed_catalogue_is_what_the_generator_produces(
    committed_data: Callable[[str, str], Any], regenerated_data: Callable[[str], Any]
) -> None:
    assert regenerated_data("music") == committed_data("music", "tracks.json")["tracks"]


async def test_search_by_an_artists_name_lists_their_tracks_first() -> None:
    library = Library.bundled()
    track = library.get("trk-0100")
    assert track is not None
    artist = track["artist"]
    async with AppTestClient(app) as client:
        result = await client.call("search_music", {"query": artist.lower(), "limit": 50})

    artists = [found["artist"] for found in result.data["tracks"]]
    by_artist = artists.count(artist)
    assert by_artist >= 3
    assert artists[:by_artist] == [artist] * by_artist
    assert f"1. {result.data['tracks'][0]['title']} — {artist}" in result.text


async def test_search_within_a_genre_returns_only_that_genre_up_to_the_limit() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("search_music", {"query": "", "genre": "jazz", "limit": 5})

    assert len(result.data["tracks"]) == 5
    assert {track["genre"] for track in result.data["tracks"]} == {"jazz"}


async def test_search_with_neither_words_nor_genre_asks_for_one() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("search_music", {"query": "  "})

    assert result.is_error
    assert "genre" in result.text


async def test_queued_tracks_play_in_order_and_removed_ones_are_skipped() -> None:
    async with AppTestClient(app) as client:
        found = await client.call("search_music", {"query": "", "genre": "folk", "limit": 3})
        first, second, third = (track["id"] for track in found.data["tracks"])
        for track_id in (first, second, third):
            added = await client.call("queue_add", {"track_id": track_id})
            assert not added.is_error
        removed = await client.call("queue_remove", {"track_id": second})
        started = await client.call("play", {})
        state = await client.call("now_playing", {})

    assert [track["id"] for track in removed.data["queue"]] == [first, third]
    assert started.data["now_playing"]["track"]["id"] == first
    assert state.data["now_playing"]["track"]["id"] == first
    assert [track["id"] for track in state.data["queue"]] == [third]
    assert "Now playing" in state.text


async def test_playing_a_queued_track_now_takes_it_out_of_the_queue() -> None:
    async with AppTestClient(app) as client:
        await client.call("queue_add", {"track_id": "trk-0010"})
        await client.call("queue_add", {"track_id": "trk-0020"})
        played = await client.call("play", {"track_id": "trk-0020"})

    assert played.data["now_playing"]["track"]["id"] == "trk-0020"
    assert played.data["now_playing"]["position_s"] == 0
    assert [track["id"] for track in played.data["queue"]] == ["trk-0010"]


async def test_skipping_with_an_empty_queue_stops_playback() -> None:
    async with AppTestClient(app) as client:
        await client.call("play", {"track_id": "trk-0001"})
        skipped = await client.call("play", {})

    assert skipped.data["now_playing"] is None
    assert "playback stopped" in skipped.text


async def test_removing_a_track_that_is_not_queued_is_an_error() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("queue_remove", {"track_id": "trk-0005"})

    assert result.is_error
    assert "not in the queue" in result.text


async def test_an_unknown_track_id_is_an_error_pointing_to_search() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("queue_add", {"track_id": "trk-9999"})

    assert result.is_error
    assert "search_music" in result.text


async def test_the_queue_survives_a_restart() -> None:
    async with AppTestClient(app) as client:
        await client.call("queue_add", {"track_id": "trk-0003"})
    async with AppTestClient(app) as restarted:
        state = await restarted.call("now_playing", {})

    assert [track["id"] for track in state.data["queue"]] == ["trk-0003"]


def test_a_finished_track_gives_way_to_the_next_queued_one() -> None:
    now = [1000.0]
    library = Library.bundled()
    player = Player(library, clock=lambda: now[0])
    first, second = library.get("trk-0001"), library.get("trk-0002")
    assert first is not None
    assert second is not None
    player.play(first["id"])
    player.add(second["id"])

    now[0] += first["duration_s"] + 5
    state = player.state()

    assert state["now_playing"] == {"track": second, "position_s": 5}
    assert state["queue"] == []


@pytest.mark.subprocess
async def test_server_script_lists_its_tools_over_stdio(stdio_app: StdioApp) -> None:
    async with stdio_app("music") as client:
        tools = await client.list_tools()

    assert {tool.name for tool in tools.tools} == {
        "search_music",
        "now_playing",
        "queue_add",
        "queue_remove",
        "play",
    }
