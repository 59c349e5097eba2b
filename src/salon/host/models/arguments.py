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

Enums, flags, arrays of closed items, ids and carried values are filled by `FillBase`
(`salon.host.models.fill_base`), which also reads the values a description spells out ("1 for
Bangkok", "'metric' for Celsius", `salon.host.models.described`).

What it cannot do: arithmetic, optional arrays of free text, negation beyond flags, or any
wording outside these cues. A required property it cannot fill is reported as missing so the
provider asks instead of guessing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from salon.host.models.addresses import find_address, wants_address, written_address
from salon.host.models.colours import colour_in, wants_colour
from salon.host.models.dates import (
    DateMention,
    find_dates,
    find_durations,
    find_time_lengths,
    find_times,
    format_date,
    format_datetime,
    month_first_format,
    wants_time,
)
from salon.host.models.fallback import last_resort
from salon.host.models.fill_base import FillBase, FillContext, Filled
from salon.host.models.free_lists import free_list
from salon.host.models.hosts import host_in, wants_host
from salon.host.models.identifiers import labelled_number
from salon.host.models.item_lists import counted_item_arguments
from salon.host.models.number_ranges import bound_pairs, range_for, stated_extreme
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
from salon.host.models.slots import QUOTED, assign
from salon.host.models.understanding import (
    STOP_WORDS,
    Span,
    find_numbers,
    stem,
    word_set,
)

__all__ = ["FillContext", "Filled", "fill_arguments"]

_PLACE_CUES = word_set("city location destination place where near address region country town area")
_START_CUES = word_set("start from begin arrival arrive checkin depart departure in")
_END_CUES = word_set("end until till return out checkout leave")
_PAST_CUES = word_set("birth born since past ago history previous")
_MAX_CUES = word_set("max maximum under below less budget limit cheaper upto")
_MIN_CUES = word_set("min minimum over above more least")
_GENERIC_NUMBER_WORDS = word_set("number count amount total value how many of the")
_NEGATIONS = word_set("no not without non don't dont never exclude excluding")
_LINKED_LABEL = re.compile(r"(?P<label>[A-Za-z]+)(?:\s+(?:of|is|was|at)\s+|\s*[:=]\s*)$")
"""A property's word linked to the number right after it ("a rating of 4.5", "port: 5432")."""
_COORDINATED_LABEL = re.compile(
    r"\band\s+(?:the\s+|an?\s+)?(?P<label>[A-Za-z]+)[\s-]+dates?\s*(?:of|on|is|are|as|both|[:=])?\s*$",
    re.IGNORECASE,
)
"""A second date label right before the one date written for both ("start date and end date of")."""
_TODAY_DEFAULT = re.compile(
    r"\bdefaults?\s+(?:is|to)\s+(?:the\s+)?(?:current\s+date|today)"
    r"|\bif\s+not\s+(?:specified|provided|given),\s+(?:the\s+)?(?:current\s+date|today)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _wants_email(name: str, prop: dict[str, Any]) -> bool:
    """An e-mail address property (`cc_address` that is "the email address to include in CC",
    `email`), not one about e-mail (`email_subject`)."""
    own = name_cues(name)
    described = bool(re.search(r"\be-?mail address", str(prop.get("description", "")), re.IGNORECASE))
    return bool(own & {"email", "mail"} and own <= {"email", "mail", name.lower()}) or (
        bool(own & {"address", "addr"}) and described
    )


def _only_a_number(text: str) -> bool:
    found = find_numbers(text)
    return len(found) == 1 and found[0].span == Span(0, len(text))


def _holds_numbers(prop: dict[str, Any]) -> bool:
    items = prop.get("items")
    return isinstance(items, dict) and items.get("type") in ("integer", "number")


_ALTERNATIVE = re.compile(r"\s+or\s+\d+(?:\.\d+)?\s+(?P<unit>[A-Za-z]+)")
"""After a number: a second one with a unit ("4 or 5 stars")."""


class _Filler(FillBase):
    moments: dict[str, datetime]
    """The date-times written into date properties that took a time of day, by property."""
    held_dates: list[Span]
    """Every date of the request, held back so that its digits are not read as numbers; a date no
    property here takes is still free to a nested object ("a statement period from October 1")."""

    # -- per kind -----------------------------------------------------------------------------------

    def dates(self) -> None:
        names = [n for n, p in self.props.items() if kind(n, p) == "date"]
        order = month_first_format([str(self.props[n].get("description", "")) for n in names])
        future = [
            d
            for d in find_dates(self.text, self.today, year=self.year, month_first=order)
            if self._free(d.span)
        ]
        self.held_dates = [d.span for d in future]
        self.taken.extend(self.held_dates)
        if len(future) >= 2 and future[1].value > future[0].value:
            self.range_days = (future[1].value - future[0].value).days
        self.moments = {}
        if not names:
            return
        past = [
            d
            for d in find_dates(self.text, self.today, prefer_future=False, year=self.year, month_first=order)
            if self._free(d.span)
        ]
        ends = [n for n in names if property_cues(n, self.props[n]) & _END_CUES]
        starts = [n for n in names if n not in ends]
        mentions_used: list[DateMention] = []
        for name in starts + ends:
            pool = past if property_cues(name, self.props[name]) & _PAST_CUES else future
            remaining = [d for d in pool if not any(d.span.overlaps(u.span) for u in mentions_used)]
            if remaining:
                mention = remaining[0]
                mentions_used.append(mention)
                if mention.value == self.today and self._defaults_to_today(name):
                    self.taken.append(mention.span)  # "today" where leaving it out means today
                    continue
                self._take(name, self._format(name, mention.value), mention.span)
            elif name in ends and starts and starts[0] in self.args:
                durations = [d for d in find_durations(self.text) if self._free(d.span)]
                shared = self._shared_date(name, mentions_used)
                if shared is not None:  # "a pickup date and end date of 2023-04-12"
                    self._take(name, self._format(name, shared), None)
                elif durations:
                    start = date.fromisoformat(str(self.args[starts[0]])[:10])
                    self._take(name, self._format(name, start + timedelta(days=durations[0].days)), None)
                    self.taken.append(durations[0].span)
                elif starts[0] in self.moments:
                    self._end_after_length(name, self.moments[starts[0]])

    def _end_after_length(self, name: str, start: datetime) -> None:
        """An end date-time as the start plus the length of time written ("at 11:00 a.m. 2 hours"),
        for an end property that takes a time of day."""
        prop = self.props[name]
        if not (prop.get("format") == "date-time" or wants_time(str(prop.get("description", "")))):
            return
        lengths = [t for t in find_time_lengths(self.text) if self._free(t.span)]
        if lengths:
            self.taken.append(lengths[0].span)
            end = start + timedelta(minutes=lengths[0].minutes)
            self.moments[name] = end
            # Worked out from the start, not read: not one more sign that the tool fits.
            self.args[name] = self._written_moment(name, end)

    def _defaults_to_today(self, name: str) -> bool:
        """Whether an optional date property's description says it means today when left out (a
        property that also takes a time of day is still given one)."""
        prop = self.props[name]
        description = str(prop.get("description", ""))
        if name in self.required or prop.get("format") == "date-time" or wants_time(description):
            return False
        return bool(_TODAY_DEFAULT.search(description))

    def _shared_date(self, name: str, used: list[DateMention]) -> date | None:
        """The date written once for two coordinated labels, the second of them naming this end
        property ("with a pickup date and end date of 2023-04-12")."""
        for mention in used:
            before = _COORDINATED_LABEL.search(self.text, 0, mention.span.start)
            if before and stem(before.group("label")) in property_cues(name, self.props[name]):
                return mention.value
        return None

    def _format(self, name: str, value: date) -> str:
        prop = self.props[name]
        description = str(prop.get("description", ""))
        times = [t for t in find_times(self.text) if self._free(t.span)]
        if times and (prop.get("format") == "date-time" or wants_time(description)):
            self.taken.append(times[0].span)
            moment = datetime.combine(value, time(times[0].hour, times[0].minute))
            self.moments[name] = moment
            return self._written_moment(name, moment)
        if prop.get("format") == "date-time":
            return datetime.combine(value, time(0), tzinfo=self.ctx.now.tzinfo).isoformat()
        return format_date(value, description)

    def _written_moment(self, name: str, moment: datetime) -> str:
        prop = self.props[name]
        if prop.get("format") == "date-time":
            return moment.replace(tzinfo=self.ctx.now.tzinfo).isoformat()
        return format_datetime(moment, str(prop.get("description", "")))

    def times(self) -> None:
        for name, prop in self.props.items():
            if kind(name, prop) != "time" or name in self.args:
                continue
            found = [t for t in find_times(self.text) if self._free(t.span)]
            if found:
                description = str(prop.get("description", ""))
                seconds = re.search(r"HH:MM:SS|hh:mm:ss|%H:%M:%S", description)
                moment = time(found[0].hour, found[0].minute)
                self._take(name, moment.strftime("%H:%M:%S" if seconds else "%H:%M"), found[0].span)

    def counted_items(self) -> None:
        """Arrays of ordered items and their quantities ("two Big Macs and one McFlurry",
        `salon.host.models.item_lists`)."""
        values, spans = counted_item_arguments(self.props, self.text, self._free)
        for name, value in values.items():
            self._take(name, value, None)
        self.taken.extend(spans)

    def numbers(self) -> None:
        names = [n for n, p in self.props.items() if kind(n, p) in ("integer", "number")]
        self._bound_ranges(names)
        for name in names:
            if name in self.args:
                continue
            cues = property_cues(name, self.props[name]) - {stem(w) for w in _GENERIC_NUMBER_WORDS}
            value, span = self._duration_for(cues)
            if value is None:
                value, span = self._number_for(cues)
            if value is None:
                labelled = labelled_number(name, self.text, self._free)
                value, span = labelled if labelled else (None, None)
            if value is not None and self._in_range(name, value):
                self._take(name, int(value) if kind(name, self.props[name]) == "integer" else value, span)
        for name in names:
            if name not in self.args:
                self._number_near_name(name)
            extreme = None if name in self.args else stated_extreme(self.text, name, self.props[name])
            if extreme is not None and self._free(extreme[1]):  # "the max entries per page"
                integer = kind(name, self.props[name]) == "integer"
                self._take(name, int(extreme[0]) if integer else extreme[0], extreme[1])
            if name not in self.args and name_cues(name) & {"year", "yr"}:
                years = [n for n in self._numbers() if self._free(n.span) and 1000 <= n.value <= 2999]
                if years and years[0].is_integer:  # "the one from 2022" for a `year`
                    self._take(name, int(years[0].value), years[0].span)
        # The single number left goes to a generic amount/value/quantity property, required first.
        for name in sorted(names, key=lambda n: n not in self.required):
            if name in self.args:
                continue
            cues = property_cues(name, self.props[name])
            if not cues & {"amount", "valu", "quantity", "number", "count", "qty"}:
                continue
            free = [n for n in self._numbers() if self._free(n.span)]
            if free and self._in_range(name, free[0].value):
                integer = kind(name, self.props[name]) == "integer"
                self._take(name, int(free[0].value) if integer else free[0].value, free[0].span)

    def _bound_ranges(self, names: list[str]) -> None:
        """Both bounds from one written range: "between the ages of 25 and 35" for `min_age` and
        `max_age` (`salon.host.models.number_ranges`)."""
        for pair in bound_pairs(names):
            found = range_for(self.text, pair)
            if found is None or not self._free(found[2]):
                continue
            low, high, span = found
            if not (self._in_range(pair.lower, low) and self._in_range(pair.upper, high)):
                continue
            for name, value in ((pair.lower, low), (pair.upper, high)):
                self._take(name, int(value) if kind(name, self.props[name]) == "integer" else value, None)
            self.taken.append(span)

    def _number_near_name(self, name: str) -> None:
        """A number within three words of a word of the property's own name ("3.7 or higher
        rating", "rated above 4.2"), the nearest first."""
        own = name_cues(name) - {stem(w) for w in _GENERIC_NUMBER_WORDS} - {"id", "max", "min"}
        if not own:
            return
        tokens = [(stem(m.group(0)), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", self.text)]
        best: tuple[int, Any, Span] | None = None
        for n in self._numbers():
            if not self._free(n.span):
                continue
            before = [t for t in tokens if t[2] <= n.span.start][-3:]
            after = [t for t in tokens if t[1] >= n.span.end][:3]
            for distance, token in [*enumerate(reversed(before)), *enumerate(after)]:
                if token[0] in own and (best is None or distance < best[0]):
                    start, end = min(token[1], n.span.start), max(token[2], n.span.end)
                    best = (distance, n.value, Span(start, end))
        if best is not None and self._in_range(name, best[1]) and self._free(best[2]):
            integer = kind(name, self.props[name]) == "integer"
            self._take(name, int(best[1]) if integer else best[1], best[2])

    def _numbers(self) -> list[Any]:
        found = []
        # A number inside a quoted name ('JBL Flip 4') is part of the name, not a count; a number
        # quoted on its own ('nine') is still a number.
        quoted = [
            Span(m.start(), m.end()) for m in QUOTED.finditer(self.text) if not _only_a_number(m.group("q"))
        ]
        for n in find_numbers(self.text):
            if any(n.span.overlaps(q) for q in quoted):
                continue
            if "/" in self.text[max(0, n.span.start - 1) : n.span.end + 1]:
                continue  # part of a date or a path ("14/03/2024"), not a count
            word = self.text[n.span.start : n.span.end].lower()
            # "the second one", "that one": a pronoun, not a count.
            if word == "one" and (
                re.search(r"(?:the|that|this|which|\w+(?:st|nd|rd|th))\s+$", self.text[: n.span.start])
                or re.match(r"\s+of\b", self.text[n.span.end :])  # "pick one of the functions"
            ):
                continue
            found.append(n)
        return found

    def _duration_for(self, cues: set[str]) -> tuple[float | None, Span | None]:
        units = cues & {"night", "day", "week"}
        if not units:
            return None, None
        for d in find_durations(self.text):
            if not self._free(d.span):
                continue
            if "week" in units and not units & {"night", "day"}:
                return d.days / 7, d.span
            return float(d.days), d.span
        if self.range_days is not None:
            days = self.range_days
            self.range_days = None
            return (days / 7 if "week" in units and not units & {"night", "day"} else float(days)), None
        return None, None

    def _number_for(self, cues: set[str]) -> tuple[float | None, Span | None]:
        for n in self._numbers():
            if not self._free(n.span):
                continue
            after = self._word_after(n.span.end)
            if after and stem(after[0]) in cues:
                return n.value, Span(n.span.start, after[1].end)
            # "4 or 5 stars": the unit of the second alternative is the first's too; the first
            # (lower) one is taken, and both are used up so neither is read as another count.
            either = _ALTERNATIVE.match(self.text, n.span.end)
            if either and stem(either.group("unit")) in cues:
                return n.value, Span(n.span.start, either.end())
            linked = _LINKED_LABEL.search(self.text, 0, n.span.start)
            label = linked.group("label") if linked else ""
            if linked and label.lower() not in STOP_WORDS and stem(label) in cues:
                return n.value, Span(linked.start("label"), n.span.end)  # "a review score of 4.5"
            before = self._word_before(n.span.start)
            if (
                before.startswith(("$", "€", "£"))
                or self.text[max(0, n.span.start - 1) : n.span.start] in "$€£"
            ):
                before_cues = {"price", "cost", "budget", "amount"}
                if cues & before_cues:
                    return n.value, n.span
            limit = (stem(before) in _MAX_CUES and cues & _MAX_CUES) or (
                stem(before) in _MIN_CUES and cues & _MIN_CUES
            )
            if limit:
                start = self.text.lower().rfind(before, 0, n.span.start)
                return n.value, Span(start if start >= 0 else n.span.start, n.span.end)
        return None, None

    def _in_range(self, name: str, value: float) -> bool:
        prop = self.props[name]
        if kind(name, prop) == "integer" and not float(value).is_integer():
            return False
        low, high = prop.get("minimum"), prop.get("maximum")
        return (low is None or value >= low) and (high is None or value <= high)

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
            if place and (self._place(name) or own & _PLACE_CUES - {"address"}):
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
                    self._take(name, after[0], after[1])
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

    def _query(self, name: str) -> None:
        found = query_value(self.text, self._free, self.ctx.ignore_words, frozenset(name_cues(name)))
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
            if found is not None:
                self._take(name, found[0], found[1])

    def leftover_numbers(self) -> None:
        """Required numbers still empty take the numbers nobody claimed, in order, when there are
        exactly as many of those as of them ("turn it down to 70", "move it to 2, 3, 4")."""
        names = [
            n for n in self.required if n not in self.args and kind(n, self.props[n]) in ("integer", "number")
        ]
        free = [n for n in self._numbers() if self._free(n.span)]
        if not names or len(free) != len(names):
            return
        if not all(self._in_range(name, n.value) for name, n in zip(names, free, strict=True)):
            return
        for name, n in zip(names, free, strict=True):
            integer = kind(name, self.props[name]) == "integer"
            self._take(name, int(n.value) if integer else n.value, n.span)

    def stated_defaults(self) -> None:
        """A required property the request leaves empty takes the default its schema states."""
        for name in self.required:
            if name not in self.args and "default" in self.props[name]:
                self.args[name] = self.props[name]["default"]

    def run(self) -> Filled:
        self.dates()
        self.times()
        self.addresses()  # before numbers: a house number is not a count
        self.counted_items()
        self.numbers()
        self.leftover_numbers()
        self.enums()
        self.lists()
        self.booleans()
        self.strings()
        self.from_reference()
        self.identifiers()
        self.carried()
        self.objects()
        self.free_lists()
        self.unlabelled()
        self.stated_defaults()
        missing = [r for r in self.required if r not in self.args]
        ids = [r for r in missing if kind(r, self.props[r]) == "id"]
        return Filled(self.args, missing, self.from_text, ids)


def fill_arguments(schema: dict[str, Any], ctx: FillContext) -> Filled:
    """Fill what the request says into `schema`'s properties; report required ones left missing."""
    return _Filler(schema, ctx).run()
