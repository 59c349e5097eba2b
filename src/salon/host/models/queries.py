"""Search-like properties (`query`, `keyword`, "what to search for"): the request minus its filler.

A quoted phrase is the query when there is one. Otherwise the query is what is left of the request
after the spans other properties took, the action words ("find", "search", "show"), the words that
name the tool itself, and filler at either edge ("please", "can you", "me") are removed; filler
inside the phrase stays ("The Sound of Silence").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from salon.host.models.understanding import ACTION_CONCEPTS, STOP_WORDS, Span, concept, stem, word_set

QUERY_NAMES = word_set(
    "query q search search_query search_term term terms keyword keywords text prompt topic phrase "
    "question message body content note"
)
_QUOTED = re.compile(r"[\"“”'‘’](?P<q>[^\"“”‘’]{2,}?)[\"“”'‘’](?!\w)")
_FILLER = word_set("me us for please could would can you i")
_SEARCH_DESCRIPTION = re.compile(
    r"search (?:query|terms?)|keywords?|what to (?:search|look) for|free text", re.IGNORECASE
)


def is_query(name: str, prop: dict[str, Any]) -> bool:
    """Whether a string property holds what to search for."""
    return name.lower() in QUERY_NAMES or bool(_SEARCH_DESCRIPTION.search(str(prop.get("description", ""))))


def query_value(
    text: str, free: Callable[[Span], bool], ignore_words: frozenset[str]
) -> tuple[str, Span] | None:
    """The query `text` asks for, with the span it covers; `ignore_words` are the tool's own stems."""
    quoted = _QUOTED.search(text)
    if quoted:
        return quoted.group("q").strip(), Span(quoted.start(), quoted.end())
    pieces: list[tuple[str, Span]] = []
    for m in re.finditer(r"[\w'&.+#-]+", text):
        span = Span(m.start(), m.end())
        if free(span):
            pieces.append((m.group(0).strip("."), span))
    kept = [
        (w, s) for w, s in pieces if concept(w) not in ACTION_CONCEPTS or (w[0].isupper() and s.start > 0)
    ]
    without_tool_words = [(w, s) for w, s in kept if stem(w) not in ignore_words]
    if any(w.lower() not in STOP_WORDS for w, _ in without_tool_words):
        kept = without_tool_words
    while kept and (kept[0][0].lower() in STOP_WORDS or kept[0][0].lower() in _FILLER):
        kept.pop(0)
    while kept and (kept[-1][0].lower() in STOP_WORDS or kept[-1][0].lower() in _FILLER):
        kept.pop()
    if not kept:
        return None
    return " ".join(w for w, _ in kept), Span(kept[0][1].start, kept[-1][1].end)
