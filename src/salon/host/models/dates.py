"""Dates and durations in English requests, resolved against the person's current date.

Understood:

- absolute dates: `2026-12-03` (also `2026 .12.03`), `20261203`, `December 3`, `Dec 3rd`, `3 Dec`,
  `the 3rd of December`, with or without a year (also after a stray "?": `the 1st of March? 2023`);
  `25/12/2026` and `12/25/2026` where a part over 12 tells the day (or both parts are equal);
  `3/12` and `03/04/2026` are *not* read (day/month order is ambiguous);
- holidays on a fixed date: `Christmas`, `Christmas Eve`, `New Year's Eve`, `New Year's Day`,
  `Boxing Day`, `Valentine's Day`, `Halloween` (the next one); `the day after`/`the day before` any
  date;
- relative dates: `today`, `tonight`, `tomorrow`, `the day after tomorrow`, `yesterday`, weekday
  names (`Friday`, `this Friday`, `next Friday`), `in 3 days`, `in a week`, `in two weeks`,
  `next week` (its Monday), `this weekend`/`the weekend`/`next weekend` (their Saturday), `the Thursday after
  next`, `a week from Friday`, `the first Thursday of December` (or `of next month`), `on the 3rd`,
  `from the 3rd` (the next 3rd of a month);
- durations: `3 nights`, `for two weeks`, `a week`, `5 days`; lengths of time: `2 hours`, `90 mins`.

A date without a year that has already passed this year is rolled to next year when the caller
looks forward (`prefer_future`), which is the common case for bookings and events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from salon.host.models.understanding import Span, find_numbers

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "thursday": 3, "thu": 3,
    "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

CALENDAR_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?)"
)
"""A month or weekday name, full or short, as a regular expression: a word that is never a place or a
street (`places`, `addresses`)."""

_HOLIDAYS = {
    r"new\s+year'?s\s+eve": (12, 31), r"new\s+year'?s(?:\s+day)?": (1, 1), r"christmas\s+eve": (12, 24),
    r"christmas(?:\s+day)?": (12, 25), r"boxing\s+day": (12, 26), r"valentine'?s(?:\s+day)?": (2, 14),
    r"halloween": (10, 31),
}  # fmt: skip
"""Holidays on a fixed date, as patterns (the longer first where one contains another)."""

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# The year may follow after a comma or a stray question mark ("the 1st of March? 2023").
_YEAR = r"(?:[,?]?\s+(?P<year>(?:19|20)\d{2})(?!\d))?"
# "mon", "wed", "sat" and "sun" are left out on purpose: they are ordinary words too.
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        # A stray space around the first separator ("2023 .10.01") still writes one date.
        ("iso", r"\b(?P<year>\d{4}) ?([-./]) ?(?P<month>\d{1,2})\2(?P<day>\d{1,2})\b"),
        ("compact", r"\b(?P<year>(?:19|20)\d{2})(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])\b"),
        ("slashed", r"\b(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})\b"),
        ("month_day", r"\b" + _MONTH + r"\s+(?:the\s+)?" + _DAY + r"\b" + _YEAR),
        ("day_month", r"\b(?:the\s+)?" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?![a-z])" + _YEAR),
        ("after_tomorrow", r"\b(?:the\s+)?day\s+after\s+tomorrow\b"),
        ("holiday", r"\b(?P<holiday>" + "|".join(_HOLIDAYS) + r")\b"),
        ("today", r"\b(?:today|tonight|this\s+evening)\b"),
        ("tomorrow", r"\b(?:tomorrow|tmrw|tmr)\b"),
        ("yesterday", r"\byesterday\b"),
        ("weekend", r"\b(?P<which>this|next|the)\s+weekend\b"),
        (
            "nth_weekday",
            r"\b(?:the\s+)?(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
            + _WEEKDAY
            + r"\s+(?:of|in)\s+(?:"
            + _MONTH
            + r"(?![a-z])|(?P<relative>this|next)\s+month)",
        ),
        ("after_next", r"\b(?:the\s+)?" + _WEEKDAY + r"\s+after\s+next\b"),
        ("week_from", r"\ba\s+week\s+(?:from|on)\s+(?:this\s+)?" + _WEEKDAY + r"\b"),
        (
            "day_only",
            r"\b(?:on|from|for|until|till|to|by|starting|after|before)\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b"
            r"(?!\s+(?:one|result|option|item|hotel|track|song|product)s?\b)",
        ),
        ("next_week", r"\bnext\s+week\b"),
        ("weekday", r"\b(?:(?P<which>this|next|coming|on)\s+)?" + _WEEKDAY + r"\b"),
        ("in_n", r"\bin\s+(?P<n>\w+)\s+(?P<unit>days?|weeks?|months?)\b"),
    )
)

_DURATION = re.compile(r"(?P<unit>nights?|days?|weeks?|weekends?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    value: date
    span: Span


@dataclass(frozen=True)
class DurationMention:
    days: int
    unit: str
    """The unit as written, singular (`night`, `day`, `week`)."""
    count: float
    span: Span


def _number_word(text: str) -> int | None:
    if text.lower() in ("a", "an", "one"):
        return 1
    found = find_numbers(text)
    return int(found[0].value) if found and found[0].is_integer else None


def _roll(candidate: date, today: date, *, explicit_year: bool, prefer_future: bool) -> date:
    if not explicit_year and prefer_future and candidate < today:
        try:
            return candidate.replace(year=candidate.year + 1)
        except ValueError:  # 29 February
            return candidate.replace(year=candidate.year + 1, day=28)
    return candidate


def _resolve(
    kind: str,
    m: re.Match[str],
    today: date,
    prefer_future: bool,
    year_hint: int | None = None,
    month_first: bool | None = None,
) -> date | None:
    groups = m.groupdict()
    if kind == "slashed":
        first, second = int(groups["first"]), int(groups["second"])
        if first > 12 >= second or (month_first is False and second <= 12):
            month, day = second, first  # 25/03/2024
        elif second > 12 >= first or first == second or (month_first and first <= 12):
            month, day = first, second  # 03/25/2024, 05/05/2023
        else:
            return None  # 03/04/2024 with no form named: which is the month cannot be told
        try:
            return date(int(groups["year"]), month, day)
        except ValueError:
            return None
    if kind in ("iso", "compact", "month_day", "day_month"):
        month_text = groups["month"]
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
        explicit = groups.get("year") or year_hint
        year = int(explicit) if explicit else today.year
        try:
            candidate = date(year, month, int(groups["day"]))
        except ValueError:
            return None
        return _roll(candidate, today, explicit_year=bool(explicit), prefer_future=prefer_future)
    if kind == "holiday":
        said = groups["holiday"].lower()
        month, day = next(d for pattern, d in _HOLIDAYS.items() if re.fullmatch(pattern, said))
        return _roll(date(today.year, month, day), today, explicit_year=False, prefer_future=prefer_future)
    if kind == "today":
        return today
    if kind == "tomorrow":
        return today + timedelta(days=1)
    if kind == "after_tomorrow":
        return today + timedelta(days=2)
    if kind == "yesterday":
        return today - timedelta(days=1)
    if kind == "next_week":
        return today + timedelta(days=7 - today.weekday())
    if kind == "weekend":
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        return saturday + timedelta(days=7) if groups["which"].lower() == "next" else saturday
    if kind == "nth_weekday":
        return _nth_weekday(groups, today, prefer_future)
    if kind in ("after_next", "week_from"):
        target = _WEEKDAYS[groups["weekday"].lower()]
        ahead = (target - today.weekday()) % 7
        if kind == "after_next" and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead + 7)
    if kind == "day_only":
        return _next_day_of_month(int(groups["day"]), today, prefer_future)
    if kind == "weekday":
        target = _WEEKDAYS[groups["weekday"].lower()]
        ahead = (target - today.weekday()) % 7
        which = (groups.get("which") or "").lower()
        if which == "next" and ahead == 0:
            ahead = 7
        elif not prefer_future and not which and ahead:
            ahead -= 7  # "on Friday" in a backward-looking field: the last one
        return today + timedelta(days=ahead)
    if kind == "in_n":
        n = _number_word(groups["n"])
        if n is None:
            return None
        unit = groups["unit"].lower().rstrip("s")
        if unit == "month":
            month_index = today.month - 1 + n
            year, month = today.year + month_index // 12, month_index % 12 + 1
            for day in (today.day, 30, 29, 28):
                try:
                    return date(year, month, day)
                except ValueError:
                    continue
        return today + timedelta(days=n * (7 if unit == "week" else 1))
    return None


_NTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "last": -1}


def _nth_weekday(groups: dict[str, str | None], today: date, prefer_future: bool) -> date:
    """ "The first Thursday of December", "the last Friday of next month"."""
    weekday, nth = _WEEKDAYS[str(groups["weekday"]).lower()], _NTH[str(groups["nth"]).lower()]
    if groups.get("month"):
        year, month = today.year, _MONTHS[str(groups["month"]).lower()]
    else:
        ahead = 1 if str(groups.get("relative")).lower() == "next" else 0
        year, month = today.year + (today.month - 1 + ahead) // 12, (today.month - 1 + ahead) % 12 + 1
    found = _weekday_in_month(year, month, weekday, nth)
    if groups.get("month") and prefer_future and found < today:
        found = _weekday_in_month(year + 1, month, weekday, nth)  # "of November", in December
    return found


def _weekday_in_month(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    first_match = first + timedelta(days=(weekday - first.weekday()) % 7)
    if nth >= 0:
        return first_match + timedelta(days=7 * nth)
    last = first_match
    while (last + timedelta(days=7)).month == month:
        last += timedelta(days=7)
    return last


def _next_day_of_month(day: int, today: date, prefer_future: bool) -> date | None:
    """ "On the 3rd": this month's 3rd if it is still ahead (or just past, looking back), else the
    next month's that has one."""
    step = 1 if prefer_future else -1
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and (candidate >= today if prefer_future else candidate <= today):
            return candidate
        month += step
        if month > 12:
            year, month = year + 1, 1
        elif month < 1:
            year, month = year - 1, 12
    return None


def find_dates(
    text: str,
    today: date,
    *,
    prefer_future: bool = True,
    year: int | None = None,
    month_first: bool | None = None,
) -> list[DateMention]:
    """Every date mentioned in `text`, in reading order, resolved against `today`.

    A date written without a year takes `year` when given, else the one year the other dates of
    the request state ("April 15th and April 22nd 2023" are both in 2023), else the next occurrence
    (`prefer_future`) or this year's. `month_first` reads an ambiguous "05/12/2023" as May 12th
    (True) or 5 December (False), where the schema names the form (`month_first_format`).
    """
    if year is None:
        years = {
            m.group("year")
            for kind, pattern in _PATTERNS
            if kind in ("month_day", "day_month")
            for m in pattern.finditer(text)
            if m.groupdict().get("year")
        }
        year = int(years.pop()) if len(years) == 1 else None
    found: list[tuple[str, DateMention]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = Span(m.start(), m.end())
            if any(span.overlaps(f.span) for _, f in found):
                continue
            value = _resolve(kind, m, today, prefer_future, year, month_first)
            if value is not None:
                found.append((kind, DateMention(value, span)))
    found.sort(key=lambda f: f[1].span.start)
    found = [(kind, _shifted_a_day(text, mention)) for kind, mention in found]
    return _restated_weekdays(text, found)


_DAY_AROUND = re.compile(r"\b(?:the\s+)?day\s+(?P<way>after|before)\s+$", re.IGNORECASE)


def _shifted_a_day(text: str, mention: DateMention) -> DateMention:
    """ "the day after Christmas", "the day before 3 March": the mention moved by a day."""
    around = _DAY_AROUND.search(text, 0, mention.span.start)
    if around is None:
        return mention
    step = timedelta(days=1 if around.group("way").lower() == "after" else -1)
    return DateMention(mention.value + step, Span(around.start(), mention.span.end))


_EXPLICIT = frozenset({"iso", "compact", "slashed", "month_day", "day_month"})
_RESTATING = re.compile(
    r"[\s,:(]*(?:(?:which|that)\s+(?:is|will\s+be)|i\.e\.|specifically|namely|so)?[\s,:(]*", re.IGNORECASE
)


def _restated_weekdays(text: str, found: list[tuple[str, DateMention]]) -> list[DateMention]:
    """A weekday written next to the full date it names ("Saturday, which is 2023-10-07",
    "Friday 2024-12-01") is one mention, of the written date: the weekday only describes it."""
    merged: list[DateMention] = []
    skip = False
    for index, (kind, mention) in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if skip:
            skip = False
            continue
        if (
            kind == "weekday"
            and following is not None
            and following[0] in _EXPLICIT
            and _RESTATING.fullmatch(text[mention.span.end : following[1].span.start])
        ):
            merged.append(DateMention(following[1].value, Span(mention.span.start, following[1].span.end)))
            skip = True
            continue
        merged.append(mention)
    return merged


def find_durations(text: str) -> list[DurationMention]:
    """Spans of time: a count followed by nights, days, weeks or weekends ("3 nights", "a week")."""
    found: list[DurationMention] = []
    for m in _DURATION.finditer(text):
        before = text[: m.start()]
        # "in 3 days" is a date, not a length of stay.
        if re.search(r"\bin\s+\w+\s*$", before, re.IGNORECASE):
            continue
        count_match = re.search(r"(\d+(?:\.\d+)?|[A-Za-z]+)\s*$", before)
        if not count_match:
            continue
        raw = count_match.group(1)
        count = float(raw) if raw[0].isdigit() else _number_word(raw)
        if count is None:
            continue
        unit = m.group("unit").lower().rstrip("s")
        per_unit = {"night": 1, "day": 1, "week": 7, "weekend": 2}[unit]
        found.append(
            DurationMention(
                days=int(count * per_unit),
                unit=unit,
                count=float(count),
                span=Span(count_match.start(1), m.end()),
            )
        )
    return found


_LENGTH_UNIT = re.compile(r"(?P<unit>hours?|hrs?|minutes?|mins?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimeLength:
    minutes: int
    span: Span


def find_time_lengths(text: str) -> list[TimeLength]:
    """Lengths of time in hours and minutes: "2 hours", "90 mins", "an hour", "1 hour 30 minutes"
    (one length); "in 2 hours" is a moment, not a length."""
    found: list[TimeLength] = []
    for m in _LENGTH_UNIT.finditer(text):
        before = text[: m.start()]
        count_match = re.search(r"(\d+(?:\.\d+)?|[A-Za-z]+)\s*$", before)
        if not count_match:
            continue
        raw = count_match.group(1)
        count = float(raw) if raw[0].isdigit() else _number_word(raw)
        if count is None or re.search(r"\bin\s+$", text[: count_match.start(1)], re.IGNORECASE):
            continue
        minutes = round(count * (60 if m.group("unit").lower().startswith("h") else 1))
        span = Span(count_match.start(1), m.end())
        if found and re.fullmatch(r"\s*(?:and\s+)?", text[found[-1].span.end : span.start]):
            found[-1] = TimeLength(found[-1].minutes + minutes, Span(found[-1].span.start, span.end))
        else:
            found.append(TimeLength(minutes, span))
    return found


_STATED_TODAY = re.compile(
    r"\b(?:today\s+is|today's\s+date\s+is|the\s+date\s+today\s+is|it\s+is\s+now|it's\s+now"
    r"|current\s+date\s+is)\b[\s:,]*(?:\w+day,?\s+)?",
    re.IGNORECASE,
)
_STATED_YEAR = re.compile(
    r"\b(?:it's|it\s+is|this\s+year\s+is|the\s+year\s+is|current\s+year\s+is)\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def stated_today(text: str, today: date) -> tuple[date, Span, bool] | None:
    """The current date when the request states it ("today is March 1st 2023", "it's 2023 now").

    The person knows their date better than the clock of the machine answering, so a stated date
    replaces `today` when resolving the rest of the request. Returns the date, the span it covers and
    whether only the year was stated.
    """
    m = _STATED_TODAY.search(text)
    if m:
        mentions = [d for d in find_dates(text[m.end() :], today, prefer_future=False)]
        if mentions and mentions[0].span.start <= 2:
            first = mentions[0]
            return first.value, Span(m.start(), m.end() + first.span.end), False
    y = _STATED_YEAR.search(text)
    if y:
        year = int(y.group("year"))
        try:
            return today.replace(year=year), Span(y.start(), y.end()), True
        except ValueError:
            return today.replace(year=year, day=28), Span(y.start(), y.end()), True
    return None


def month_first_format(descriptions: list[str]) -> bool | None:
    """Whether the date forms the descriptions name put the month first ("MM/DD/YYYY": True,
    "DD/MM/YYYY": False); None when they name none, or disagree."""
    orders = {
        bool(re.search(r"MM[/-]DD", d, re.IGNORECASE))
        for d in descriptions
        if re.search(r"MM[/-]DD|DD[/-]MM", d, re.IGNORECASE)
    }
    return orders.pop() if len(orders) == 1 else None


_FORMATS = (
    (re.compile(r"MM/DD/YYYY|mm/dd/yyyy|%m/%d/%Y"), "%m/%d/%Y"),
    (re.compile(r"DD/MM/YYYY|dd/mm/yyyy|%d/%m/%Y"), "%d/%m/%Y"),
    (re.compile(r"DD-MM-YYYY|dd-mm-yyyy|%d-%m-%Y"), "%d-%m-%Y"),
    (re.compile(r"MM-DD-YYYY|mm-dd-yyyy|%m-%d-%Y"), "%m-%d-%Y"),
    (re.compile(r"YYYY/MM/DD|yyyy/mm/dd|%Y/%m/%d"), "%Y/%m/%d"),
    (re.compile(r"YYYY\.MM\.DD|%Y\.%m\.%d"), "%Y.%m.%d"),
)


def format_date(value: date, description: str) -> str:
    """`value` in the format a property's description names ("in the format 'MM/DD/YYYY'"); ISO
    8601 (`YYYY-MM-DD`) when it names none."""
    for pattern, fmt in _FORMATS:
        if pattern.search(description):
            return value.strftime(fmt)
    return value.isoformat()


_TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)(?!\w)"
    r"|\b(?P<h24>\d{1,2}):(?P<m24>\d{2})(?!\d)(?:\s*(?P<ampm2>[ap]\.?m\.?)(?!\w))?"
    r"|\b(?P<word>noon|midday|midnight)\b"
    r"|\bat\s+(?P<h_day>\d{1,2})\s+in\s+the\s+(?P<part>morning|afternoon|evening|night)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeMention:
    hour: int
    minute: int
    span: Span


def find_times(text: str) -> list[TimeMention]:
    """Times of day: `19:00`, `4:30 PM`, `5pm`, `noon`, `midnight`, `at 5 in the afternoon`."""
    found: list[TimeMention] = []
    for m in _TIME.finditer(text):
        g = m.groupdict()
        if g["word"]:
            hour, minute = (0, 0) if g["word"].lower() == "midnight" else (12, 0)
        elif g["h_day"]:
            hour, minute = int(g["h_day"]), 0
            if g["part"].lower() != "morning" and hour < 12:
                hour += 12
        else:
            hour = int(g["h"] or g["h24"])
            minute = int(g["m"] or g["m24"] or 0)
            ampm = (g["ampm"] or g["ampm2"] or "").lower()
            if ampm.startswith("p") and hour < 12:
                hour += 12
            elif ampm.startswith("a") and hour == 12:
                hour = 0
        if hour < 24 and minute < 60:
            found.append(TimeMention(hour, minute, Span(m.start(), m.end())))
    return found


def wants_time(description: str) -> bool:
    """Whether a date property's description asks for a time of day as well."""
    return bool(
        re.search(r"HH:MM|%H:%M", description, re.IGNORECASE)
        or re.search(r"T\d\d:\d\d|date[- ]?time|ISO[- ]?8601", description)
    )


def format_datetime(value: datetime, description: str) -> str:
    """`value` with the date part as `format_date` writes it and the time as the description shows:
    `T13:45:00Z`-style ISO 8601, `HH:MM:SS`, or `HH:MM`."""
    if re.search(r"T\d\d:\d\d(?::\d\d)?Z|ISO[- ]?8601", description) and not re.search(
        r"(?:DD|dd)/(?:MM|mm)|(?:MM|mm)/(?:DD|dd)", description
    ):
        suffix = "Z" if re.search(r"\d\dZ'|Z\b", description) else ""
        return value.strftime("%Y-%m-%dT%H:%M:%S") + suffix
    day = format_date(value.date(), description)
    seconds = re.search(r"HH:MM:SS|%H:%M:%S", description, re.IGNORECASE)
    return f"{day} {value.strftime('%H:%M:%S' if seconds else '%H:%M')}"
