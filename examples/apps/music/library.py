"""The track catalogue and the player state of the music example app.

The catalogue is the generated, read-only `data/tracks.json`. The player is the app's own state, one
JSON document in its data folder: the queue of track ids and the current track with the moment it
started, from which the playback position is computed (there is no audio: this is a demo player).
When the current track has played to its end, the next queued track takes over, as a real player would.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from typing import Any, Literal

from examples.apps.storage import JsonDocument, load_bundled

Genre = Literal[
    "jazz", "rock", "electronic", "folk", "hip-hop", "classical", "pop", "ambient", "soul", "latin"
]

_FIELD_WEIGHTS = {"title": 3.0, "artist": 3.0, "album": 2.0, "genre": 1.5}


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", plain)


class Library:
    """Search over the generated tracks."""

    def __init__(self, tracks: list[dict[str, Any]]) -> None:
        self._tracks = tracks
        self._by_id = {track["id"]: track for track in tracks}
        self._index = [
            (track, {field: _words(str(track[field])) for field in _FIELD_WEIGHTS}) for track in tracks
        ]

    @classmethod
    def bundled(cls) -> Library:
        return cls(load_bundled(__file__, "tracks.json")["tracks"])

    def __len__(self) -> int:
        return len(self._tracks)

    def get(self, track_id: str) -> dict[str, Any] | None:
        return self._by_id.get(track_id.strip().lower())

    def search(self, query: str, *, genre: str | None, limit: int) -> list[dict[str, Any]]:
        """Tracks matching every word of `query` (word prefixes count), best matches first.

        An empty query lists the genre's tracks, newest first.
        """
        terms = _words(query)
        scored: list[tuple[float, dict[str, Any]]] = []
        for track, fields in self._index:
            if genre is not None and track["genre"] != genre:
                continue
            score = 0.0
            for term in terms:
                best = max(
                    (
                        weight * (1.0 if term in fields[field] else 0.6)
                        for field, weight in _FIELD_WEIGHTS.items()
                        if any(word.startswith(term) for word in fields[field])
                    ),
                    default=0.0,
                )
                if best == 0.0:
                    break
                score += best
            else:
                scored.append((score, track))
        scored.sort(key=lambda pair: (-pair[0], -pair[1]["year"], pair[1]["id"]))
        return [track for _, track in scored[:limit]]


class Player:
    """The queue and the current track, persisted in `player.json` of the app's data folder."""

    def __init__(self, library: Library, *, clock: Callable[[], float] = time.time) -> None:
        self._library = library
        self._clock = clock
        self._document = JsonDocument("music", "player.json", lambda: {"queue": [], "current": None})

    def state(self) -> dict[str, Any]:
        """Current track with its position, and the queue, after advancing past finished tracks."""
        with self._document.update() as document:
            self._advance(document)
            return self._describe(document)

    def add(self, track_id: str) -> dict[str, Any]:
        with self._document.update() as document:
            self._advance(document)
            document["queue"].append(track_id)
            return self._describe(document)

    def remove(self, track_id: str) -> tuple[bool, dict[str, Any]]:
        """Remove the first queued occurrence of a track; returns whether it was queued, and the state."""
        with self._document.update() as document:
            self._advance(document)
            queue: list[str] = document["queue"]
            found = track_id in queue
            if found:
                queue.remove(track_id)
            return found, self._describe(document)

    def play(self, track_id: str | None) -> dict[str, Any]:
        """Start a track now (taking it out of the queue if queued), or with None the next queued one.

        With None and an empty queue, playback stops.
        """
        with self._document.update() as document:
            self._advance(document)
            queue: list[str] = document["queue"]
            if track_id is None:
                track_id = queue.pop(0) if queue else None
            elif track_id in queue:
                queue.remove(track_id)
            document["current"] = (
                None if track_id is None else {"track_id": track_id, "started_at": self._clock()}
            )
            return self._describe(document)

    def _advance(self, document: dict[str, Any]) -> None:
        current = document["current"]
        now = self._clock()
        while current is not None:
            track = self._library.get(current["track_id"])
            ends_at = current["started_at"] + (track["duration_s"] if track else 0)
            if now < ends_at:
                break
            queue: list[str] = document["queue"]
            current = {"track_id": queue.pop(0), "started_at": ends_at} if queue else None
        document["current"] = current

    def _describe(self, document: dict[str, Any]) -> dict[str, Any]:
        current = document["current"]
        now_playing = None
        if current is not None:
            track = self._library.get(current["track_id"])
            if track is not None:
                position = min(track["duration_s"], max(0, int(self._clock() - current["started_at"])))
                now_playing = {"track": track, "position_s": position}
        queue = [
            track for track_id in document["queue"] if (track := self._library.get(track_id)) is not None
        ]
        return {
            "now_playing": now_playing,
            "queue": queue,
            "queue_duration_s": sum(track["duration_s"] for track in queue),
        }


def format_duration(seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def describe_track(track: dict[str, Any]) -> str:
    return (
        f"{track['title']} — {track['artist']} ({track['album']}, {track['year']}, "
        f"{format_duration(track['duration_s'])}) [{track['id']}]"
    )
