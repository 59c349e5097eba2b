"""Values a property's description maps to words: "1 for Bangkok, 2 for Chiang Mai", "'metric' for
Celsius", "'True' for attractions with free entry".

Many schemas cannot name their values in the enum itself (numeric ids, codes, flags), so the
description says what each value stands for. `described_values` reads those pairs — a number, a
quoted value or a bare True/False, then "for"/"represents"/"means"/"corresponds to", then a label
up to the next comma, "and" or "or" — keeping only values the schema allows. `pick_described` finds
the label the request mentions:

- a label's *distinctive* words are its content words minus those every label shares ("cleaning
  service" / "ironing service" → `clean` / `iron`); all of them must appear (by stem or as the
  start of a longer word), and the label matching most words wins, then the earliest;
- catch-all values ("dontcare", "all") are never picked from their label;
- for flags (True/False), a label written with a negation ("attractions that may not be suitable for
  children") stands for the opposite value, and a match negated in the request ("no entry fee",
  where `False` is "an entry fee") flips the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from salon.host.models.understanding import STOP_WORDS, Span, stem, tokenize, word_set

_PAIR = re.compile(
    r"(?:(?<![\w.'])(?P<num>-?\d+(?:\.\d+)?)(?![\w.'])|[\"'‘“](?P<q>[^\"'’”]{1,40})[\"'’”]"
    r"|\b(?P<bare>True|False|true|false)\b)"
    r"\s+(?:is\s+for|stands\s+for|for|represents|means|indicates|if|corresponds\s+to|refers\s+to)"
    r"\s+(?P<label>[^,;.()\"'‘’“”]{2,80})"
)
_LABEL_END = re.compile(r"\s+(?:and|or|while|whereas|but)\s+|\s+e\.g\.|\s*$")
_CATCH_ALL = word_set("all any dontcare none default everything both either null")
_NEGATIONS = word_set("no not without non don't dont never isn't aren't doesn't nor neither")
_LABEL_FILLER = word_set("the a an attractions value values option options entries items results")
_WORD = re.compile(r"\w+(?:'\w+)?")
_WHETHER = re.compile(
    r"\b(?:whether|if)\s+(?:only\s+)?(?P<clause>[^,;.()]{3,80}?)"
    r"(?=\s+(?:should|will|must)\s+be\b|\s+(?:or\s+not|and)\b|[,;.()]|$)",
    re.IGNORECASE,
)
_SAME = {"kid": "child", "children": "child", "enter": "entry"}
"""Stems that mean the same in a flag's wording ("kid-friendly" / "suitable for children")."""


@dataclass(frozen=True)
class Described:
    value: Any
    label: str
    negated: bool
    """The label is written as a negation ("not suitable for children")."""


@dataclass(frozen=True)
class Picked:
    value: Any
    span: Span


def _allowed(raw: str, prop: dict[str, Any], item_type: str | None) -> tuple[bool, Any]:
    enum = prop.get("enum")
    type_ = item_type or prop.get("type")
    if enum:
        for option in enum:
            if str(option).lower() == raw.lower():
                return True, option
        return False, None
    if type_ == "integer":
        return (True, int(raw)) if re.fullmatch(r"-?\d+", raw) else (False, None)
    if type_ == "number":
        try:
            return True, float(raw)
        except ValueError:
            return False, None
    if type_ == "boolean":
        lowered = raw.lower()
        return (True, lowered == "true") if lowered in ("true", "false") else (False, None)
    return False, None


def described_values(prop: dict[str, Any], *, item_type: str | None = None) -> list[Described]:
    """The (value, label) pairs `prop`'s description gives, for values the schema allows.

    Only closed properties are read (an enum, integers, numbers, booleans): for free text the
    same wording is an example, not a mapping ("'14:00' for 2 PM")."""
    description = str(prop.get("description", ""))
    found: list[Described] = []
    for m in _PAIR.finditer(description):
        raw = m.group("num") or m.group("q") or m.group("bare") or ""
        ok, value = _allowed(raw.strip(), prop, item_type)
        if not ok or str(value).lower() in _CATCH_ALL:
            continue
        label = _LABEL_END.split(m.group("label"), maxsplit=1)[0].strip()
        words = [w.lower() for w in _WORD.findall(label)]
        negated = any(w in _NEGATIONS for w in words)
        if label and all(d.value != value for d in found):
            found.append(Described(value, label, negated))
    return found


def _norm(word: str) -> str:
    s = stem(word)
    return _SAME.get(s, s)


def _content(label: str) -> list[str]:
    return [_norm(t) for t in tokenize(label.replace("-", " ")) if t not in STOP_WORDS | _LABEL_FILLER]


def flag_condition(name: str, prop: dict[str, Any], values: list[Any]) -> list[Described]:
    """A flag's description read as the condition for its true value: "Indicates whether the
    attraction has free entry" → (True, "the attraction has free entry"), when the condition
    names a word of the flag's own name."""
    true = next((v for v in values if str(v).lower() == "true"), None)
    false = next((v for v in values if str(v).lower() == "false"), None)
    m = _WHETHER.search(str(prop.get("description", "")))
    if true is None or false is None or m is None:
        return []
    words = [w.lower() for w in _WORD.findall(m.group("clause"))]
    negated = any(w in _NEGATIONS for w in words)
    clause = " ".join(w for w in words if w not in _NEGATIONS and w not in _GENERIC)
    if not set(_content(clause)) & set(_content(name.replace("_", " "))):
        return []
    return [Described(true, clause, negated), Described(false, "", not negated)] if clause else []


_GENERIC = word_set(
    "is has have had should must can indicates whether the a an attraction attractions property "
    "hotel house place places item items user be allowed include including"
)


def _is_flag(values: list[Any]) -> bool:
    return {str(v).lower() for v in values} <= {"true", "false"} and len(values) == 2


def _opposite(value: Any, values: list[Any]) -> Any:
    return next(v for v in values if v != value)


def pick_described(text: str, pairs: list[Described], *, many: bool = False) -> list[Picked]:
    """The values whose labels `text` mentions: the best one, or with `many` every one in order."""
    if not pairs:
        return []
    contents = [_content(d.label) for d in pairs]
    flag = _is_flag([d.value for d in pairs])
    shared: set[str] = set()
    if len(contents) > 1 and not (flag and any(d.negated for d in pairs)):
        shared = set.intersection(*(set(c) for c in contents))
    tokens = [(m.group(0).lower(), Span(m.start(), m.end())) for m in _WORD.finditer(text.replace("-", " "))]
    scored: list[tuple[int, int, Picked]] = []
    for described, content in zip(pairs, contents, strict=True):
        wanted = [w for w in dict.fromkeys(content) if w not in shared]
        if not wanted:
            continue
        positions: list[int] = []
        for word in wanted:
            index = next(
                (
                    i
                    for i, (token, _) in enumerate(tokens)
                    if _norm(token) == word or (len(word) >= 4 and token.startswith(word))
                ),
                None,
            )
            if index is None:
                break
            positions.append(index)
        else:
            first = min(positions)
            value = described.value
            if flag:
                negated = any(t in _NEGATIONS for t, _ in tokens[max(0, first - 3) : first])
                if negated != described.negated:
                    value = _opposite(value, [d.value for d in pairs])
            span = Span(tokens[first][1].start, tokens[max(positions)][1].end)
            scored.append((-len(wanted), tokens[first][1].start, Picked(value, span)))
    if not scored:
        return []
    if many:
        ordered = sorted(scored, key=lambda s: s[1])
        picked: list[Picked] = []
        for _, _, p in ordered:
            if all(p.value != q.value and not p.span.overlaps(q.span) for q in picked):
                picked.append(p)
        return picked
    return [min(scored, key=lambda s: (s[0], s[1]))[2]]
