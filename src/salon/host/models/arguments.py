"""Fill a tool's arguments from a request, reading only the tool's JSON Schema.

Each property is classified by its type, format, enum, name and description
(`salon.host.models.properties`), then looked for in the text with cues that hold for any app:

- **dates** (`format: date`, or "date"/"YYYY" in the name/description): mentions in reading order,
  resolved against today or the date the request states ("today is March 1st 2023"), written in the
  format the description names (`MM/DD/YYYY`...), with the time of day when it asks for one; an end
  date ("out", "end", "until", "return") is the start plus a stated duration when only one is given
  (an end date-time, the start plus "2 hours"), or the start's date when one date is written for
  both labels ("a pickup date and end date of ..."); "today" is left out of an optional date whose
  description says that leaving it out means today;
- **times** ("HH:MM", "time" in the name): `19:00`, `4:30 PM`, `noon`;
- **integers/numbers**: a number next to one of the property's own words ("3 nights" → `nights`,
  "port 5432" → `port`, "3.7 or higher rating"), durations for day/night/week counts, limits after
  "under"/"over", a four-digit year for a `year`, the schema's bound for "the max entries per
  page", the one number left for an "amount"/"value"/"quantity", and required numbers still empty
  take the numbers nobody claimed when there are as many ("turn it down to 70", "move it to 2,3,4");
- **enums and flags** (`salon.host.models.choices`): values mentioned by word, stem or prefix, the
  most specific first, else, with the provider's sentence embedder, an option a word of the request
  means ("comic" for `Comedy`, `salon.host.models.option_meaning`); booleans and "True"/"False"
  enums by their name's words, with negation;
- **strings**: places (`salon.host.models.places`) for city/location/destination properties and
  from/to pairs (an origin never takes the place the person goes "to", nor a destination the place
  they come "from"), in the "City, State" form the description asks for (a city the gazetteer knows
  before other names, never a country for a city); two-letter country codes ("ISO 3166") from the
  country or the city named; US state codes from the state named; street addresses for address
  properties, before numbers (`salon.host.models.addresses`); e-mail addresses (an e-mail property
  takes nothing else); host names for host properties (`salon.host.models.hosts`); quoted,
  capitalised and labelled spans matched to properties by their labels (`salon.host.models.slots`),
  and a person's name left without a label for a property that holds one
  (`salon.host.models.person_names`);
  for query-like properties the request minus filler words;
- **ids** (`id`, `*_id`) from an item of earlier results the request points at, or written out
  ("user ID 7890", `salon.host.models.identifiers`);
- same-named values from earlier calls of the same app (dates and counts carried into the booking);
- **nested objects**: their own properties read from the same request, the object given only when
  one of them was read;
- **ordered items with their counts** ("two Big Macs and one McFlurry") as parallel name and
  quantity arrays or as `{item, quantity}` objects (`salon.host.models.item_lists`);
- **required arrays of free items still empty**: a list the request writes out ("Software Engineer,
  Data Analyst, and Nurse", "'read' and 'write'", "90000, 50000 and 80000";
  `salon.host.models.free_lists`);
- **required strings still empty**: a value named without a label (a command after "using", a city
  written alone, the only quoted span, a code after the property's word, a name;
  `salon.host.models.fallback`);
- **required properties still empty** take the default their schema states.

Values of a shape the property implies (a web address, a place) are kept only with that shape
(`salon.host.models.plausible`).

Dates and times are read by `DateFilling` (`salon.host.models.fill_dates`), numbers by
`NumberFilling` (`salon.host.models.fill_numbers`); strings, places, nested objects, counted items,
free lists, unlabelled values and stated defaults here.

Enums, flags, arrays of closed items, ids and carried values are filled by `FillBase`
(`salon.host.models.fill_base`), which also reads the values a description spells out ("1 for
Bangkok", "'metric' for Celsius", `salon.host.models.described`).

What it cannot do: arithmetic, optional arrays of free text, negation beyond flags, or any
wording outside these cues. A required property it cannot fill is reported as missing so the
provider asks instead of guessing.
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.models.addresses import find_address, wants_address, written_address
from salon.host.models.colours import colour_in, wants_colour
from salon.host.models.fallback import last_resort
from salon.host.models.fill_base import FillContext, Filled
from salon.host.models.fill_dates import DateFilling
from salon.host.models.fill_numbers import NumberFilling
from salon.host.models.free_lists import free_list
from salon.host.models.gazetteer import find_city
from salon.host.models.hosts import host_in, wants_host
from salon.host.models.item_lists import counted_item_arguments
from salon.host.models.places import (
    city_country_code,
    complete_place,
    country_code_in,
    find_places,
    is_country,
    place_format,
    us_state_in,
    wants_country_code,
)
from salon.host.models.properties import cues as property_cues
from salon.host.models.properties import kind, name_cues
from salon.host.models.queries import is_query, query_value
from salon.host.models.slots import assign
from salon.host.models.understanding import STOP_WORDS, Span, asks_which, stem, tokenize, word_set

__all__ = ["FillContext", "Filled", "fill_arguments"]

_THERE = re.compile(r"\b(?:there|that city|that place)\b", re.IGNORECASE)
_PLACE_CUES = word_set("city location destination place where near address region country town area")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _wants_email(name: str, prop: dict[str, Any]) -> bool:
    """An e-mail address property (`cc_address` that is "the email address to include in CC",
    `email`), not one about e-mail (`email_subject`)."""
    own = name_cues(name)
    described = bool(re.search(r"\be-?mail address", str(prop.get("description", "")), re.IGNORECASE))
    return bool(own & {"email", "mail"} and own <= {"email", "mail", name.lower()}) or (
        bool(own & {"address", "addr"}) and described
    )


def _holds_numbers(prop: dict[str, Any]) -> bool:
    items = prop.get("items")
    return isinstance(items, dict) and items.get("type") in ("integer", "number")


_HOW_MANY = re.compile(
    r"\bhow\s+many\s+(?P<to>[A-Za-z°][\w°/-]*)\s+(?:are\s+(?:there\s+)?)?(?:in|per|is|make\s+up)\s+"
    r"(?:(?P<amount>\d+(?:\.\d+)?)|an?|one)\s+(?P<source>[A-Za-z°][\w°/-]*)",
    re.IGNORECASE,
)


def asks_how_many(text: str) -> bool:
    """Whether `text` asks "how many X in a Y", which is to convert a Y to X."""
    return _HOW_MANY.search(text) is not None


_FROM_CUES = frozenset({"from", "source", "origin"})
_TO_CUES = frozenset({"to", "target", "destination"})


class _Filler(DateFilling, NumberFilling):
    # -- per kind -----------------------------------------------------------------------------------

    def how_many(self) -> None:
        """ "How many feet in a mile?" asks to convert one mile to feet: the amount (1, or the number
        written: "how many km is 10 miles"), what is converted from and what to, for a tool that
        takes an amount and a from/to pair of text properties."""
        found = _HOW_MANY.search(self.text)
        strings = [n for n, p in self.props.items() if kind(n, p) == "string" and n not in self.args]
        source = next((n for n in strings if name_cues(n) & _FROM_CUES), None)
        target = next((n for n in strings if name_cues(n) & _TO_CUES), None)
        amounts = [
            n for n in self.required if kind(n, self.props[n]) in ("number", "integer") and n not in self.args
        ]
        if found is None or source is None or target is None or len(amounts) != 1:
            return
        amount = float(found.group("amount")) if found.group("amount") else 1.0
        self._take(
            amounts[0], int(amount) if kind(amounts[0], self.props[amounts[0]]) == "integer" else amount, None
        )
        self._take(source, found.group("source"), Span(found.start("source"), found.end("source")))
        self._take(target, found.group("to"), Span(found.start("to"), found.end("to")))

    def counted_items(self) -> None:
        """Arrays of ordered items and their quantities ("two Big Macs and one McFlurry",
        `salon.host.models.item_lists`)."""
        values, spans = counted_item_arguments(self.props, self.text, self._free)
        for name, value in values.items():
            self._take(name, value, None)
        self.taken.extend(spans)

    def strings(self) -> None:
        names = [n for n, p in self.props.items() if kind(n, p) == "string" and n not in self.args]
        query_like = [n for n in names if is_query(n, self.props[n])]
        labelled: list[str] = []
        for name in names:
            if name in query_like:
                continue
            cues = property_cues(name, self.props[name])
            own = name_cues(name)
            email = _EMAIL.search(self.text)
            if cues & {"email", "mail"} and email and self._free(Span(email.start(), email.end())):
                self._take(name, email.group(0), Span(email.start(), email.end()))
                continue
            if _wants_email(name, self.props[name]):
                continue  # an address property takes an e-mail address or nothing ("cc" is not "Andy")
            host = host_in(self.text, self._free) if wants_host(name) else None
            if host is not None:
                self._take(name, host[0], host[1])
                continue
            colour = colour_in(self.text, self._free) if wants_colour(name) else None
            if colour is not None:  # "the white iPhone 12"
                self._take(name, colour[0], colour[1])
                continue
            description = str(self.props[name].get("description", ""))
            if own & {"country", "countri"} and wants_country_code(description):
                code = country_code_in(self.text, self._free)
                if code is not None:
                    self._take(name, code[0], code[1])
                    continue
            if own & {"state"} and place_format(description).abbreviate_states:
                state = us_state_in(self.text, self._free)
                if state is not None:  # "in California" for "the U.S. state abbreviation"
                    self._take(name, state[0], state[1])
                    continue
            directional = own & {"from", "source", "origin", "to", "target", "destination"}
            place_like = cues & (_PLACE_CUES | {"airport", "station"})
            if directional and place_like:
                if self._place(name, directional=True) or self._place(name):
                    continue
            elif directional and self._from_to(name, own):
                continue
            place = own & _PLACE_CUES or (cues & _PLACE_CUES and not own & {"nam", "name"})
            # A property named for a place is read as a place, or not at all.
            if place and (self._place(name) or self._there(name) or own & _PLACE_CUES - {"address"}):
                continue
            if name not in self.args:
                labelled.append(name)
        for name, value, span in assign(self.props, labelled, self.text, self._free, self.required):
            self._take(name, value, span)
        for name in query_like:
            self._query(name)

    def addresses(self) -> None:
        for name, prop in self.props.items():
            if kind(name, prop) != "string" or name in self.args or not wants_address(name, prop):
                continue
            address = find_address(self.text, self._free)
            if address is not None:
                self._take(name, written_address(address, str(prop.get("description", ""))), address.span)

    def _from_to(self, name: str, own: set[str]) -> bool:
        is_from = bool(own & {"from", "source", "origin"})
        if is_from:
            m = re.search(r"\bfrom\s+([A-Za-z][\w°-]*)", self.text)
            if m and self._free(Span(m.start(1), m.end(1))):
                self._take(name, m.group(1), Span(m.start(), m.end()))
                return True
            for n in self._numbers():
                after = self._word_after(n.span.end)
                if after and self._free(after[1]) and after[0].lower() not in STOP_WORDS:
                    unit, span = after
                    following = self._word_after(span.end)
                    if following and unit.lower() in _UNIT_MODIFIERS and self._free(following[1]):
                        # "30 degrees celsius": the scale; "5 square meters", "2 fluid ounces": both words.
                        scale_only = unit.lower().startswith("degree")
                        unit = following[0] if scale_only else f"{unit} {following[0]}"
                        span = Span(span.start, following[1].end)
                    self._take(name, unit, span)
                    return True
            return False
        matches = list(re.finditer(r"\b(?:to|into|in)\s+([A-Za-z][\w°-]*)", self.text))
        for m in reversed(matches):
            if self._free(Span(m.start(1), m.end(1))) and m.group(1).lower() not in STOP_WORDS:
                self._take(name, m.group(1), Span(m.start(), m.end()))
                return True
        return False

    def _place(self, name: str, *, directional: bool = False) -> bool:
        prop = self.props[name]
        fmt = place_format(str(prop.get("description", "")))
        mentions = [p for p in find_places(self.text) if self._free(p.span)]
        if "city" in name_cues(name):
            # "a night at The Monti Residences" names a hotel, not a city: a city named with an
            # article must be one the gazetteer knows ("The Hague").
            mentions = [p for p in mentions if _could_be_city(p.city)]
        origin = bool(name_cues(name) & {"from", "source", "origin"})
        if directional:
            wanted = "from" if origin else "to"
            mentions = [p for p in mentions if p.prep == wanted]
        elif origin or name_cues(name) & {"to", "target", "destination"}:
            # An origin is never the place the person goes "to", nor a destination where they come "from".
            mentions = [p for p in mentions if p.prep != ("to" if origin else "from")]
        if not directional and fmt.with_region:
            # A city the gazetteer knows before a name it does not ("at Regal Crow Canyon").
            mentions.sort(key=lambda p: (is_country(p.city), not p.region, city_country_code(p.city) is None))
        if not mentions:
            return False
        city_only = "city" in name_cues(name)
        self._take(name, complete_place(mentions[0], fmt, city_only=city_only), mentions[0].span)
        return True

    def _there(self, name: str) -> bool:
        """ "What time is it there?" after a hotel search in Lisbon: the place named last."""
        found = _THERE.search(self.text)
        if self.ctx.there is None or found is None or not self._free(Span(found.start(), found.end())):
            return False
        self._take(name, self.ctx.there, Span(found.start(), found.end()))
        return True

    def _query(self, name: str) -> None:
        cues = frozenset(name_cues(name))
        found = query_value(self.text, self._free, self.ctx.ignore_words, cues, self.ctx.sought_words)
        ignored = self.ctx.ignore_words
        restated = found is not None and _only_words_of(found[0], ignored | self.ctx.sought_words)
        if restated and found is not None and asks_which(found[0]):
            found = None  # "what song is playing" asks about the tool's own things: nothing to find
        if self.choice_spans and restated:
            # "find jazz songs" with the genre jazz: "songs" only names what the tool finds, and
            # searching for it finds nothing; the option's words are what is sought.
            found, ignored = None, ignored | self.ctx.sought_words
        wider = query_value(self.text, self._free_but_choices, ignored, cues) if self.choice_spans else None
        # The words that picked an option are also what to search for where they name the kind
        # of thing sought, last of the query's words ("a compact carry-on", "noise cancelling
        # headphones"; not "running shoes, newest" for the sort order), or all of them ("carry-on
        # luggage under 200"); not where they only qualify it ("steak Indian style", with the
        # cuisine Indian: reading those in too cost an exact call on BFCL live dev), and only for a
        # query the tool needs.
        if (
            wider is not None
            and name in self.required  # an optional text is not worth a guess ("Content": "NewsItem")
            and (found is None or any(c.end == wider[1].end for c in self.kind_spans))
        ):
            found = wider
        if found is not None:
            self._take(name, found[0], found[1])

    def objects(self) -> None:
        """Nested objects: their own properties read from the same request (an appliance's mode and
        fan speed inside `body`); the object is given only when something in it was read."""
        for name, prop in self.props.items():
            if name in self.args or prop.get("type") != "object" or not prop.get("properties"):
                continue
            reserved = list(self.taken)
            for span in self.held_dates:
                reserved.remove(span)  # a date taken by a property here is in `taken` twice
            ctx = FillContext(
                text=self.text,
                now=self.ctx.now,
                ignore_words=self.ctx.ignore_words,
                reserved=reserved,
                embedder=self.ctx.embedder,
            )
            inner = _Filler(prop, ctx).run()
            if inner.from_text:
                self._take(name, inner.arguments, None)

    def free_lists(self) -> None:
        """Required arrays of free items still empty: a list the request writes out
        (`salon.host.models.free_lists`)."""
        arrays = [n for n in self.required if n not in self.args and self.props[n].get("type") == "array"]
        # Numbers first: a run of numbers is unambiguous, and an enumeration must not swallow it.
        arrays.sort(key=lambda n: not _holds_numbers(self.props[n]))
        for name in arrays:
            prop = self.props[name]
            found = free_list(prop, self.text, self._free)
            if found is not None:
                self._take(name, found[0], found[1])

    def unlabelled(self) -> None:
        """Required strings still empty: a value named without a label (`salon.host.models.fallback`)."""
        for name in self.required:
            prop = self.props[name]
            if name in self.args or kind(name, prop) != "string" or is_query(name, prop):
                continue
            found = last_resort(name, prop, self.text, self._free)
            if found is not None and ("city" not in name_cues(name) or _could_be_city(found[0])):
                self._take(name, found[0], found[1])

    def stated_defaults(self) -> None:
        """A required property the request leaves empty takes the default its schema states."""
        for name in self.required:
            if name not in self.args and "default" in self.props[name]:
                self.args[name] = self.props[name]["default"]

    def run(self) -> Filled:
        self.dates()
        self.months()
        self.times()
        self.addresses()  # before numbers: a house number is not a count
        self.counted_items()
        self.how_many()
        self.numbers()
        self.leftover_numbers()
        self.enums()
        self.lists()
        self.booleans()
        self.strings()
        self.from_reference()
        self.identifiers()
        self.unlabelled()  # what the message names now ("no, I meant Porto") before what came before
        self.carried()
        self.objects()
        self.free_lists()
        self.stated_defaults()
        missing = [r for r in self.required if r not in self.args]
        ids = [r for r in missing if kind(r, self.props[r]) == "id"]
        return Filled(self.args, missing, self.from_text, ids)


_UNIT_MODIFIERS = word_set("degree degrees square sq cubic cu fluid fl nautical")


def _could_be_city(value: str) -> bool:
    """Whether `value` may name a city: one written with an article must be known ("The Hague"),
    or it is a building or a business ("a night at The Monti Residences")."""
    return not value.lower().startswith("the ") or find_city(value) is not None


def _only_words_of(value: str, stems: frozenset[str]) -> bool:
    content = [w for w in tokenize(value) if w not in STOP_WORDS]
    return bool(content) and all(stem(w) in stems for w in content)


def fill_arguments(schema: dict[str, Any], ctx: FillContext) -> Filled:
    """Fill what the request says into `schema`'s properties; report required ones left missing."""
    return _Filler(schema, ctx).run()
