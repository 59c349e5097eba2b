"""Words for the lexical index: identifiers split, lower-cased, stop words dropped, lightly stemmed.

`ResearchHelper`, `get_weather_forecast` and `getWeatherForecast` all become words, so a tool's name
counts as text. The stemmer only has to make inflections meet ("papers"/"paper",
"booking"/"booked"/"book"); it never has to produce dictionary words.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

_STOP_WORDS_TEXT = """
a an the and or but if of at by for with about against between into through during before after
above below to from up down on off over under again further then once here there all any both each
few more most other some such no nor not only own same so than too very can will just should now i
me my myself we our ours you your yours he him his she her it its they them their what which who
whom this that these those am is are was were be been being have has had having do does did doing
would could might must shall may please thanks thank hi hello hey want need like let get got give
also really quite s t d ll m re ve help tell know using use provide provides
"""

STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
"""Words that carry no meaning for choosing a tool."""

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
"""Where a sentence ends: after ".", "!" or "?" and the space that follows, or at a line break."""


def split_identifier(text: str) -> str:
    """`getWeatherForecast` / `get_weather-forecast` → `get Weather Forecast` (spaces between words)."""
    return _CAMEL.sub(" ", text.replace("_", " ").replace("-", " "))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Cached: a directory repeats the same few thousand words millions of times."""
    w = word
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("ches", "shes", "sses", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif (w.endswith("ed") and len(w) > 4) or (w.endswith("ly") and len(w) > 5):
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def terms(text: str) -> list[str]:
    """The stemmed content words of `text`, in order (repeats kept: they are term frequencies)."""
    words = (w.lower() for w in _TOKEN.findall(split_identifier(text)))
    return [stem(w) for w in words if w not in STOP_WORDS]
