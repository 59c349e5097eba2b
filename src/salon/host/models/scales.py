"""Graded options read from the adjective of the property's own name: "quite urgent" for `urgency_level`.

An enum of levels (`low`, `medium`, `high`) grades one quality, and the property's name says which:
`urgency`, `priority`, `severity`, `importance`. People rarely name the level; they say how much of the
quality there is, with the adjective of that name: "it's quite urgent", "not very important". An
adjective is of the name when both share their first five letters ("urgent" and "urgency", "severe"
and "severity", six letters or more) and it is not the name itself. The three words before it grade it:

- a negation ("not", "isn't", "never") → the lowest level;
- a softener ("somewhat", "fairly", "moderately", "a bit", "slightly") → the middle level, where the
  enum has one;
- an intensifier ("very", "quite", "really", "extremely") or nothing → the highest level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from salon.host.models.understanding import Span, tokenize, word_set

_LOW = ("low", "minor", "minimal")
_MIDDLE = ("medium", "normal", "moderate", "mid")
_HIGH = ("high", "major", "critical", "urgent")
_NEGATIONS = word_set("not isn't isnt aren't arent wasn't never no hardly")
_SOFTENERS = word_set("somewhat fairly moderately slightly rather partly kinda")
_GENERIC_NAME_WORDS = word_set("level levels degree rating grade status type")
_WORD = re.compile(r"[A-Za-z']+")


def _option(values: Sequence[Any], names: tuple[str, ...]) -> Any | None:
    for name in names:
        for value in values:
            if isinstance(value, str) and value.lower() == name:
                return value
    return None


def is_scale(values: Sequence[Any]) -> bool:
    """Whether `values` are levels of one quality: a low one and a high one."""
    return _option(values, _LOW) is not None and _option(values, _HIGH) is not None


def graded_option(text: str, name: str, values: Sequence[Any]) -> tuple[Any, Span] | None:
    """The level of `values` that `text` grades the quality `name` at, with the words that say so."""
    if not is_scale(values):
        return None
    qualities = [w for w in tokenize(name) if len(w) >= 6 and w not in _GENERIC_NAME_WORDS]
    if not qualities:
        return None
    words = [(m.group(0).lower(), Span(m.start(), m.end())) for m in _WORD.finditer(text)]
    for index, (word, span) in enumerate(words):
        if not any(word != q and len(word) >= 6 and word[:5] == q[:5] for q in qualities):
            continue
        before = [w for w, _ in words[max(0, index - 3) : index]]
        if any(w in _NEGATIONS for w in before):
            return _option(values, _LOW), span
        middle = _option(values, _MIDDLE)
        if middle is not None and (
            any(w in _SOFTENERS for w in before) or " ".join(before[-2:]) in ("a bit", "kind of", "sort of")
        ):
            return middle, span
        return _option(values, _HIGH), span
    return None
