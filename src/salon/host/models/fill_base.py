"""The state an argument filler works on, and the values it reads from closed choices and context.

`FillBase` holds the request, the schema's properties, the values taken so far and the spans of the
request already used, so that one mention fills one property. Besides the helpers, it fills what
needs no reading of free text: enums and flags (languages and time zones named in words first,
`salon.host.models.languages` and `salon.host.models.time_zones`; then options written out,
`salon.host.models.choices`; then the values a description spells out,
`salon.host.models.described`; then a level graded by the property's adjective ("quite urgent",
`salon.host.models.scales`); then options by meaning, `salon.host.models.option_meaning`). A choice
mentioned where the person says they do not mind ("not concerned about the star rating") takes the
enum's no-preference option, or none. It fills arrays of closed items
(`salon.host.models.lists`), ids written out or pointed at in earlier results (a required id
the request does not label takes its only quoted value, else the token after what its description
says it identifies; a list named for one id takes the single id written out), and values carried
from earlier calls to the same app. An enum value made only of the tool's own name words
("for-the-badge" for a badge tool) is not read as chosen, nor one whose head word is ("a tourist
attraction" for an attraction finder: the thing searched for, not one kind of it). A value whose
shape does not fit its property (`salon.host.models.plausible`) is never taken.
`salon.host.models.fill_dates`, `salon.host.models.fill_numbers` and `salon.host.models.arguments`
add the free-text readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from salon.host.models.choices import (
    catch_all,
    flag_cues,
    indifferent_spans,
    is_flag_enum,
    match_enum,
    read_flag,
)
from salon.host.models.dates import stated_today
from salon.host.models.described import described_values, flag_condition, pick_described
from salon.host.models.identifiers import find_identifier, identifier_after_owner
from salon.host.models.languages import is_language_property, language_option
from salon.host.models.lists import fill_list
from salon.host.models.option_meaning import option_by_meaning
from salon.host.models.plausible import plausible
from salon.host.models.properties import cues as property_cues
from salon.host.models.properties import is_id_property, kind, name_cues
from salon.host.models.scales import graded_option
from salon.host.models.slots import QUOTED
from salon.host.models.time_zones import is_time_zone_property, time_zone_option
from salon.host.models.understanding import STOP_WORDS, Span, stem, tokenize
from salon.router import Embedder

_LIST_GOES_ON = re.compile(r"\s*(?:,|/|\band\b|\bor\b)\s*\w", re.IGNORECASE)
"""After an id: more ids follow ("ID N_1, N_2"), so the id alone is not the whole list."""


@dataclass
class FillContext:
    """What the filler reads besides the schema."""

    text: str
    now: datetime
    referenced: dict[str, Any] | None = None
    """The item of earlier results the request points at ("the second one"), if any."""
    earlier: list[dict[str, Any]] = field(default_factory=list)
    """Arguments of earlier calls to the same app, most recent first."""
    earlier_results: list[dict[str, Any]] = field(default_factory=list)
    """Top-level values of the same app's earlier results, most recent first: a required value the
    request does not give may come from them ("show my booking" after a booking: its reference)."""
    ignore_words: frozenset[str] = frozenset()
    """Stems that name the tool itself; dropped from free-text values when something else is left."""
    sought_words: frozenset[str] = frozenset()
    """Stems of what the tool finds, as its description names it ("Search songs by title…": song).
    A query of only these, beside an option they qualify ("jazz songs", genre jazz), is the option."""
    reserved: list[Span] = field(default_factory=list)
    """Spans that are not argument values (the reference "the second one")."""
    embedder: Embedder | None = None
    """The sentence embedder for reading enum options by meaning (`salon.host.models.option_meaning`)."""
    there: str | None = None
    """The place the conversation last named in a call, of any app: what "there" means."""


@dataclass
class Filled:
    arguments: dict[str, Any]
    missing: list[str]
    """Required properties that could not be filled."""
    from_text: int
    """How many values were read from the request itself (a sign the tool fits)."""
    missing_ids: list[str] = field(default_factory=list)
    """Missing properties that are ids of earlier results."""


_KIND_CUES = frozenset({"category", "categori", "genre", "type", "kind", "department", "class"})


class FillBase:
    def __init__(self, schema: dict[str, Any], ctx: FillContext) -> None:
        self.props: dict[str, dict[str, Any]] = dict(schema.get("properties") or {})
        self.required: list[str] = [r for r in schema.get("required") or [] if r in self.props]
        self.ctx = ctx
        self.text = ctx.text
        self.today = ctx.now.date()
        self.taken: list[Span] = list(ctx.reserved)
        self.choice_spans: list[Span] = []
        """Spans that picked an enum option: a required free-text query may read them again."""
        self.kind_spans: list[Span] = []
        """Those of them that picked a kind of thing (a category, a genre): "headphones"."""
        stated = stated_today(ctx.text, self.today)
        self.year: int | None = None
        """The year the request states on its own ("it's 2023 now"), for dates written without one."""
        if stated is not None:
            self.today = stated[0]
            self.taken.append(stated[1])
            self.year = stated[0].year if stated[2] else None
        self.left_open = indifferent_spans(self.text)
        """What the person says they do not mind about ("not concerned about the star rating")."""
        self.args: dict[str, Any] = {}
        self.from_text = 0
        self.range_days: int | None = None
        """Days between the first two dates ("from Dec 10 to Dec 14"), for a count of nights."""

    # -- helpers ------------------------------------------------------------------------------------

    def _free(self, span: Span) -> bool:
        return not any(span.overlaps(t) for t in self.taken)

    def _take(self, name: str, value: Any, span: Span | None) -> None:
        if not plausible(name, self.props.get(name, {}), value):
            return  # a span without the shape the property asks for: leave it empty
        self.args[name] = value
        self.from_text += 1
        if span is not None:
            self.taken.append(span)
            if self.props.get(name, {}).get("enum"):
                self.choice_spans.append(span)
                if name_cues(name) & _KIND_CUES:
                    self.kind_spans.append(span)

    def _is_left_open(self, span: Span) -> bool:
        return any(span.overlaps(o) for o in self.left_open)

    def _free_but_choices(self, span: Span) -> bool:
        """Whether `span` is free but for words that picked an option ("carry-on luggage")."""
        return not any(span.overlaps(t) for t in self.taken if t not in self.choice_spans)

    def _take_choice(self, name: str, value: Any, span: Span) -> None:
        """`value` mentioned at `span`, or the no-preference option where the person leaves it open."""
        if not self._is_left_open(span):
            self._take(name, value, span)
            return
        options = self.props[name].get("enum")
        open_option = catch_all(options) if isinstance(options, list) else None
        if open_option is not None:
            self._take(name, open_option, span)
        else:
            self.taken.append(span)

    def _word_after(self, pos: int) -> tuple[str, Span] | None:
        m = re.match(r"\s*([A-Za-z][\w°/-]*)", self.text[pos:])
        if not m:
            return None
        return m.group(1), Span(pos + m.start(1), pos + m.end(1))

    def _word_before(self, pos: int) -> str:
        m = re.search(r"([A-Za-z$€£][\w'$€£]*)\W*$", self.text[:pos])
        return m.group(1).lower() if m else ""

    # -- closed choices -----------------------------------------------------------------------------

    def enums(self) -> None:
        for name, prop in self.props.items():
            if kind(name, prop) != "enum" or name in self.args:
                continue
            values = list(prop["enum"])
            if is_flag_enum(values):
                flag = read_flag(self.text, name, self._shared_flag_words(name))
                if flag is not None:
                    wanted = "true" if flag.value else "false"
                    value = next(v for v in values if str(v).lower() == wanted)
                    self._take_choice(name, value, flag.span)
                else:
                    self._described(name)
                continue
            if self._named_in_words(name, values):
                continue
            choice = match_enum(self.text, values, property_cues(name, prop))
            if choice is not None and self._names_the_tool(str(choice.value)):
                # "badge" in "the violation badge" names the tool, not a "for-the-badge" style;
                # "a tourist attraction" is what an attraction finder finds, not one kind of them.
                self.taken.append(choice.span)
                choice = None
            if choice is not None and self._free(choice.span):
                self._take_choice(name, choice.value, choice.span)
            elif not self._described(name) and not self._graded(name):
                self._by_meaning(name)

    def _shared_flag_words(self, name: str) -> frozenset[str]:
        """The flag words of `name` that another flag of the tool has too."""
        flags = [
            n
            for n, p in self.props.items()
            if n != name and (kind(n, p) == "bool" or (kind(n, p) == "enum" and is_flag_enum(p["enum"])))
        ]
        others = {cue for n in flags for cue in flag_cues(n)}
        return frozenset(cue for cue in flag_cues(name) if cue in others)

    def _named_in_words(self, name: str, values: list[Any]) -> bool:
        """A language or a time zone the request names in words ("in Chinese" for `zh-CN`, "4pm EST"
        for `America/New_York`), read before the options' own words: a code is not a word ("it")."""
        if is_language_property(name):
            spoken = language_option(self.text, name, values, self._free)
            if spoken is not None:
                self._take_choice(name, spoken[0], spoken[1])
                return True
        if is_time_zone_property(name):
            zone = time_zone_option(self.text, values, self._free)
            if zone is not None:
                self._take(name, zone[0], zone[1])
                return True
        return False

    def _graded(self, name: str) -> bool:
        """A level of the quality the property names ("quite urgent" for `urgency_level`)."""
        found = graded_option(self.text, name, list(self.props[name]["enum"]))
        if found is None or not self._free(found[1]):
            return False
        # The adjective stays free: it grades the request and is still part of what the person says.
        self._take(name, found[0], None)
        return True

    def _by_meaning(self, name: str) -> None:
        """An enum option the request names in other words ("comic" for `Comedy`)."""
        if self.ctx.embedder is None:
            return
        prop = self.props[name]
        context = frozenset(property_cues(name, prop)) | self.ctx.ignore_words
        # An optional value is a guess the request need not have made: it must be closer still.
        floor = 0.55 if name in self.required else 0.6
        found = option_by_meaning(
            self.text,
            list(prop["enum"]),
            self.ctx.embedder,
            free=lambda span: self._free(span) and not self._is_left_open(span),
            context=context,
            floor=floor,
        )
        if found is not None:
            self._take(name, found.value, found.span)

    def _described(self, name: str) -> bool:
        """The value whose meaning the description spells out and the request mentions."""
        prop = self.props[name]
        pairs = described_values(prop)
        values = prop.get("enum") or [True, False]
        picks = pick_described(self.text, pairs) or pick_described(
            self.text, flag_condition(name, prop, values)
        )
        for picked in picks:
            if self._free(picked.span):
                self._take(name, picked.value, picked.span)
                return True
        return False

    def lists(self) -> None:
        for name, prop in self.props.items():
            if name in self.args or prop.get("type") != "array":
                continue
            found = fill_list(prop, self.text, self._free)
            if found is not None:
                self._take(name, found[0], None)
                self.taken.extend(found[1])

    def booleans(self) -> None:
        for name, prop in self.props.items():
            if kind(name, prop) == "bool" and name not in self.args:
                flag = read_flag(self.text, name, self._shared_flag_words(name))
                if flag is not None and not self._is_left_open(flag.span):
                    self._take(name, flag.value, None)
                elif flag is None:
                    self._described(name)

    # -- from context ---------------------------------------------------------------------------------

    def identifiers(self) -> None:
        """Ids the request writes out ("user ID 7890"), when no earlier result was pointed at."""
        if self.ctx.referenced:
            return
        for name, prop in self.props.items():
            if name in self.args or kind(name, prop) != "id" or self._described(name):
                continue
            found = find_identifier(name, self.text, self._free)
            if found is None and name in self.required:
                found = self._only_quoted()  # 'What versions are used by "delta"?'
            if found is None and name in self.required:
                found = identifier_after_owner(str(prop.get("description", "")), self.text, self._free)
            if found is None:
                continue
            value, span = found
            if prop.get("type") == "integer":
                if not value.isdigit():
                    continue
                self._take(name, int(value), span)
            else:
                self._take(name, value, span)
        self._listed_identifier()

    def _listed_identifier(self) -> None:
        """A list of ids named for one id (`networkId` of strings) takes the one id the request
        writes out ("the network with ID L_5798"); a list written out is left to the list readings."""
        for name, prop in self.props.items():
            items = prop.get("items")
            if name in self.args or prop.get("type") != "array" or not isinstance(items, dict):
                continue
            if not is_id_property(name) or items.get("type") not in ("string", "integer"):
                continue
            found = find_identifier(name, self.text, self._free)
            if found is None or _LIST_GOES_ON.match(self.text, found[1].end):
                continue
            value, span = found
            if items.get("type") == "integer":
                if value.isdigit():
                    self._take(name, [int(value)], span)
            else:
                self._take(name, [value], span)

    def _names_the_tool(self, value: str) -> bool:
        """Whether `value` names what the tool itself deals in: every content word of it, or its head
        (last) word, is a word of the tool's own name ("Tourist Attraction" for `FindAttractions`)."""
        words = [stem(t) for t in tokenize(value) if t not in STOP_WORDS]
        return bool(words) and (set(words) <= self.ctx.ignore_words or words[-1] in self.ctx.ignore_words)

    def _only_quoted(self) -> tuple[str, Span] | None:
        """The text of the only quoted span of the request, when there is exactly one and it is free."""
        quoted = [m for m in QUOTED.finditer(self.text) if self._free(Span(m.start(), m.end()))]
        if len(quoted) != 1:
            return None
        return quoted[0].group("q").strip(), Span(quoted[0].start(), quoted[0].end())

    def from_reference(self) -> None:
        item = self.ctx.referenced
        if not item:
            return
        for name, prop in self.props.items():
            if name in self.args:
                continue
            if name in item:
                self.args[name] = item[name]
            elif kind(name, prop) == "id":
                if "id" in item:
                    self.args[name] = item["id"]
                else:
                    ids = [k for k in item if is_id_property(k)]
                    if len(ids) == 1:
                        self.args[name] = item[ids[0]]

    def carried(self) -> None:
        for name, prop in self.props.items():
            if name in self.args or kind(name, prop) == "id":
                continue
            for earlier in self.ctx.earlier:
                if name in earlier:
                    self.args[name] = earlier[name]
                    break
            if name in self.required and name not in self.args:
                given = next((r[name] for r in self.ctx.earlier_results if name in r), None)
                if given is not None:
                    self.args[name] = given
