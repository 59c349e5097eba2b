"""Generate `tracks.json`, the catalogue of the music example app.

Every artist, album and track here is invented: names are assembled from word lists per genre, and
years, durations and track counts come from one seeded random generator, so running this script again
gives the same file:

    python examples/apps/music/data/generate.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

SEED = 20260728
OUTPUT = Path(__file__).with_name("tracks.json")
ARTISTS_PER_GENRE = 6

# genre: (artist name patterns, title words A, title words B, duration range in seconds, first year)
GENRES: dict[str, tuple[list[str], list[str], list[str], tuple[int, int], int]] = {
    "jazz": (
        ["The {surname} Trio", "{first} {surname} Quartet", "{first} {surname}"],
        ["Blue", "Midnight", "Velvet", "Smoky", "Late", "Autumn", "Quiet", "Brass", "Lonely", "Sunday"],
        ["Avenue", "Nocturne", "Serenade", "Walk", "Standard", "Lounge", "Hour", "Steps", "Interlude",
         "Rain"],
        (180, 480), 1958,
    ),
    "rock": (
        ["The {nouns}", "{adjective} {noun}", "{first} and the {nouns}"],
        ["Electric", "Broken", "Wild", "Highway", "Burning", "Neon", "Restless", "Iron", "Red", "Thunder"],
        ["Heart", "Road", "Radio", "Fire", "Nights", "Machine", "Engine", "Summer", "Signal", "Crown"],
        (170, 360), 1968,
    ),
    "electronic": (
        ["{adjective}{noun}", "DJ {first}", "{noun} Collective"],
        ["Digital", "Lunar", "Pulse", "Chrome", "Deep", "Orbit", "Prism", "Static", "Hyper", "Solar"],
        ["Drift", "Circuit", "Wave", "Tide", "Code", "Bloom", "Echo", "Grid", "Horizon", "Signal"],
        (200, 420), 1992,
    ),
    "folk": (
        ["{first} {surname}", "The {surname} Family", "{noun} & {other}"],
        ["Green", "Wandering", "Old", "River", "Golden", "Morning", "Hollow", "Willow", "Northern", "Stone"],
        ["Fields", "Ballad", "Song", "Valley", "Harvest", "Shore", "Lantern", "Home", "Hills", "Mile"],
        (150, 300), 1965,
    ),
    "hip-hop": (
        ["{first} {noun}", "Lil {noun}", "{noun} Crew"],
        ["Concrete", "Gold", "Block", "Real", "Late Night", "Southside", "Fresh", "Heavy", "Cold", "Uptown"],
        ["Dreams", "Flow", "Chains", "Stories", "Hustle", "Rhymes", "Cipher", "Kings", "Lights", "Journal"],
        (150, 280), 1988,
    ),
    "classical": (
        ["{first} {surname} Ensemble", "{surname} String Quartet", "Orchestra of {place}"],
        ["Sonata", "Etude", "Prelude", "Fantasia", "Nocturne", "Suite", "Concerto", "Rhapsody", "Aria",
         "Waltz"],
        ["in C minor", "in D major", "in E flat", "in G", "in A minor", "No. 2", "No. 5", "for Strings",
         "for Piano", "in B flat"],
        (240, 900), 1960,
    ),
    "pop": (
        ["{first}", "{first} {surname}", "The {adjective} {nouns}"],
        ["Sugar", "Paper", "Golden", "Crazy", "Perfect", "Glitter", "Summer", "Lucky", "Bright", "Secret"],
        ["Love", "Heartbeat", "Kiss", "Dance", "Forever", "Daydream", "Sky", "Tonight", "Promise", "Star"],
        (160, 240), 1980,
    ),
    "ambient": (
        ["{noun} Fields", "{adjective} {noun}", "{first} {surname}"],
        ["Slow", "Distant", "Pale", "Floating", "Still", "Glass", "Soft", "Endless", "Silent", "White"],
        ["Clouds", "Water", "Light", "Snow", "Drones", "Rooms", "Breath", "Tides", "Haze", "Dawn"],
        (300, 720), 1978,
    ),
    "soul": (
        ["{first} {surname}", "{first} & the {nouns}", "The {adjective} {nouns}"],
        ["Sweet", "Tender", "Honey", "Golden", "Soulful", "Sunday", "True", "Warm", "Deep", "Gentle"],
        ["Love", "Groove", "Feeling", "Morning", "Devotion", "Touch", "Soul", "River", "Rain", "Story"],
        (170, 330), 1962,
    ),
    "latin": (
        ["{first} {surname}", "Los {nouns}", "Orquesta {surname}"],
        ["Noche", "Sol", "Corazón", "Fuego", "Luna", "Bailando", "Cielo", "Dulce", "Mar", "Ritmo"],
        ["Verano", "Caliente", "Sureña", "Eterna", "Playa", "Amor", "Tropical", "Azul", "Bonita", "Morena"],
        (180, 300), 1970,
    ),
}  # fmt: skip

FIRST_NAMES = [
    "Ada", "Milo", "Nina", "Otis", "Rosa", "Theo", "June", "Ezra", "Lena", "Felix", "Iris", "Jonah", "Maya",
    "Silas", "Clara", "Remy", "Hazel", "Arlo", "Vera", "Leon", "Esme", "Caleb", "Nadia", "Oscar", "Lucia",
]  # fmt: skip
SURNAMES = [
    "Hartley", "Okafor", "Lindqvist", "Moreau", "Castellano", "Whitfield", "Nakamura", "Adeyemi", "Brandt",
    "Delacroix", "Fairbanks", "Gallagher", "Ivanova", "Kowalski", "Marchetti", "Novak", "Pereira", "Quinlan",
    "Sorensen", "Taveras", "Vasquez", "Winslow", "Yamada", "Zielinski", "Abernathy", "Beaumont",
]  # fmt: skip
NOUNS = ["Fox", "Comet", "Harbor", "Sparrow", "Atlas", "Tiger", "Echo", "Lantern", "Raven", "Velvet", "Nomad"]
ADJECTIVES = ["Neon", "Silver", "Paper", "Hollow", "Crimson", "Golden", "Quiet", "Wild", "Lunar", "Static"]
PLACES = ["Lyon", "Graz", "Bergen", "Porto", "Utrecht", "Kraków", "Turku", "Ghent", "Bologna", "Tartu"]
ALBUM_PATTERNS = ["{a} {b}", "{b}", "The {b} Sessions", "{a}", "{b} Vol. {n}"]


def _artist_name(rng: random.Random, patterns: list[str], taken: set[str]) -> str:
    while True:
        noun, other = rng.sample(NOUNS, 2)
        name = rng.choice(patterns).format(
            first=rng.choice(FIRST_NAMES),
            surname=rng.choice(SURNAMES),
            noun=noun,
            nouns=noun + ("es" if noun.endswith(("s", "x", "o")) else "s"),
            other=other,
            adjective=rng.choice(ADJECTIVES),
            place=rng.choice(PLACES),
        )
        if name not in taken:
            taken.add(name)
            return name


def generate() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    tracks: list[dict[str, Any]] = []
    taken_artists: set[str] = set()
    artist_number = 0
    for genre, (patterns, words_a, words_b, (shortest, longest), first_year) in GENRES.items():
        for _ in range(ARTISTS_PER_GENRE):
            artist_number += 1
            artist = _artist_name(rng, patterns, taken_artists)
            debut = rng.randint(first_year, 2020)
            for album_index in range(rng.choice([1, 1, 2])):
                album = rng.choice(ALBUM_PATTERNS).format(
                    a=rng.choice(words_a), b=rng.choice(words_b), n=album_index + 1
                )
                year = min(2025, debut + album_index * rng.randint(2, 6))
                titles: set[str] = set()
                track_count = rng.randint(3, 6)
                while len(titles) < track_count:
                    titles.add(f"{rng.choice(words_a)} {rng.choice(words_b)}")
                for title in sorted(titles):
                    tracks.append(
                        {
                            "id": f"trk-{len(tracks) + 1:04d}",
                            "title": title,
                            "artist": artist,
                            "artist_id": f"art-{artist_number:03d}",
                            "album": album,
                            "year": year,
                            "genre": genre,
                            "duration_s": rng.randint(shortest, longest),
                        }
                    )
    return tracks


def main() -> None:
    tracks = generate()
    OUTPUT.write_text(json.dumps({"tracks": tracks}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    artists = len({track["artist"] for track in tracks})
    print(f"wrote {len(tracks)} tracks by {artists} artists to {OUTPUT.name}")


if __name__ == "__main__":
    main()
