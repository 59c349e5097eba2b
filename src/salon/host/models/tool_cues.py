"""What in a message counts as a sign that it asks for a tool, and what does not.

The embedded provider scores tools by the words a message shares with them (`tool_document`: each
concept of a tool's name, app, description and parameters, weighted by where it appears). Some words
are no such sign, and some tools cannot do what a message asks whatever it shares with them:

- values are not what is asked: months, weekdays and cities named in capitals (`without_values`);
  a listing of the offered tools' names says what is on offer (`without_tool_listing`);
- a tool's action is the first word of its name, past a light verb (`named_action`:
  "start_checkout" is buying);
- a question about how things are ("what's in my queue") commands nothing (`STATE_QUESTION`);
- a request to change something (delete, cancel, update) is not done by a tool that only finds or
  reads and never mentions it (`only_reads_for_a_change`);
- a request of its own opens with a verb or a question word (`opens_with_action`), after a lead-in
  ("please", "can you": `LEAD_IN`).
"""

from __future__ import annotations

import re

from salon.host.models.base import OfferedTool
from salon.host.models.conversation import split_name
from salon.host.models.dates import CALENDAR_WORD
from salon.host.models.gazetteer import find_city
from salon.host.models.understanding import (
    ACTION_CONCEPTS,
    concept,
    concepts,
    first_action,
    tokenize,
    word_set,
)
from salon.router.enrich import VERBS

LEAD_IN = re.compile(
    r"^(?:please|also|(?:can|could|would|will) you(?: please)?|i(?:'d| would) like to|i (?:want|need) to|"
    r"help me)\s+",
    re.IGNORECASE,
)


_ASKING_OPENERS = word_set("tell give check let what what's how when where which who")
"""Words that open a request of its own without being a tool's action ("tell me the weather")."""


def opens_with_action(words: str) -> bool:
    """Whether `words` open (after "please", "can you"…) with a verb or a question word: a request of
    its own does."""
    first = LEAD_IN.sub("", words.strip()).split(maxsplit=1)
    if not first:
        return False
    word = first[0].lower()
    return word in VERBS or word in _ASKING_OPENERS or bool(set(concepts(word)) & ACTION_CONCEPTS)


def tool_document(tool: OfferedTool) -> dict[str, float]:
    """Concept → weight for the places a word can appear in a tool's definition."""
    app, name = split_name(tool.name)
    weights: dict[str, float] = {}

    def add(text: str, weight: float) -> None:
        for c in concepts(text):
            weights[c] = max(weights.get(c, 0.0), weight)

    props = tool.parameters.get("properties") or {}
    for prop_name, prop in props.items():
        if isinstance(prop, dict):
            add(prop_name, 0.75)
            add(str(prop.get("description", "")), 0.5)
            add(" ".join(str(v) for v in prop.get("enum", [])), 0.75)
    add(tool.description, 1.5)
    add(app, 2.0)
    add(name, 3.0)
    return weights


def without_tool_listing(text: str, tools: list[OfferedTool]) -> str:
    """`text` without the offered tools' names where it lists three or more of them.

    A message that enumerates the tools it may use ("Functions to use: ['multiply', 'add', ...]")
    says what is on offer, not what to do; those names would otherwise score every listed tool, the
    rarest name most."""
    found = [m for t in tools for m in re.finditer(rf"(?<![\w.]){re.escape(t.name)}(?![\w])", text)]
    if len({m.group(0) for m in found}) < 3:
        return text
    for m in sorted(found, key=lambda m: m.start(), reverse=True):
        text = text[: m.start()] + " " + text[m.end() :]
    return text


_CHANGES = frozenset({"remove", "cancel", "update"})
_READS = frozenset({"search", "get"})


STATE_QUESTION = re.compile(
    r"\s*(?:what|which|who|where)(?:\s+\w+)?(?:'s|\s+is|\s+are|\s+was|\s+were)\b", re.IGNORECASE
)
"""'What is playing', "what's in my queue": a question about how things are, not a command."""


_LIGHT_VERBS = frozenset({"start", "begin", "do", "run", "perform", "execute", "initiate", "trigger"})


def named_action(name: str) -> str:
    """The action a tool's name opens with, past a light verb ("start_checkout": buy)."""
    words = tokenize(split_name(name)[1])
    while len(words) > 1 and words[0] in _LIGHT_VERBS:
        words = words[1:]
    return concept(words[0]) if words else ""


_CALENDAR = re.compile(r"\b" + CALENDAR_WORD + r"\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<=\w )[A-Z][a-z]+\b")


def without_values(text: str) -> str:
    """`text` without the words that are values rather than what is asked: months, weekdays, and
    capitalised city names past its first word."""
    text = _CALENDAR.sub(" ", text)
    return _CAPITALISED.sub(lambda m: " " if find_city(m.group(0)) else m.group(0), text)


def only_reads_for_a_change(text: str, tool: OfferedTool) -> bool:
    """Whether the request's first action changes something (delete, cancel, update) that the tool,
    whose name says it only finds or reads, never mentions: such a tool cannot do what was asked,
    however many of the request's other words it shares ("delete clothing items in stock" for a
    product search)."""
    asked = first_action(text)
    performed = first_action(split_name(tool.name)[1])
    return asked in _CHANGES and performed in _READS and asked not in tool_document(tool)
