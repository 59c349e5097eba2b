"""Last-resort readings for a required string the labelled readings left empty.

`salon.host.models.slots` fills a free-text property only when a label ties a span to it ("the
nickname 'PG1'", "directed by Edgar Wright"). People often name the one value a tool needs without
any label: "connect my speaker 'JBL Flip 4'", "what's the weather today? San Francisco", "check it
using docker --version". Once every labelled reading is done, a *required* plain string that is still
empty takes, in this order of trust:

1. **a command** for a command-like property ("command", "cmd", "shell", "script" in its name or
   description): the rest of the clause after "using", "run", "execute" or "with";
2. **a place** for a place-like property: a place mention (`salon.host.models.places`), or a
   capitalised run the gazetteer knows as a city, written in the form the description asks for;
3. **a code** (a token with a digit in it: "456123", "IND4567") within three words after one of the
   property's own words ("their CIK is 0001067983"), else the clause after "is" that follows one
   of them ("the product I ordered is a pair of sneakers"), else the thing a measure is of ("16
   ounces of chai tea");
4. **the only quoted span** left in the request, else the only code for an identifier-like property
   ("identifier", "number", "code", "ticket", "serial");
5. **the first capitalised run** that is not a single word starting a sentence (a name, a title).

A property whose description says it holds what the person said ("the statement made by the
user", "the user's question") takes the whole request, before any of these.

Spans already used by other properties are never reused, and nothing is taken when none of these
is present, so the provider still asks. Each reading is general wording, not a list of apps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from salon.host.models.gazetteer import find_city
from salon.host.models.identifiers import find_identifier
from salon.host.models.places import PlaceMention, complete_place, find_places, place_format
from salon.host.models.properties import cues as property_cues
from salon.host.models.properties import name_cues
from salon.host.models.slots import find_candidates
from salon.host.models.understanding import STOP_WORDS, Span, stem, word_set

_COMMAND_CUES = word_set("command cmd shell script commandlin")
_PLACE_CUES = word_set("city location destination place region country town area zone")
_ID_NAMES = word_set("uuid uid guid identifi identifier")
_CODE_CUES = word_set("identifi identifier number code ticket serial symbol")
_COMMAND = re.compile(
    r"\b(?:using|run|execute|exec|with|via)\s+(?:the\s+)?(?:command\s+)?[:`'\"]?"
    r"(?P<cmd>[^\n?`'\"]+?)[`'\"]?\s*(?:[?!]|\.(?:\s|$)|$|,\s+(?:and|then)\b)"
)
_VERBATIM = re.compile(
    r"\b(?:provided|posed|made|written|said|asked) by the user\b"
    r"|\bthe user's (?:own )?(?:question|statement|message|query|input|request)\b",
    re.IGNORECASE,
)
_CODE = re.compile(r"(?<![\w.-])[A-Za-z]*\d[\w-]*(?![\w-])")


def _place(
    prop: dict[str, Any], name: str, text: str, free: Callable[[Span], bool]
) -> tuple[str, Span] | None:
    fmt = place_format(str(prop.get("description", "")))
    city_only = "city" in name_cues(name)
    for mention in find_places(text):
        if free(mention.span):
            return complete_place(mention, fmt, city_only=city_only), mention.span
    for candidate in find_candidates(text):
        if candidate.kind == "name" and free(candidate.span) and find_city(candidate.value) is not None:
            mention = PlaceMention(candidate.value, "", candidate.span)
            return complete_place(mention, fmt, city_only=city_only), candidate.span
    return None


def _command(text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    for m in _COMMAND.finditer(text):
        value = m.group("cmd").strip()
        span = Span(m.start("cmd"), m.start("cmd") + len(value))
        if value and free(span) and value.lower() not in STOP_WORDS:
            return value, span
    return None


def _codes(text: str, free: Callable[[Span], bool]) -> list[tuple[str, Span]]:
    found = [(m.group(0), Span(m.start(), m.end())) for m in _CODE.finditer(text)]
    return [(v, s) for v, s in found if free(s)]


def _labelled_code(name: str, text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    """A token with a digit within three words after one of the property's own words ("CIK is 0001")."""
    own = {stem(w) for w in re.findall(r"[A-Za-z]+", name.replace("_", " "))} - {"id"}
    for value, span in _codes(text, free):
        before = re.findall(r"[A-Za-z]+", text[max(0, span.start - 30) : span.start])
        if before and {stem(w) for w in before[-3:]} & own:
            return value, span
    return None


def _labelled_clause(name: str, text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    """What follows "is" after one of the property's own words, to the end of the clause ("the
    product I ordered is a pair of sneakers")."""
    own = {stem(w) for w in re.findall(r"[A-Za-z]+", name.replace("_", " "))} - {"id", "nam", "name"}
    for m in re.finditer(r"[A-Za-z]+", text):
        if stem(m.group(0)) not in own:
            continue
        link = re.match(r"(?:\s+[\w']+){0,3}?\s+(?:is|are|was|were)\s+|\s*[:=]\s*", text[m.end() :])
        if link is None:
            continue
        start = m.end() + link.end()
        end_match = re.search(r"[,;!?\n]|\.(?:\s|$)|\s+(?:and|but|so|then)\s", text[start:])
        value = text[start : start + end_match.start()] if end_match else text[start:]
        value = value.strip()
        span = Span(start, start + len(value))
        if value and len(value.split()) <= 6 and free(span):
            return value, span
    return None


_MEASURED = re.compile(
    r"\b(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|half\s+a)\s+"
    r"(?:ounces?|oz|grams?|g|kilograms?|kg|pounds?|lbs?|cups?|glass(?:es)?|bowls?|slices?|pieces?"
    r"|servings?|portions?|tablespoons?|tbsp|teaspoons?|tsp|liters?|litres?|ml|milliliters?|pints?"
    r"|bottles?|cans?|mugs?|scoops?|spoonfuls?)\s+of\s+(?P<thing>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2})",
    re.IGNORECASE,
)


def _measured(text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    """The thing a measure is of, up to its first ordinary word ("16 ounces of chai tea as a
    snack" → "chai tea"), for a required string nothing labels."""
    for m in _MEASURED.finditer(text):
        words: list[str] = []
        for word in m.group("thing").split():
            if word.lower() in STOP_WORDS or word.lower() in ("as", "in", "at"):
                break
            words.append(word)
        value = " ".join(words)
        span = Span(m.start("thing"), m.start("thing") + len(value))
        if value and free(span):
            return value, span
    return None


def _sentence_start(text: str, pos: int) -> bool:
    return not text[:pos].strip() or bool(re.search(r"[.!?:\n]\s*$", text[:pos]))


def last_resort(
    name: str, prop: dict[str, Any], text: str, free: Callable[[Span], bool]
) -> tuple[str, Span] | None:
    """A value for the required string property `name`, read without a label (see the module
    docstring), with its span; None when the request offers nothing that fits."""
    if _VERBATIM.search(str(prop.get("description", ""))):
        whole = text.strip()
        span = Span(text.find(whole), text.find(whole) + len(whole))
        if whole and free(span):
            return whole, span
    cues = property_cues(name, prop)
    own = name_cues(name)
    if cues & _COMMAND_CUES:
        found = _command(text, free)
        if found is not None:
            return found
    if own & _PLACE_CUES or (cues & _PLACE_CUES and not own & {"nam", "name"}):
        return _place(prop, name, text, free)
    if own & _ID_NAMES:
        found = find_identifier(name, text, free)  # "project ID badae" for a `uuid`
        if found is not None:
            return found
    found = _labelled_code(name, text, free) or _labelled_clause(name, text, free) or _measured(text, free)
    if found is not None:
        return found
    candidates = [c for c in find_candidates(text) if free(c.span)]
    quoted = [c for c in candidates if c.kind == "quoted"]
    if len(quoted) == 1:
        return quoted[0].value, quoted[0].span
    codes = _codes(text, free)
    if own & _CODE_CUES and len(codes) == 1:
        return codes[0]
    names = [
        c
        for c in candidates
        if c.kind == "name" and (" " in c.value or not _sentence_start(text, c.span.start))
    ]
    if names:
        # A run of capitals may cross a sentence end ("this is Marisol. Reserve"): keep the first.
        # An initial's dot is no sentence end ("U.S. Bank").
        value = re.split(r"(?<=\w\w)[.!?]\s", names[0].value, maxsplit=1)[0]
        return value, Span(names[0].span.start, names[0].span.start + len(value))
    return None
