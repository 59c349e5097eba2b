"""Bindings: how a widget reads the data that arrives at run time.

A view's HTML is a template: the data comes later, through the MCP Apps protocol, so one document serves
every result. Components name that data in two ways:

- a **path** picks a value: `"hotels"`, `"booking.reference"`, `"now_playing.track.duration_s"`,
  `"images.0"`. Inside a collection (a carousel's cards, a list's rows) a path is looked up in the current
  item first, then in the tool result (`structuredContent`), then in the tool's input arguments. A prefix
  pins the source: `$item.`, `$result.`, `$input.`; `$index` is the item's position (from 0).
- a **template** is text with paths in braces: `"{neighbourhood} · {stars}★"`. A binding may pass the
  value through filters: `"{total_price|money:currency}"` (the currency is another path, or an ISO code such
  as `money:EUR`), `"{duration_s|duration}"` (m:ss), `"{check_in|date}"`, `"{rating|number:1}"`,
  `"{tracks|count}"`, `"{stars|stars}"`, `"{name|upper}"`, `"{name|lower}"`. `{{` and `}}` are literal
  braces. A template that is exactly one binding without filters keeps the value's type, which is what a
  tool argument needs (`{"nights": "{nights}"}` sends a number).

Templates are compiled here, once, when the view is declared, into a small JSON form the view's runtime
reads; the browser never parses template text, and a mistake is a `ConfigurationError` at import time.
"""

from __future__ import annotations

import re
from typing import Any, Final

from salon.errors import ConfigurationError

FILTERS: Final[dict[str, str]] = {
    "money": "a money amount; argument: the currency (a path, or an ISO code like EUR)",
    "number": "a number in the host's locale; argument: decimal places",
    "duration": "seconds as m:ss (or h:mm:ss)",
    "date": "an ISO date or time as a date in the host's locale",
    "upper": "upper case",
    "lower": "lower case",
    "count": "the length of a list",
    "stars": "a whole number as that many ★",
}
"""The filters a binding may use, with what each does."""

SCOPES: Final = ("$item", "$result", "$input", "$index")

_SEGMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*|[0-9]+")
_CURRENCY = re.compile(r"[A-Z]{3}")
_DECIMALS = re.compile(r"[0-9]")

Compiled = list[str | dict[str, Any]]
"""A compiled template: literal strings and `{"path": ..., "filters": [[name, arg], ...]}` bindings."""


def compile_path(path: str, *, where: str) -> str:
    """Check a path and return it unchanged; `ConfigurationError` says what is wrong where."""
    if not isinstance(path, str) or not path:
        raise ConfigurationError(f"{where} needs a path to a field, such as 'hotels' or 'booking.reference'.")
    segments = path.split(".")
    first = segments[0]
    if first.startswith("$"):
        if first not in SCOPES:
            raise ConfigurationError(
                f"{where}: path {path!r} starts with {first!r}; the scopes are {', '.join(SCOPES)}."
            )
        if first == "$index" and len(segments) > 1:
            raise ConfigurationError(f"{where}: '$index' is a number and has no fields; use it alone.")
        segments = segments[1:]
    for segment in segments:
        if not _SEGMENT.fullmatch(segment) or segment.startswith("__"):
            raise ConfigurationError(
                f"{where}: path {path!r} has the part {segment!r}; each part is a field name (letters, "
                f"digits, '_' or '-') or a list index, joined by dots, e.g. 'booking.reference'."
            )
    return path


def compile_template(text: str, *, where: str) -> Compiled:
    """Compile `text` (literal text with `{path|filter:arg}` bindings) for the view runtime."""
    if not isinstance(text, str):
        raise ConfigurationError(f"{where} must be a string, got {text!r}.")
    parts: Compiled = []
    literal: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("{{", index) or text.startswith("}}", index):
            literal.append(char)
            index += 2
            continue
        if char == "}":
            raise ConfigurationError(
                f"{where}: template {text!r} has a '}}' with no '{{' before it; write '}}}}' for a literal "
                f"brace."
            )
        if char != "{":
            literal.append(char)
            index += 1
            continue
        end = text.find("}", index)
        if end == -1:
            raise ConfigurationError(
                f"{where}: template {text!r} opens a binding with '{{' that is never closed; write '{{{{' "
                f"for a literal brace."
            )
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(_binding(text[index + 1 : end].strip(), text, where))
        index = end + 1
    if literal:
        parts.append("".join(literal))
    return parts


def is_single_binding(compiled: Compiled) -> bool:
    """Whether a compiled template is one binding and nothing else (so it can keep the value's type)."""
    return len(compiled) == 1 and isinstance(compiled[0], dict)


def _binding(expression: str, text: str, where: str) -> dict[str, Any]:
    path, *filters = (piece.strip() for piece in expression.split("|"))
    compiled: dict[str, Any] = {"path": compile_path(path, where=f"{where} (template {text!r})")}
    chain: list[list[str | None]] = []
    for item in filters:
        name, _, arg = item.partition(":")
        name, arg = name.strip(), arg.strip()
        if name not in FILTERS:
            known = "; ".join(f"{key}: {what}" for key, what in FILTERS.items())
            raise ConfigurationError(
                f"{where}: template {text!r} uses an unknown filter {name!r}. Filters: {known}."
            )
        chain.append([name, _filter_arg(name, arg, text, where)])
    if chain:
        compiled["filters"] = chain
    return compiled


def _filter_arg(name: str, arg: str, text: str, where: str) -> str | None:
    if not arg:
        return None
    if name == "money":
        if _CURRENCY.fullmatch(arg):
            return arg
        return compile_path(arg, where=f"{where} (the currency of {text!r})")
    if name == "number":
        if not _DECIMALS.fullmatch(arg):
            raise ConfigurationError(
                f"{where}: in {text!r}, 'number:{arg}' needs a count of decimal places from 0 to 9."
            )
        return arg
    raise ConfigurationError(f"{where}: in {text!r}, the filter {name!r} takes no argument (got {arg!r}).")


__all__ = ["FILTERS", "SCOPES", "Compiled", "compile_path", "compile_template", "is_single_binding"]
