"""Music: search a catalogue of about 400 tracks and control a play queue.

Run it as an MCP server over stdio (the default) or Streamable HTTP:

    python examples/apps/music/server.py
    python examples/apps/music/server.py --transport http --port 8102

Searching and reading the player are read-only; adding to the queue and playing change the player
(writes, not destructive); removing from the queue is destructive. The player state is kept in
`$SALON_EXAMPLE_DATA_DIR/music/player.json`, so the queue survives a restart.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

if __package__ in (None, ""):
    # Started as a script: make the repository root importable, as `python -m examples.apps.music.server`
    # would, so the absolute imports below work both ways.
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from examples.apps.music.library import Genre, Library, Player, describe_track, format_duration
from examples.apps.music.views import PLAYER_URI, SEARCH_URI, search
from examples.apps.music.views import player as player_view
from salon.sdk import SalonApp, ToolResult

app = SalonApp(
    "music",
    title="Music",
    description="Search songs, artists and albums, and control what plays next.",
    version="1.0.0",
)
library = Library.bundled()
player = Player(library)
app.add_widget(SEARCH_URI, search)
app.add_widget(PLAYER_URI, player_view)

TrackId = Annotated[str, Field(description="Track id from search_music, e.g. 'trk-0042'.")]


def _unknown_track(track_id: str) -> ToolResult:
    return ToolResult(
        is_error=True,
        text=(
            f"No track has the id {track_id!r}. Track ids look like 'trk-0042'; call search_music first "
            f"and use an id from its results."
        ),
    )


def _player_text(state: dict[str, Any]) -> str:
    playing = state["now_playing"]
    if playing is None:
        lines = ["Nothing is playing."]
    else:
        track = playing["track"]
        lines = [
            f"Now playing: {describe_track(track)}, at {format_duration(playing['position_s'])} "
            f"of {format_duration(track['duration_s'])}."
        ]
    queue = state["queue"]
    if not queue:
        lines.append("The queue is empty.")
    else:
        lines.append(f"Up next ({len(queue)}, {format_duration(state['queue_duration_s'])}):")
        lines.extend(f"{number}. {describe_track(track)}" for number, track in enumerate(queue, start=1))
    return "\n".join(lines)


@app.tool(
    read_only=True,
    destructive=False,
    open_world=False,
    title="Search music",
    activity="Searching music…",
    view=SEARCH_URI,
)
def search_music(
    query: Annotated[
        str,
        Field(description="Words from a song title, artist or album, e.g. 'blue serenade'; may be empty."),
    ],
    genre: Annotated[Genre | None, Field(description="Only tracks of this genre.")] = None,
    limit: Annotated[int, Field(ge=1, le=50, description="Most tracks to return (1–50).")] = 10,
) -> ToolResult:
    """Search songs by title, artist, album or genre and list matching tracks with their ids.

    Use this when someone wants to find, hear or queue music ("play some jazz", "songs by the Comets").
    Results are numbered so the person can say "the third one"; pass a track id to play or queue_add.
    """
    if not query.strip() and genre is None:
        return ToolResult(
            is_error=True,
            text="Give some words to search for (a title, artist or album), or a genre such as 'jazz'.",
        )
    found = library.search(query, genre=genre, limit=limit)
    described = f"{query!r}" + (f" in {genre}" if genre else "") if query.strip() else f"{genre} tracks"
    if not found:
        return ToolResult(
            text=f"No tracks match {described}. Try fewer or different words, or another genre.",
            data={"query": query, "genre": genre, "tracks": []},
        )
    lines = [f"{len(found)} track{'' if len(found) == 1 else 's'} for {described}:"]
    lines.extend(f"{number}. {describe_track(track)}" for number, track in enumerate(found, start=1))
    return ToolResult(text="\n".join(lines), data={"query": query, "genre": genre, "tracks": found})


@app.tool(
    read_only=True,
    destructive=False,
    open_world=False,
    title="Now playing",
    activity="Checking the player…",
    view=PLAYER_URI,
)
def now_playing() -> ToolResult:
    """Show the track playing now with its position, and the queue of tracks up next.

    Use it when someone asks what is playing, what is next, or what is in their queue.
    """
    state = player.state()
    return ToolResult(text=_player_text(state), data=state)


@app.tool(
    read_only=False,
    destructive=False,
    open_world=False,
    title="Add to queue",
    activity="Adding to the queue…",
    view=None,
)
def queue_add(track_id: TrackId) -> ToolResult:
    """Add a track to the end of the play queue, to play after what is already queued.

    Use it when someone says "add this", "queue that" or "play it next"; use play to start it right now.
    """
    track = library.get(track_id)
    if track is None:
        return _unknown_track(track_id)
    state = player.add(track["id"])
    position = len(state["queue"])
    return ToolResult(
        text=f"Added {describe_track(track)} to the queue at position {position}.\n{_player_text(state)}",
        data=state,
    )


@app.tool(
    read_only=False,
    destructive=True,
    open_world=False,
    title="Remove from queue",
    activity="Removing from the queue…",
    view=None,
)
def queue_remove(track_id: TrackId) -> ToolResult:
    """Remove a track from the play queue (its first occurrence). The current track keeps playing."""
    track = library.get(track_id)
    if track is None:
        return _unknown_track(track_id)
    removed, state = player.remove(track["id"])
    if not removed:
        return ToolResult(
            is_error=True,
            text=f"{track['title']} is not in the queue, so nothing was removed.\n{_player_text(state)}",
            data=state,
        )
    return ToolResult(text=f"Removed {track['title']} from the queue.\n{_player_text(state)}", data=state)


@app.tool(
    read_only=False,
    destructive=False,
    open_world=False,
    title="Play",
    activity="Starting playback…",
    view=PLAYER_URI,
)
def play(
    track_id: Annotated[
        str | None,
        Field(description="Track to play now, e.g. 'trk-0042'; leave out to skip to the next queued track."),
    ] = None,
) -> ToolResult:
    """Start playing a track right away, or, without a track id, skip to the next track in the queue.

    Use it for "play this", "put on ..." or "skip"/"next". A queued track that is played now leaves
    the queue.
    """
    track = None
    if track_id is not None:
        track = library.get(track_id)
        if track is None:
            return _unknown_track(track_id)
    state = player.play(track["id"] if track is not None else None)
    if state["now_playing"] is None:
        return ToolResult(
            text="The queue is empty, so playback stopped. Search for something to play.", data=state
        )
    return ToolResult(text=_player_text(state), data=state)


if __name__ == "__main__":
    app.run()
