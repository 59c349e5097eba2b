"""Closed choices: enum values and yes/no flags read from a request.

- **Enums.** A value is mentioned when each of its words (in any script) appears in the request as a
  word, as the same stem, or as the start of a longer word ("postgres" in "PostgreSQL", "music" in
  "musical"); "cheapest", "affordable" and the like mention a "price" option.
  Of several mentioned values the longest wins ("Comedy-drama" over "Comedy"), then the earliest;
  catch-all values ("all", "any", "dontcare", "none") only when nothing more specific is mentioned.
  Digit values ("1"–"5") are read as numbers next to one of the property's words ("three-star"),
  or with one describing word between ("two smoking rooms"). Of two options that differ only by
  "on"/"off" (`POWER_ON`, `POWER_OFF`), "turned on", "switch it off" choose one.
- **Flags** (`boolean`, or an enum of `True`/`False` strings): every distinctive word of the
  property's name must appear ("laundry service" for `has_laundry_service`, "kids" for
  `good_for_kids`), or at least its leading one when that is a word of five letters or more
  ("private" for `private_visibility`) unless another flag of the tool starts with it too
  (`is_cleaning_home`, `is_cleaning_office`); a negation ("no", "not", "without") in the three words
  before makes it false. "No entry fee", "without charge" say "free" (`free_entry` true); "men and
  women", "all genders" say "unisex" (`is_unisex` true).
  Generic parts of flag names (is, has, allow, available, good, for...) are not required.
- **Indifference.** What follows "not too concerned about", "don't care about", "no preference
  for"... to the end of the sentence is something the person leaves open: a choice mentioned there
  is not asked for (`indifferent_spans`); the filler takes the catch-all option where the enum has
  one and otherwise leaves the value out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from salon.host.models.understanding import STOP_WORDS, Span, find_numbers, stem, tokenize, word_set

_CATCH_ALL = word_set("all any dontcare none default everything both either")
_NEGATIONS = word_set("no not without non don't dont never exclude excluding nor neither")
_LETTERS = re.compile(r"[^\W_]+")
_CLAUSE_BREAKS = word_set("but and just only though although if whether that because when while so")
_CHEAP_WORDS = word_set("cheap cheaper cheapest affordable inexpensive budget")
"""Words that ask for the lowest price: an option named "price" (a sort order) is what they choose."""
_PRICE_WORDS = word_set("fee fees charge charges cost costs admission price")
_GENERIC_FLAG_WORDS = word_set(
    "is has have allow allowed allows enable enabled include includes including only with want "
    "available good should must can flag option use uses using set in for of to the a"
)
_WORD = re.compile(r"\w+(?:'\w+)?")
_INDIFFERENT = re.compile(
    r"\b(?:(?:i'?m|i am|we'?re|we are)\s+)?"
    r"(?:not\s+(?:too\s+|very\s+|really\s+|that\s+|at\s+all\s+)?"
    r"(?:concerned|worried|bothered|fussed|picky|particular)\s+(?:about|with|by|in)"
    r"|(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+(?:really\s+)?care(?:\s+(?:about|for|which|what|if|whether))?"
    r"|(?:have\s+)?no\s+(?:particular\s+|real\s+)?preference(?:\s+(?:for|on|about|regarding|as\s+to))?"
    r"|regardless\s+of)"
    r"[^.!?;]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Choice:
    value: Any
    span: Span


def _text_words(text: str) -> list[tuple[str, Span]]:
    return [
        (piece.lower(), Span(m.start(), m.end()))
        for m in _WORD.finditer(text.replace("_", " "))
        for piece in [m.group(0)]
    ]


def _mentioned(value: str, words: list[tuple[str, Span]]) -> Span | None:
    """Where every word of `value` appears in `words`, or None."""
    tokens = (
        [t for t in tokenize(value) if t not in STOP_WORDS]
        or tokenize(value)
        or [w.lower() for w in _LETTERS.findall(value)]  # words of any script ("다용도실, 통돌이, 중지")
    )
    if not tokens:
        return None
    spans: list[Span] = []
    for token in tokens:
        token_stem = stem(token)
        hit = next(
            (
                span
                for word, span in words
                if word == token
                or stem(word) == token_stem
                or (len(token) >= 4 and word.startswith(token) and len(word) - len(token) <= 6)
                or (token == "price" and word in _CHEAP_WORDS)
            ),
            None,
        )
        if hit is None:
            return None
        spans.append(hit)
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def match_enum(text: str, values: Sequence[Any], cues: set[str]) -> Choice | None:
    """The enum value `text` mentions (see the module docstring); `cues` are the property's stems."""
    words = _text_words(text)
    strings = [v for v in values if isinstance(v, str)]
    if strings and all(v.strip().isdigit() for v in strings if v.lower() not in _CATCH_ALL):
        return _digit_choice(text, strings, cues)
    found: list[tuple[bool, int, int, Any, Span]] = []
    for value in strings:
        span = _mentioned(value, words)
        if span is not None:
            generic = value.lower() in _CATCH_ALL
            found.append((generic, -len(value), span.start, value, span))
    if not found:
        return _switch_choice(text, strings)
    _, _, _, value, span = min(found, key=lambda f: (f[0], f[1], f[2]))
    return Choice(value, span)


_SWITCHED = re.compile(
    r"\b(?:turn|switch|power)(?:s|es|ed|ing)?\s+(?:\w+\s+){0,3}?(?P<state>on|off)\b",
    re.IGNORECASE,
)
"""A device switched on or off: "turn it on", "the air conditioner turned on", "switch off"."""


def _switch_choice(text: str, values: list[str]) -> Choice | None:
    """Of a pair of options that differ only by "on"/"off" (`POWER_ON`, `POWER_OFF`), the one a
    request that switches something on or off means; None for any other enum."""
    states: dict[str, str] = {}
    for value in values:
        words = [w.lower() for w in _LETTERS.findall(value.replace("_", " "))]
        if words and words[-1] in ("on", "off"):
            states[" ".join(words[:-1]) + "|" + words[-1]] = value
    stems = {key.split("|")[0] for key in states}
    if len(stems) != 1 or len(states) != 2:
        return None
    m = _SWITCHED.search(text)
    if m is None:
        return None
    stem_words = next(iter(stems))
    return Choice(states[stem_words + "|" + m.group("state").lower()], Span(m.start(), m.end()))


def _digit_choice(text: str, values: list[str], cues: set[str]) -> Choice | None:
    for n in find_numbers(text):
        if n.is_integer and len(str(int(n.value))) >= 3 and str(int(n.value)) in values:
            return Choice(str(int(n.value)), n.span)  # a year or a code: unambiguous on its own
        # "three-star", "2 rooms", or one describing word between ("two smoking rooms").
        after = re.match(r"[\s-]*([A-Za-z]+)(?:\s+([A-Za-z]+))?", text[n.span.end :])
        if not (after and n.is_integer and str(int(n.value)) in values):
            continue
        if stem(after.group(1)) in cues:
            return Choice(str(int(n.value)), Span(n.span.start, n.span.end + after.end(1)))
        if after.group(2) and stem(after.group(2)) in cues and after.group(1).lower() not in STOP_WORDS:
            return Choice(str(int(n.value)), Span(n.span.start, n.span.end + after.end(2)))
    return None


def indifferent_spans(text: str) -> list[Span]:
    """The parts of `text` the person says they do not mind about ("I'm not too concerned about the
    star rating or whether smoking is allowed"), each to the end of its sentence."""
    return [Span(m.start(), m.end()) for m in _INDIFFERENT.finditer(text)]


def catch_all(values: Sequence[Any]) -> Any | None:
    """The enum's option that means "no preference" ("dontcare", "any"), if it has one."""
    return next((v for v in values if isinstance(v, str) and v.lower() in _CATCH_ALL - {"none"}), None)


def is_flag_enum(values: Sequence[Any]) -> bool:
    """An enum of "True"/"False" strings, maybe with a catch-all ("dontcare")."""
    lowered = {str(v).lower() for v in values}
    return {"true", "false"} <= lowered and lowered <= {"true", "false"} | _CATCH_ALL


def _free_of_charge(tokens: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """`tokens` with the "no" of "no (entry) fee" read as "free": what costs nothing is free."""
    read = list(tokens)
    for i, (word, span) in enumerate(tokens):
        if word not in ("no", "without"):
            continue
        for j in (i + 1, i + 2):
            if j < len(tokens) and tokens[j][0] in _PRICE_WORDS:
                read[i] = ("free", span)
                break
    return read


def flag_cues(name: str) -> list[str]:
    """The stems of the distinctive words of the flag `name`, in order."""
    generic = {stem(w) for w in _GENERIC_FLAG_WORDS}
    return [stem(t) for t in tokenize(name) if stem(t) not in generic and t not in STOP_WORDS]


def read_flag(text: str, name: str, shared: frozenset[str] = frozenset()) -> Choice | None:
    """Whether `text` asks for the flag `name` on (True) or off (False), or says nothing of it.

    `shared` are the stems the tool's other flags have too (`clean` of `is_cleaning_home` and
    `is_cleaning_office`): a leading word in it does not tell this flag from its siblings."""
    cues = flag_cues(name)
    if not cues:
        return None
    tokens = _for_all_genders(_free_of_charge([(w, s) for w, s in _text_words(text.replace("-", " "))]))
    stems = [stem(w) for w, _ in tokens]
    positions = []
    for number, cue in enumerate(cues):
        index = next((i for i, s in enumerate(stems) if s == cue), None)
        if index is None and number > 0 and len(cues[0]) >= 5 and cues[0] not in shared:
            # "private" for `private_visibility`: the flag's distinctive leading word is enough.
            break
        if index is None:
            return None
        positions.append(index)
    first = min(positions)
    negated = _negated(text, tokens, first)
    return Choice(not negated, Span(tokens[first][1].start, tokens[max(positions)][1].end))


_MEN = word_set("men man male males gentlemen guys boys")
_WOMEN = word_set("women woman female females ladies girls")


def _for_all_genders(tokens: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """`tokens` with "men and women" ("women & men", "male and female") and "all genders" read as
    "unisex": a place for both is a unisex one."""
    read = list(tokens)
    for i, (word, span) in enumerate(tokens[:-2]):
        pair = {word, tokens[i + 2][0]}
        joined = tokens[i + 1][0] in ("and", "or")
        if joined and pair & _MEN and pair & _WOMEN:
            read[i] = ("unisex", Span(span.start, tokens[i + 2][1].end))
    for i, (word, span) in enumerate(tokens[:-1]):
        if word in ("all", "any", "both") and tokens[i + 1][0] in ("gender", "genders", "sexes"):
            read[i] = ("unisex", Span(span.start, tokens[i + 1][1].end))
    return read


def _negated(text: str, tokens: list[tuple[str, Span]], index: int) -> bool:
    """Whether a negation governs the word at `index`: one of the three words before it, or one up to
    six words before with no clause break between ("no garage or in-unit laundry", "I don't need
    the list of tools", but not "no garage, with laundry" nor "I don't know if it has a garage")."""
    broken = False
    for at in range(index - 1, max(-1, index - 7), -1):
        word, span = tokens[at]
        if word in _NEGATIONS:
            return index - at <= 3 or not broken
        after = text[span.end : tokens[at + 1][1].start]
        broken = broken or word in _CLAUSE_BREAKS or bool(re.search(r"[,.;:!?()]", after))
    return False
