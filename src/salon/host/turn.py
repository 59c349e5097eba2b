"""The turn loop: from the person's message to the assistant's reply, streaming every step.

    1. store the message
    2. route the message (`salon.host.routing`): only the top few tools go to the model, none when
       the router's gate finds that no app fits, only the pinned app's with `@app`
    3. the model streams text and proposes calls
    4. each call is validated against the tool's schema (failures go back to the model, not the app)
    5. policy: changed definitions and anything not read-only wait for the person (the turn pauses;
       `resume` continues it after the decision, in this worker or another)
    6. the call goes to the app with its arguments only; the result splits into text for the model,
       structured data and `_meta` for the view
    7. the model writes a short follow-up; repeat up to `max_tool_rounds`

Nothing a later step needs lives in process memory: a paused turn is a pending confirmation row, so
any worker can resume it.

Views call tools too (`call_from_view`): the same validation and policy, but the call is history only
(not part of the model's transcript), and a confirmed one streams just its result — no model round
follows. What a view shared with the model (`ui/update-model-context`, the last one per conversation)
goes into every model request as a second system message, until a view replaces it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Callable, Coroutine
from contextlib import aclosing
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import anyio

from salon.errors import AppError, ModelError
from salon.host import events
from salon.host.catalog import AppCatalog, LiveTools
from salon.host.fingerprint import describe_change, fingerprint, tool_definition
from salon.host.history import system_prompt, to_chat_messages
from salon.host.models.base import (
    INVALID_ARGUMENTS_KEY,
    CallDraft,
    CallProposal,
    ChatMessage,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.policy import confirmation_reason
from salon.host.routing import ToolRouting, unknown_mention_message
from salon.host.tools import ToolSpec, app_meta, split_qualified
from salon.host.validation import argument_errors
from salon.host.view_context import model_context_message
from salon.store import Confirmation, ConfirmationStatus, Message, Store, ToolCallRecord, ToolCallStatus

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
        """`prefetch_view(app, uri)` is told of a view as soon as the call that renders into it starts."""
        self._store = store
        self._prefetch_view = prefetch_view
        self._catalog = catalog
        self._provider = provider
        self._routing = routing
        # Checkout in the conversation: the host's own `salon__orders` tool, and the checkout card a
        # tool result's `_meta["salon/acp"]` asks for (salon.host.checkout).
        self._commerce = commerce
        self._max_rounds = max_rounds
        self._timezone = ZoneInfo(timezone) if timezone else None

    def _now(self) -> datetime:
        return datetime.now(self._timezone).astimezone(self._timezone)

    async def run(self, conversation_id: str, text: str) -> AsyncGenerator[events.TurnEvent, None]:
        conversation = await self._store.conversations.get(conversation_id)
        message = await self._store.messages.append(conversation.id, role="user", content=text)
        if conversation.title in ("", "New conversation"):
            await self._store.conversations.rename(conversation.id, _title_from(text))
        yield events.UserMessage(conversation_id=conversation.id, message_id=message.id, text=text)
        async with aclosing(self._rounds(conversation.id, text, report_mentions=True)) as stream:
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
            await self._finish_call(
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
            outcome = self._confirmed_call(confirmation, always=decision == "always", from_view=from_view)
            async with aclosing(outcome) as stream:
                async for event in stream:
                    yield event
        if from_view:
            # The view asked for this call and gets its result; the model did not ask, so it does not answer.
            yield events.Done(conversation_id=cid)
            return
        async with aclosing(self._rounds(cid, await self._last_user_text(cid))) as stream:
            async for event in stream:
                yield event

    async def _confirmed_call(
        self, confirmation: Confirmation, *, always: bool, from_view: bool = False
    ) -> AsyncGenerator[events.TurnEvent, None]:
        live = await self._catalog.live_tools()
        spec = live.find(confirmation.app, confirmation.tool)
        if spec is None:
            message = f"The {confirmation.app} app no longer offers {confirmation.tool}; nothing was run."
            await self._finish_call(
                confirmation.conversation_id,
                confirmation.call_id,
                confirmation.app,
                confirmation.tool,
                status="failed",
                text=message,
                is_error=True,
                error_code="tool_gone",
                transcript=not from_view,
            )
            yield events.Error(code="tool_gone", message=message, app=confirmation.app)
            return
        if confirmation.kind == "changed_definition":
            shown = (confirmation.payload or {}).get("fingerprint")
            if shown != fingerprint(spec):
                message = (
                    f"The {spec.app} app changed {spec.name} again after you were asked; nothing was run. "
                    "Ask again to review the newest version."
                )
                await self._finish_call(
                    confirmation.conversation_id,
                    confirmation.call_id,
                    spec.app,
                    spec.name,
                    status="failed",
                    text=message,
                    is_error=True,
                    error_code="changed_again",
                    transcript=not from_view,
                )
                yield events.Error(code="changed_again", message=message, app=spec.app)
                return
            await self._store.tool_definitions.approve(
                spec.app, spec.name, fingerprint(spec), tool_definition(spec)
            )
        if always:
            await self._store.grants.grant(spec.app, spec.name)
        await self._store.tool_calls.update(confirmation.call_id, status="running")
        async with aclosing(
            self._execute(
                confirmation.conversation_id,
                confirmation.call_id,
                spec,
                confirmation.arguments,
                from_view=from_view,
            )
        ) as stream:
            async for event in stream:
                yield event

    async def _rounds(
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
            failed = await self._failed_calls(conversation_id, stored)
            shared = await self._store.model_contexts.get(conversation_id)
            now = self._now()
            request = ModelRequest(
                messages=[
                    ChatMessage(role="system", content=system_prompt(now)),
                    *([ChatMessage(role="system", content=model_context_message(shared))] if shared else []),
                    *to_chat_messages(stored, failed),
                ],
                tools=[
                    OfferedTool(
                        name=spec.qualified_name,
                        description=spec.description or spec.title or spec.name,
                        parameters=spec.input_schema,
                        read_only=spec.hints.declared_read_only,
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
                    await self._skip(conversation_id, call)
                    continue
                async with aclosing(self._propose(conversation_id, call, live)) as stream:
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

    async def _propose(
        self, conversation_id: str, call: ProposedCall, live: LiveTools
    ) -> AsyncGenerator[events.TurnEvent, None]:
        try:
            app, tool = split_qualified(call.name)
        except ValueError:
            app, tool = "", call.name
        spec = live.find(app, tool)
        if spec is None and self._commerce is not None:
            spec = self._commerce.orders_tool.find(app, tool)
        if spec is None or not spec.visible_to_model:
            await self._answer_model(
                conversation_id,
                call,
                f"There is no tool named {call.name!r}. Use one of the tools offered, by its exact name.",
            )
            return
        if INVALID_ARGUMENTS_KEY in call.arguments:
            problems = [f"the arguments were not a JSON object: {call.arguments[INVALID_ARGUMENTS_KEY]!r}"]
        else:
            problems = argument_errors(spec, call.arguments)
        if problems:
            # Bounced to the model; the app never sees arguments that break its schema.
            await self._record(conversation_id, call, spec, "invalid")
            await self._answer_model(
                conversation_id,
                call,
                "The arguments did not match the tool's schema, so the call was not sent:\n- "
                + "\n- ".join(problems),
            )
            return
        if (spec.app, spec.name) in live.changed:
            approved = {d.tool: d for d in await self._store.tool_definitions.list(spec.app)}
            before = approved.get(spec.name)
            changes = describe_change(before.definition if before else None, tool_definition(spec))
            await self._record(conversation_id, call, spec, "waiting")
            yield events.ToolCall(call_id=call.id, app=spec.app, tool=spec.name, arguments=call.arguments)
            async with aclosing(
                self._ask(
                    conversation_id,
                    call,
                    spec,
                    kind="changed_definition",
                    reason=" ".join(changes) + " Approve the new version to run it.",
                    payload={"fingerprint": fingerprint(spec), "changes": changes},
                )
            ) as stream:
                async for event in stream:
                    yield event
            return
        read_only = spec.hints.declared_read_only
        granted = read_only or await self._store.grants.is_granted(spec.app, spec.name)
        reason = confirmation_reason(spec, always_allowed=granted)
        if reason is not None:
            await self._record(conversation_id, call, spec, "waiting")
            yield events.ToolCall(call_id=call.id, app=spec.app, tool=spec.name, arguments=call.arguments)
            async with aclosing(
                self._ask(conversation_id, call, spec, kind="call", reason=reason, payload=None)
            ) as stream:
                async for event in stream:
                    yield event
            return
        yield events.ToolCall(call_id=call.id, app=spec.app, tool=spec.name, arguments=call.arguments)
        recording = self._record(conversation_id, call, spec, "running")
        if not read_only:
            # A write is on record as running before it can reach the app.
            await recording
        async with aclosing(
            self._execute(
                conversation_id, call.id, spec, call.arguments, recording=recording if read_only else None
            )
        ) as stream:
            async for event in stream:
                yield event

    async def call_from_view(
        self, view_call: ToolCallRecord, spec: ToolSpec, arguments: dict[str, Any], *, changed: bool
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """A view's own call of `spec` (already checked: same app, visible to views, valid arguments).

        The policy is the turn's: a changed definition or anything not read-only (and not always
        allowed) yields `ConfirmationRequired` with `payload.origin == "view"`; otherwise the call runs
        and yields `ToolResult` or `Error`. The call is recorded with `view_call_id`, never in the
        model's transcript.
        """
        conversation_id = view_call.conversation_id
        call = ProposedCall(id=uuid.uuid4().hex, name=spec.qualified_name, arguments=arguments)
        if changed:
            approved = {d.tool: d for d in await self._store.tool_definitions.list(spec.app)}
            before = approved.get(spec.name)
            changes = describe_change(before.definition if before else None, tool_definition(spec))
            kind: Literal["call", "changed_definition"] = "changed_definition"
            reason: str | None = " ".join(changes) + " Approve the new version to run it."
            payload: dict[str, object] = {
                "origin": "view",
                "fingerprint": fingerprint(spec),
                "changes": changes,
            }
        else:
            read_only = spec.hints.declared_read_only
            granted = read_only or await self._store.grants.is_granted(spec.app, spec.name)
            kind, reason, payload = (
                "call",
                confirmation_reason(spec, always_allowed=granted),
                {"origin": "view"},
            )
        if reason is not None:
            await self._record(conversation_id, call, spec, "waiting", view_call_id=view_call.id)
            async with aclosing(
                self._ask(conversation_id, call, spec, kind=kind, reason=reason, payload=payload)
            ) as stream:
                async for event in stream:
                    yield event
            return
        await self._record(conversation_id, call, spec, "running", view_call_id=view_call.id)
        async with aclosing(
            self._execute(conversation_id, call.id, spec, arguments, from_view=True)
        ) as stream:
            async for event in stream:
                yield event

    async def _record(
        self,
        conversation_id: str,
        call: ProposedCall,
        spec: ToolSpec,
        status: ToolCallStatus,
        *,
        view_call_id: str | None = None,
    ) -> None:
        await self._store.tool_calls.create(
            call.id,
            conversation_id=conversation_id,
            app=spec.app,
            tool=spec.name,
            arguments=call.arguments,
            status=status,
            # A call a view makes answers that view; it does not open a view of its own.
            view_uri=spec.view_uri if view_call_id is None else None,
            view_call_id=view_call_id,
        )

    async def _ask(
        self,
        conversation_id: str,
        call: ProposedCall,
        spec: ToolSpec,
        *,
        kind: Literal["call", "changed_definition"],
        reason: str,
        payload: dict[str, object] | None,
    ) -> AsyncGenerator[events.TurnEvent, None]:
        confirmation = await self._store.confirmations.create(
            conversation_id=conversation_id,
            call_id=call.id,
            app=spec.app,
            tool=spec.name,
            arguments=call.arguments,
            kind=kind,
            payload=payload,
        )
        yield events.ConfirmationRequired(
            confirmation_id=confirmation.id,
            call_id=call.id,
            app=spec.app,
            tool=spec.name,
            title=spec.title or spec.name.replace("_", " ").capitalize(),
            arguments=call.arguments,
            reason=reason,
            kind=kind,
        )
        if spec.view_uri and (payload or {}).get("origin") != "view":
            # The view opens while the person decides: it shows what would be done (`tool-input`), then
            # the result, or `tool-cancelled` if the person declines.
            yield events.View(
                call_id=call.id,
                app=spec.app,
                tool=spec.name,
                resource_uri=spec.view_uri,
                arguments=dict(call.arguments),
            )

    async def _execute(
        self,
        conversation_id: str,
        call_id: str,
        spec: ToolSpec,
        arguments: dict[str, object],
        *,
        recording: Coroutine[Any, Any, None] | None = None,
        from_view: bool = False,
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """Call the app and store the outcome (`from_view`: outside the model's transcript, no view).

        A write is already on record as running, and its outcome is stored before the person sees it:
        a booking reference must survive a crash. A read-only call changes nothing, so nothing is
        written while it runs: `recording` (its record) and its outcome are stored right after the
        result is streamed and before its view is announced — shielded, so a client that goes away
        mid-stream cannot skip it. A crash in between loses only a read, which the transcript then
        shows as unanswered.
        """
        yield events.Activity(label=spec.activity_label, app=spec.app)
        if spec.view_uri and not from_view and self._prefetch_view is not None:
            self._prefetch_view(spec.app, spec.view_uri)
        try:
            builtin = self._commerce.orders_tool.find(spec.app, spec.name) if self._commerce else None
            connection = (
                self._commerce.orders_tool
                if builtin is not None and self._commerce is not None
                else await self._catalog.connection(spec.app)
            )
            outcome = await connection.call_tool(
                spec.name, dict(arguments), retry_safe=spec.hints.declared_read_only
            )
        except AppError as exc:
            if recording is not None:
                await recording
            self._catalog.forget_listing(spec.app)
            await self._finish_call(
                conversation_id,
                call_id,
                spec.app,
                spec.name,
                status="failed",
                text=f"The {spec.app} app failed: {exc.message}",
                is_error=True,
                error_code=exc.code,
                transcript=not from_view,
            )
            yield events.Error(code=exc.code, message=exc.message, app=spec.app)
            return
        except BaseException:
            if recording is not None:
                recording.close()
            raise

        async def store_outcome() -> None:
            if recording is not None:
                await recording
            await self._finish_call(
                conversation_id,
                call_id,
                spec.app,
                spec.name,
                status="failed" if outcome.is_error else "succeeded",
                text=outcome.text,
                structured=outcome.structured,
                meta=outcome.meta,
                is_error=outcome.is_error,
                transcript=not from_view,
            )

        if recording is None:
            await store_outcome()
        try:
            yield events.ToolResult(
                call_id=call_id,
                app=spec.app,
                tool=spec.name,
                text=outcome.text,
                structured=outcome.structured,
                meta=app_meta(outcome.meta),
                is_error=outcome.is_error,
            )
        finally:
            if recording is not None:
                with anyio.CancelScope(shield=True):
                    await store_outcome()
        if spec.view_uri and not outcome.is_error and not from_view:
            yield events.View(
                call_id=call_id,
                app=spec.app,
                tool=spec.name,
                resource_uri=spec.view_uri,
                arguments=dict(arguments),
                structured=outcome.structured,
                meta=outcome.meta,
            )
        if self._commerce is not None and outcome.meta and not outcome.is_error:
            # The host fetches the session from the merchant itself and renders the card.
            checkout = await self._commerce.flow.present(
                app=spec.app, meta=outcome.meta, conversation_id=conversation_id, call_id=call_id
            )
            if checkout is not None:
                yield checkout

    async def _finish_call(
        self,
        conversation_id: str,
        call_id: str,
        app: str,
        tool: str,
        *,
        status: ToolCallStatus,
        text: str,
        structured: object = None,
        meta: dict[str, object] | None = None,
        is_error: bool = False,
        error_code: str | None = None,
        transcript: bool = True,
    ) -> None:
        """Store how a call ended; `transcript` also answers it in the model's transcript."""
        await self._store.tool_calls.update(
            call_id,
            status=status,
            result_text=text,
            result_structured=structured,
            result_meta=meta,
            is_error=is_error,
            error_code=error_code,
        )
        if not transcript:
            return
        await self._store.messages.append(
            conversation_id,
            role="tool",
            content=text,
            tool_call_id=call_id,
            name=f"{app}__{tool}",
            data=structured,
        )

    async def _answer_model(self, conversation_id: str, call: ProposedCall, text: str) -> None:
        await self._store.messages.append(
            conversation_id, role="tool", content=text, tool_call_id=call.id, name=call.name
        )

    async def _skip(self, conversation_id: str, call: ProposedCall) -> None:
        await self._answer_model(
            conversation_id,
            call,
            "Not run: an earlier action in this step is waiting for the person's confirmation. "
            "Ask again after it.",
        )

    async def _last_user_text(self, conversation_id: str) -> str:
        for message in reversed(await self._store.messages.list(conversation_id)):
            if message.role == "user":
                return message.content
        return ""

    async def _failed_calls(self, conversation_id: str, stored: list[Message]) -> frozenset[str]:
        if not any(message.role == "tool" for message in stored):
            return frozenset()
        return frozenset(
            record.id
            for record in await self._store.tool_calls.list_for_conversation(conversation_id)
            if record.is_error or record.status in ("failed", "denied", "invalid")
        )


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


def _title_from(text: str) -> str:
    words = text.strip().split()
    title = " ".join(words[:8])
    return title + ("…" if len(words) > 8 else "") if title else "New conversation"


__all__ = ["Decision", "TurnRunner"]
