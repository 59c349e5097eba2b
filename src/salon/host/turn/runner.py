"""`TurnRunner`: the entry points of a turn — the person's message, their decision on a pending call,
and a view's own call — composed from the model's rounds, the gate, and the steps of a call."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from salon.host import events
from salon.host.catalog import AppCatalog
from salon.host.models.base import ModelProvider
from salon.host.routing import ToolRouting
from salon.host.tools import ToolSpec
from salon.host.turn.calls import CallSteps
from salon.host.turn.gate import CallGate
from salon.host.turn.rounds import ModelRounds
from salon.store import ConfirmationStatus, Store, ToolCallRecord

if TYPE_CHECKING:
    from salon.host.checkout.commerce import HostCommerce

Decision = Literal["approve", "always", "deny"]
_DECISION_STATUS: dict[Decision, ConfirmationStatus] = {
    "approve": "approved",
    "always": "always",
    "deny": "denied",
}


class TurnRunner:
    def __init__(
        self,
        store: Store,
        catalog: AppCatalog,
        provider: ModelProvider,
        routing: ToolRouting,
        *,
        max_rounds: int = 4,
        timezone: str | None = None,
        prefetch_view: Callable[[str, str], None] | None = None,
        commerce: HostCommerce | None = None,
    ) -> None:
        """`prefetch_view(app, uri)` is told of a view as soon as the call that renders into it starts.

        `commerce` is checkout in the conversation: the host's own `salon__orders` tool, and the
        checkout card a tool result's `_meta["salon/acp"]` asks for (salon.host.checkout).
        """
        self._store = store
        self._calls = CallSteps(store, catalog, prefetch_view=prefetch_view, commerce=commerce)
        self._gate = CallGate(store, catalog, self._calls, commerce=commerce)
        self._rounds = ModelRounds(
            store,
            catalog,
            provider,
            routing,
            self._gate,
            self._calls,
            max_rounds=max_rounds,
            timezone=ZoneInfo(timezone) if timezone else None,
            commerce=commerce,
        )

    async def run(self, conversation_id: str, text: str) -> AsyncGenerator[events.TurnEvent, None]:
        conversation = await self._store.conversations.get(conversation_id)
        message = await self._store.messages.append(conversation.id, role="user", content=text)
        if conversation.title in ("", "New conversation"):
            await self._store.conversations.rename(conversation.id, _title_from(text))
        yield events.UserMessage(conversation_id=conversation.id, message_id=message.id, text=text)
        async with aclosing(self._rounds.run(conversation.id, text, report_mentions=True)) as stream:
            async for event in stream:
                yield event

    async def resume(
        self, confirmation_id: str, decision: Decision
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """Apply the person's decision on a pending call, then let the turn continue."""
        confirmation = await self._store.confirmations.decide(confirmation_id, _DECISION_STATUS[decision])
        cid = confirmation.conversation_id
        from_view = (confirmation.payload or {}).get("origin") == "view"
        if decision == "deny":
            await self._calls.finish(
                cid,
                confirmation.call_id,
                confirmation.app,
                confirmation.tool,
                status="denied",
                text="The person declined this action, so it was not run.",
                is_error=True,
                transcript=not from_view,
            )
            yield events.ToolResult(
                call_id=confirmation.call_id,
                app=confirmation.app,
                tool=confirmation.tool,
                text="You declined this action, so it was not run.",
                is_error=True,
            )
        else:
            outcome = self._gate.confirmed(confirmation, always=decision == "always", from_view=from_view)
            async with aclosing(outcome) as stream:
                async for event in stream:
                    yield event
        if from_view:
            # The view asked for this call and gets its result; the model did not ask, so it does not answer.
            yield events.Done(conversation_id=cid)
            return
        async with aclosing(self._rounds.run(cid, await self._last_user_text(cid))) as stream:
            async for event in stream:
                yield event

    def call_from_view(
        self, view_call: ToolCallRecord, spec: ToolSpec, arguments: dict[str, Any], *, changed: bool
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """A view's own call of `spec` (already checked: same app, visible to views, valid arguments).

        The policy is the turn's: a changed definition or anything not read-only (and not always
        allowed) yields `ConfirmationRequired` with `payload.origin == "view"`; otherwise the call runs
        and yields `ToolResult` or `Error`. The call is recorded with `view_call_id`, never in the
        model's transcript.
        """
        return self._gate.view_call(view_call, spec, arguments, changed=changed)

    async def _last_user_text(self, conversation_id: str) -> str:
        for message in reversed(await self._store.messages.list(conversation_id)):
            if message.role == "user":
                return message.content
        return ""


def _title_from(text: str) -> str:
    words = text.strip().split()
    title = " ".join(words[:8])
    return title + ("…" if len(words) > 8 else "") if title else "New conversation"


__all__ = ["Decision", "TurnRunner"]
