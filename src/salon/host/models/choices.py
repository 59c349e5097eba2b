"""Closed choices: enum values and yes/no flags read from a request.

- **Enums.** A value is mentioned when each of its words appears in the request as a word, as the
  same stem, or as the start of a longer word ("postgres" in "PostgreSQL", "music" in "musical").
  Of several mentioned values the longest wins ("Comedy-drama" over "Comedy"), then the earliest;
  catch-all values ("all", "any", "dontcare", "none") only when nothing more specific is mentioned.
  Digit values ("1"–"5") are read as numbers next to one of the property's words ("three-star"),
  or with one describing word between ("two smoking rooms").
- **Flags** (`boolean`, or an enum of `True`/`False` strings): every distinctive word of the
  property's name must appear ("laundry service" for `has_laundry_service`, "kids" for
  `good_for_kids`), or at least its leading one when that is a word of five letters or more
  ("private" for `private_visibility`); a negation ("no", "not", "without") in the three words
  before makes it false.
  Generic parts of flag names (is, has, allow, available, good, for...) are not required.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from salon.host.models.understanding import STOP_WORDS, Span, find_numbers, stem, tokenize, word_set

_CATCH_ALL = word_set("all any dontcare none default everything both either")
_NEGATIONS = word_set("no not without non don't dont never exclude excluding nor neither")
_GENERIC_FLAG_WORDS = word_set(
    "is has have allow allowed allows enable enabled include includes including only with want "
    "available good should must can flag option use uses using set in for of to the a"
)
_WORD = re.compile(r"\w+(?:'\w+)?")


@dataclass(frozen=True)
class Choice:
    value: Any
    span: Span


def _text_words(text: str) -> list[tuple[str, Span]]:
    return [
        (piece.lower(), Span(m.start(), m.end()))
        for m in _WORD.finditer(text.replace("_", " "))
        for piece in [m.group(0)]
    ]


def _mentioned(value: str, words: list[tuple[str, Span]]) -> Span | None:
    """Where every word of `value` appears in `words`, or None."""
    tokens = [t for t in tokenize(value) if t not in STOP_WORDS] or tokenize(value)
    if not tokens:
        return None
    spans: list[Span] = []
    for token in tokens:
        token_stem = stem(token)
        hit = next(
            (
                span
                for word, span in words
                if word == token
                or stem(word) == token_stem
                or (len(token) >= 4 and word.startswith(token) and len(word) - len(token) <= 6)
            ),
            None,
        )
        if hit is None:
            return None
        spans.append(hit)
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def match_enum(text: str, values: Sequence[Any], cues: set[str]) -> Choice | None:
    """The enum value `text` mentions (see the module docstring); `cues` are the property's stems."""
    words = _text_words(text)
    strings = [v for v in values if isinstance(v, str)]
    if strings and all(v.strip().isdigit() for v in strings if v.lower() not in _CATCH_ALL):
        return _digit_choice(text, strings, cues)
    found: list[tuple[bool, int, int, Any, Span]] = []
    for value in strings:
        span = _mentioned(value, words)
        if span is not None:
            generic = value.lower() in _CATCH_ALL
            found.append((generic, -len(value), span.start, value, span))
    if not found:
        return None
    _, _, _, value, span = min(found, key=lambda f: (f[0], f[1], f[2]))
    return Choice(value, span)


def _digit_choice(text: str, values: list[str], cues: set[str]) -> Choice | None:
    for n in find_numbers(text):
        if n.is_integer and len(str(int(n.value))) >= 3 and str(int(n.value)) in values:
            return Choice(str(int(n.value)), n.span)  # a year or a code: unambiguous on its own
        # "three-star", "2 rooms", or one describing word between ("two smoking rooms").
        after = re.match(r"[\s-]*([A-Za-z]+)(?:\s+([A-Za-z]+))?", text[n.span.end :])
        if not (after and n.is_integer and str(int(n.value)) in values):
            continue
        if stem(after.group(1)) in cues:
            return Choice(str(int(n.value)), Span(n.span.start, n.span.end + after.end(1)))
        if after.group(2) and stem(after.group(2)) in cues and after.group(1).lower() not in STOP_WORDS:
            return Choice(str(int(n.value)), Span(n.span.start, n.span.end + after.end(2)))
    return None


def is_flag_enum(values: Sequence[Any]) -> bool:
    """An enum of "True"/"False" strings, maybe with a catch-all ("dontcare")."""
    lowered = {str(v).lower() for v in values}
    return {"true", "false"} <= lowered and lowered <= {"true", "false"} | _CATCH_ALL


def read_flag(text: str, name: str) -> Choice | None:
    """Whether `text` asks for the flag `name` on (True) or off (False), or says nothing of it."""
    generic = {stem(w) for w in _GENERIC_FLAG_WORDS}
    cues = [stem(t) for t in tokenize(name) if stem(t) not in generic and t not in STOP_WORDS]
    if not cues:
        return None
    tokens = [(w, s) for w, s in _text_words(text.replace("-", " "))]
    stems = [stem(w) for w, _ in tokens]
    positions = []
    for number, cue in enumerate(cues):
        index = next((i for i, s in enumerate(stems) if s == cue), None)
        if index is None and number > 0 and len(cues[0]) >= 5:
            # "private" for `private_visibility`: the flag's distinctive leading word is enough.
            break
        if index is None:
            return None
        positions.append(index)
    first = min(positions)
    negated = any(w in _NEGATIONS for w, _ in tokens[max(0, first - 3) : first])
    return Choice(not negated, Span(tokens[first][1].start, tokens[max(positions)][1].end))
