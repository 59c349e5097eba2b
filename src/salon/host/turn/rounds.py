"""The model's side of a turn: rounds of routing, one streamed model request, and its proposed calls.

Each round routes the person's message (only the top few tools go to the model, none when the router's
gate finds that no app fits, only the pinned app's with `@app`), sends the stored transcript plus what a
view last shared (`ui/update-model-context`, as a second system message), streams the model's text and
the partial arguments of calls it is still writing, stores its answer, and passes each proposed call
through the gate. A call that waits for the person ends the turn; the calls after it in the same
answer are not run. Up to `max_rounds` rounds.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from contextlib import aclosing
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from salon.errors import ModelError
from salon.host import events
from salon.host.catalog import AppCatalog, LiveTools
from salon.host.history import system_prompt, to_chat_messages
from salon.host.models.base import (
    CallDraft,
    CallProposal,
    ChatMessage,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.routing import ToolRouting, unknown_mention_message
from salon.host.tools import split_qualified
from salon.host.turn.calls import CallSteps
from salon.host.turn.gate import CallGate
from salon.host.view_context import model_context_message
from salon.store import Message, Store

if TYPE_CHECKING:
    from salon.host.checkout.commerce import HostCommerce


class ModelRounds:
    def __init__(
        self,
        store: Store,
        catalog: AppCatalog,
        provider: ModelProvider,
        routing: ToolRouting,
        gate: CallGate,
        calls: CallSteps,
        *,
        max_rounds: int,
        timezone: tzinfo | None,
        commerce: HostCommerce | None,
    ) -> None:
        self._store = store
        self._catalog = catalog
        self._provider = provider
        self._routing = routing
        self._gate = gate
        self._calls = calls
        self._max_rounds = max_rounds
        self._timezone = timezone
        self._commerce = commerce

    def _now(self) -> datetime:
        return datetime.now(self._timezone).astimezone(self._timezone)

    async def run(
        self, conversation_id: str, query: str, *, report_mentions: bool = False
    ) -> AsyncGenerator[events.TurnEvent, None]:
        for step in range(self._max_rounds):
            live = await self._catalog.live_tools()
            stored = await self._store.messages.list(conversation_id)
            await self._routing.sync(live)
            offer = await self._routing.offer(query, live, stored)
            if step == 0 and report_mentions and offer.unknown_mentions:
                yield events.Error(code="unknown_app", message=unknown_mention_message(offer, live))
            offered = offer.tools
            if self._commerce is not None:
                offered = [*offered, *self._commerce.orders_tool.offered_for(query)]
            failed, declined = await self._unsuccessful_calls(conversation_id, stored)
            shared = await self._store.model_contexts.get(conversation_id)
            now = self._now()
            request = ModelRequest(
                messages=[
                    ChatMessage(role="system", content=system_prompt(now)),
                    *([ChatMessage(role="system", content=model_context_message(shared))] if shared else []),
                    *to_chat_messages(stored, failed, declined),
                ],
                tools=[
                    OfferedTool(
                        name=spec.qualified_name,
                        description=spec.description or spec.title or spec.name,
                        parameters=spec.input_schema,
                        read_only=spec.hints.declared_read_only,
                        title=spec.title,
                    )
                    for spec in offered
                ],
                now=now,
            )
            text_parts: list[str] = []
            calls: list[ProposedCall] = []
            # Call ids the model gives are made unique once, so drafts and the call share one id.
            unique_ids: dict[str, str] = {}
            try:
                async for chunk in self._provider.stream(request):
                    if isinstance(chunk, TextDelta):
                        if chunk.text:
                            text_parts.append(chunk.text)
                            yield events.Text(text=chunk.text)
                    elif isinstance(chunk, CallDraft):
                        partial = _partial_input(chunk, live, unique_ids)
                        if partial is not None:
                            yield partial
                    elif isinstance(chunk, CallProposal):
                        calls.append(chunk.call)
            except ModelError as exc:
                yield events.Error(code=exc.code, message=exc.message)
                yield events.Done(conversation_id=conversation_id)
                return
            calls = _with_unique_ids(calls, unique_ids)
            await self._store.messages.append(
                conversation_id,
                role="assistant",
                content="".join(text_parts),
                tool_calls=[call.model_dump() for call in calls] or None,
            )
            if not calls:
                yield events.Done(conversation_id=conversation_id)
                return
            waiting = False
            for call in calls:
                if waiting:
                    await self._calls.skip(conversation_id, call)
                    continue
                async with aclosing(self._gate.model_call(conversation_id, call, live)) as stream:
                    async for event in stream:
                        yield event
                        if isinstance(event, events.ConfirmationRequired):
                            waiting = True
            if waiting:
                yield events.Done(conversation_id=conversation_id, waiting=True)
                return
        yield events.Error(
            code="too_many_rounds",
            message=f"The assistant stopped after {self._max_rounds} rounds of tool calls in one turn.",
        )
        yield events.Done(conversation_id=conversation_id)

    async def _unsuccessful_calls(
        self, conversation_id: str, stored: list[Message]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """Ids of the conversation's calls that failed, and of those the person declined."""
        if not any(message.role == "tool" for message in stored):
            return frozenset(), frozenset()
        records = await self._store.tool_calls.list_for_conversation(conversation_id)
        failed = frozenset(r.id for r in records if r.is_error or r.status in ("failed", "denied", "invalid"))
        return failed, frozenset(r.id for r in records if r.status == "denied")


def _unique_id(given: str, unique_ids: dict[str, str]) -> str:
    """Call ids are primary keys across conversations; models reuse short ids like `call_0`."""
    if given and given in unique_ids:
        return unique_ids[given]
    made = f"{given}-{uuid.uuid4().hex[:10]}" if given else uuid.uuid4().hex
    if given:
        unique_ids[given] = made
    return made


def _with_unique_ids(calls: list[ProposedCall], unique_ids: dict[str, str]) -> list[ProposedCall]:
    """The calls with their unique ids (their drafts' ids); a model id used twice in one answer gets a
    fresh id the second time."""
    seen: set[str] = set()
    unique: list[ProposedCall] = []
    for call in calls:
        made = _unique_id(call.id, unique_ids)
        if made in seen:
            made = f"{call.id}-{uuid.uuid4().hex[:10]}"
        seen.add(made)
        unique.append(call.model_copy(update={"id": made}))
    return unique


def _partial_input(
    draft: CallDraft, live: LiveTools, unique_ids: dict[str, str]
) -> events.ToolInputPartial | None:
    """The streaming arguments of a call the page can show in the tool's view; None for a tool without
    a view, one the model may not call, or a draft without an id to tie it to its call."""
    if not draft.id:
        return None
    try:
        app, tool = split_qualified(draft.name)
    except ValueError:
        return None
    spec = live.find(app, tool)
    if spec is None or not spec.view_uri or not spec.visible_to_model:
        return None
    return events.ToolInputPartial(
        call_id=_unique_id(draft.id, unique_ids),
        app=spec.app,
        tool=spec.name,
        resource_uri=spec.view_uri,
        arguments=draft.arguments,
    )


__all__ = ["ModelRounds"]
