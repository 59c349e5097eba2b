"""Which tools the model sees for a message: a small BM25 ranking, until the router takes over.

Each tool visible to the model is a document made of its app, name (both weighted up), title,
description, parameter names and enum values, in the concept space of
`salon.host.models.understanding` (stemmed, action synonyms folded: "reserve" meets `book_hotel`).
The message is the query; recent history counts too, at `HISTORY_WEIGHT`, so that "book the second
one" still ranks the booking tool of the app just used. An `@app` mention puts that app's tools
first. Ties keep the order the tools were given in, so the ranking is deterministic. Tools with no
match are still returned after the matching ones, up to `top_k`: deciding that no tool fits is the
model's job (or, later, the router's "no app" gate).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from salon.host.models.understanding import concepts
from salon.host.tools import ToolSpec

HISTORY_WEIGHT = 0.3
"""How much a term of recent history counts compared with a term of the message."""

_K1 = 1.2
_B = 0.75
_MENTION = re.compile(r"(?<![\w.])@([A-Za-z0-9][\w-]*)")


def _document(tool: ToolSpec) -> Counter[str]:
    properties = tool.input_schema.get("properties") or {}
    fields = tuple(
        (name, " ".join(str(v) for v in prop.get("enum", [])) if isinstance(prop, dict) else "")
        for name, prop in properties.items()
    )
    return _terms(tool.app, tool.name, tool.title or "", tool.description, fields)


@lru_cache(maxsize=8192)
def _terms(
    app: str, name: str, title: str, description: str, fields: tuple[tuple[str, str], ...]
) -> Counter[str]:
    """A tool's document; cached, since the same tools are ranked on every turn (callers never mutate it)."""
    terms: Counter[str] = Counter()
    for _ in range(2):
        terms.update(concepts(app))
        terms.update(concepts(name))
    terms.update(concepts(title))
    terms.update(concepts(description))
    for field_name, enum_words in fields:
        terms.update(concepts(field_name))
        terms.update(concepts(enum_words))
    return terms


def mentioned_apps(text: str) -> list[str]:
    """Apps named with `@app` in `text`, in order, lower-cased."""
    return list(dict.fromkeys(m.lower() for m in _MENTION.findall(text)))


def rank_tools(
    query: str,
    tools: list[ToolSpec],
    *,
    top_k: int = 8,
    history: list[str] | None = None,
) -> list[ToolSpec]:
    """The `top_k` tools most relevant to `query`, best first, hidden tools excluded."""
    visible = [t for t in tools if t.visible_to_model]
    if not visible or top_k <= 0:
        return []
    documents = [_document(t) for t in visible]
    average_length = sum(sum(d.values()) for d in documents) / len(documents) or 1.0
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(set(document))

    weights: dict[str, float] = {}
    for text in history or []:
        for term in concepts(text):
            weights[term] = max(weights.get(term, 0.0), HISTORY_WEIGHT)
    for term in concepts(query):
        weights[term] = 1.0

    def score(document: Counter[str]) -> float:
        length = sum(document.values())
        total = 0.0
        for term, weight in weights.items():
            tf = document.get(term, 0)
            if not tf:
                continue
            idf = math.log(1 + (len(documents) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            total += weight * idf * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / average_length))
        return total

    pinned = mentioned_apps(query)
    ranked = sorted(
        range(len(visible)),
        key=lambda i: (
            pinned.index(visible[i].app.lower()) if visible[i].app.lower() in pinned else len(pinned),
            -score(documents[i]),
            i,
        ),
    )
    return [visible[i] for i in ranked[:top_k]]
