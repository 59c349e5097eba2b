"""Small, generic language helpers shared by the embedded provider and the tool ranking.

Nothing here knows any app: words are split, lightly stemmed and mapped onto a handful of *concepts*
(action verbs that mean the same thing to a tool: book/reserve, find/search/look up, play/queue...).
Numbers are read from digits and English number words; ordinals ("the second one", "#2", "the last")
point into a list of earlier results.

The stemmer is deliberately crude (plural and verb endings, a trailing "e"): it only has to make
"hotels"/"hotel" and "queued"/"queue" meet, never to produce dictionary words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, for writing word lists compactly."""
    return frozenset(text.split())


def stem_set(text: str) -> frozenset[str]:
    """The stems of the whitespace-separated words of `text`.

    Word lists that are compared with stems are written as plain words and stemmed here, so that an
    entry can never be a stem that `stem` does not produce ("body" stems to "body", not "bodi")."""
    return frozenset(stem(w) for w in text.split())


_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

STOP_WORDS = word_set(
    """
    a an the and or but if of at by for with about against between in into through during before after
    above below to from up down on off over under again further then once here there all any both each
    few more most other some such no nor not only own same so than too very can will just should now
    i me my myself we our ours you your yours he him his she her it its they them their what which who
    whom this that these those am is are was were be been being have has had having do does did doing
    would could might must shall may please pls thanks thank hi hello hey want wanna need like let lets
    let's i'm i'd i'll you're it's that's there's what's get got give one ones something anything
    some kind sort also just really quite bit lot lots
    """
)
"""Words that carry no meaning for choosing a tool or filling a free-text argument."""

_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("book", "reserve", "reservation", "booking", "hold"),
    ("search", "find", "look", "lookup", "browse", "discover", "show", "list", "explore", "query"),
    ("play", "listen", "queue", "start", "stream"),
    ("add", "insert", "append", "include", "put", "save"),
    ("remove", "delete", "drop", "erase", "clear"),
    ("cancel", "abort", "revoke", "undo"),
    ("buy", "purchase", "order", "checkout", "shop"),
    ("convert", "conversion", "translate", "change", "transform"),
    ("create", "make", "new", "compose", "write", "draft"),
    ("update", "edit", "modify", "set", "rename"),
    ("send", "share", "email", "message", "post"),
    ("get", "fetch", "retrieve", "read", "open", "view", "detail", "info", "information"),
    ("pay", "payment", "charge"),
    ("price", "cost", "cheap", "cheapest", "expensive", "budget"),
)
"""Action words that mean the same thing to a tool. Only verbs and generic nouns: never a domain."""

ACTION_CONCEPTS = frozenset(group[0] for group in _SYNONYM_GROUPS)
_QUALITIES = frozenset({"price"})


def stem(word: str) -> str:
    """Strip common English endings so that inflections of one word meet."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("ches", "shes", "sses", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if w.endswith("ie") and len(w) > 4:
        w = w[:-2] + "y"  # "movie" meets "movies" (→ "movy"), as "city" meets "cities"
    elif w.endswith("e") and len(w) > 3 and w[:-1] not in STOP_WORDS:
        w = w[:-1]  # but "note" and "here" must not meet "not" and "her"
    return w


def words(text: str) -> list[str]:
    """The words of `text` with their original casing (identifiers split at `_`, `-` and camelCase)."""
    return [piece for raw in _WORD.findall(text) for piece in _CAMEL.sub(" ", raw).split()]


def tokenize(text: str) -> list[str]:
    """Lower-cased words of `text`, identifiers split (`search_hotels` → `search`, `hotels`)."""
    return [w.lower() for w in words(text.replace("_", " ").replace("-", " "))]


_CONCEPTS: dict[str, str] = {
    stem(word): group[0] for group in reversed(_SYNONYM_GROUPS) for word in reversed(group)
}


_ABBREVIATIONS = {
    "temp": "temperature", "temps": "temperatures", "pic": "picture", "pics": "pictures", "msg": "message",
    "msgs": "messages", "appt": "appointment", "appts": "appointments", "addr": "address", "qty": "quantity",
    "approx": "approximately", "reco": "recommendation", "recs": "recommendations", "convo": "conversation",
}  # fmt: skip
"""Shortenings people type in chat, as the words tools are described with."""


def concept(word: str) -> str:
    """The stem of `word` (written out where it is a common shortening: "temp"), or the canonical
    action it is a synonym of."""
    s = stem(_ABBREVIATIONS.get(word.lower(), word))
    return _CONCEPTS.get(s, s)


_PHRASAL_VERBS = ((re.compile(r"\bput\s+on\b", re.IGNORECASE), "play"),)
"""Two words that act as one verb: "put on some jazz" plays it (where "put" alone adds)."""


def concepts(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The concepts of `text` in order, stop words dropped unless asked."""
    for pattern, verb in _PHRASAL_VERBS:
        text = pattern.sub(verb, text)
    return [concept(t) for t in tokenize(text) if keep_stop_words or t not in STOP_WORDS]


# -- numbers ----------------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "couple": 2, "pair": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "half a": 0.5, "half an": 0.5,
    "a half": 0.5, "a quarter": 0.25,
}  # fmt: skip
_NUMBER = re.compile(
    r"(?<![\w.])(?P<digits>[-+]?\d+(?:[.,]\d+)*)(?![\w])|\b(?P<word>"
    + "|".join(
        sorted((k.replace(" ", r"\s+") for k in _UNITS if k not in ("a", "an")), key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    """Where something was found in a text, so that it is not used twice."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class NumberMention:
    value: float
    span: Span
    is_integer: bool


def find_numbers(text: str) -> list[NumberMention]:
    """Numbers written with digits (`5`, `1,200`, `3.5`) or as words (`three`, `a couple`)."""
    found: list[NumberMention] = []
    for m in _NUMBER.finditer(text):
        if m.group("digits"):
            raw = m.group("digits")
            if re.fullmatch(r"[-+]?\d+(?:,\d+){2,}", raw) and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
                # "2,3,4": a list of numbers, neither thousands nor a decimal comma.
                offset = m.start()
                for piece in raw.split(","):
                    found.append(NumberMention(float(piece), Span(offset, offset + len(piece)), True))
                    offset += len(piece) + 1
                continue
            # "1,200" is a thousands separator; "3,5" is read as a decimal comma.
            if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", raw):
                raw = raw.replace(",", "")
            raw = raw.replace(",", ".")
            try:
                value = float(raw)
            except ValueError:
                continue
        else:
            value = float(_UNITS[" ".join(m.group("word").lower().split())])
        found.append(NumberMention(value, Span(m.start(), m.end()), value.is_integer()))
    return found


# -- ordinals and references ------------------------------------------------------------------------

_ORDINAL_WORDS = {
    "first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5, "seventh": 6,
    "eighth": 7, "ninth": 8, "tenth": 9, "last": -1, "final": -1, "top": 0,
}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?P<word>" + "|".join(_ORDINAL_WORDS) + r")\b"
    r"|\b(?P<nth>\d{1,2})(?:st|nd|rd|th)\b"
    r"|(?:\b(?:number|no\.?|option|item|result)\s*|#)(?P<num>\d{1,2})\b",
    re.IGNORECASE,
)
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:the\s+)?$", re.IGNORECASE
)
_ORDER_BEFORE = re.compile(
    r"\b(?:\w+est|most\s+\w+|least\s+\w+|(?:highest|lowest|best|top)\s+\w+|newest|oldest|latest)\s+$",
    re.IGNORECASE,
)
_WEEKDAY_NAME = re.compile(r"\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
_ON_THE = re.compile(r"\b(?:on|from|for|until|till|to|by|starting|after|before)\s+the\s+$", re.IGNORECASE)
_ITEM_AFTER = re.compile(r"\s+(?:one|result|option|item|choice)s?\b", re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"\b(?:that|this|the same|it)\b(?:\s+one)?", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """A pointer into a list of earlier results: `index` is 0-based, -1 is the last item."""

    index: int
    span: Span
    explicit: bool
    """False for "that one"/"it", which only makes sense when there is one obvious item."""


def find_reference(text: str) -> Reference | None:
    """The first ordinal or demonstrative reference in `text` ("the second one", "#3", "that one").

    Ordinals followed by a time word ("the first of December", "first week", "the first Thursday")
    and a day of the month ("on the 3rd", "from the 3rd") are dates, not items.
    """
    for m in _ORDINAL.finditer(text):
        after = text[m.end() : m.end() + 16].lower()
        if re.match(r"\s+(?:of\s+\w+|week|day|month|night|time)|,?\s*\d{4}|\s+" + _MONTH_NAME, after):
            continue
        if re.match(_WEEKDAY_NAME, after):
            continue  # "the first Thursday of December"
        if m.group("word") in ("first", "last") and _ORDER_BEFORE.search(text[: m.start()]):
            continue  # "cheapest first", "highest rated first": an order, not an item
        if m.group("nth") and _MONTH_BEFORE.search(text[: m.start()]):
            continue  # "April 11th": a date
        if m.group("nth") and _ON_THE.search(text[: m.start()]) and not _ITEM_AFTER.match(after):
            continue  # "arriving on the 3rd", "from the 3rd": a day of the month
        if m.group("word"):
            index = _ORDINAL_WORDS[m.group("word").lower()]
        else:
            index = int(m.group("nth") or m.group("num")) - 1
        return Reference(index, Span(m.start(), m.end()), explicit=True)
    m2 = _DEMONSTRATIVE.search(text)
    if m2:
        return Reference(0, Span(m2.start(), m2.end()), explicit=False)
    return None


_WHICH_OPENING = re.compile(r"\s*(?:which|what|who)\b", re.IGNORECASE)


def asks_which(text: str) -> bool:
    """Whether `text` opens as a question about which thing ("which is the lightest?", "what song")."""
    return _WHICH_OPENING.match(text) is not None


def first_action(text: str) -> str | None:
    """The first action concept `text` names ("buy" for "buy the first power bank"), if any; a
    quality ("a cheap hotel": price) is no action."""
    return next((c for c in concepts(text) if c in ACTION_CONCEPTS and c not in _QUALITIES), None)


def first_line(text: str, *, limit: int = 280) -> str:
    """The first non-empty line of `text` as a sentence (a closing colon becomes a full stop), trimmed to
    about `limit` characters. Apps put their summary there, references and totals included."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    if line.endswith(":"):
        line = line[:-1].rstrip() + "."
    if len(line) > limit:
        line = line[: limit - 1].rsplit(" ", 1)[0] + "…"
    return line


def first_sentence(text: str, *, limit: int = 200) -> str:
    """The first line or sentence of `text`, trimmed to about `limit` characters."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    m = re.match(r"(.+?[.!?])(?:\s|$)", line)
    sentence = m.group(1) if m else line
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence
