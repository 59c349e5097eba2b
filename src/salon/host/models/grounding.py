"""Whether a model's argument values come from the conversation, or were made up.

A language model asked to call a tool fills every required argument, whether or not the person gave
it: "find hotels in Rome" comes back with a check-in date of tomorrow and two nights, and "book it"
with a guest called John Doe. A made-up value for a search costs a wrong list; for a booking, an
order or a message it costs a wrong act. `unsupported` names the required arguments of a call whose
values nothing in the conversation supports, so that the tier asks for them instead.

What supports a value is the person's own words, the results the apps returned and the arguments
of earlier calls (a booking may reuse the search's dates), judged by the kind of value:

- a choice the schema offers (`enum`), its `default`, a boolean, a list or an object: always
  (choosing among given options is the model's job; lists and objects are checked by the schema);
- a date or time: some date or time is mentioned ("tomorrow", "3 March", "at 7pm"), or the value
  is written in a result or an earlier call;
- a number: the number is written (digits or words), is a length of stay or time said ("a week" is
  7 days), is 1 (one room, one ticket: what a request in the singular asks for), or the person
  named two dates or days, between which a count can be worked out ("from 3 to 7 December");
- a string that names something — a capital letter, a digit or an '@' in it ("Rome", "BK-7F3K9Q",
  "ana@example.com"): one of its words is in the sources, or it is the city a nickname said ("SF"
  is "San Francisco, CA"). Short codes in capitals ("AAPL", "CA", "JFK") are derived from names,
  not said, and are left out of the check. Lower-case text ("cheap hotels near the beach") is the
  model's rewording of the request, and passes.

A schema's `examples` do not support a value: copying an example is exactly the invention this
catches.

Measured on the 49 BFCL live dev rows where the embedded provider asks and the heavy tier decides
(`heavy_tiered`): exact calls 5 before and after; calls made where no call was wanted 33 → 16 ("I want
to find a train." had been answered with San Francisco to Los Angeles on a date of the model's own).
Behind Needle (`TieredProvider` without the heavy tier) it changes no BFCL live dev row: 54/381 exact
calls and 277/285 right abstentions either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from salon.host.models.base import ChatMessage, OfferedTool, ProposedCall
from salon.host.models.city_nicknames import nickname, written_nicknames
from salon.host.models.dates import find_dates, find_durations, find_time_lengths, find_times
from salon.host.models.plain_schema import plain_schema
from salon.host.models.understanding import STOP_WORDS, find_numbers, stem, tokenize, word_set

_TOKEN = re.compile(r"[^\W_]+")
_CODE = re.compile(r"\b[A-Z]{2,5}\b")
_SPECIFIC = re.compile(r"[A-Z]|\d|@")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-(\d{2})")
_ORDINAL_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_TIME_WORDS = word_set(
    """today tonight tomorrow yesterday now weekend week month year morning afternoon evening night
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december christmas easter"""
)
"""Words that say when, for the dates and times the date readers cannot pin down ("the Thursday
after next", "the day after Christmas"). "May" is left out: it is more often "may I"."""
_TEMPORAL_WORDS = frozenset(
    {"date", "day", "time", "datetime", "when", "checkin", "checkout", "departure", "arrival"}
)


def _tokens(text: str) -> list[str]:
    """Lower-cased runs of letters and digits: "Karan's" gives "karan" and "s"."""
    return _TOKEN.findall(text.lower())


class _Sources:
    """What the conversation says: the person's words, and what apps and earlier calls gave."""

    def __init__(self, messages: Iterable[ChatMessage], today: date) -> None:
        self.said: list[str] = []
        given: list[str] = []
        for message in messages:
            if message.role == "user":
                self.said.append(message.content)
            elif message.role == "tool" and not message.is_error:
                given.append(message.content)
                if message.data is not None:
                    given.append(json.dumps(message.data, ensure_ascii=False, default=str))
            elif message.role == "assistant":
                given.extend(
                    json.dumps(c.arguments, ensure_ascii=False, default=str) for c in message.tool_calls
                )
        self.given = "\n".join(given)
        everything = "\n".join([*self.said, self.given])
        self.stems = {stem(w) for w in _tokens(everything)}
        self.numbers = {m.value for text in (*self.said, self.given) for m in find_numbers(text)}
        self.numbers.update(d.days for text in self.said for d in find_durations(text))
        self.numbers.update(d.count for text in self.said for d in find_durations(text))
        self.numbers.update(t.minutes for text in self.said for t in find_time_lengths(text))
        self.dates = [d for text in self.said for d in find_dates(text, today)]
        self.times = [t for text in self.said for t in find_times(text)]
        self.days = {int(m.group(1)) for text in self.said for m in _ORDINAL_DAY.finditer(text)}
        self.days.update(int(n) for n in self.numbers if float(n).is_integer() and 1 <= n <= 31)
        self.time_words = _TIME_WORDS.intersection(w for text in self.said for w in _tokens(text))
        self.cities = {
            stem(w)
            for text in self.said
            for found, _, _ in written_nicknames(text)
            for w in _tokens(" ".join(nickname(found) or ()))
        }


def unsupported(
    call: ProposedCall, tool: OfferedTool, messages: Iterable[ChatMessage], today: date
) -> list[str]:
    """The required arguments of `call` whose values nothing in `messages` supports."""
    schema = plain_schema(tool.parameters)
    required = schema.get("required") or []
    properties = schema.get("properties") or {}
    sources: _Sources | None = None
    # Words of the tool's own text say what kind of thing a value is ("Grand Hotel"), not which.
    generic = {stem(w) for w in tokenize(f"{tool.name} {tool.description} {json.dumps(properties)}")}
    lacking: list[str] = []
    for name in required:
        if name not in call.arguments:
            continue
        if sources is None:
            sources = _Sources(messages, today)
        prop = properties.get(name)
        if not _supported(
            name, prop if isinstance(prop, dict) else {}, call.arguments[name], sources, generic
        ):
            lacking.append(name)
    return lacking


def _supported(name: str, schema: dict[str, Any], value: Any, sources: _Sources, generic: set[str]) -> bool:
    if "enum" in schema or ("default" in schema and schema["default"] == value):
        return True
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return True
    if _is_temporal(name, schema):
        return _time_supported(str(value), sources)
    if isinstance(value, (int, float)):
        return _number_supported(float(value), sources)
    return _text_supported(value, sources, generic)


def _is_temporal(name: str, schema: dict[str, Any]) -> bool:
    if schema.get("format") in ("date", "date-time", "time"):
        return True
    return schema.get("type") == "string" and not _TEMPORAL_WORDS.isdisjoint(tokenize(name))


def _time_supported(value: str, sources: _Sources) -> bool:
    if sources.dates or sources.times or sources.time_words or value in sources.given:
        return True
    # A day the date readers do not take ("the 3rd, I think") is still a day the person said.
    day = _ISO_DAY.match(value)
    return day is not None and int(day.group(1)) in sources.days


def _number_supported(value: float, sources: _Sources) -> bool:
    if value == 1 or value in sources.numbers or len(sources.dates) >= 2:
        return True
    # The days between two days said: "from 3 to 7 December" is 4 nights.
    return any(later - earlier == value for earlier in sources.days for later in sources.days)


def _text_supported(value: str, sources: _Sources, generic: set[str]) -> bool:
    if not _SPECIFIC.search(value):
        return True
    # A short code in capitals ("AAPL" for Apple, "CA" in "San Francisco, CA", "JFK") is derived
    # from a name rather than said; it is not held against the value.
    spoken = _CODE.sub(" ", value)
    value_words = [s for w in _tokens(spoken) if w not in STOP_WORDS and (s := stem(w)) not in generic]
    if not value_words:
        return True
    return any(w in sources.stems or w in sources.cities for w in value_words)
