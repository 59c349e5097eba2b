"""Synthetic user requests for a tool, written from its own name, description and parameters.

Tools are described in the third person by their authors ("Searches every dealer and ranks every
car"), people ask in the first or second ("can you find me a car?"). Writing a few requests the
way people phrase them, from the tool's own words, moves the tool's text towards the queries it
should meet: the idea of Re-Invoke's synthetic queries, without a generative model.

Everything is generic string work: the first clause of the description is turned into an
imperative verb phrase ("Searches every dealer" → "search every dealer"), the tool's name into
words ("getWeatherForecast" → "get weather forecast"), and both are put into a handful of request
templates. Parameters add a "… by city and date" form. Nothing here knows any domain.

People ask for one thing at a time, while a description lists several ("Create music playlists,
search for music, and check out the latest trends"), so each coordinated action of the first
sentences becomes a request of its own ("Can you search for music?"); a part without a verb of its
own takes the first one ("Summarize videos, web pages and PDFs" → "summarize web pages"). What the
main action acts on is also asked for as a thing ("I'm looking for music playlists.", "Where can I
find …?", "Can you recommend …?"). A verb is a word of `VERBS` (or one of its -s/-es/-ing forms):
a short list of the actions tools do, written without reading the dev queries. Measured on the dev
splits against the first-clause templates alone: MetaTool R@1 61.2 → 62.2, R@5 82.0 → 82.4; MetaTool
multi R@5 94.7 → 95.4 (COMP@5 52.7 → 50.4, three of 131 queries); Seal-Tools R@5 99.0 → 99.0,
nDCG@5 77.1 → 77.0.

Requests written by the local language model, where the heavy tier is installed, can join or
replace these (`salon.router.written_requests`, cached by `salon.router.request_cache`); a tool the
model has not written for keeps its templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from salon.router.text import SENTENCE_END, split_identifier

_LEADING_SUBJECT = re.compile(
    r"^(?:this|the|a|an|our|my)?\s*(?:tool|plugin|app|api|application|service|assistant|function|bot)\s+"
    r"(?:that|which|to|for|will|can|lets you|allows you to|helps you)?\s*",
    re.IGNORECASE,
)
_HELPS = re.compile(r"^(?:it\s+)?(?:helps?|allows?|lets|enables?)\s+(?:you|users?|people)\s+(?:to\s+)?", re.I)

_COPULA = re.compile(r"^(?:is|are)\s+(?:a|an|the|your)?\s*", re.IGNORECASE)

TEMPLATES = (
    "I want to {action}.",
    "Can you {action}?",
    "Help me {action}.",
    "I need to {action}.",
)
"""Request forms for a verb phrase."""

NOUN_TEMPLATES = ("I need {thing}.", "Can you find {thing}?")
"""Request forms for a description that is a noun phrase rather than an action."""

PART_TEMPLATES = ("Can you {action}?", "I want to {action}.")
"""Request forms for each further action a description lists."""

OBJECT_TEMPLATES = ("I'm looking for {thing}.", "Where can I find {thing}?", "Can you recommend {thing}?")
"""Request forms for what the main action acts on."""

HOW_TEMPLATE = "How can I {action}?"

_VERBS_TEXT = """
access add analyse analyze answer apply ask assess assist audit automate book browse build buy
calculate cancel capture chat check choose clean compare compile compose compute connect convert
count create customize debug delete deliver describe design detect determine discover display
download draft edit enhance estimate evaluate explain explore export extract fetch fill filter find
fix follow forecast format generate get give identify import improve initiate install interact
invest join keep learn list locate log look make manage map measure merge monitor obtain open
optimize order organize perform plan play post predict prepare preview print process provide
publish purchase query read recommend record reduce register remove rent reply report request
research reserve retrieve review run save scan schedule search see select sell send set share shop
show simplify solve sort start stay stream submit suggest summarize support switch sync take talk
test track train transcribe transfer translate turn understand unlock update upload validate verify
view visualize watch write
"""

VERBS = frozenset(_VERBS_TEXT.split())
"""Actions tools do: a part of a description that starts with one is an action of its own."""

_PARTS = re.compile(r",\s*(?:and|or)\s+|,\s+|;\s+|\s+(?:and|or)\s+(?=\w+\s)")
_MAX_SENTENCES = 3
_MAX_BARE_PART = 4
"""A part with no verb of its own and more words than this is not given the first verb."""


def _first_clause(description: str) -> str:
    text = description.strip()
    if not text:
        return ""
    sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    return sentence.strip().rstrip(".!?").strip()


def _as_action(clause: str, name: str) -> tuple[str, bool]:
    """The clause as an imperative verb phrase, and whether it looked like one."""
    text = clause
    for subject in (name, split_identifier(name)):
        if subject and text.lower().startswith(subject.lower() + " "):
            text = text[len(subject) :].strip()
            break
    copula = _COPULA.match(text)
    if copula:
        return text[copula.end() :].strip(), False
    text = _LEADING_SUBJECT.sub("", text)
    text = _HELPS.sub("", text)
    words = text.split()
    if not words:
        return "", False
    first = words[0]
    lower = first.lower()
    verbish = False
    if lower.endswith("ies") and len(lower) > 4:
        words[0], verbish = lower[:-3] + "y", True
    elif lower.endswith(("ches", "shes", "sses", "xes")):
        words[0], verbish = lower[:-2], True
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        words[0], verbish = lower[:-1], True
    elif lower.endswith("ing") and len(lower) > 5:
        words[0], verbish = lower[:-3], True
    elif first[:1].isupper() and lower.isalpha() and not first.isupper():
        # "Get real-time insights", "Create a short video": already imperative.
        words[0], verbish = lower, lower not in {"a", "an", "the", "ai", "your", "our"}
    phrase = " ".join(words)
    return phrase[:1].lower() + phrase[1:], verbish


def _verb(word: str) -> str | None:
    """`word`'s base form if it is one of `VERBS` or an inflection of one."""
    lower = word.lower()
    forms = [lower]
    if lower.endswith("ies"):
        forms.append(lower[:-3] + "y")
    if lower.endswith("es"):
        forms.append(lower[:-2])
    if lower.endswith("s"):
        forms.append(lower[:-1])
    if lower.endswith("ing"):
        forms.extend((lower[:-3], lower[:-3] + "e"))
    return next((form for form in forms if form in VERBS), None)


def _further_actions(description: str, name: str) -> list[str]:
    """Every coordinated action of the description's first sentences but the very first one."""
    sentences = [s.strip().rstrip(".!?") for s in SENTENCE_END.split(description.strip()) if s.strip()]
    actions: list[str] = []
    for number, sentence in enumerate(sentences[:_MAX_SENTENCES]):
        action, verbish = _as_action(sentence, name)
        if not (action and verbish):
            continue
        if number > 0:
            actions.append(action)
        parts = [p.strip() for p in _PARTS.split(action) if p.strip()]
        verb = action.split()[0]
        for part in parts[1:]:
            first = part.split()[0]
            base = _verb(first)
            if base:
                actions.append(base + part[len(first) :])
            elif len(part.split()) <= _MAX_BARE_PART:
                actions.append(f"{verb} {part}")
    return actions


def _parameter_names(parameters: Mapping[str, Any] | None) -> list[str]:
    if not parameters:
        return []
    nested = parameters.get("properties")
    properties: Mapping[str, Any] = nested if isinstance(nested, dict) else parameters
    return [split_identifier(str(name)).lower() for name in properties][:3]


def synthetic_requests(name: str, description: str, parameters: Mapping[str, Any] | None = None) -> list[str]:
    """A few first-person requests a person might make of this tool (deterministic, deduplicated)."""
    requests: list[str] = []
    clause = _first_clause(description)
    action, verbish = _as_action(clause, name)
    if action and verbish:
        requests.extend(template.format(action=action) for template in TEMPLATES)
    elif action:
        requests.extend(template.format(thing=action) for template in NOUN_TEMPLATES)
    name_words = split_identifier(name).lower().strip()
    fields = _parameter_names(parameters)
    if name_words:
        requests.append(f"Can you {name_words}?" if fields or verbish else f"Use {name_words} for me.")
    if fields and name_words:
        requests.append(f"{name_words} by {' and '.join(fields)}".capitalize() + ".")
    for further in _further_actions(description, name):
        requests.extend(template.format(action=further) for template in PART_TEMPLATES)
    if action and verbish:
        requests.append(HOW_TEMPLATE.format(action=action))
        # What the first action acts on: its first part without the verb.
        thing = " ".join(_PARTS.split(action)[0].split()[1:])
        if thing:
            requests.extend(template.format(thing=thing) for template in OBJECT_TEMPLATES)
    return list(dict.fromkeys(r for r in requests if r.strip(" .?")))
