"""Array arguments of free items: a list the request writes out ("Software Engineer, Graphic
Designer, and Nurse", "'read' and 'write'", "90000, 50000 and 80000").

`salon.host.models.lists` fills arrays whose items are closed choices. Arrays of free text or free
numbers have no vocabulary to recognise, so they are read only from the shape of a written list,
and only for a **required** array still empty after every other reading (where the provider would
otherwise ask):

- **numbers**: the longest run of two or more free numbers, one after another, separated by
  commas, "and"/"or", or one word ("latitude 37.87 and longitude -122.27");
- **strings**: two or more free quoted items in a row ("'alpha', 'beta' and 'gamma'"); else an
  enumeration of three or more items separated by commas, or of two or more ending in "and"/"or"
  ("Big Macs and McFlurry"), each item at most four words, the first one cut to the length
  of the longest other item (the words before it are the sentence that leads into the list) and
  the last one at its first function word ("Gamma with 1, 2, 3" → "Gamma").

A number item that the property's integer type cannot hold leaves the property empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from salon.host.models.slots import QUOTED
from salon.host.models.understanding import STOP_WORDS, NumberMention, Span, find_numbers

_NUMBER_GAP = re.compile(r"[\s,;]*(?:(?:and|or|&)\s+)?(?:[A-Za-z]+\s+)?", re.IGNORECASE)
_QUOTE_GAP = re.compile(r"[\s,;]*(?:(?:and|or|&)\s+)?", re.IGNORECASE)
_ITEM = r"[^,.;:?!()\n\"]+"
_ENUMERATION = re.compile(rf"{_ITEM}(?:,\s*{_ITEM})*,?\s+(?:and|or)\s+{_ITEM}|{_ITEM}(?:,\s*{_ITEM}){{2,}}")
_MAX_ITEM_WORDS = 4


def _number_runs(numbers: Sequence[NumberMention], text: str) -> list[list[NumberMention]]:
    runs: list[list[NumberMention]] = []
    for n in numbers:
        if runs and _NUMBER_GAP.fullmatch(text[runs[-1][-1].span.end : n.span.start]):
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def number_list(
    text: str, free: Callable[[Span], bool], *, integer: bool
) -> tuple[list[float | int], Span] | None:
    """The longest run of two or more free numbers in `text`, with the span it covers."""
    numbers = [n for n in find_numbers(text) if free(n.span)]
    runs = [r for r in _number_runs(numbers, text) if len(r) >= 2]
    if not runs:
        return None
    run = max(runs, key=len)
    if integer and not all(float(n.value).is_integer() for n in run):
        return None
    values: list[float | int] = [int(n.value) if integer else n.value for n in run]
    return values, Span(run[0].span.start, run[-1].span.end)


def _quoted_list(text: str, free: Callable[[Span], bool]) -> tuple[list[str], Span] | None:
    quoted = [m for m in QUOTED.finditer(text) if free(Span(m.start(), m.end()))]
    runs: list[list[re.Match[str]]] = []
    for m in quoted:
        if runs and _QUOTE_GAP.fullmatch(text[runs[-1][-1].end() : m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    best = max((r for r in runs if len(r) >= 2), key=len, default=None)
    if best is None:
        return None
    return [m.group("q").strip() for m in best], Span(best[0].start(), best[-1].end())


def _items(enumeration: str) -> list[str]:
    parts = re.split(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", enumeration)
    return [p.strip() for p in parts if p.strip()]


def _trim_first(first: str, longest: int) -> str:
    words = first.split()[-longest:]
    while words and words[0].lower() in STOP_WORDS:
        words = words[1:]
    return " ".join(words)


def _trim_last(last: str) -> str:
    """The last item up to the first function word after it ("Gamma with 1" → "Gamma")."""
    words = last.split()
    end = next((i for i, w in enumerate(words) if i > 0 and w.lower() in STOP_WORDS), len(words))
    return " ".join(words[:end])


def _enumeration(text: str, free: Callable[[Span], bool]) -> tuple[list[str], Span] | None:
    best: tuple[list[str], Span] | None = None
    for m in _ENUMERATION.finditer(text):
        items = _items(m.group(0))
        if len(items) < 2:
            continue
        last = _trim_last(items[-1])
        rest = [*items[1:-1], last]
        if not last or any(len(i.split()) > _MAX_ITEM_WORDS for i in rest):
            continue
        first = _trim_first(items[0], max(len(i.split()) for i in rest))
        if not first:
            continue
        start = m.start() + m.group(0).rfind(first)
        span = Span(start, m.start() + m.group(0).rfind(last) + len(last))
        if not free(span):
            continue
        found = [first, *rest]
        if best is None or len(found) > len(best[0]):
            best = (found, span)
    return best


def string_list(text: str, free: Callable[[Span], bool]) -> tuple[list[str], Span] | None:
    """Quoted items in a row, else a written enumeration, with the span they cover."""
    return _quoted_list(text, free) or _enumeration(text, free)


def free_list(prop: dict[str, Any], text: str, free: Callable[[Span], bool]) -> tuple[list[Any], Span] | None:
    """The items of array property `prop` (free strings or numbers) that `text` lists, or None."""
    items = prop.get("items")
    if not isinstance(items, dict) or items.get("enum"):
        return None
    item_type = items.get("type")
    if item_type in ("integer", "number"):
        found = number_list(text, free, integer=item_type == "integer")
        return (list(found[0]), found[1]) if found else None
    if item_type == "string":
        strings = string_list(text, free)
        return (list(strings[0]), strings[1]) if strings else None
    return None
