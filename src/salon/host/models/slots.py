"""Free-text string arguments: spans of the request that look like values, matched to properties.

A request names its values in a few ways that hold for any tool:

- **quoted** text (`'PG1'`, `"Sales Forecast Request"`), labelled by the words before it
  ("the nickname 'PG1'", "with the subject '...'");
- **capitalised runs** that are not the start of a sentence (names, titles: "directed by Edgar
  Wright", "a track by Konshens"), labelled by the words before them; a run keeps a capitalised
  ordinary word that ends it ("Speak Now") and numbers inside it ("Century 20 Oakridge"), and a
  venue after "at" keeps its own "at" ("at Century at Tanforan and XD"); an owner ("Adriel's
  internship at Sebelas Maret University") is trusted after the names that follow it, while a
  possessive before a preposition or the end is a name itself ("from McDonald's on Uber Eats");
- **a word next to the property's own name** ("a hoppy aroma", "the Patio device", "version v2",
  "hostname pg.example.org", "password 123412"); a path ("/Foo/Bar") is one word; id words ("ID",
  "UUID") label a value and are never one; an apostrophe inside a word is part of it ("it's" is
  never a quote nor a value, "karan's" is "karan");
- **what the request says a value is**, after it: "'Raees'? I believe it's an album title",
  "black as their special request";
- **free text** for a command, message or answer: the rest of the clause after the property's
  word, everything after a colon that follows it ("the answer to the question: ..."), or the
  words between "using" and the word ("using the echo %date% command"); for a command, a script
  and the interpreter to run it, both written as paths, make "<interpreter> <script>";
- **one of the examples** the property's description gives ("such as 'bitter', 'sweet'", "Options
  include 'breakfast', 'lunch'").

Each (property, span) pair is scored by how well the span's label matches the property's name and
description, with a few role words that mean the same as a property name ("directed by" → director,
"starring"/"featuring" → cast, "by" → artist/author); the best pairs are taken greedily, one span per
property. A property that nothing matches stays empty, so the provider asks rather than guesses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salon.host.models.person_names import holds_person_name, looks_like_person
from salon.host.models.understanding import (
    ACTION_CONCEPTS,
    STOP_WORDS,
    Span,
    concept,
    find_numbers,
    stem,
    stem_set,
    tokenize,
    word_set,
)

QUOTED = re.compile(r"(?<!\w)[\"“”'‘’`](?P<q>[^\"“”‘’`\n]{1,200}?)[\"“”'‘’`](?!\w)")
_CAPITALISED = re.compile(
    r"(?<![\w'])[A-Z][\w'&.-]*(?:\s+(?:[A-Z][\w'&.-]*|[IVX]+\b"
    r"|(?:of|the|de|del|la|le|van|von|da|di|du|der|and|&|\d+)(?=\s+[A-Z])))*"
)
_AT_JOINED = re.compile(r"\s+at\s+")
"""Between two runs after "at": one venue's name ("at Century at Tanforan and XD")."""
_TOKEN = re.compile(r"[\w][\w.:/@#+'’-]*[\w]|\w")
"""A word: an apostrophe inside it stays ("it's" is one word, never "it" and "s")."""
_PATH = re.compile(r"(?<![\w/\\])(?:[A-Za-z]:)?[/\\~]?[\w.-]+(?:[/\\][\w.-]+)+[/\\]?")
"""A file path or a path of a web address ("/Foo/Bar", "d:/playground/test.py")."""
_ID_LABELS = frozenset({"id", "ids", "uuid", "uid", "identifier"})
_EXAMPLES = re.compile(
    r"(?:such as|e\.g\.|for example|like|e\.g|ex\.|(?:options|values|examples) include)[:,]?\s+"
    r"(?P<list>[^.;()]*)",
    re.I,
)

_ROLE_WORDS: dict[str, frozenset[str]] = {
    stem(name): stem_set(labels)
    for name, labels in {
        "direct": "direct director by",
        "director": "direct by",
        "cast": "star starring featuring with actor actress act",
        "actor": "star starring featuring with act",
        "star": "featuring with actor actress act",
        "artist": "by singer band from",
        "author": "by written writer",
        "receiver": "to for recipient",
        "recipient": "to for receiver",
        "title": "title called name",
        "name": "name called title",
        "track": "song play",
        "song": "track play",
        "subject": "title",
        "command": "instruction cmd",
        "message": "text say body",
        "body": "message text say",
        "cuisine": "food",
    }.items()
}
"""Stems of words that label a value for a property whose name has the key's stem."""

_VENUES = stem_set("theater theatre cinema restaurant hotel venue store shop salon museum gym")
"""Stems of kinds of venue: a property named for one (`theater_name`) is labelled by "at"
("at Regal Crow Canyon"), since people name the venue after the preposition, not after its kind."""

_WEAK_LABELS = STOP_WORDS | _ID_LABELS | {"in", "on"}
"""Words of a description too common to label a value ("in" of "the actors in the movie"; "ID"
of "the network with ID L_57" labels the network's id, not a page token's that "can be an ID")."""
_CONNECTORS = stem_set("called named titled address number id uuid label was are")
"""Stems of words that sit between a label and its value ("the album called Rainbow")."""
_LABEL_FILLER = frozenset(
    {"the", "a", "an", "of", "is", "as", "my", "our", "your", "this", "that", "it", "with", "to", "by", "for"}
)


@dataclass(frozen=True)
class SpanCandidate:
    value: str
    span: Span
    kind: str
    """"quoted", "name" or "word"."""
    before: tuple[str, ...]
    """Stems of up to three words before the span, nearest first."""
    after: tuple[str, ...]
    """Stems of up to two words after the span, nearest first."""
    apposed: bool = False
    """The words after say what the value is ("black as their special request")."""


def _stems(text: str) -> list[str]:
    return [stem(t) for t in tokenize(text)]


def _context(text: str, span: Span) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    # Label words stay in the value's own clause: "Chatuchak District, with a review score" does not
    # make "district" the label of "review".
    lead = re.split(r"[,;!?]\s|\.\s", text[max(0, span.start - 60) : span.start])[-1]
    before = [s for s in reversed(_stems(lead))][:3]
    # "'Raees'? I believe it's an album title", "black as their special request": what the value is.
    apposition = _APPOSITION.match(text, span.end)
    tail = text[apposition.end() if apposition else span.end :][:40]
    # A quoted value after the span is a value of its own, not a label ("Move 'pointA'"), and the
    # word right before it is that value's label ("an article titled 'Julian'").
    parts = re.split(r"([,.;:!?]|\s[\"“‘'`])", tail, maxsplit=1)
    words = _stems(parts[0])
    if len(parts) > 1 and parts[1].strip() in _QUOTE_MARKS:
        words = words[:-1]
    after = [s for s in words if s not in _AFTER_FILLER][:2]
    return tuple(before), tuple(after), apposition is not None


_APPOSITION = re.compile(
    r"[\"”’'`]?\s*(?:[,.;:!?-]+\s*(?:(?:i|we)\s+(?:think|believe|guess)\s+)?"
    r"(?:it's|it\s+is|that's|that\s+is|which\s+is)|\s+as)\s+(?:a|an|the|their|his|her|my|our|your)\s+",
    re.IGNORECASE,
)
_QUOTE_MARKS = frozenset("\"“‘'`")
_AFTER_FILLER = frozenset({"the", "a", "an", "in", "as"})


def _sentence_start(text: str, pos: int) -> bool:
    return not text[:pos].strip() or bool(re.search(r"[.!?:\n]\s*$", text[:pos]))


def find_candidates(text: str) -> list[SpanCandidate]:
    """Quoted spans, capitalised runs and single content words of `text`, in that order of trust."""
    found: list[SpanCandidate] = []

    def add(value: str, span: Span, kind: str) -> None:
        if value and not any(span.overlaps(c.span) for c in found):
            found.append(SpanCandidate(value, span, kind, *_context(text, span)))

    for m in QUOTED.finditer(text):
        add(m.group("q").strip(), Span(m.start(), m.end()), "quoted")
    for m in _PATH.finditer(text):
        add(m.group(0).rstrip(".,"), Span(m.start(), m.start() + len(m.group(0).rstrip(".,"))), "name")
    found_names: list[tuple[str, Span, bool]] = []
    for start, run in _runs(text):
        words = run.split()
        # "UUID AB1010CD", "ID": the label of a value, not part of it.
        while words and words[0].lower() in _ID_LABELS:
            start = text.find(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        while words and words[-1].lower() in _ID_LABELS:
            words.pop()
        # A capitalised first word of a sentence is only a name when it is not an ordinary word.
        while words and _sentence_start(text, start) and words[0].lower() in STOP_WORDS | _COMMON:
            start += len(words[0]) + 1
            words = words[1:]
            start = text.find(words[0], start - 1) if words else start
        # A capitalised ordinary word ends a title only inside a run of two or more ("the album
        # Speak Now"); "I" and lone openers never do.
        while words and words[-1].lower() in STOP_WORDS and not _title_word(words):
            words.pop()
        # A single capitalised word opening a sentence is most often a verb ("Move 'pointA'"),
        # unless it is the whole sentence ("...this afternoon? Seattle").
        lone_opener = (
            len(words) == 1
            and _sentence_start(text, start)
            and bool(re.match(r"\s*[^\s.!?]", text[start + len(words[0]) :]))
        )
        if words and not lone_opener and not (len(words) == 1 and words[0].lower() in STOP_WORDS | _COMMON):
            joined = " ".join(words).rstrip(".,'")
            value = _POSSESSIVE.sub("", joined)
            # A possessive is an owner only before the thing owned ("Adriel's internship"); before
            # a preposition or the end it is the name itself ("from McDonald's on Uber Eats").
            if value != joined and not _OWNED.match(text, start + len(joined)):
                value = joined
            found_names.append((value, Span(start, start + len(value)), value != joined))
    # An owner followed by another name in its sentence ("Adriel's internship at Sebelas Maret
    # University") is less often the value than that name: it comes after the other names.
    owners = [
        n
        for i, n in enumerate(found_names)
        if n[2] and any(not re.search(r"[.!?]\s", text[n[1].end : m[1].start]) for m in found_names[i + 1 :])
    ]
    for value, span, _ in [n for n in found_names if n not in owners] + owners:
        add(value, span, "name")
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if _CONTRACTION.search(word):
            continue  # "it's", "don't": never a value
        word = _POSSESSIVE.sub("", word)  # "karan's flight": the owner is "karan"
        lowered = word.lower()
        if (
            lowered not in STOP_WORDS | _COMMON | _ID_LABELS
            and concept(word) not in ACTION_CONCEPTS
            and not (word.isalpha() and find_numbers(word))  # "five": a count, not a name
        ):
            add(word, Span(m.start(), m.start() + len(word)), "word")
    return found


_CONTRACTION = re.compile(r"['’](?:t|re|ll|ve|m|d)$|^(?:it|that|there|what|he|she|who|let)['’]s$", re.I)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s$|(?<=s)['’]$")
_OWNED = re.compile(r"\s+(?!(?:" + "|".join(sorted(STOP_WORDS)) + r")\b)[a-z]")
"""After an owner: the lower-case word it owns, not a preposition ("Adriel's internship")."""
_PRONOUNS = frozenset({"i", "i'm", "i'd", "i'll"})


def _title_word(words: list[str]) -> bool:
    """Whether the capitalised ordinary word ending `words` belongs to the title it ends ("Speak
    Now"), not to the next sentence ("Katy Perry. The") or the speaker ("Balkrushn and I")."""
    last = words[-1]
    return (
        len(words) > 1
        and last[0].isupper()
        and last.lower() not in _PRONOUNS
        and words[-2].lower() not in STOP_WORDS
        and not words[-2].endswith((".", "!", "?"))
    )


def _runs(text: str) -> list[tuple[int, str]]:
    """Capitalised runs with their starts; two runs joined by "at" are one when the first follows
    "at" itself ("at Century at Tanforan and XD": a venue named for where it is)."""
    runs: list[tuple[int, str]] = []
    for m in _CAPITALISED.finditer(text):
        if runs:
            prev_start, prev = runs[-1]
            gap = text[prev_start + len(prev) : m.start()]
            if _AT_JOINED.fullmatch(gap) and re.search(r"\bat\s+$", text[:prev_start]):
                runs[-1] = (prev_start, text[prev_start : m.end()])
                continue
        runs.append((m.start(), m.group(0)))
    return runs


_COMMON = word_set(
    "can could would will find search show tell give get list book play add set make create send "
    "what where when which who how why i i'm is are please hi hello hey so also now then and "
    "okay ok yes no in"
)


def description_examples(description: str) -> list[str]:
    """Values a description gives as examples: quoted ones after "such as"/"e.g.", lower-cased."""
    examples: list[str] = []
    for m in _EXAMPLES.finditer(description):
        quoted = [q.group("q") for q in QUOTED.finditer(m.group("list"))]
        examples.extend(quoted or [w.strip() for w in m.group("list").split(",") if len(w.split()) <= 2])
    return [e.lower().strip() for e in examples if e.strip()]


def _name_stems(name: str) -> set[str]:
    return {stem(t) for t in tokenize(name)} - {"id"}


def _description_stems(prop: dict[str, Any]) -> set[str]:
    text = f"{prop.get('title', '')} {prop.get('description', '')}"
    return {stem(t) for t in tokenize(text) if t not in STOP_WORDS}


def _is_label(value: str, own: set[str], described: set[str]) -> bool:
    s = stem(value)
    return s in own or s in described or s in _CONNECTORS


def score(name: str, prop: dict[str, Any], candidate: SpanCandidate) -> float:
    """How well `candidate`'s label fits property `name` (0 when nothing ties them)."""
    own = _name_stems(name)
    head = [stem(t) for t in tokenize(name) if stem(t) != "id"]
    roles: set[str] = set()
    for s in own:
        roles |= _ROLE_WORDS.get(s, frozenset())
    if own & _VENUES and candidate.kind == "name":
        roles.add("at")
    described = _description_stems(prop)
    labels = own | roles
    own_concepts = {concept(o) for o in own}
    before = [
        b
        for b in candidate.before
        if b in labels or (b in described and b in _CONNECTORS) or b not in _LABEL_FILLER | _CONNECTORS
    ]
    total = 0.0
    for distance, word in enumerate(before[:3]):
        weight = (1.0, 0.6, 0.4)[distance]
        if (word in own or concept(word) in own_concepts) and word not in _LABEL_FILLER:
            # A lone word after a modifier of a compound name ("sensor alerts" for `sensorSerial`)
            # is labelled no better than by a role.
            modifier = candidate.kind == "word" and len(head) > 1 and word != head[-1]
            total += (2.0 if modifier else 3.0) * weight
        elif word in roles or word in own:  # "by" of `directed_by` labels no better than a role
            total += 2.0 * weight
        elif distance == 0 and word in described and word not in _WEAK_LABELS and candidate.kind != "word":
            total += 1.0
    if candidate.after and candidate.after[0] in own - _LABEL_FILLER:
        total += 3.5 if candidate.apposed else 2.5
    elif candidate.after and candidate.kind == "name" and candidate.after[0] in roles - _LABEL_FILLER:
        total += 2.0  # "Pete Davidson as an actor", "Riley Stearns as the director"
    examples = description_examples(str(prop.get("description", "")))
    example = candidate.value.lower() in examples
    if example:
        total += 3.0
    if total and candidate.kind == "quoted":
        total += 0.5
    if candidate.kind == "word" and (
        total < 2.5 or (not example and _is_label(candidate.value, own, described))
    ):
        return 0.0
    return total


_FREE_TEXT = stem_set(
    "command content text message body note comment instruction request sentence question answer "
    "modification description prompt phrase statement code query"
)
_TAIL_END = re.compile(r"[,;!?\n]|\.(?:\s|$)|\s+(?:and|then|please|so|but)\s")


def _tails(
    props: dict[str, dict[str, Any]], names: list[str], text: str, free: Callable[[Span], bool]
) -> list[tuple[float, int, str, SpanCandidate]]:
    """For free-text properties (a command, a message, a note): the rest of the clause after the
    property's own word or a word for it ("using the command netsh wlan disconnect", "add todo
    with content go to sleep", "using the instruction del ..."); everything after a colon that
    follows the word ("here is the answer to the question: The text does not ..."); or the words
    between a verb of use and the word ("using the echo %date% command")."""
    found: list[tuple[float, int, str, SpanCandidate]] = []
    for name in names:
        own = _name_stems(name)
        if not own & _FREE_TEXT:
            continue
        labels = own | {w for s in own for w in _ROLE_WORDS.get(s, frozenset())}
        script = _script_command(text) if own & _COMMANDS else None
        if script is not None and free(script[1]):
            found.append((3.4, -script[1].start, name, SpanCandidate(script[0], script[1], "tail", (), ())))
        for m in re.finditer(r"[\w']+", text):
            if stem(m.group(0)) not in labels:
                continue
            colon = _TO_COLON.match(text, m.end())
            if colon is not None:
                value = _LITERAL_BREAKS.sub(" ", text[colon.end() :]).strip()
                quoted = QUOTED.fullmatch(value)
                value = quoted.group("q").strip() if quoted else value  # "to Danish: 'The quick...'"
                span = Span(colon.end(), len(text))
                if value and free(span):
                    candidate = SpanCandidate(value, span, "tail", (stem(m.group(0)),), ())
                    found.append((3.3, -span.start, name, candidate))
                    continue
            before = _USED.search(text, 0, m.start())
            if stem(m.group(0)) in own and before is not None:
                value = text[before.end() : m.start()].strip()
                span = Span(before.end(), before.end() + len(value))
                if any(w not in STOP_WORDS for w in value.lower().split()) and free(span):
                    candidate = SpanCandidate(value, span, "tail", (stem(m.group(0)),), ())
                    found.append((3.2, -span.start, name, candidate))
                    continue
            rest = re.match(r"(?:\s+(?:called|named|is|of|as|to|:))*[\s:]+", text[m.end() :])
            if rest is None:
                continue
            start = m.end() + rest.end()
            end_match = _TAIL_END.search(text, start)
            end = end_match.start() if end_match else len(text.rstrip())
            value = text[start:end].strip()
            span = Span(start, start + len(value))
            if value and free(span) and not QUOTED.match(text, start):
                candidate = SpanCandidate(value, span, "tail", (stem(m.group(0)),), ())
                found.append((3.2, -start, name, candidate))
    return found


_COMMANDS = stem_set("command cmd")
_SCRIPT = re.compile(r"\.(?:py|js|mjs|ts|sh|rb|pl|php|ps1|bat|R)$")
_INTERPRETER = re.compile(
    r"(?:^|[/\\])(?:python[\d.]*|node|bash|sh|ruby|perl|php|pwsh|powershell|Rscript)(?:\.exe)?$"
)


def _script_command(text: str) -> tuple[str, Span] | None:
    """A script and the interpreter to run it with, both written as paths ("run the script at
    d:/x/test.py using the interpreter at d:/x/env/python.exe"): the command that does it."""
    paths = [(m.group(0).rstrip(".,?!"), m.start()) for m in _PATH.finditer(text)]
    scripts = [p for p in paths if _SCRIPT.search(p[0])]
    interpreters = [p for p in paths if _INTERPRETER.search(p[0])]
    if len(scripts) != 1 or len(interpreters) != 1:
        return None
    (script, at), (interpreter, at2) = scripts[0], interpreters[0]
    start, end = min(at, at2), max(at + len(script), at2 + len(interpreter))
    return f"{interpreter} {script}", Span(start, end)


_USED = re.compile(
    r"\b(?:using|use|run|running|execute|executing|with|via)\s+(?:the\s+|a\s+)?(?=\S+\s+\S*\s*$)"
)
"""A verb of use right before a value and the property's word ("using the echo %date% command"):
at most two words between them."""
_TO_COLON = re.compile(r"(?:\s+[\w']+){0,3}?\s*:(?!//)(?:\s|\\n)+")
"""The property's word, up to three words, then a colon: what follows is the value."""
_LITERAL_BREAKS = re.compile(r"(?:\\n)+")


def _without_last_word(candidate: SpanCandidate) -> SpanCandidate | None:
    """A name whose last word may be the label that follows it ("Hang Dong District", "Lake Como
    Hotel"): the name without that word, with the word as what comes after. It only wins over the
    whole name where that word is the property's own (`district_name`)."""
    if candidate.kind != "name":
        return None
    head, _, last = candidate.value.rpartition(" ")
    if not head or not last.isalpha():
        return None
    span = Span(candidate.span.start, candidate.span.start + len(head))
    return SpanCandidate(head, span, "name", candidate.before, (stem(last), *candidate.after[:1]), False)


def assign(
    props: dict[str, dict[str, Any]],
    names: list[str],
    text: str,
    free: Callable[[Span], bool],
    required: list[str],
) -> list[tuple[str, str, Span]]:
    """(property, value, span) for the string properties `names`, best-labelled pairs first."""
    candidates = [c for c in find_candidates(text) if free(c.span)]
    candidates += [t for t in map(_without_last_word, candidates) if t is not None]
    pairs = sorted(
        (
            (score(name, props[name], c), -c.span.start, name, c)
            for name in names
            for c in candidates
            if c.value.lower() != name.lower()
        ),
        key=lambda p: (p[0], p[1]),
        reverse=True,
    )
    pairs.extend(_tails(props, names, text, free))
    pairs.sort(key=lambda p: (p[0], p[1]), reverse=True)
    taken: list[Span] = []
    done: dict[str, tuple[str, Span]] = {}
    for value, _, name, c in pairs:
        if value < 1.0:
            break
        if name in done or any(c.span.overlaps(t) for t in taken):
            continue
        done[name] = (c.value, c.span)
        taken.append(c.span)
    # A person's name left without a label goes to the one property that holds a person's name.
    people = [n for n in names if n not in done and holds_person_name(n, props[n])]
    persons: list[SpanCandidate] = []
    for c in candidates:
        if c.kind != "name" or not looks_like_person(c.value):
            continue
        # A name's shortened variant (`_without_last_word`) is the same person.
        if not any(c.span.overlaps(t) for t in [*taken, *(p.span for p in persons)]):
            persons.append(c)
    if len(people) == 1 and len(persons) == 1:
        done[people[0]] = (persons[0].value, persons[0].span)
        taken.append(persons[0].span)
    # A single required property left and a single quoted span left: they belong together.
    left = [n for n in names if n in required and n not in done]
    spare = [c for c in candidates if c.kind == "quoted" and not any(c.span.overlaps(t) for t in taken)]
    if len(left) == 1 and len(spare) == 1:
        done[left[0]] = (spare[0].value, spare[0].span)
    return [(name, value, span) for name, (value, span) in done.items()]
