"""Fill a tool's arguments from a request, reading only the tool's JSON Schema.

Each property is classified by its type, format, enum, name and description, then looked for in the
text with cues that hold for any app:

- **dates** (`format: date`, or "date" in the name/description): mentions in reading order; an end
  date ("out", "end", "until", "return") is the start plus a stated duration when only one date is given;
- **integers/numbers**: a number next to one of the property's own words ("3 nights" → `nights`,
  "2 adults" → "Number of adults"), durations for day/night/week counts, limits after "under"/"over",
  otherwise the one number left for an "amount"/"value"/"quantity";
- **enums** by matching their values, **booleans** by their name with negation ("without breakfast");
- **strings**: a place phrase after in/to/near for city/location/destination properties, the word
  after the number or after "from"/"to" for from/to pairs, a name after "under"/"for"/"named", an
  e-mail address, and for query-like properties the request minus filler words;
- **ids** (`id`, `*_id`) and other fields from an item of earlier results the request points at;
- same-named values from earlier calls of the same app (dates and counts carried into the booking).

What it cannot do: understand negation beyond booleans, arithmetic, nested objects, arrays (except
enums), times of day, or any wording outside these cues. A required property it cannot fill is
reported as missing so the provider asks instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from salon.host.models.dates import DateMention, find_dates, find_durations
from salon.host.models.understanding import (
    ACTION_CONCEPTS,
    STOP_WORDS,
    Span,
    concept,
    find_numbers,
    stem,
    tokenize,
    word_set,
)

_QUERY_NAMES = word_set(
    "query q search search_query search_term term terms keyword keywords text prompt topic phrase "
    "question message body content note"
)
_PLACE_CUES = word_set("city location destination place where near address region country town area")
_START_CUES = word_set("start from begin arrival arrive checkin depart departure in")
_END_CUES = word_set("end until till return out checkout leave")
_PAST_CUES = word_set("birth born since past ago history previous")
_MAX_CUES = word_set("max maximum under below less budget limit cheaper upto")
_MIN_CUES = word_set("min minimum over above more least")
_GENERIC_NUMBER_WORDS = word_set("number count amount total value how many of the")
_NEGATIONS = word_set("no not without non don't dont never exclude excluding")
_MONTH_OR_DAY = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)", re.IGNORECASE
)
_PLACE_PHRASE = re.compile(
    r"\b(?P<prep>in|to|near|at|around|visiting|into|for)\s+(?P<place>[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|de|del|la|le|of|on|upon)(?=\s+[A-Z]|$|\W))*(?:\s+[A-Z][\w'.-]*)?)"
)
_LOWER_PLACE = re.compile(r"\b(?:in|near|around|visiting)\s+(?P<place>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTED = re.compile(r"[\"“”'‘’](?P<q>[^\"“”‘’]{2,}?)[\"“”'‘’](?!\w)")
_NAME_PHRASE = re.compile(
    r"\b(?:under|for|named|called|name is|as)\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
)


@dataclass
class FillContext:
    """What the filler reads besides the schema."""

    text: str
    now: datetime
    referenced: dict[str, Any] | None = None
    """The item of earlier results the request points at ("the second one"), if any."""
    earlier: list[dict[str, Any]] = field(default_factory=list)
    """Arguments of earlier calls to the same app, most recent first."""
    ignore_words: frozenset[str] = frozenset()
    """Stems that name the tool itself; dropped from free-text values when something else is left."""
    reserved: list[Span] = field(default_factory=list)
    """Spans that are not argument values (the reference "the second one")."""


@dataclass
class Filled:
    arguments: dict[str, Any]
    missing: list[str]
    """Required properties that could not be filled."""
    from_text: int
    """How many values were read from the request itself (a sign the tool fits)."""
    missing_ids: list[str] = field(default_factory=list)
    """Missing properties that are ids of earlier results."""


def is_id_property(name: str) -> bool:
    return name.lower() in ("id", "uid") or name.lower().endswith(("_id", "-id")) or name.endswith("Id")


def _cues(name: str, prop: dict[str, Any]) -> set[str]:
    text = f"{name} {prop.get('title', '')} {prop.get('description', '')}"
    return {stem(t) for t in tokenize(text) if t not in STOP_WORDS or t in ("in", "out", "from", "to")}


def _name_cues(name: str) -> set[str]:
    joined = name.lower().replace("_", "").replace("-", "")
    return {stem(t) for t in tokenize(name)} | {joined}


def _kind(name: str, prop: dict[str, Any]) -> str:
    types = prop.get("type")
    type_ = next((t for t in types if t != "null"), None) if isinstance(types, list) else types
    if is_id_property(name) and type_ in ("string", "integer", None):
        return "id"
    if "enum" in prop:
        return "enum"
    if type_ == "boolean":
        return "bool"
    if type_ in ("integer", "number"):
        return str(type_)
    if type_ in ("string", None):
        cues = _cues(name, prop)
        if prop.get("format") in ("date", "date-time") or cues & {"date", "yyyy", "checkin", "checkout"}:
            return "date"
        return "string"
    return "unsupported"


class _Filler:
    def __init__(self, schema: dict[str, Any], ctx: FillContext) -> None:
        self.props: dict[str, dict[str, Any]] = dict(schema.get("properties") or {})
        self.required: list[str] = [r for r in schema.get("required") or [] if r in self.props]
        self.ctx = ctx
        self.text = ctx.text
        self.today = ctx.now.date()
        self.taken: list[Span] = list(ctx.reserved)
        self.args: dict[str, Any] = {}
        self.from_text = 0
        self.range_days: int | None = None
        """Days between the first two dates ("from Dec 10 to Dec 14"), for a count of nights."""

    # -- helpers ------------------------------------------------------------------------------------

    def _free(self, span: Span) -> bool:
        return not any(span.overlaps(t) for t in self.taken)

    def _take(self, name: str, value: Any, span: Span | None) -> None:
        self.args[name] = value
        self.from_text += 1
        if span is not None:
            self.taken.append(span)

    def _word_after(self, pos: int) -> tuple[str, Span] | None:
        m = re.match(r"\s*([A-Za-z][\w°/-]*)", self.text[pos:])
        if not m:
            return None
        return m.group(1), Span(pos + m.start(1), pos + m.end(1))

    def _word_before(self, pos: int) -> str:
        m = re.search(r"([A-Za-z$€£][\w'$€£]*)\W*$", self.text[:pos])
        return m.group(1).lower() if m else ""

    # -- per kind -----------------------------------------------------------------------------------

    def dates(self) -> None:
        names = [n for n, p in self.props.items() if _kind(n, p) == "date"]
        future = [d for d in find_dates(self.text, self.today) if self._free(d.span)]
        self.taken.extend(d.span for d in future)
        if len(future) >= 2 and future[1].value > future[0].value:
            self.range_days = (future[1].value - future[0].value).days
        if not names:
            return
        past = [d for d in find_dates(self.text, self.today, prefer_future=False) if self._free(d.span)]
        ends = [n for n in names if _cues(n, self.props[n]) & _END_CUES]
        starts = [n for n in names if n not in ends]
        mentions_used: list[DateMention] = []
        for name in starts + ends:
            pool = past if _cues(name, self.props[name]) & _PAST_CUES else future
            remaining = [d for d in pool if not any(d.span.overlaps(u.span) for u in mentions_used)]
            if remaining:
                mention = remaining[0]
                mentions_used.append(mention)
                self._take(name, self._format(name, mention.value), mention.span)
            elif name in ends and starts and starts[0] in self.args:
                durations = [d for d in find_durations(self.text) if self._free(d.span)]
                if durations:
                    start = date.fromisoformat(str(self.args[starts[0]])[:10])
                    self._take(name, self._format(name, start + timedelta(days=durations[0].days)), None)
                    self.taken.append(durations[0].span)

    def _format(self, name: str, value: date) -> str:
        if self.props[name].get("format") == "date-time":
            return datetime.combine(value, time(0), tzinfo=self.ctx.now.tzinfo).isoformat()
        return value.isoformat()

    def numbers(self) -> None:
        names = [n for n, p in self.props.items() if _kind(n, p) in ("integer", "number")]
        for name in names:
            cues = _cues(name, self.props[name]) - {stem(w) for w in _GENERIC_NUMBER_WORDS}
            value, span = self._duration_for(cues)
            if value is None:
                value, span = self._number_for(cues)
            if value is not None and self._in_range(name, value):
                self._take(name, int(value) if _kind(name, self.props[name]) == "integer" else value, span)
        # The single number left goes to a generic amount/value/quantity property.
        for name in names:
            if name in self.args:
                continue
            cues = _cues(name, self.props[name])
            if not cues & {"amount", "valu", "quantity", "number", "count", "qty"}:
                continue
            free = [n for n in self._numbers() if self._free(n.span)]
            if free and self._in_range(name, free[0].value):
                kind = _kind(name, self.props[name])
                self._take(name, int(free[0].value) if kind == "integer" else free[0].value, free[0].span)

    def _numbers(self) -> list[Any]:
        found = []
        for n in find_numbers(self.text):
            word = self.text[n.span.start : n.span.end].lower()
            # "the second one", "that one": a pronoun, not a count.
            if word == "one" and re.search(
                r"(?:the|that|this|which|\w+(?:st|nd|rd|th))\s+$", self.text[: n.span.start]
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
        if _kind(name, prop) == "integer" and not float(value).is_integer():
            return False
        low, high = prop.get("minimum"), prop.get("maximum")
        return (low is None or value >= low) and (high is None or value <= high)

    def enums(self) -> None:
        concepts_in_text = {concept(t) for t in tokenize(self.text)}
        lowered = self.text.lower()
        for name, prop in self.props.items():
            if _kind(name, prop) != "enum" or name in self.args:
                continue
            best: tuple[int, Any] | None = None
            for value in prop["enum"]:
                if not isinstance(value, str):
                    continue
                pos = lowered.find(value.lower())
                value_concepts = {concept(t) for t in tokenize(value) if t not in STOP_WORDS}
                if pos < 0 and value_concepts and value_concepts <= concepts_in_text:
                    first = tokenize(value)[0]
                    pos = lowered.find(first[: max(3, len(first) - 2)])
                if pos >= 0 and (best is None or pos < best[0]):
                    best = (pos, value)
            if best is not None:
                end = re.match(r"[\w-]*", lowered[best[0] :])
                self._take(name, best[1], Span(best[0], best[0] + (end.end() if end else 0)))

    def booleans(self) -> None:
        tokens = tokenize(self.text)
        stems = [stem(t) for t in tokens]
        ignore = {"is", "has", "include", "only", "allow", "with", "enabl", "want"}
        for name, prop in self.props.items():
            if _kind(name, prop) != "bool":
                continue
            cues = {stem(t) for t in tokenize(name)} - {stem(w) for w in ignore}
            for i, s in enumerate(stems):
                if s in cues:
                    negated = any(t in _NEGATIONS for t in tokens[max(0, i - 3) : i])
                    self._take(name, not negated, None)
                    break

    def strings(self) -> None:
        names = [n for n, p in self.props.items() if _kind(n, p) == "string" and n not in self.args]
        query_like = [n for n in names if self._is_query(n)]
        for name in names:
            if name in query_like:
                continue
            cues = _cues(name, self.props[name])
            name_cues = _name_cues(name)
            directional = name_cues & {"from", "source", "origin", "to", "target", "destination"}
            if directional and self._from_to(name, name_cues):
                continue
            if cues & _PLACE_CUES:
                self._place(name)
            elif cues & {"email", "mail"}:
                m = _EMAIL.search(self.text)
                if m:
                    self._take(name, m.group(0), Span(m.start(), m.end()))
            elif name_cues & {"name", "nam"}:
                m = _NAME_PHRASE.search(self.text)
                if m and self._free(Span(m.start("name"), m.end("name"))):
                    self._take(name, m.group("name"), Span(m.start(), m.end()))
        for name in query_like:
            self._query(name)

    def _is_query(self, name: str) -> bool:
        if name.lower() in _QUERY_NAMES:
            return True
        description = str(self.props[name].get("description", "")).lower()
        return bool(
            re.search(r"search (?:query|terms?)|keywords?|what to (?:search|look) for|free text", description)
        )

    def _from_to(self, name: str, name_cues: set[str]) -> bool:
        is_from = bool(name_cues & {"from", "source", "origin"})
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

    def _place(self, name: str) -> None:
        for m in _PLACE_PHRASE.finditer(self.text):
            place = m.group("place").strip(" .")
            words = place.split()
            while words and _MONTH_OR_DAY.match(words[-1]):
                words.pop()
            span = Span(m.start(), m.start("place") + len(" ".join(words)))
            if words and not _MONTH_OR_DAY.match(words[0]) and self._free(span):
                self._take(name, " ".join(words), span)
                return
        stops = {"for", "from", "on", "this", "next", "with", "tomorrow", "today", "tonight"}
        for m in _LOWER_PLACE.finditer(self.text):
            lower: list[str] = []
            for w in m.group("place").split():
                if w in stops or w in STOP_WORDS or _MONTH_OR_DAY.match(w):
                    break
                lower.append(w)
            span = Span(m.start(), m.start("place") + len(" ".join(lower)))
            if lower and self._free(span):
                self._take(name, " ".join(w.capitalize() for w in lower), span)
                return

    def _query(self, name: str) -> None:
        quoted = _QUOTED.search(self.text)
        if quoted:
            self._take(name, quoted.group("q").strip(), Span(quoted.start(), quoted.end()))
            return
        pieces: list[tuple[str, Span]] = []
        for m in re.finditer(r"[\w'&.+#-]+", self.text):
            span = Span(m.start(), m.end())
            if self._free(span):
                pieces.append((m.group(0).strip("."), span))
        kept = [
            (w, s) for w, s in pieces if concept(w) not in ACTION_CONCEPTS or (w[0].isupper() and s.start > 0)
        ]
        without_tool_words = [(w, s) for w, s in kept if stem(w) not in self.ctx.ignore_words]
        if any(w.lower() not in STOP_WORDS for w, _ in without_tool_words):
            kept = without_tool_words
        # Trim filler at the edges; keep it inside ("The Sound of Silence").
        while kept and (kept[0][0].lower() in STOP_WORDS or kept[0][0].lower() in _FILLER):
            kept.pop(0)
        while kept and (kept[-1][0].lower() in STOP_WORDS or kept[-1][0].lower() in _FILLER):
            kept.pop()
        if kept:
            value = " ".join(w for w, _ in kept)
            self._take(name, value, Span(kept[0][1].start, kept[-1][1].end))

    # -- from context ---------------------------------------------------------------------------------

    def from_reference(self) -> None:
        item = self.ctx.referenced
        if not item:
            return
        for name, prop in self.props.items():
            if name in self.args:
                continue
            if name in item:
                self.args[name] = item[name]
            elif _kind(name, prop) == "id":
                if "id" in item:
                    self.args[name] = item["id"]
                else:
                    ids = [k for k in item if is_id_property(k)]
                    if len(ids) == 1:
                        self.args[name] = item[ids[0]]

    def carried(self) -> None:
        for name, prop in self.props.items():
            if name in self.args or _kind(name, prop) == "id":
                continue
            for earlier in self.ctx.earlier:
                if name in earlier:
                    self.args[name] = earlier[name]
                    break

    def run(self) -> Filled:
        self.dates()
        self.numbers()
        self.enums()
        self.booleans()
        self.strings()
        self.from_reference()
        self.carried()
        missing = [r for r in self.required if r not in self.args]
        ids = [r for r in missing if _kind(r, self.props[r]) == "id"]
        return Filled(self.args, missing, self.from_text, ids)


_FILLER = word_set("me us for please could would can you i")


def fill_arguments(schema: dict[str, Any], ctx: FillContext) -> Filled:
    """Fill what the request says into `schema`'s properties; report required ones left missing."""
    return _Filler(schema, ctx).run()


def property_label(name: str, prop: dict[str, Any]) -> str:
    """A short phrase naming a property, for questions ("the check-in date")."""
    description = str(prop.get("description") or prop.get("title") or "").strip()
    if description:
        label = re.split(r"[.(,;:]", description, maxsplit=1)[0].strip()
        if 0 < len(label) <= 60:
            first, _, rest = label.partition(" ")
            first = first if first.isupper() else first.lower()
            phrase = f"{first} {rest}".strip()
            return phrase if phrase.startswith(("the ", "a ", "an ", "your ")) else f"the {phrase}"
    return "the " + name.replace("_", " ")
