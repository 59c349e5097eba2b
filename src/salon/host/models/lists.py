"""Array arguments whose items are closed choices: every value the request mentions, in order.

An array property is filled only when its items can be recognised on their own:

- items with an `enum` (or an array description that spells its values out, "1 for cleaning
  service, 2 for ironing service", `salon.host.models.described`): every value mentioned;
- string items whose description gives examples ("e.g., ['S', 'M', 'L']"): every example the
  request writes as a word of its own — short upper-case codes only as written ("size M", not "m").

Free-text items ("a list of job titles") are left alone, so the provider asks instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from salon.host.models.choices import match_enum
from salon.host.models.described import described_values, pick_described
from salon.host.models.slots import QUOTED
from salon.host.models.understanding import Span

_LIST = re.compile(r"\[(?P<items>[^\]]{1,200})\]")


def _examples(description: str) -> list[str]:
    """Values listed in brackets or quoted after "e.g."/"such as" in an array's description."""
    found: list[str] = []
    for m in _LIST.finditer(description):
        found.extend(q.group("q") for q in QUOTED.finditer(m.group("items")))
    if not found:
        after = re.search(r"(?:such as|e\.g\.,?|for example,?)\s+(?P<rest>.{1,200})", description, re.I)
        if after:
            found.extend(q.group("q") for q in QUOTED.finditer(after.group("rest")))
    return [f for f in dict.fromkeys(found) if f.strip()]


def _written(text: str, value: str, free: Callable[[Span], bool]) -> Span | None:
    short_code = len(value) <= 3 and value.isupper()
    flags = 0 if short_code else re.IGNORECASE
    for m in re.finditer(r"(?<![\w-])" + re.escape(value) + r"(?![\w-])", text, flags):
        span = Span(m.start(), m.end())
        if free(span):
            return span
    return None


def _enum_values(text: str, values: list[Any], free: Callable[[Span], bool]) -> list[tuple[Any, Span]]:
    found: list[tuple[Any, Span]] = []
    rest = text
    while True:
        choice = match_enum(rest, values, set())
        if choice is None or choice.value in {v for v, _ in found} or not free(choice.span):
            break
        found.append((choice.value, choice.span))
        # Blank the mention out and look again for the next value.
        rest = (
            rest[: choice.span.start] + " " * (choice.span.end - choice.span.start) + rest[choice.span.end :]
        )
    return sorted(found, key=lambda f: f[1].start)


def fill_list(
    prop: dict[str, Any], text: str, free: Callable[[Span], bool]
) -> tuple[list[Any], list[Span]] | None:
    """The items of array property `prop` that `text` names, with where; None when it names none."""
    items = prop.get("items")
    if not isinstance(items, dict):
        return None
    found: list[tuple[Any, Span]] = []
    if items.get("enum"):
        found = _enum_values(text, list(items["enum"]), free)
    elif items.get("type") in ("integer", "number"):
        pairs = described_values(prop, item_type=str(items["type"])) or described_values(items)
        found = [(p.value, p.span) for p in pick_described(text, pairs, many=True) if free(p.span)]
    elif items.get("type") == "string":
        description = f"{prop.get('description', '')} {items.get('description', '')}"
        for example in _examples(description):
            span = _written(text, example, free)
            if span is not None:
                found.append((example, span))
        found.sort(key=lambda f: f[1].start)
    if not found:
        return None
    return [v for v, _ in found], [s for _, s in found]
