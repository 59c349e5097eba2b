"""The music app's views, built with the widget kit: search results and the player.

Search results are a list of tracks, each with "Add to queue" (`queue_add`). The player shows the track
playing now with a progress bar that advances in the view, play/pause, "Next" (`play` with no track) and the
queue, where "Play now" plays a queued track; both buttons re-render the player from the tool's answer. It
can go picture-in-picture (the queue hides there) or fullscreen, and keeps its playing state in the view's
saved state, so a reload carries on.
"""

from __future__ import annotations

from salon.sdk.widgets import Button, Heading, List, Player, View

SEARCH_URI = "ui://music/search.html"
PLAYER_URI = "ui://music/player.html"

search = View(
    List(
        items="tracks",
        title="{title}",
        subtitle="{artist} · {album} ({year})",
        trailing="{duration_s|duration}",
        numbered=True,
        label="Tracks",
        empty="No tracks match.",
        actions=[
            Button(
                "Add to queue",
                tool="queue_add",
                arguments={"track_id": "{id}"},
                pending="Adding…",
                done="Queued ✓",
            )
        ],
    ),
    title="Music search",
)

player = View(
    Player(
        track="now_playing.track.id",
        title="{now_playing.track.title}",
        subtitle="{now_playing.track.artist} · {now_playing.track.album}",
        position="now_playing.position_s",
        duration="now_playing.track.duration_s",
        controls=[Button("Next", tool="play", refresh=True, pending="Skipping…")],
    ),
    Heading("Up next", level=3, show_in=("inline", "fullscreen")),
    List(
        items="queue",
        title="{title}",
        subtitle="{artist}",
        trailing="{duration_s|duration}",
        numbered=True,
        label="Up next",
        empty="The queue is empty.",
        show_in=("inline", "fullscreen"),
        actions=[
            Button("Play now", tool="play", arguments={"track_id": "{id}"}, refresh=True, pending="Starting…")
        ],
    ),
    title="Now playing",
    display_modes=("inline", "pip", "fullscreen"),
)
