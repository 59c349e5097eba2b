"""Synthetic user requests for a tool, written from its own name, description and parameters.

Tools are described in the third person by their authors ("Searches every dealer and ranks every
car"), people ask in the first or second ("can you find me a car?"). Writing a few requests the
way people phrase them, from the tool's own words, moves the tool's text towards the queries it
should meet: the idea of Re-Invoke's synthetic queries, without a generative model.

Everything is generic string work: the first clause of the description is turned into an
imperative verb phrase ("Searches every dealer" → "search every dealer"), the tool's name into
words ("getWeatherForecast" → "get weather forecast"), and both are put into a handful of request
templates. Parameters add a "… by city and date" form. Nothing here knows any domain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from salon.router.text import split_identifier

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
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


def _first_clause(description: str) -> str:
    text = description.strip()
    if not text:
        return ""
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
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
    return list(dict.fromkeys(r for r in requests if r.strip(" .?")))
