"""Reading a JSON object that is still arriving: the arguments of a tool call a model streams.

`read_partial_object('{"city": "Lis')` is `{"city": "Lis"}`: what the text says so far, with open strings,
arrays and objects closed where they stop. A key whose value has not started yet is left out, and so
is a number or literal that may still grow (`12` could become `123`, `t` is not yet `true`), so a view
never shows a value the model did not write. Text that cannot become a JSON object gives None.
"""

from __future__ import annotations

import json
from typing import Any

_CLOSERS = {"{": "}", "[": "]"}
MAX_PARTIAL_CHARS = 16 * 1024
"""Longer arguments are not previewed while they stream (re-reading them per fragment grows quadratically)."""


def read_partial_object(text: str) -> dict[str, Any] | None:
    """The object the streamed `text` describes so far (see the module docstring), or None."""
    stripped = text.strip()
    if not stripped.startswith("{") or len(stripped) > MAX_PARTIAL_CHARS:
        return None
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        pass
    else:
        return whole if isinstance(whole, dict) else None
    for end in range(len(stripped), 0, -1):
        candidate = _closed(stripped[:end])
        if candidate is None:
            continue
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        return value if isinstance(value, dict) else None
    return None


def _closed(prefix: str) -> str | None:
    """`prefix` with its open string and containers closed, or None where it stops mid-token (inside a
    number, a literal or an escape, after a key or a comma), which the caller then shortens."""
    stack: list[str] = []
    in_string = False
    escaped = False
    for char in prefix:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char in "}]" and (not stack or stack.pop() != char):
            return None
    if escaped:
        return None
    tail = prefix.rstrip()
    if in_string:
        # An open string is a value only if it is not a key (a key is followed by ':').
        opening = _open_string_start(prefix)
        before = prefix[:opening].rstrip()
        if before.endswith(("{", ",")) and stack and stack[-1] == "}":
            return None
        return prefix + '"' + "".join(reversed(stack))
    if tail.endswith((",", ":", "{", "[")) and not tail.endswith(("{", "[")):
        return None
    last = tail[-1:]
    if last and last not in '"}]{[':
        return None  # a number or literal that may still grow
    return tail + "".join(reversed(stack))


def _open_string_start(prefix: str) -> int:
    in_string = False
    escaped = False
    start = 0
    for index, char in enumerate(prefix):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            start = index
    return start


__all__ = ["read_partial_object"]
