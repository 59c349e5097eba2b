"""The gate every call passes before it reaches an app, and what happens after the person decides.

A call the model proposes must name a tool it was offered (or the host's own orders tool) and match the
tool's schema; otherwise the model gets the problem back and the app sees nothing. Then the policy: a
definition that changed since it was approved, or a tool that is not read-only and not always allowed
(`salon.host.policy`), waits for the person's confirmation; anything else runs. A view's own call
(already checked by the views API) passes the same policy. An approved call is looked up again when
the person decides: a tool gone, or changed again since the person was asked, is not run.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, Literal

from salon.host import events
from salon.host.catalog import AppCatalog, LiveTools
from salon.host.fingerprint import describe_change, fingerprint, tool_definition
from salon.host.models.base import INVALID_ARGUMENTS_KEY, ProposedCall
from salon.host.policy import confirmation_reason
from salon.host.tools import ToolSpec, split_qualified
from salon.host.turn.calls import CallSteps
from salon.host.validation import argument_errors
from salon.store import Confirmation, Store, ToolCallRecord

if TYPE_CHECKING:
    from salon.host.checkout.commerce import HostCommerce


class CallGate:
    def __init__(
        self, store: Store, catalog: AppCatalog, calls: CallSteps, *, commerce: HostCommerce | None
    ) -> None:
        self._store = store
        self._catalog = catalog
        self._calls = calls
        self._commerce = commerce

    async def model_call(
        self, conversation_id: str, call: ProposedCall, live: LiveTools
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """A call the model proposed: bounced to the model, put to the person, or run."""
        try:
            app, tool = split_qualified(call.name)
        except ValueError:
            app, tool = "", call.name
        spec = live.find(app, tool)
        if spec is None and self._commerce is not None:
            spec = self._commerce.orders_tool.find(app, tool)
        if spec is None or not spec.visible_to_model:
            await self._calls.answer_model(
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
            await self._calls.record(conversation_id, call, spec, "invalid")
            await self._calls.answer_model(
                conversation_id,
                call,
                "The arguments did not match the tool's schema, so the call was not sent:\n- "
                + "\n- ".join(problems),
            )
            return
        if (spec.app, spec.name) in live.changed:
            changes = await self._changes(spec)
            await self._calls.record(conversation_id, call, spec, "waiting")
            yield events.ToolCall(call_id=call.id, app=spec.app, tool=spec.name, arguments=call.arguments)
            async with aclosing(
                self._calls.ask(
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
            await self._calls.record(conversation_id, call, spec, "waiting")
            yield events.ToolCall(call_id=call.id, app=spec.app, tool=spec.name, arguments=call.arguments)
            async with aclosing(
                self._calls.ask(conversation_id, call, spec, kind="call", reason=reason, payload=None)
            ) as stream:
                async for event in stream:
                    yield event
            return
        yield events.ToolCall(call_id=call.id, app=spec.app, tool=spec.name, arguments=call.arguments)
        recording = self._calls.record(conversation_id, call, spec, "running")
        if not read_only:
            # A write is on record as running before it can reach the app.
            await recording
        async with aclosing(
            self._calls.execute(
                conversation_id, call.id, spec, call.arguments, recording=recording if read_only else None
            )
        ) as stream:
            async for event in stream:
                yield event

    async def view_call(
        self, view_call: ToolCallRecord, spec: ToolSpec, arguments: dict[str, Any], *, changed: bool
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """A view's own call (the contract is `TurnRunner.call_from_view`'s)."""
        conversation_id = view_call.conversation_id
        call = ProposedCall(id=uuid.uuid4().hex, name=spec.qualified_name, arguments=arguments)
        if changed:
            changes = await self._changes(spec)
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
            await self._calls.record(conversation_id, call, spec, "waiting", view_call_id=view_call.id)
            async with aclosing(
                self._calls.ask(conversation_id, call, spec, kind=kind, reason=reason, payload=payload)
            ) as stream:
                async for event in stream:
                    yield event
            return
        await self._calls.record(conversation_id, call, spec, "running", view_call_id=view_call.id)
        async with aclosing(
            self._calls.execute(conversation_id, call.id, spec, arguments, from_view=True)
        ) as stream:
            async for event in stream:
                yield event

    async def confirmed(
        self, confirmation: Confirmation, *, always: bool, from_view: bool = False
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """Run a call the person approved (`always`: and every later call of the same tool)."""
        live = await self._catalog.live_tools()
        spec = live.find(confirmation.app, confirmation.tool)
        if spec is None:
            message = f"The {confirmation.app} app no longer offers {confirmation.tool}; nothing was run."
            yield await self._refuse(confirmation, "tool_gone", message, from_view=from_view)
            return
        if confirmation.kind == "changed_definition":
            shown = (confirmation.payload or {}).get("fingerprint")
            if shown != fingerprint(spec):
                message = (
                    f"The {spec.app} app changed {spec.name} again after you were asked; nothing was run. "
                    "Ask again to review the newest version."
                )
                yield await self._refuse(confirmation, "changed_again", message, from_view=from_view)
                return
            await self._store.tool_definitions.approve(
                spec.app, spec.name, fingerprint(spec), tool_definition(spec)
            )
        if always:
            await self._store.grants.grant(spec.app, spec.name)
        await self._store.tool_calls.update(confirmation.call_id, status="running")
        async with aclosing(
            self._calls.execute(
                confirmation.conversation_id,
                confirmation.call_id,
                spec,
                confirmation.arguments,
                from_view=from_view,
            )
        ) as stream:
            async for event in stream:
                yield event

    async def _refuse(
        self, confirmation: Confirmation, code: str, message: str, *, from_view: bool
    ) -> events.Error:
        """End an approved call without running it (its tool is gone or changed again), and say why."""
        await self._calls.finish(
            confirmation.conversation_id,
            confirmation.call_id,
            confirmation.app,
            confirmation.tool,
            status="failed",
            text=message,
            is_error=True,
            error_code=code,
            transcript=not from_view,
        )
        return events.Error(code=code, message=message, app=confirmation.app)

    async def _changes(self, spec: ToolSpec) -> list[str]:
        """How `spec` differs from the definition the person last approved, in sentences."""
        approved = {d.tool: d for d in await self._store.tool_definitions.list(spec.app)}
        before = approved.get(spec.name)
        return describe_change(before.definition if before else None, tool_definition(spec))


__all__ = ["CallGate"]
