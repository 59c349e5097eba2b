"""Requests that ask for several things in order: which words belong to the first step.

The embedded provider makes one call per step. A request such as "look up some pop music, and then
play a track on the living room speaker" names two actions, and the words of the second ("play",
"track", "speaker") would outweigh the first's in the tool's score although the first must come
first. A request is read as steps where a sequencing marker ("and then", "after that", a sentence
opening with "Also" or "Then") separates a part that names an action from a later part that names
another action (the action concepts of `salon.host.models.understanding`: find, play, book...). Where
the later part names no action, or the same one, it refines the first ("Find a museum in Paris. Also,
it should suit my kid") and the request is one step.

`steps` lists them in order: the provider scores the tools for the first, and once a step's call has
answered it goes on with the next (`salon.host.models.embedded`).

A bare "and" is no marker by its words alone: cutting wherever both sides name different actions
cost 10 of 317 exact calls on BFCL live dev ("…with the nickname 'FastQuery' and the host …").
`split_at_and` cuts there only where the caller, who knows the tools, judges the two sides to be
requests of their own: the embedded provider asks that the later side open with a verb and that
each side alone fill every required argument of a different tool ("a place to stay in Rome tomorrow
for two nights and convert 10 km to miles"). That changes no BFCL live dev row.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from salon.host.models.understanding import ACTION_CONCEPTS, concepts

_MARKER = re.compile(
    r",?\s+and\s+then\b|[.!?;,]\s*then\b|\bafter\s+that\b|\bafterwards\b|[.!?]\s+also\b|,\s*also\b",
    re.IGNORECASE,
)


def _actions(text: str) -> set[str]:
    return set(concepts(text)) & ACTION_CONCEPTS


def steps(text: str) -> list[str]:
    """`text` cut into its steps, in order (one step, `[text]`, when it asks for one thing). Each cut
    is a marker where the part since the last cut names an action and what follows names another."""
    found: list[str] = []
    start = 0
    for marker in _MARKER.finditer(text):
        if marker.start() < start:
            continue
        before, after = text[start : marker.start()], text[marker.end() :]
        first, later = _actions(before), _actions(after)
        if first and later - first:
            found.append(before.strip())
            start = marker.end()
    found.append(text[start:].strip())
    return [step for step in found if step] or [text]


_BARE_AND = re.compile(r",?\s+and\s+(?!then\b)", re.IGNORECASE)


def split_at_and(text: str, separate: Callable[[str, str], bool]) -> list[str]:
    """`text` cut at each bare "and" where `separate(before, after)` says that the words before it
    (since the last cut) and the words after it (up to the next "and") are requests of their own.
    Words alone cannot say it ("find hotels in Rome and Paris" is one request), so the caller judges
    by the tools each side would call."""
    found: list[str] = []
    start = 0
    ands = list(_BARE_AND.finditer(text))
    for number, marker in enumerate(ands):
        end = ands[number + 1].start() if number + 1 < len(ands) else len(text)
        before, after = text[start : marker.start()].strip(), text[marker.end() : end].strip()
        if before and after and separate(before, after):
            found.append(before)
            start = marker.end()
    found.append(text[start:].strip())
    return [step for step in found if step] or [text]
