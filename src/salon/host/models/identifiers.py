"""Identifiers and labelled numbers written in the request itself ("user ID 7890", "port 5432").

An id property (`id`, `user_id`, `botId`) is normally filled from an item of earlier results the
person points at. When the person writes the id out, it is read from the text, but only in forms that
cannot be ordinary words:

- after the property's own words and an id word: "the song_id is wjeiruhuq_roar", "user ID 7890",
  "order ID is #123", "identifier 'my-bot-id'", "id: McDonald's", "id = X"; a plain lower-case word
  between the id word and a code is not the id ("ID number 7890"), and a number ending the clause
  after a name is part of it ("the prod id iPhone 12");
- after the property's own word, when the value has a digit: "node 5", "pod 1", "project X9-2".

- after the thing its description says it identifies, for a required id the request does not label
  otherwise: "host agent zzwzee" for an `id` that is "the unique identifier of the host agent".

`labelled_number` reads a number written right after one of a numeric property's own words ("port
5432", "limit 5", "volume to 70"), the mirror of "3 nights".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from salon.host.models.understanding import STOP_WORDS, Span, find_numbers, stem, tokenize

_ID_WORDS = r"(?:identifier|ids|id|number|no\.?|code|key|#)(?![a-z])"
# "=" and ":" are not word characters, so only the words take a word boundary ("id = X", "id: X").
_LINK = r"(?:\s*(?:(?:is|of|was|to|at)\b|[=:]))*\s*"
# An apostrophe between letters stays inside the value ("McDonald's").
_VALUE = r"['\"“‘]?(?P<value>#?[\w](?:[\w.:/-]|'(?=\w))*[\w]|#?\w)['\"”’]?"

_NEXT_CODE = re.compile(r"\s+(?P<code>[A-Za-z_-]*\d[\w-]*)(?P<end>\s*(?:[.,;!?]|$))?")
"""A code right after a value: the id itself after a plain word ("ID number 7890"), or a model's
number when it ends the clause ("the prod id iPhone 12")."""


def _own_words(name: str) -> list[str]:
    return [t for t in tokenize(name) if t not in ("id", "ids", "uuid", "uid")]


def find_identifier(name: str, text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    """The id value for property `name` written in `text`, with its span, or None."""
    own = _own_words(name)
    label = r"\b" + r"[\s_-]*".join(re.escape(w) for w in own) if own else ""
    patterns = []
    if label:
        patterns.append((label + r"[\s_-]*" + _ID_WORDS + _LINK + _VALUE, False))
        patterns.append((label + _LINK + _VALUE, True))
    patterns.append((r"\b" + _ID_WORDS + _LINK + _VALUE, False))
    for pattern, needs_digit in patterns:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            value, start, end = m.group("value"), m.start("value"), m.end("value")
            quoted = text[start - 1 : start] in "'\"“‘"
            code = _NEXT_CODE.match(text, end)
            if code and not quoted and not any(ch.isdigit() for ch in value):
                if value.islower():  # "ID number 7890", "ID produk ABC123": a word before the code
                    value, start, end = code.group("code"), code.start("code"), code.end("code")
                elif code.group("end") is not None:  # "prod id iPhone 12": a model's number
                    value, end = text[start : code.end("code")], code.end("code")
            if needs_digit and not any(ch.isdigit() for ch in value) and not quoted:
                continue
            if not any(ch.isdigit() for ch in value) and not quoted and not re.search(r"[_-]", value):
                if value.lower() in ("is", "the", "a", "an", "of", "for", "and", "to"):
                    continue
                if not re.search(_ID_WORDS + r"\s*$", text[:start].rstrip(" :=,'\"").lower()):
                    continue
            opener = re.search(r"(\w+)\W*$", text[m.start() : start])
            if opener and opener.group(1).lower() == "no" and not any(ch.isdigit() for ch in value):
                continue  # "no group mappings": a negation, not "No. 5"
            span = Span(start, end)
            if free(span):
                return value, span
    return None


_OWNER = re.compile(
    r"\b(?:identifier|id|ID|name|key)\s+(?:of|for)\s+(?:the|a|an)\s+"
    r"(?P<owner>[A-Za-z][\w ]{1,40}?)(?=[.,;(]|$)"
)


def identifier_after_owner(
    description: str, text: str, free: Callable[[Span], bool]
) -> tuple[str, Span] | None:
    """The token written right after the thing an id's `description` says it identifies ("the
    unique identifier of the host agent" → "host agent zzwzee"), or None."""
    owner = _OWNER.search(description)
    if owner is None:
        return None
    words = owner.group("owner").split()
    if not 1 <= len(words) <= 3:
        return None
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in words) + r"s?" + _LINK + _VALUE
    for m in re.finditer(pattern, text, re.IGNORECASE):
        value = m.group("value")
        if value.lower() in STOP_WORDS:
            continue
        span = Span(m.start("value"), m.end("value"))
        if free(span):
            return value, span
    return None


def labelled_number(name: str, text: str, free: Callable[[Span], bool]) -> tuple[float, Span] | None:
    """A number written right after one of the property's own words ("port 5432")."""
    own = {stem(t) for t in tokenize(name)}
    for n in find_numbers(text):
        if not free(n.span):
            continue
        before = re.search(r"([A-Za-z]+)(?:\s+(?:is|of|to|at|=|:))?\s*[:=]?\s*$", text[: n.span.start])
        if before and stem(before.group(1)) in own:
            return n.value, Span(before.start(1), n.span.end)
    return None
