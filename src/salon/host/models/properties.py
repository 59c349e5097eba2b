"""What a tool's property is, read from its JSON Schema: its kind, its cue words, a label for it.

`kind` sorts a property into the groups the argument filler treats alike: `id` (an id of earlier
results), `enum`, `bool`, `integer`, `number`, `date` (`format: date`/`date-time`, or "date" and
"YYYY" in its name or description), `time` ("time" or "HH:MM"; a property named for a time is one
even when its description mentions a date, unless it names a date form), `string`, and `unsupported`
(objects and arrays). `cues` are the stems of the words of its name, title and description, which
the filler looks for beside a value in the request ("3 nights" → `nights`).
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.models.understanding import STOP_WORDS, stem, tokenize

_NOT_TIME = frozenset({"dat", "date", "zone", "timezon", "out", "timeout"})
"""Name stems that make a property named for a time something else (a date-time, a time zone)."""


def is_id_property(name: str) -> bool:
    return name.lower() in ("id", "uid") or name.lower().endswith(("_id", "-id")) or name.endswith("Id")


def cues(name: str, prop: dict[str, Any]) -> set[str]:
    text = f"{name} {prop.get('title', '')} {prop.get('description', '')}"
    return {stem(t) for t in tokenize(text) if t not in STOP_WORDS or t in ("in", "out", "from", "to")}


def name_cues(name: str) -> set[str]:
    joined = name.lower().replace("_", "").replace("-", "")
    return {stem(t) for t in tokenize(name)} | {joined}


def kind(name: str, prop: dict[str, Any]) -> str:
    types = prop.get("type")
    type_ = next((t for t in types if t != "null"), None) if isinstance(types, list) else types
    if is_id_property(name) and type_ in ("string", "integer", None):
        return "id"
    if "enum" in prop:
        return "enum"
    if type_ == "boolean":
        return "bool"
    if type_ in ("integer", "number"):
        return str(type_)
    if type_ in ("string", None):
        found = cues(name, prop)
        own = name_cues(name)
        if own & {"time", "tim"} and not own & _NOT_TIME and not found & {"yyyy", "yyy", "dd"}:
            return "time"  # "the pickup time on the start date": a time, whatever else it names
        if prop.get("format") in ("date", "date-time") or found & {
            "dat",
            "date",
            "yyyy",
            "yyy",
            "checkin",
            "checkout",
        }:
            return "date"
        if found & {"hh", "time", "tim"} and not name_cues(name) & {"zone", "timezon", "out", "timeout"}:
            return "time"
        return "string"
    return "unsupported"


def property_label(name: str, prop: dict[str, Any]) -> str:
    """A short phrase naming a property, for questions ("the check-in date")."""
    description = str(prop.get("description") or prop.get("title") or "").strip()
    if description:
        # "Month as a number (1–12)…" and "Booking reference from book_hotel" name the month and the
        # booking reference: how the value is written, or where it comes from, is no part of the name.
        label = re.split(r"[.(,;:]|\s(?:as|from)\s", description, maxsplit=1)[0].strip()
        if 0 < len(label) <= 60:
            first, _, rest = label.partition(" ")
            first = first if first.isupper() else first.lower()
            phrase = f"{first} {rest}".strip()
            if phrase.startswith(
                ("the ", "a ", "an ", "your ", "what ", "which ", "who ", "where ", "when ", "how ")
            ):
                return phrase  # "What the person is looking for" needs no article
            return f"the {phrase}"
    return "the " + name.replace("_", " ")
