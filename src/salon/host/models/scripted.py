"""A deterministic provider for tests: it plays a script, one step per model call.

A step is text (`"Found three hotels."`), a list of calls (`[{"name": "hotels__search_hotels",
"arguments": {...}}]` or `ProposedCall`s), or a callable that gets the `ModelRequest` and returns a
step. The script is a sequence of steps consumed in order, or one callable used for every call.
Every request is kept in `requests`, so a test can assert what the model saw (which tools were
offered, which messages). Running past the end of the script raises `ModelError`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, TypeAlias

from salon.errors import ModelError
from salon.host.models.base import (
    CallDraft,
    CallProposal,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    ProposedCall,
    TextDelta,
)
from salon.host.models.partial_json import read_partial_object

Step: TypeAlias = "str | Sequence[Mapping[str, Any] | ProposedCall] | Callable[[ModelRequest], Step]"
Script: TypeAlias = "Sequence[Step] | Callable[[ModelRequest], Step]"


class ScriptedProvider(ModelProvider):
    name = "scripted"

    def __init__(self, steps: Script, *, stream_arguments: bool = False) -> None:
        """`stream_arguments`: send each call's arguments as a model would stream them, a few characters
        at a time, as `CallDraft`s before the call itself."""
        self._steps = steps
        self._stream_arguments = stream_arguments
        self._position = 0
        self._calls = 0
        self.requests: list[ModelRequest] = []

    @property
    def remaining(self) -> int | None:
        """Steps left in the script (None for a callable script, which never runs out)."""
        return None if callable(self._steps) else len(self._steps) - self._position

    def _next_step(self, request: ModelRequest) -> Step:
        if callable(self._steps):
            return self._steps(request)
        if self._position >= len(self._steps):
            raise ModelError(
                f"the scripted model has no step left: its script had {len(self._steps)} step(s) and "
                f"this is model call {len(self.requests)}; add a step to the script for this call",
                code="model_script_exhausted",
            )
        step = self._steps[self._position]
        self._position += 1
        return step

    def _proposal(self, item: Mapping[str, Any] | ProposedCall) -> ProposedCall:
        self._calls += 1
        if isinstance(item, ProposedCall):
            return item
        if "name" not in item:
            raise ModelError(
                f"a scripted call needs a 'name' (got {dict(item)!r})", code="model_script_invalid"
            )
        return ProposedCall(
            id=str(item.get("id") or f"call_{self._calls}"),
            name=str(item["name"]),
            arguments=dict(item.get("arguments") or {}),
        )

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        self.requests.append(request)
        step = self._next_step(request)
        while callable(step):
            step = step(request)
        if isinstance(step, str):
            if step:
                yield TextDelta(text=step)
            return
        for item in step:
            call = self._proposal(item)
            if self._stream_arguments:
                for draft in _drafts(call):
                    yield draft
            yield CallProposal(call=call)


DRAFT_STEP_CHARS = 6
"""How many characters of a call's JSON arguments each streamed fragment adds."""


def _drafts(call: ProposedCall) -> list[CallDraft]:
    text = json.dumps(call.arguments)
    drafts: list[CallDraft] = []
    shown: dict[str, Any] | None = None
    for end in range(DRAFT_STEP_CHARS, len(text) + DRAFT_STEP_CHARS, DRAFT_STEP_CHARS):
        arguments = read_partial_object(text[:end])
        if arguments is not None and arguments != shown:
            shown = arguments
            drafts.append(CallDraft(id=call.id, name=call.name, arguments=arguments))
    return drafts
