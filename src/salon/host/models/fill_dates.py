"""Fill date and time properties: the dates and times a request writes, in reading order.

`DateFilling` finds every date of the request (`salon.host.models.dates`), resolved against today or
the date the request states, and gives them to the date properties in order, start dates before end
dates (a birth date or another past date reads them as past): written in the format the description
names, with the time of day when it asks for one. An end date left without its own mention is the
date written once for both labels ("a pickup date and end date of ..."), else the start plus a
stated duration (an end date-time, the start plus a length of time). "Today" is left out of an
optional date whose description says that leaving it out means today. Every date of the request is
held back so that its digits are not read as numbers. Times ("HH:MM", `time` in the name) take the
times written (`19:00`, `4:30 PM`, `noon`). `salon.host.models.arguments` puts the kinds together.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta

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
from salon.host.models.fill_base import FillBase
from salon.host.models.properties import cues as property_cues
from salon.host.models.properties import kind, name_cues
from salon.host.models.understanding import Span, stem, word_set

_END_CUES = word_set("end until till return out checkout leave")
_PAST_CUES = word_set("birth born since past ago history previous")
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


_MONTHS = [calendar.month_name[number].lower() for number in range(1, 13)]
_MONTH_MENTION = re.compile(
    r"\b(?P<name>january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?|(?P<may>\bMay\b|\b(?<=in\s)may\b)"
    r"|\b(?P<relative>this|next|last|coming)\s+month\b",
    re.IGNORECASE,
)


def _month_in(text: str, today: date) -> tuple[int, Span] | None:
    """The month `text` names ("in August", "Aug") or means ("next month"), 1-12, and where."""
    found = _MONTH_MENTION.search(text)
    if found is None:
        return None
    span = Span(found.start(), found.end())
    if found.group("relative"):
        shift = {"this": 0, "next": 1, "coming": 1, "last": -1}[found.group("relative").lower()]
        return (today.month - 1 + shift) % 12 + 1, span
    if found.group("may"):
        return 5, span
    written = found.group("name").lower()
    return next(i for i, m in enumerate(_MONTHS, start=1) if m.startswith(written[:3])), span


def _takes_text(prop: dict[str, object]) -> bool:
    members = prop.get("anyOf")
    kinds = [m.get("type") for m in members if isinstance(m, dict)] if isinstance(members, list) else []
    return prop.get("type") == "string" or "string" in kinds


class DateFilling(FillBase):
    """The date and time readings, over the shared `FillBase` state."""

    moments: dict[str, datetime]
    """The date-times written into date properties that took a time of day, by property."""
    held_dates: list[Span]
    """Every date of the request, held back so that its digits are not read as numbers; a date no
    property here takes is still free to a nested object ("a statement period from October 1")."""

    def months(self) -> None:
        """A month property ("Month as a number (1–12) or a name") takes the month the request
        names or means ("what's the weather like there next month"): its name where the property
        takes text, else its number."""
        for name, prop in self.props.items():
            if name in self.args or "month" not in name_cues(name) or prop.get("enum"):
                continue
            if kind(name, prop) == "date":
                continue
            found = _month_in(self.text, self.today)
            if found is None or any(found[1].overlaps(t) for t in self.taken if t not in self.held_dates):
                continue
            number, span = found
            self._take(name, _MONTHS[number - 1].capitalize() if _takes_text(prop) else number, span)

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
