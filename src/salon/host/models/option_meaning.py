"""Enum options read by meaning: "comic" for `Comedy`, "therapist" for `Psychologist`.

`salon.host.models.choices` finds an enum option only when its words are written in the request.
People name the same thing in other words, so an option still unread is compared, by the sentence
embedder the provider already holds (`salon.host.models.meaning`), with each content word and each
pair of adjacent content words of the request that are still free. The closest option is taken when
it is close enough (`floor`) and clearly closer than the runner-up option for that phrase (`margin`).

Words that name the tool or the property itself ("movies" for `FindMovies`, "genre" for `genre`) are
context, not values, and are never compared: "a movie" is close to `Comedy` in meaning, yet says no
genre. Nor is a word that says what someone does ("movies where Zach Woods acts in"): an inflected
word after a subject pronoun, or after a name and before a preposition, is a verb, and a verb names
no option, however close its vector ("acts" to `Action`). Catch-all options ("dontcare",
"any") are never chosen by meaning, and neither are options of one or two characters or plain
numbers, whose vectors mean little.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from salon.host.models.understanding import STOP_WORDS, Span, stem, word_set
from salon.router import Embedder

_CATCH_ALL = word_set("all any dontcare none default everything both either other others")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SUBJECTS = word_set("he she they who it we i you")
_AFTER_A_VERB = word_set("in on at with by for from as to into about")
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b(?P<name>[A-Z][\w'-]*|[A-Za-z]+)\s+$")


@dataclass(frozen=True)
class OptionByMeaning:
    value: Any
    span: Span
    similarity: float


def _is_verb(text: str, span: Span) -> bool:
    """Whether the word at `span` reads as a verb: an inflected word ("acts", "starred") after a
    subject pronoun, or after a name and before a preposition ("Zach Woods acts in")."""
    word = text[span.start : span.end].lower()
    if not (word.endswith("ed") or (word.endswith("s") and not word.endswith("ss"))):
        return False
    before = _NAME_BEFORE.search(text, 0, span.start)
    if before is None:
        return False
    after = re.match(r"\s*([A-Za-z]+)?", text[span.end :])
    next_word = (after.group(1) or "").lower() if after else ""
    subject = before.group("name")
    if subject.lower() in _SUBJECTS:
        return not next_word or next_word in _AFTER_A_VERB
    return subject[0].isupper() and before.start("name") > 0 and next_word in _AFTER_A_VERB


def _phrases(text: str, free: Callable[[Span], bool], context: frozenset[str]) -> list[tuple[str, Span]]:
    """Content words still free, and pairs of adjacent ones, with their spans (verbs left out)."""
    words = [
        (m.group(0), Span(m.start(), m.end()))
        for m in _WORD.finditer(text)
        if m.group(0).lower() not in STOP_WORDS
        and len(m.group(0)) >= 3
        and not _is_verb(text, Span(m.start(), m.end()))
    ]
    kept = [(w, s) for w, s in words if free(s) and stem(w.lower()) not in context]
    phrases = list(kept)
    for (first, a), (second, b) in itertools.pairwise(kept):
        if re.fullmatch(r"[\s-]*", text[a.end : b.start]):
            phrases.append((f"{first} {second}", Span(a.start, b.end)))
    return phrases


def _comparable(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    plain = value.strip().lower()
    return len(plain) >= 3 and plain not in _CATCH_ALL and not plain.replace(".", "").isdigit()


def option_by_meaning(
    text: str,
    options: Sequence[Any],
    embedder: Embedder,
    *,
    free: Callable[[Span], bool],
    context: frozenset[str],
    floor: float = 0.55,
    margin: float = 0.05,
) -> OptionByMeaning | None:
    """The option a phrase of `text` means, or None; `context` holds the stems never compared."""
    values = [v for v in options if _comparable(v)]
    if len(values) < 2:
        return None
    phrases = _phrases(text, free, context)
    if not phrases:
        return None
    labels = [str(v).replace("_", " ").replace("-", " ") for v in values]
    vectors = np.asarray(embedder.embed([*labels, *(p for p, _ in phrases)]), dtype=np.float32)
    similarity = vectors[len(labels) :] @ vectors[: len(labels)].T  # phrases × options
    best: OptionByMeaning | None = None
    for row, (_, span) in enumerate(phrases):
        order = np.argsort(-similarity[row])
        top, runner_up = float(similarity[row, order[0]]), float(similarity[row, order[1]])
        if top < floor or top - runner_up < margin:
            continue
        if best is None or top > best.similarity:
            best = OptionByMeaning(values[int(order[0])], span, top)
    return best
