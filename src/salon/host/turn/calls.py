"""The steps of one tool call, whoever proposed it: record it, put it to the person, run it at its
app, and store how it ended.

A call the model proposed is answered in the model's transcript (a `tool` message); a call a view made
(`from_view`, `view_call_id`) is history only and opens no view of its own.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Literal

import anyio

from salon.errors import AppError
from salon.host import events
from salon.host.catalog import AppCatalog
from salon.host.models.base import ProposedCall
from salon.host.tools import ToolSpec, app_meta
from salon.store import Store, ToolCallStatus

if TYPE_CHECKING:
    from salon.host.checkout.commerce import HostCommerce


class CallSteps:
    def __init__(
        self,
        store: Store,
        catalog: AppCatalog,
        *,
        prefetch_view: Callable[[str, str], None] | None,
        commerce: HostCommerce | None,
    ) -> None:
        self._store = store
        self._catalog = catalog
        self._prefetch_view = prefetch_view
        self._commerce = commerce

    async def record(
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

    async def ask(
        self,
        conversation_id: str,
        call: ProposedCall,
        spec: ToolSpec,
        *,
        kind: Literal["call", "changed_definition"],
        reason: str,
        payload: dict[str, object] | None,
    ) -> AsyncGenerator[events.TurnEvent, None]:
        """Store a pending confirmation and show it; the turn pauses until the person decides."""
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

    async def execute(
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
            await self.finish(
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
            await self.finish(
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

    async def finish(
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

    async def answer_model(self, conversation_id: str, call: ProposedCall, text: str) -> None:
        """Answer a call in the model's transcript without running it."""
        await self._store.messages.append(
            conversation_id, role="tool", content=text, tool_call_id=call.id, name=call.name
        )

    async def skip(self, conversation_id: str, call: ProposedCall) -> None:
        await self.answer_model(
            conversation_id,
            call,
            "Not run: an earlier action in this step is waiting for the person's confirmation. "
            "Ask again after it.",
        )


__all__ = ["CallSteps"]
