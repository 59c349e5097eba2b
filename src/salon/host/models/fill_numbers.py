"""Fill integer and number properties from the numbers a request writes.

`NumberFilling` reads both bounds of one written range ("between the ages of 25 and 35",
`salon.host.models.number_ranges`), then, per property, a duration for a count of days, nights or
weeks (else the days between the first two dates), a number next to one of the property's words
("3 nights", "a rating of 4.5", "$200" for a price), a limit after "under"/"over", a number
labelled with the property's name ("port 5432", `salon.host.models.identifiers`), a number within
three words of the property's own name, the schema's bound for "the max entries per page", a
four-digit year for a `year`, and the one number left for an "amount"/"value"/"quantity". Required
numbers still empty take the numbers nobody claimed when there are as many. Numbers inside a quoted
name, dates or paths, and "one" as a pronoun are not counts; a value outside the schema's bounds,
or a fraction for an integer, is not taken. `salon.host.models.arguments` puts the kinds together.
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.models.dates import find_durations
from salon.host.models.fill_base import FillBase
from salon.host.models.identifiers import labelled_number
from salon.host.models.number_ranges import bound_pairs, range_for, stated_extreme
from salon.host.models.properties import cues as property_cues
from salon.host.models.properties import kind, name_cues
from salon.host.models.slots import QUOTED
from salon.host.models.understanding import STOP_WORDS, Span, find_numbers, stem, word_set

_MAX_CUES = word_set("max maximum under below less budget limit cheaper upto")
_MIN_CUES = word_set("min minimum over above more least")
_GENERIC_NUMBER_WORDS = word_set("number count amount total value how many of the")
_LINKED_LABEL = re.compile(r"(?P<label>[A-Za-z]+)(?:\s+(?:of|is|was|at)\s+|\s*[:=]\s*)$")
"""A property's word linked to the number right after it ("a rating of 4.5", "port: 5432")."""
_ALTERNATIVE = re.compile(r"\s+or\s+\d+(?:\.\d+)?\s+(?P<unit>[A-Za-z]+)")
"""After a number: a second one with a unit ("4 or 5 stars")."""


_NUMBER_OF = re.compile(r"\bnumber\s+of\s+(\w+)", re.IGNORECASE)
_MEASURES = frozenset(
    stem(w)
    for w in word_set(
        "star stars percent km kms kilometers kilometres miles mile meters metres feet minutes hours "
        "nights days weeks months years dollars euros pounds kg kilos lbs degrees"
    )
)


def _only_a_number(text: str) -> bool:
    found = find_numbers(text)
    return len(found) == 1 and found[0].span == Span(0, len(text))


class NumberFilling(FillBase):
    """The number readings, over the shared `FillBase` state."""

    def numbers(self) -> None:
        names = [n for n, p in self.props.items() if kind(n, p) in ("integer", "number")]
        self._bound_ranges(names)
        for name in names:
            if name in self.args:
                continue
            cues = property_cues(name, self.props[name]) - {stem(w) for w in _GENERIC_NUMBER_WORDS}
            value, span = self._duration_for(cues)
            if value is None:
                value, span = self._number_for(name, cues)
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
            free = [n for n in self._numbers() if self._free(n.span) and self._counts_it(name, n.span)]
            if free and self._in_range(name, free[0].value):
                integer = kind(name, self.props[name]) == "integer"
                self._take(name, int(free[0].value) if integer else free[0].value, free[0].span)

    def _counts_it(self, name: str, span: Span) -> bool:
        """Whether a number can be the count a "number of guests" property asks for: not where a
        measure of something else follows it ("4 star hotels", "5 miles"). Any other word may
        name what is counted ("for 3 people" counts adults)."""
        counted = _NUMBER_OF.search(str(self.props[name].get("description", "")))
        after = self._word_after(span.end)
        if counted is None or after is None:
            return True
        measure = stem(after[0])
        return measure not in _MEASURES or measure == stem(counted.group(1))

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

    def _number_for(self, name: str, cues: set[str]) -> tuple[float | None, Span | None]:
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
            # "at least 4 stars" bounds the stars, not a rating out of 10: the measure after the
            # number is another property's word.
            measured_otherwise = (
                after is not None
                and stem(after[0]) in _MEASURES
                and any(
                    stem(after[0]) in property_cues(other, prop)
                    for other, prop in self.props.items()
                    if other != name
                )
            )
            if limit and not measured_otherwise:
                start = self.text.lower().rfind(before, 0, n.span.start)
                return n.value, Span(start if start >= 0 else n.span.start, n.span.end)
        return None, None

    def _in_range(self, name: str, value: float) -> bool:
        prop = self.props[name]
        if kind(name, prop) == "integer" and not float(value).is_integer():
            return False
        low, high = prop.get("minimum"), prop.get("maximum")
        return (low is None or value >= low) and (high is None or value <= high)

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
