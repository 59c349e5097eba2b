"""Time zones named in a request, read as the IANA names a time-zone property offers: "4pm EST" for
`America/New_York`.

People write a zone's abbreviation ("EST", "PT", "GMT") or its city ("Tokyo time"); tools ask for IANA
(Olson) names such as `Asia/Tokyo`. An abbreviation is read, written in capitals, through a small
table of the common ones to one representative zone; when the options do not list that zone, the
option that keeps the same clock all year (the same UTC offset in January and in July, `zoneinfo`)
stands for it ("CET" for `Europe/Berlin`). A city is read when it is the last part of an option's
name ("Tokyo" for `Asia/Tokyo`, "New York" for `America/New_York`).

Only properties named for a time zone (`timezone`, `time_zone`, `tz`) are read this way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from salon.host.models.understanding import Span, tokenize

_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "EST": ("America/New_York",),
    "EDT": ("America/New_York",),
    "ET": ("America/New_York",),
    "CST": ("America/Chicago",),
    "CDT": ("America/Chicago",),
    "CT": ("America/Chicago",),
    "MST": ("America/Denver", "America/Phoenix"),
    "MDT": ("America/Denver",),
    "MT": ("America/Denver",),
    "PST": ("America/Los_Angeles",),
    "PDT": ("America/Los_Angeles",),
    "PT": ("America/Los_Angeles",),
    "AKST": ("America/Anchorage",),
    "HST": ("Pacific/Honolulu",),
    "GMT": ("Europe/London", "UTC"),
    "BST": ("Europe/London",),
    "UTC": ("UTC",),
    "CET": ("Europe/Paris",),
    "CEST": ("Europe/Paris",),
    "EET": ("Europe/Athens",),
    "IST": ("Asia/Kolkata",),
    "SGT": ("Asia/Singapore",),
    "HKT": ("Asia/Hong_Kong",),
    "JST": ("Asia/Tokyo",),
    "KST": ("Asia/Seoul",),
    "AEST": ("Australia/Sydney",),
    "AEDT": ("Australia/Sydney",),
}
"""Common abbreviations → IANA zones that observe them, the most usual first."""

_CAPITALS = re.compile(r"\b[A-Z]{2,4}\b")


def is_time_zone_property(name: str) -> bool:
    """Whether the property `name` holds a time zone."""
    words = tokenize(name)
    return "timezone" in words or "tz" in words or ("time" in words and "zone" in words)


@cache
def _offsets(zone: str) -> tuple[timedelta | None, timedelta | None] | None:
    """The zone's UTC offsets in January and in July, or None for a name `zoneinfo` does not know."""
    try:
        info = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    winter, summer = (datetime(2025, month, 15, 12, tzinfo=info) for month in (1, 7))
    return winter.utcoffset(), summer.utcoffset()


def _option_for(zones: tuple[str, ...], options: Sequence[str]) -> str | None:
    listed = [zone for zone in zones if zone in options]
    if listed:
        return listed[0]
    wanted = _offsets(zones[0])
    same = [o for o in options if wanted is not None and _offsets(o) == wanted]
    return same[0] if same else None


def time_zone_option(
    text: str, values: Sequence[Any], free: Callable[[Span], bool]
) -> tuple[str, Span | None] | None:
    """The option of `values` for the time zone `text` names, with the abbreviation that names it
    (None for a city: the city is still the place the request is about)."""
    options = [v for v in values if isinstance(v, str) and (v == "UTC" or "/" in v)]
    if not options:
        return None
    for m in _CAPITALS.finditer(text):
        span = Span(m.start(), m.end())
        zones = _ABBREVIATIONS.get(m.group(0))
        if zones is None or not free(span):
            continue
        option = _option_for(zones, options)
        if option is not None:
            return option, span
    lowered = text.lower()
    for option in options:
        city = option.rsplit("/", 1)[-1].replace("_", " ").lower()
        found = re.search(rf"\b{re.escape(city)}\b", lowered)
        if found:
            return option, None
    return None
