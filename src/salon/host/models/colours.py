"""Colours named in a request, for a property named for one (`color`, `colour`, `car_color`).

People name a colour as a plain adjective before the thing ("the white iPhone 12", "a red dress"),
with no label a free-text reading could tie to the property. A property whose own name is a colour
takes the first basic colour word the request writes out, in the request's own spelling and case
("grey", "navy"); a request naming no colour gives nothing, so the provider asks or leaves it out.
A property with options is read by its options (`salon.host.models.choices`), never here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from salon.host.models.understanding import Span, word_set

_COLOUR_NAMES = frozenset({"color", "colour", "colors", "colours"})
_COLOURS = word_set(
    "white black red blue green yellow orange purple pink brown grey gray silver gold beige navy "
    "violet maroon teal turquoise cyan magenta ivory cream tan khaki burgundy"
)
_COLOUR = re.compile(r"\b(?:" + "|".join(sorted(_COLOURS)) + r")\b", re.IGNORECASE)


def wants_colour(name: str) -> bool:
    """Whether property `name` is named for a colour (`color`, `carColour`, `shirt_color`)."""
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ").lower().split()
    return bool(words) and words[-1] in _COLOUR_NAMES


def colour_in(text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    """The first free colour word of `text` ("white" of "the white iPhone 12"), or None."""
    for m in _COLOUR.finditer(text):
        span = Span(m.start(), m.end())
        if free(span):
            return m.group(0).lower(), span
    return None
