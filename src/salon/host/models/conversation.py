"""What the offline provider reads from the conversation so far: results, earlier values, names.

- `recent_results`: the items of the most recent list of results (`find_items` finds the first list
  of objects in a structured result), which "the second one" points into;
- `earlier_arguments` and `earlier_results`: values of the same app's earlier calls and results,
  most recent first, for arguments the request leaves out (the city of the last search, the
  reference of the booking just made);
- `named_item` and `name_span`: the result whose title or name the request writes out ("book the
  Silver Orchard Inn"), and where, so that the name is no other argument's value;
- `last_place`: the place the conversation last named in a call, whatever the app ("there");
- `only_points`: a message that does no more than point at an item ("the second one").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from salon.host.models.base import ChatMessage
from salon.host.models.properties import is_id_property
from salon.host.models.understanding import Span, find_reference
from salon.host.tools import QUALIFIER


def split_name(name: str) -> tuple[str, str]:
    """A tool name's app and tool parts ("hotels", "search_hotels"); no app where it has none."""
    app, sep, tool = name.partition(QUALIFIER)
    return (app, tool) if sep else ("", name)


def app_of(name: str) -> str:
    """The app part of a qualified tool name ("hotels" of "hotels__search_hotels")."""
    return split_name(name)[0]


@dataclass(frozen=True)
class Results:
    """The items of the most recent list of results, and the tool that returned them."""

    tool: str
    items: list[dict[str, Any]]


def find_items(data: Any, depth: int = 0) -> list[dict[str, Any]] | None:
    """The first list of objects in a structured result (breadth-first), or the object itself."""
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        return data
    if isinstance(data, dict) and depth < 3:
        for value in data.values():
            if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
                return value
        if depth == 0:  # one object wrapped in another: {"hotel": {"id": …, "rooms": […]}}
            inner = [v for v in data.values() if isinstance(v, dict) and any(is_id_property(k) for k in v)]
            if len(inner) == 1 and not any(is_id_property(k) for k in data):
                return inner
        for value in data.values():
            found = find_items(value, depth + 1)
            if found:
                return found
        if depth == 0 and any(is_id_property(k) for k in data):
            return [data]
    return None


def last_user_at(messages: list[ChatMessage]) -> int | None:
    """The index of the person's last message, None before they have said anything."""
    return next((i for i in range(len(messages) - 1, -1, -1) if messages[i].role == "user"), None)


def recent_results(messages: list[ChatMessage], *, counted: bool = False) -> Results | None:
    """The items of the latest result that has any. `counted`: the request counts in a list ("the
    second one"), so a later result of one item (a hotel's details) gives way to the latest list."""
    latest: Results | None = None
    for message in reversed(messages):
        if message.role == "tool" and not message.is_error and message.data is not None:
            items = find_items(message.data)
            if not items:
                continue
            found = Results(message.name or "", items)
            if not counted or len(items) > 1:
                return found
            latest = latest or found
    return latest


def earlier_arguments(messages: list[ChatMessage], app: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for message in reversed(messages):
        for call in reversed(message.tool_calls):
            if app_of(call.name) == app:
                found.append(dict(call.arguments))
    return found


def _words_of(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def named_item(items: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    """The one item whose title or name the text writes out in full ("Blue Serenade"), or None
    where none or several do."""
    said = f" {_words_of(text)} "
    named = [
        item
        for item in items
        for key in ("title", "name")
        if isinstance(item.get(key), str) and _words_of(item[key]) and f" {_words_of(item[key])} " in said
    ]
    return named[0] if len(named) == 1 else None


def named_in(results: Results | None, text: str) -> dict[str, Any] | None:
    return named_item(results.items, text) if results is not None else None


def name_span(item: dict[str, Any], text: str) -> Span | None:
    """Where `text` writes the item's title or name, if it does."""
    for key in ("title", "name"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            words = r"\W+".join(re.escape(w) for w in re.findall(r"\w+", value))
            found = re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) if words else None
            if found:
                return Span(found.start(), found.end())
    return None


def only_points(text: str) -> bool:
    """Whether the message does no more than point at an item ("the second one", "#3")."""
    reference = find_reference(text)
    return reference is not None and reference.explicit and len(text.split()) <= 4


def _plain_values(data: dict[str, Any]) -> dict[str, Any]:
    """The text and number values of `data` and of the objects directly inside it
    (`{"booking": {"reference": …}}`), the outer ones first."""
    values = {k: v for k, v in data.items() if isinstance(v, str | int | float)}
    for inner in data.values():
        if isinstance(inner, dict):
            for k, v in inner.items():
                if isinstance(v, str | int | float):
                    values.setdefault(k, v)
    return values


def earlier_results(messages: list[ChatMessage], app: str) -> list[dict[str, Any]]:
    """The plain values of the app's earlier results (see `_plain_values`), most recent first."""
    return [
        _plain_values(m.data)
        for m in reversed(messages)
        if m.role == "tool" and not m.is_error and isinstance(m.data, dict) and app_of(m.name or "") == app
    ]


PLACE_ARGUMENTS = ("city", "location", "destination", "place", "town")


def last_place(messages: list[ChatMessage]) -> str | None:
    """The place value of the most recent call that has one (a city searched, a destination)."""
    for message in reversed(messages):
        for call in reversed(message.tool_calls):
            for key in PLACE_ARGUMENTS:
                value = call.arguments.get(key)
                if isinstance(value, str) and value.strip():
                    return value
    return None
