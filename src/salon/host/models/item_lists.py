"""Counted items of an order: "two Big Macs and one McFlurry", "five 'burgers' and six 'chicken wings'".

A request that orders several things writes each as a count followed by its name, the pairs joined
by "and" or commas. Schemas take them in one of two shapes, and both are filled from the same reading:

- **parallel arrays**: an array of item names and an array of integers for "the quantity of each
  corresponding item" (`items: ["Big Mac", "McFlurry"]`, `quantities: [2, 1]`);
- **an array of objects**, each with an item property and an integer quantity
  (`items: [{"item": "burgers", "quantity": 5}, ...]`). Where the item property is an id
  (`item_id`), each item takes the id the request gives it ("each burger has the item ID
  'burger123'"); without one for every item the array is left empty rather than filled with names.

A name written in quotes is kept as written; an unquoted plural after a count is the menu's item
name in the singular ("two Big Macs" → `Big Mac`), because the count already says how many.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salon.host.models.understanding import Span, find_numbers

_STOP = r"(?:and|or|from|with|for|to|on|at|in|of|please|each|via|by)\b"
_WORD = r"(?!" + _STOP + r")[A-Za-z][\w'-]*(?:\s*-[A-Za-z][\w'-]*)?"
_NAME = r"(?:['\"](?P<quoted>[^'\"]{1,60})['\"]|(?P<words>" + _WORD + r"(?:\s+" + _WORD + r"){0,3}))"
_ITEM = re.compile(r"\s+(?:(?P<measure>[A-Za-z]+)\s+of\s+)?" + _NAME)
"""A name after a count, or after a measure and "of" ("50 cups of Coca-Cola": the item is the drink)."""
_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\s+|&\s*|\bplus\s+)", re.IGNORECASE)
_QUANTITY_WORDS = ("quantit", "qty", "count", "amount", "number")


@dataclass(frozen=True)
class CountedItem:
    name: str
    count: int
    span: Span


def _singular(name: str) -> str:
    head, _, last = name.rpartition(" ")
    lower = last.lower()
    if lower.endswith("ies") or lower.endswith(("ss", "us", "is")) or not lower.endswith("s"):
        return name
    last = last[:-2] if lower.endswith(("ches", "shes", "xes", "sses", "zzes")) else last[:-1]
    return f"{head} {last}" if head else last


def find_counted_items(text: str, free: Callable[[Span], bool]) -> list[CountedItem]:
    """The longest enumeration of counted items in `text` ("two Big Macs and one McFlurry"),
    in the order written; empty when there is none."""
    pairs: list[CountedItem] = []
    for number in find_numbers(text):
        if not number.is_integer or number.value <= 0 or not free(number.span):
            continue
        m = _ITEM.match(text, number.span.end)
        if m is None:
            continue
        if m.group("quoted"):
            name = m.group("quoted").strip()
        elif m.group("measure"):
            name = m.group("words")  # the measure carries the count: "cups of tea" stays "tea"
        else:
            name = m.group("words")
            name = _singular(name) if number.value != 1 else name
        pairs.append(CountedItem(name, int(number.value), Span(number.span.start, m.end())))
    runs: list[list[CountedItem]] = []
    for pair in pairs:
        if runs and _JOIN.fullmatch(text[runs[-1][-1].span.end : pair.span.start]):
            runs[-1].append(pair)
        else:
            runs.append([pair])
    return max(runs, key=len, default=[])


def _item_id(text: str, item: CountedItem) -> tuple[str, Span] | None:
    """The id the request gives an item ("each burger has the item ID 'burger123'")."""
    word = re.escape(item.name.split()[-1].lower())
    pattern = re.compile(
        r"\b"
        + word
        + r"(?:e?s)?\b[^.?!]{0,40}?\bID\b\s*(?:is\s+|of\s+|[:=]\s*)?['\"]?(?P<id>[\w-]*\d[\w-]*)",
        re.IGNORECASE,
    )
    m = pattern.search(text, item.span.end)
    return (m.group("id"), Span(m.start("id"), m.end("id"))) if m else None


def _is_quantity(name: str, item_type: Any) -> bool:
    return item_type == "integer" and any(w in name.lower() for w in _QUANTITY_WORDS)


def counted_item_arguments(
    props: dict[str, Any], text: str, free: Callable[[Span], bool]
) -> tuple[dict[str, Any], list[Span]]:
    """Values for the item arrays of `props` (see the module docstring) and the spans they cover;
    nothing when the schema has no such arrays or the request counts no items."""
    arrays = {n: p for n, p in props.items() if p.get("type") == "array" and isinstance(p.get("items"), dict)}
    counts = [n for n, p in arrays.items() if _is_quantity(n, p["items"].get("type"))]
    names = [n for n, p in arrays.items() if p["items"].get("type", "string") == "string" and n not in counts]
    objects = [n for n, p in arrays.items() if p["items"].get("type") == "object"]
    if not (counts and names) and not objects:
        return {}, []
    found = find_counted_items(text, free)
    if not found:
        return {}, []
    spans = [f.span for f in found]
    if counts and names:
        return {names[0]: [f.name for f in found], counts[0]: [f.count for f in found]}, spans
    for name in objects:
        inner = arrays[name]["items"].get("properties") or {}
        quantity = next((n for n, p in inner.items() if _is_quantity(n, p.get("type"))), None)
        labels = [n for n, p in inner.items() if p.get("type", "string") == "string"]
        if quantity is None or len(labels) != 1:
            continue
        label = labels[0]
        if re.search(r"(?:^|_)id$", label.lower()):
            ids = [_item_id(text, f) for f in found]
            if any(i is None for i in ids):
                continue
            values: list[Any] = [i[0] for i in ids if i is not None]
            spans.extend(i[1] for i in ids if i is not None)
        else:
            values = [f.name for f in found]
        return {name: [{label: v, quantity: f.count} for v, f in zip(values, found, strict=True)]}, spans
    return {}, []
