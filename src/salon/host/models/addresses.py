"""Street addresses in requests, for properties that take an address ("a cab to 123 Main St, Anytown").

A street address is a house number, the street's name in capitalised words, and, after a comma or
a full stop, the town ("540 El Camino Real. Berkeley"), then perhaps a state code and a ZIP code. A
number before capitalised words is an address only when the words end in a street type ("Main St",
"Oak Avenue") or, for a street name of two words or more, a town the gazetteer knows follows them;
otherwise "2 Adults" or "3 Tickets. Berkeley is far" would be streets. Month and weekday names never
start a street ("12 March").

It is written back as "Street, Town", the form such properties ask for ("formatted as 'Street,
City'"). Where the description's example writes the street type in full ("'134 Springoak Street,
Chicago'"), an abbreviated one is written in full too ("123 Main St" → "123 Main Street").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salon.host.models.dates import CALENDAR_WORD
from salon.host.models.places import city_country_code
from salon.host.models.understanding import Span

STREET_TYPES = {
    "st": "Street", "ave": "Avenue", "av": "Avenue", "rd": "Road", "blvd": "Boulevard", "dr": "Drive",
    "ln": "Lane", "ct": "Court", "pl": "Place", "pkwy": "Parkway", "hwy": "Highway", "ter": "Terrace",
    "cir": "Circle", "sq": "Square", "trl": "Trail",
}  # fmt: skip
"""Common street-type abbreviations (US postal usage) → the word written in full."""
_FULL = frozenset(w.lower() for w in STREET_TYPES.values()) | {"way", "alley", "row", "loop", "plaza"}

_WORD = r"[A-Z][\w'-]*"
_ADDRESS = re.compile(
    r"(?<![\w#$.,-])(?P<street>\d{1,6}[A-Za-z]?(?:\s+" + _WORD + r"){1,5})"
    r"(?:\s*[,.]\s*(?P<town>" + _WORD + r"(?:\s+" + _WORD + r"){0,2})"
    r"(?:\s*,?\s*(?P<state>[A-Z]{2})\b)?(?:\s*,?\s*(?P<zip>\d{5}(?:-\d{4})?)\b)?)?"
)
_NOT_STREET = re.compile(r"^(?:" + CALENDAR_WORD + r"|am|pm|a\.m|p\.m)\.?$", re.IGNORECASE)
_DIRECTIONS = frozenset({"N", "S", "E", "W", "NE", "NW", "SE", "SW"})
_ADDRESS_CUES = re.compile(r"\baddress|\bstreet\b", re.IGNORECASE)


@dataclass(frozen=True)
class StreetAddress:
    street: str
    """The house number and street ("123 Main St")."""
    town: str
    """The town after it, with its state and ZIP code where written ("Anytown"), or empty."""
    span: Span


def wants_address(name: str, prop: dict[str, Any]) -> bool:
    """Whether a property takes a street address: its name or description says "address" or "street"."""
    description = str(prop.get("description", ""))
    return bool(_ADDRESS_CUES.search(name.replace("_", " ")) or _ADDRESS_CUES.search(description))


def _is_street_type(word: str) -> bool:
    key = word.rstrip(".").lower()
    return key in STREET_TYPES or key in _FULL


def find_address(text: str, free: Callable[[Span], bool]) -> StreetAddress | None:
    """The first street address written in `text` whose span is free."""
    for m in _ADDRESS.finditer(text):
        spans = [(w.group(0), w.end()) for w in re.finditer(r"\S+", m.group("street"))]
        words = [w for w, _ in spans]
        if _NOT_STREET.match(words[1]):
            continue
        town = m.group("town") or ""
        end = max(m.end(g) for g in ("street", "town", "state", "zip") if m.group(g))
        # The street ends at its type ("123 Main St"); a known town may follow it without a comma.
        typed = next((i for i, w in enumerate(words[1:], 1) if _is_street_type(w)), None)
        if typed is not None and typed < len(words) - 1 and words[typed + 1] in _DIRECTIONS:
            typed += 1  # "Pennsylvania Avenue NW"
        if typed is not None and typed < len(words) - 1:
            rest = " ".join(words[typed + 1 :])
            if not town and city_country_code(rest) is not None:
                town = rest
            else:
                end = m.start("street") + spans[typed][1]
                town = ""
            words = words[: typed + 1]
        if typed is None and not (len(words) > 2 and town and city_country_code(town) is not None):
            continue  # "3 Tickets. Berkeley is far": a count, then a new sentence
        if town:
            region = " ".join(g for g in (m.group("state"), m.group("zip")) if g)
            town = f"{town}, {region}" if region else town
        span = Span(m.start("street"), end)
        if free(span):
            return StreetAddress(" ".join(words), town, span)
    return None


def written_address(address: StreetAddress, description: str) -> str:
    """`address` as "Street, Town", with the street type in full where the description's example is."""
    street = address.street
    if re.search(r"\d+\s+[A-Z]\w*\s+(?:" + "|".join(STREET_TYPES.values()) + r")\b", description):
        words = street.split()
        for i in range(len(words) - 1, 0, -1):
            full = STREET_TYPES.get(words[i].rstrip(".").lower())
            if full is not None:
                words[i] = full
                break
        street = " ".join(words)
    return f"{street}, {address.town}" if address.town else street
