"""A person's name written without a label: "the contact details for Rayson Goh".

People name the person a tool is about without saying "the name": "contact details for Rayson Goh",
"a McKinley Belcher III movie". A property whose description or own name says it holds a person's
name ("the full name of the person", "names of leading actors", `guest_name`) takes such a name when
the labelled readings (`salon.host.models.slots`) left it empty and exactly one name of two or more
capitalised words is left that is not a place the gazetteer knows. With two such names left, which
person is meant is a guess, so the property stays empty.
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.models.gazetteer import find_city

_PERSON = re.compile(
    r"\b(?:full|first and last) names?\b"
    r"|\bnames? of (?:the |a |an )?(?:\w+ )?(?:person|people|actors?|actress(?:es)?|passengers?"
    r"|users?|customers?|guests?|employees?|contacts?|authors?|artists?)\b",
    re.IGNORECASE,
)


_PERSON_NOUNS = frozenset(
    {"guest", "passenger", "customer", "contact", "author", "artist", "person", "holder", "traveller",
     "traveler", "recipient", "owner", "patient", "attendee"}
)  # fmt: skip


def holds_person_name(name: str, prop: dict[str, Any]) -> bool:
    """Whether property `name` holds a person's name: its description says so, or its own name
    does ("guest_name", "passengerName")."""
    if prop.get("enum") or prop.get("type") not in (None, "string"):
        return False
    words = {w.lower() for w in re.findall(r"[A-Za-z][a-z]*", name)}
    return bool(_PERSON.search(str(prop.get("description", "")))) or (
        "name" in words and bool(words & _PERSON_NOUNS)
    )


def looks_like_person(value: str) -> bool:
    """Two or more capitalised words that are not a known city ("Rayson Goh", "McKinley Belcher III")."""
    words = value.split()
    return (
        len(words) >= 2
        and not re.search(r"\w{2,}[.!?,;:]\s", value)  # "Marisol. Reserve": two sentences, not a name
        and all(w[0].isupper() for w in words)
        and not any(ch.isdigit() for ch in value)
        and find_city(value) is None
    )
