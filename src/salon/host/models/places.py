"""Place names in requests, and the "City, State" / "City, Country" forms that schemas ask for.

A place is a run of capitalised words after a place preposition ("in", "to", "near", "at", "for",
"around", "visiting"), optionally followed by a comma and a region ("Boston, MA", "El Gastor,
Andalusia", "Toronto, Canada"). Month and weekday names end a place ("in Paris on Friday").

Schemas often say how they want a place written: "in the format of 'City, State'", "such as 'New
York, NY'", "'City, Country' if the city does not locate in the United States", "State names must be
abbreviated". `place_format` reads that from the property's description, and `complete_place` brings a
mention to that form with a small gazetteer of well-known cities, the US states and their two-letter
codes. The gazetteer is general geography (the largest US cities and world capitals and metropolises),
not a list made for any app. A city it does not know is looked up in the GeoNames gazetteer
(`salon.host.models.gazetteer`: the US state, or the country's name or two-letter code as the form
asks), then, for a name written with capitals, among smaller US towns ("Sausalito, CA"), and left as
written when neither knows it. Common nicknames ("San Fran", "NYC") are read by
`salon.host.models.city_nicknames`. Where the description's example
writes a foreign city with a country code ("'Paris, FR'"), countries are written as codes, the
United Kingdom as "UK" as places are commonly written. `country_code_in` and `us_state_in` read the
country code or US state code a request points at, for properties that ask for a code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from salon.host.models.city_nicknames import nickname, written_nicknames
from salon.host.models.dates import CALENDAR_WORD
from salon.host.models.gazetteer import country_code, country_name, find_city, find_us_town
from salon.host.models.understanding import Span

US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
    "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
    "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
    "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
    "district of columbia": "DC",
}  # fmt: skip
_STATE_CODES = frozenset(US_STATES.values())

_US_CITIES = {
    "new york": "NY", "los angeles": "CA",
    "chicago": "IL", "houston": "TX", "phoenix": "AZ", "philadelphia": "PA", "san antonio": "TX",
    "san diego": "CA", "dallas": "TX", "austin": "TX", "san jose": "CA", "jacksonville": "FL",
    "fort worth": "TX", "columbus": "OH", "charlotte": "NC", "indianapolis": "IN",
    "san francisco": "CA", "seattle": "WA", "denver": "CO", "nashville": "TN",
    "oklahoma city": "OK", "el paso": "TX", "boston": "MA", "portland": "OR", "las vegas": "NV",
    "detroit": "MI", "memphis": "TN", "louisville": "KY", "baltimore": "MD", "milwaukee": "WI",
    "albuquerque": "NM", "tucson": "AZ", "fresno": "CA", "sacramento": "CA", "mesa": "AZ",
    "kansas city": "MO", "atlanta": "GA", "omaha": "NE", "colorado springs": "CO", "raleigh": "NC",
    "miami": "FL", "long beach": "CA", "virginia beach": "VA", "oakland": "CA", "minneapolis": "MN",
    "tulsa": "OK", "tampa": "FL", "arlington": "TX", "new orleans": "LA", "cleveland": "OH",
    "honolulu": "HI", "anaheim": "CA", "orlando": "FL", "pittsburgh": "PA", "cincinnati": "OH",
    "st. louis": "MO", "st louis": "MO", "salt lake city": "UT", "berkeley": "CA", "palo alto": "CA",
    "santa monica": "CA", "pasadena": "CA", "san mateo": "CA", "santa rosa": "CA", "fremont": "CA",
    "sunnyvale": "CA", "santa clara": "CA", "mountain view": "CA", "santa cruz": "CA",
    "washington dc": "DC", "washington d.c.": "DC", "boise": "ID", "anchorage": "AK",
    "buffalo": "NY", "rochester": "NY", "newark": "NJ", "princeton": "NJ", "hartford": "CT",
    "providence": "RI", "richmond": "VA", "charleston": "SC", "savannah": "GA", "birmingham": "AL",
    "madison": "WI", "ann arbor": "MI", "st. paul": "MN", "spokane": "WA", "reno": "NV",
    "santa fe": "NM", "napa": "CA", "san bernardino": "CA", "riverside": "CA", "long island": "NY",
}  # fmt: skip
_WORLD_CITIES = {
    "london": "UK", "manchester": "UK", "edinburgh": "UK", "glasgow": "UK", "liverpool": "UK",
    "paris": "France", "lyon": "France", "marseille": "France", "nice": "France", "berlin": "Germany",
    "munich": "Germany", "hamburg": "Germany", "frankfurt": "Germany", "madrid": "Spain",
    "barcelona": "Spain", "seville": "Spain", "rome": "Italy", "milan": "Italy", "venice": "Italy",
    "florence": "Italy", "naples": "Italy", "amsterdam": "Netherlands", "brussels": "Belgium",
    "vienna": "Austria", "zurich": "Switzerland", "geneva": "Switzerland", "lisbon": "Portugal",
    "porto": "Portugal", "dublin": "Ireland", "copenhagen": "Denmark", "stockholm": "Sweden",
    "oslo": "Norway", "helsinki": "Finland", "prague": "Czech Republic", "warsaw": "Poland",
    "budapest": "Hungary", "athens": "Greece", "istanbul": "Turkey", "moscow": "Russia",
    "saint petersburg": "Russia", "kyiv": "Ukraine", "tokyo": "Japan", "osaka": "Japan",
    "kyoto": "Japan", "beijing": "China", "shanghai": "China", "hong kong": "China",
    "seoul": "South Korea", "bangkok": "Thailand", "singapore": "Singapore", "hanoi": "Vietnam",
    "ho chi minh city": "Vietnam", "kuala lumpur": "Malaysia", "jakarta": "Indonesia",
    "manila": "Philippines", "delhi": "India", "new delhi": "India", "mumbai": "India",
    "bangalore": "India", "chennai": "India", "kolkata": "India", "karachi": "Pakistan",
    "dubai": "UAE", "abu dhabi": "UAE", "doha": "Qatar", "riyadh": "Saudi Arabia", "cairo": "Egypt",
    "nairobi": "Kenya", "lagos": "Nigeria", "johannesburg": "South Africa",
    "cape town": "South Africa", "sydney": "Australia", "melbourne": "Australia",
    "brisbane": "Australia", "perth": "Australia", "auckland": "New Zealand",
    "toronto": "Canada", "vancouver": "Canada", "montreal": "Canada", "ottawa": "Canada",
    "calgary": "Canada", "mexico city": "Mexico", "cancun": "Mexico", "rio de janeiro": "Brazil",
    "sao paulo": "Brazil", "são paulo": "Brazil", "buenos aires": "Argentina", "lima": "Peru",
    "bogota": "Colombia", "santiago": "Chile", "havana": "Cuba", "tel aviv": "Israel",
    "jerusalem": "Israel", "tehran": "Iran", "baghdad": "Iraq", "taipei": "Taiwan",
}  # fmt: skip

_MONTH_OR_DAY = re.compile(r"^(?:" + CALENDAR_WORD + r"|today|tomorrow|tonight|next|this)\.?$", re.IGNORECASE)
_CAP = r"[A-Z][\w'.-]*"
_JOIN = r"(?:de|del|la|le|of|on|upon|da|do|du|am|im|san|el|al)"
_PLACE = re.compile(
    r"\b(?P<prep>in|to|near|at|around|visiting|into|for|from|of)\s+(?:the\s+)?"
    r"(?P<place>" + _CAP + r"(?:\s+(?:" + _CAP + r"|" + _JOIN + r"(?=\s+[A-Z])))*"
    r"(?:,\s*" + _CAP + r"(?:\s+" + _CAP + r")*)?)"
)
_LOWER_PLACE = re.compile(r"\b(?:in|near|around|visiting)\s+(?P<place>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)")
_STOPPERS = frozenset(
    [
        "for",
        "from",
        "on",
        "this",
        "next",
        "with",
        "tomorrow",
        "today",
        "tonight",
        "and",
        "or",
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "at",
        "by",
        "to",
        "in",
        "near",
        "during",
        "around",
        "last",
    ]
)


@dataclass(frozen=True)
class PlaceMention:
    city: str
    region: str
    """What followed the comma ("MA", "Andalusia"), or empty."""
    span: Span
    prep: str = ""
    """The preposition before it, lower-cased ("from", "to", "in")."""
    capitalised: bool = True
    """Written with capitals, as names are ("in paris" is not)."""

    @property
    def text(self) -> str:
        return f"{self.city}, {self.region}" if self.region else self.city


@dataclass(frozen=True)
class PlaceFormat:
    """How a property wants a place written."""

    with_region: bool
    """"City, State" or "City, Country" is asked for."""
    abbreviate_states: bool
    """US states as two-letter codes ("CA", not "California")."""
    country_names: bool = False
    """"City, Country" is named: a city outside the US takes its country's name, else its code."""
    country_codes: bool = False
    """An example writes a city outside the US with its country's code ("'Paris, FR'")."""


def _trim(words: list[str]) -> list[str]:
    while words and (_MONTH_OR_DAY.match(words[-1]) or words[-1].lower() in _STOPPERS):
        words.pop()
    return words


def find_places(text: str) -> list[PlaceMention]:
    """Capitalised places after a place preposition, then lower-case ones ("in paris"), then city
    nicknames written as names anywhere ("the best SF psychologist"), in order."""
    found: list[PlaceMention] = []
    for m in _PLACE.finditer(text):
        place_text = re.split(r"(?<=[a-z])[.!?](?:\s|(?=[A-Z]))|(?<=[A-Z]{2})[.!?]\s", m.group("place"))[0]
        city_part, _, region_part = place_text.partition(",")
        words = _trim(city_part.strip(" .").split())
        if not words or (_MONTH_OR_DAY.match(words[0]) and len(words[0]) <= 4):
            continue
        region_part = re.split(r"[.!?]\s", region_part + " ")[0]
        region_words = _trim(region_part.strip(" .?!").split())
        city = " ".join(words).rstrip(".'")
        region = " ".join(region_words).rstrip(".")
        last = region or city
        end = text.find(last, m.start("place")) + len(last)
        found.append(PlaceMention(city, region, Span(m.start("place"), end), m.group("prep").lower()))
    for m in _LOWER_PLACE.finditer(text):
        lower: list[str] = []
        for w in m.group("place").split():
            if w in _STOPPERS or _MONTH_OR_DAY.match(w) or w.endswith("ing"):
                break  # "in going for a movie": a verb, not a place
            lower.append(w)
        span = Span(m.start("place"), m.start("place") + len(" ".join(lower)))
        if lower and not any(span.overlaps(p.span) for p in found):
            found.append(PlaceMention(" ".join(w.capitalize() for w in lower), "", span, "in", False))
    for name, start, end in written_nicknames(text):
        span = Span(start, end)
        if not any(span.overlaps(p.span) for p in found):
            found.append(PlaceMention(name, "", span))
    return found


def place_format(description: str) -> PlaceFormat:
    """What a property's description says about the form of a place."""
    with_region = bool(
        re.search(r"city,\s*(?:state|country|province)|'[A-Z][\w .]+,\s*[A-Z][\w]+'", description, re.I)
    )
    abbreviate = bool(
        re.search(r"abbreviat|short form|\(abbr|'[A-Z][\w .]+,\s*[A-Z]{2}'", description)
        or re.search(r"state (?:code|abbreviation)", description, re.I)
    )
    countries = bool(re.search(r"city,\s*country|country name", description, re.I))
    codes = any(code not in _STATE_CODES for code in re.findall(r"'[A-Z][\w .]+,\s*([A-Z]{2})'", description))
    return PlaceFormat(with_region, abbreviate, countries, codes)


def _abroad(city: str, country: str, fmt: PlaceFormat) -> str:
    """A city outside the US in the form asked for: "Paris, France", or "Paris, FR" where the
    form is two-letter codes and names no country. Where the form shows only US state codes, a
    country whose code is also a state's keeps its name: "Toronto, CA" would read as California."""
    if fmt.country_codes or (fmt.abbreviate_states and not fmt.country_names):
        code = country_code(country)
        code = "UK" if code == "GB" else code  # the short form places are written with ("London, UK")
        if code in _STATE_CODES and not fmt.country_codes:
            return f"{city}, {country}"
        return f"{city}, {code}" if code else f"{city}, {country}"
    return f"{city}, {country}"


def complete_place(place: PlaceMention, fmt: PlaceFormat, *, city_only: bool = False) -> str:
    """`place` in the form `fmt` asks for, as far as the gazetteer knows the city; with no form asked
    for, as written, or the city alone for a property that names a city."""
    key = place.city.lower()
    nick = nickname(key)
    city = nick[0] if nick else place.city
    region = place.region
    if region and fmt.abbreviate_states and region.lower() in US_STATES:
        region = US_STATES[region.lower()]
    elif region and len(region) > 3 and country_code(region) and fmt.with_region:
        # A country written in full, in the form the property asks: "Sydney, Australia" → "Sydney, AU"
        # where the form is two-letter codes ("'New York, NY'"), as a city the gazetteer places abroad.
        return _abroad(city, region, fmt)
    if not fmt.with_region:
        return city if city_only or not region else f"{city}, {region}"
    if region:
        return f"{city}, {region}"
    if key in US_STATES and not fmt.abbreviate_states:
        return city
    if nick:
        return f"{city}, {nick[1]}"
    if key in _US_CITIES:
        return f"{city}, {_US_CITIES[key]}"
    if key in _WORLD_CITIES:
        return _abroad(city, _WORLD_CITIES[key], fmt)
    found = find_city(city)
    if found is None and place.capitalised:
        found = find_us_town(city)  # "Sausalito": a small town, only for a name written as one
    if found is None or key in US_STATES or country_code(city):
        return city
    if found.country == "US":
        return f"{city}, {found.admin1}"
    return _abroad(city, country_name(found.country) or found.country, fmt)


_COUNTRY_CODE = re.compile(r"country code|iso[ -]?3166|alpha-2|(?:2|two)[ -]letter", re.IGNORECASE)


def wants_country_code(description: str) -> bool:
    """Whether a property's description asks for a two-letter country code ("ISO 3166-1 alpha-2")."""
    return bool(_COUNTRY_CODE.search(description))


def is_country(name: str) -> bool:
    """Whether `name` is a country's name (or a common short form: "UK", "USA"), not a city."""
    return country_code(name) is not None and (len(name) > 3 or name.isupper())


def city_country_code(city: str) -> str | None:
    """The two-letter code of the country a city is in, by the built-in tables, then the gazetteer."""
    key = city.lower()
    if key in _US_CITIES or nickname(key):
        return "US"
    if key in _WORLD_CITIES:
        return country_code(_WORLD_CITIES[key])
    found = find_city(city)
    return found.country if found is not None else None


def country_code_in(text: str, free: Callable[[Span], bool]) -> tuple[str, Span | None] | None:
    """The country code a request points at: a country it names ("in the UK"), else the country of
    the first city it names ("in London" → GB), which another property may already hold."""
    for m in re.finditer(r"\b[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*", text):
        span = Span(m.start(), m.end())
        if free(span) and is_country(m.group(0).rstrip(".")):
            return str(country_code(m.group(0).rstrip("."))), span
    for mention in find_places(text):
        for name in (mention.region, mention.city):
            if name and is_country(name):
                return str(country_code(name)), None
        code = city_country_code(mention.city)
        if code is not None:
            return code, None
    return None


def us_state_in(text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    """The two-letter code of the first US state the request names ("in California" → "CA")."""
    for m in re.finditer(r"\b(?:" + "|".join(sorted(US_STATES, key=len, reverse=True)) + r")\b", text, re.I):
        span = Span(m.start(), m.end())
        if free(span) and m.group(0)[0].isupper():
            return US_STATES[m.group(0).lower()], span
    return None
