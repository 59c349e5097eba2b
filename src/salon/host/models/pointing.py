"""What a message points at among the results already shown, and which tools can take it.

A person refers back to results in several ways, all worked out here from the conversation alone:

- an ordinal or a demonstrative ("the second one", "#3", "it"): `find_reference`, counted in the
  latest list (a hotel's details, one item, give way to the search before them for "the second");
  "it" among several is the one the assistant's last words named ("The cheapest is …");
- a name the results hold ("book the Silver Orchard Inn"): `named_in`;
- a superlative over a number field ("the cheapest one", `salon.host.models.comparisons`), which
  points as "the first" does.

`Pointer` holds what was found. A tool *uses* the item when one of its arguments is one of the
item's identifiers (an id, a reference); a tool that takes ids gains a little for a pointer, more
when it is the same app's and when its id names what the results list (`hotel_id` after a hotel
search).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from salon.host.models.base import ChatMessage, OfferedTool
from salon.host.models.comparisons import Superlative, superlative_item, superlative_span
from salon.host.models.conversation import Results, named_in, recent_results, split_name
from salon.host.models.properties import is_id_property
from salon.host.models.understanding import Reference, find_reference, stem, tokenize


@dataclass(frozen=True)
class Pointer:
    """What a message points at: its reference, the results it counts in, and the item."""

    reference: Reference | None
    results: Results | None
    item: dict[str, Any] | None
    superlative: Superlative | None = None

    def from_app(self, app: str) -> bool:
        """Whether the item can be handed to `app`'s tools: it came from that app (or from no app
        the conversation names, as in an evaluation's unqualified tools)."""
        return self.results is None or split_name(self.results.tool)[0] in ("", app)


def pointed_at(messages: list[ChatMessage], text: str, item: dict[str, Any] | None = None) -> Pointer:
    """The pointer in `text` among the results of `messages`; `item` where it was worked out
    already (the result a search was made to find)."""
    reference = find_reference(text)
    superlative: Superlative | None = None
    if reference is None and item is not None and (span := superlative_span(text)) is not None:
        reference = Reference(0, span, explicit=True)  # "the cheapest one" points as "the first" does
    results = recent_results(messages, counted=reference is not None and reference.explicit)
    item = item or referenced_item(reference, results) or named_in(results, text)
    if item is None and reference is not None and not reference.explicit and results is not None:
        item = _last_said(messages, results)  # "book it" after "The cheapest is Harbourline Paris…"
    if item is None and (lists := recent_results(messages, counted=True)) is not None:
        superlative = superlative_item(text, lists.items)
        if superlative is not None:
            results, item = lists, superlative.item
            reference = Reference(0, superlative.span, explicit=True)
    return Pointer(reference, results, item, superlative)


def _last_said(messages: list[ChatMessage], results: Results) -> dict[str, Any] | None:
    """The one result the assistant's last words name, where they name one."""
    said = next((m.content for m in reversed(messages) if m.role == "assistant" and m.content), "")
    return named_in(results, said) if said else None


def referenced_item(reference: Reference | None, results: Results | None) -> dict[str, Any] | None:
    """The item an ordinal counts to, or the only one that "it" can mean."""
    if reference is None or results is None:
        return None
    items = results.items
    if not reference.explicit:
        return items[0] if len(items) == 1 else None
    if -len(items) <= reference.index < len(items):
        return items[reference.index]
    return None


def takes_ids(tool: OfferedTool) -> bool:
    return any(is_id_property(p) for p in tool.parameters.get("properties") or {})


def uses(arguments: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
    """Whether a call with `arguments` names `item` by one of its identifiers (a hotel's id, a
    booking's reference), not merely repeating values it shares (the dates of a stay)."""
    identifiers = {
        str(v)
        for k, v in item.items()
        if isinstance(v, str | int) and (is_id_property(k) or "reference" in k.lower())
    }
    return any(str(v) in identifiers for v in arguments.values() if isinstance(v, str | int))


def reference_bonus(tool: OfferedTool, pointer: Pointer) -> float:
    """What pointing at a result adds to a tool that takes ids."""
    if pointer.reference is None or pointer.results is None or not takes_ids(tool):
        return 0.0
    bonus = 0.5
    if split_name(tool.name)[0] == split_name(pointer.results.tool)[0]:
        bonus += 1.5
    id_words = {
        stem(t)
        for p in tool.parameters.get("properties") or {}
        if is_id_property(p)
        for t in tokenize(p)
        if t != "id"
    }
    if id_words & {stem(t) for t in tokenize(pointer.results.tool)}:
        bonus += 1.0
    return bonus
