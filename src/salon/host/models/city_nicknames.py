"""The common nicknames and abbreviations of well-known cities ("SF", "San Fran", "NYC", "Philly").

People write these as they speak, and apps want the city's name ("San Francisco, CA"). The table is
small and general: nicknames in wide use for large US cities, none made for any particular app.
Each maps to the city's name and its US state code.

A nickname is usually found after a place preposition (`salon.host.models.places.find_places`
reads "to San Fran"). Written in its usual casing ("SF", "NYC", "Vegas"), it is a place wherever it
stands ("the best SF psychologist"), except the few that also name something else often ("DC" is
also direct current and a comics publisher), which count only after a preposition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NICKNAMES: dict[str, tuple[str, str]] = {
    "nyc": ("New York", "NY"),
    "new york city": ("New York", "NY"),
    "big apple": ("New York", "NY"),
    "sf": ("San Francisco", "CA"),
    "san fran": ("San Francisco", "CA"),
    "la": ("Los Angeles", "CA"),
    "philly": ("Philadelphia", "PA"),
    "vegas": ("Las Vegas", "NV"),
    "chi-town": ("Chicago", "IL"),
    "chitown": ("Chicago", "IL"),
    "nola": ("New Orleans", "LA"),
    "dc": ("Washington", "DC"),
    "d.c.": ("Washington", "DC"),
    "slc": ("Salt Lake City", "UT"),
}
"""Nickname, lower case → (the city's name, its US state code)."""

_ONLY_AFTER_PREPOSITION = frozenset({"dc", "d.c.", "big apple"})

_WRITTEN = re.compile(
    r"(?<![\w-])(?:SF|NYC|LA|NOLA|SLC|San Fran|Philly|Vegas|Chi-[Tt]own|Chitown)(?![\w-])",
)
"""The nicknames in the casing that marks them as names ("SF", not "sf"; "Vegas", not "vegas")."""


def nickname(name: str) -> tuple[str, str] | None:
    """The city and state a nickname stands for ("San Fran" → ("San Francisco", "CA")), or None."""
    return NICKNAMES.get(name.strip().lower())


def written_nicknames(text: str) -> Iterator[tuple[str, int, int]]:
    """Nicknames written as names anywhere in `text`: (as written, start, end)."""
    for m in _WRITTEN.finditer(text):
        if m.group(0).lower() not in _ONLY_AFTER_PREPOSITION:
            yield m.group(0), m.start(), m.end()
