"""Search-like properties (`query`, `keyword`, "what to search for"): the request minus its filler.

A quoted phrase is the query when there is one. Otherwise the query is what is left of the request
after the spans other properties took, the action words ("find", "search", "show"), the words that
name the tool itself, talk about the tools ("using the web search tool"), the property's own name
where it opens the value ("with content go to sleep"), and filler at either edge ("please", "can
you", "me") are removed; filler inside the phrase stays ("The Sound of Silence"), and so does a
question word that opens it ("where is beijing").
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
_QUOTED = re.compile(r"(?<!\w)[\"“”'‘’](?P<q>[^\"“”‘’]{2,}?)[\"“”'‘’](?!\w)")
_TOOL_TALK = re.compile(
    r"\b(?:using|use|via|with|trigger|call|invoke)\s+(?:the\s+|a\s+|your\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:tools?|functions?|apis?)\b",
    re.IGNORECASE,
)
"""Words about the tools themselves ("using the web search tool"), not what to look for."""
_LABEL_LINKS = frozenset({"is", "of", "with", "called", "named", "as", "to", ":"})
_QUESTION_WORDS = frozenset({"what", "where", "when", "who", "which", "how", "why"})
_FILLER = word_set("me us for please could would can you i")
_SEARCH_DESCRIPTION = re.compile(
    r"search (?:query|terms?)|keywords?|what to (?:search|look) for|free text", re.IGNORECASE
)


def is_query(name: str, prop: dict[str, Any]) -> bool:
    """Whether a string property holds what to search for."""
    return name.lower() in QUERY_NAMES or bool(_SEARCH_DESCRIPTION.search(str(prop.get("description", ""))))


def query_value(
    text: str,
    free: Callable[[Span], bool],
    ignore_words: frozenset[str],
    label_words: frozenset[str] = frozenset(),
) -> tuple[str, Span] | None:
    """The query `text` asks for, with the span it covers; `ignore_words` are the tool's own stems,
    `label_words` the property's, dropped where they open the query ("with content go to sleep")."""
    quoted = _QUOTED.search(text)
    if quoted:
        return quoted.group("q").strip(), Span(quoted.start(), quoted.end())
    talk = [Span(m.start(), m.end()) for m in _TOOL_TALK.finditer(text)]
    pieces: list[tuple[str, Span]] = []
    for m in re.finditer(r"[\w'&.+#-]+", text):
        span = Span(m.start(), m.end())
        if free(span) and not any(span.overlaps(t) for t in talk):
            pieces.append((m.group(0).strip("."), span))
    kept = [
        (w, s) for w, s in pieces if concept(w) not in ACTION_CONCEPTS or (w[0].isupper() and s.start > 0)
    ]
    without_tool_words = [(w, s) for w, s in kept if stem(w) not in ignore_words]
    if any(w.lower() not in STOP_WORDS for w, _ in without_tool_words):
        kept = without_tool_words
    while kept and (kept[0][0].lower() in STOP_WORDS or kept[0][0].lower() in _FILLER):
        if kept[0][0].lower() in _QUESTION_WORDS and any(w.lower() not in STOP_WORDS for w, _ in kept):
            break  # "where is beijing": a question is a query as it stands
        kept.pop(0)
    while kept and (kept[-1][0].lower() in STOP_WORDS or kept[-1][0].lower() in _FILLER):
        kept.pop()
    if len(kept) > 1 and stem(kept[0][0]) in label_words:
        kept.pop(0)
        while kept and kept[0][0].lower() in _LABEL_LINKS:
            kept.pop(0)
    if not kept:
        return None
    return " ".join(w for w, _ in kept), Span(kept[0][1].start, kept[-1][1].end)
