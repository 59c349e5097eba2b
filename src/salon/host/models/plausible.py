"""Whether a value read for a string property has the shape the property's kind implies.

The free-text readings (`salon.host.models.slots`, `salon.host.models.fallback`) take a span of
the request when a label or its position ties it to a property. For some properties the value has
a shape of its own, and a span without that shape is a sign the request is about something else, so
the property is better left empty (the provider then asks, or says no tool fits):

- a **web address** (`url`, `uri`, `endpoint`, or "URL" in the description): a scheme
  (`https://`), `www.`, a host with a dot, or a path starting with `/`;
- a **host** (`host`, `hostname`, `domain`): a network address (`salon.host.models.hosts`);
- a **place** (`location`, `city`, `destination`...): not a word with capitals inside it
  ("VirusTotal"), not a possessive ("IP's"), and not only acronyms ("URLs") unless the
  gazetteer knows them ("NYC", "LA") or the property takes codes (airports, "the city or airport
  code").
- a **code** (a property whose description's examples are all codes, "e.g. 'BK-7F3K9Q'"): one
  word holding a digit. "Rome and Paris" is no booking reference.

Everything else is accepted as read.
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.models.gazetteer import country_code, find_city
from salon.host.models.hosts import looks_like_host, wants_host
from salon.host.models.places import city_country_code
from salon.host.models.properties import name_cues

_URL_NAME = re.compile(r"(?:^|_|\b)(?:url|uri|endpoint|href)s?(?:$|_|\b)", re.IGNORECASE)
_URL_DESCRIPTION = re.compile(r"\bURL\b|\bendpoint\b")
_URL_VALUE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|/|[\w-]+(?:\.[\w-]+)+(?:[:/?#]|$))", re.IGNORECASE)
_PLACE_NAMES = frozenset({"location", "city", "destination", "town", "place", "region", "area"})
_CODED_PLACES = frozenset({"airport", "station", "code", "port"})
_INNER_CAPITAL = re.compile(r"^[A-Z][a-z]+[A-Z]")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
_EXAMPLES = re.compile(r"\b(?:e\.g\.?|for example|such as|like)[:,]?\s+(?P<list>['\"][^.;]*)", re.IGNORECASE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")
_CODE = re.compile(r"^(?=\S*\d)[A-Za-z0-9]+(?:[-_./][A-Za-z0-9]+)*$")


def wants_url(name: str, prop: dict[str, Any]) -> bool:
    return bool(_URL_NAME.search(name)) or bool(_URL_DESCRIPTION.search(str(prop.get("description", ""))))


def looks_like_url(value: str) -> bool:
    return bool(_URL_VALUE.match(value.strip()))


def wants_place(name: str, prop: dict[str, Any]) -> bool:
    """A place written as a name; airports and stations are often written as codes ("JFK")."""
    cues = name_cues(name)
    coded = cues & _CODED_PLACES or re.search(r"\bcodes?\b", str(prop.get("description", "")), re.I)
    return bool(cues & _PLACE_NAMES) and not coded


def looks_like_place(value: str) -> bool:
    city = value.split(",")[0].strip()
    if not city or "'s" in city or "’s" in city:
        return False
    if city_country_code(city) is not None or find_city(city) is not None or country_code(city):
        return True
    words = city.split()
    if any(_INNER_CAPITAL.match(w) and not w.startswith(("Mc", "Mac")) for w in words):
        return False
    return not all(_ACRONYM.match(w) for w in words)


def wants_code(prop: dict[str, Any]) -> bool:
    """Whether every example value the description quotes is a code ("e.g. 'BK-7F3K9Q'")."""
    found = _EXAMPLES.search(str(prop.get("description", "")))
    examples = _QUOTED.findall(found.group("list")) if found else []
    return bool(examples) and all(_CODE.match(e.strip()) for e in examples)


def looks_like_code(value: str) -> bool:
    return bool(_CODE.match(value.strip()))


def plausible(name: str, prop: dict[str, Any], value: Any) -> bool:
    """Whether `value`, read from the request for property `name`, has the shape the property asks."""
    if not isinstance(value, str) or prop.get("enum"):
        return True
    if wants_url(name, prop):
        return looks_like_url(value)
    if wants_host(name):
        return looks_like_host(value)
    if wants_place(name, prop):
        return looks_like_place(value)
    if wants_code(prop):
        return looks_like_code(value)
    return True
