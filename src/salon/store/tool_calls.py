"""Tool calls: what the model asked an app to do, and how it ended.

The id is the one the model provider gave the call, so the transcript's `tool_call_id`s point here; it
must be unique across conversations. `update` stamps `finished_at` when a call enters a terminal status
(succeeded, failed, denied, invalid).
"""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.exc import IntegrityError

from salon.errors import ConfigurationError, NotFoundError, StoreError
from salon.store.clock import Clock
from salon.store.columns import require_json
from salon.store.conversations import require_conversation
from salon.store.engine import Database
from salon.store.records import (
    TERMINAL_TOOL_CALL_STATUSES,
    TOOL_CALL_STATUSES,
    ToolCallRecord,
    ToolCallStatus,
)
from salon.store.schema import tool_calls

_FIELDS = [tool_calls.c[name] for name in ToolCallRecord.model_fields]


def _record(row: Row[object]) -> ToolCallRecord:
    return ToolCallRecord.model_validate(dict(row._mapping))


def _not_found(call_id: str) -> NotFoundError:
    return NotFoundError(f"No tool call with id {call_id!r}.")


def _check_status(status: str) -> None:
    if status not in TOOL_CALL_STATUSES:
        raise ConfigurationError(
            f"A tool call's status is one of {sorted(TOOL_CALL_STATUSES)}, not {status!r}."
        )


class ToolCalls:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def create(
        self,
        call_id: str,
        *,
        conversation_id: str,
        app: str,
        tool: str,
        arguments: dict[str, Any],
        status: ToolCallStatus = "proposed",
        view_uri: str | None = None,
        view_call_id: str | None = None,
    ) -> ToolCallRecord:
        """Record a call. `view_uri`: the view its result renders into; `view_call_id`: the call whose
        view made this one (calls a view makes are history, not part of the model's transcript)."""
        _check_status(status)
        require_json(arguments, "arguments")
        now = self._clock.now()
        values = {
            "id": call_id,
            "conversation_id": conversation_id,
            "app": app,
            "tool": tool,
            "arguments": arguments,
            "status": status,
            "is_error": False,
            "created_at": now,
            "finished_at": now if status in TERMINAL_TOOL_CALL_STATUSES else None,
            "view_uri": view_uri,
            "view_call_id": view_call_id,
        }
        async with self._db.write() as connection:
            await require_conversation(connection, conversation_id)
            try:
                row = (await connection.execute(tool_calls.insert().values(values).returning(*_FIELDS))).one()
            except IntegrityError as exc:
                raise StoreError(
                    f"A tool call with id {call_id!r} is already stored; tool call ids must be unique "
                    "across conversations, so give each call a fresh id.",
                    code="duplicate_id",
                ) from exc
        return _record(row)

    async def update(
        self,
        call_id: str,
        *,
        status: ToolCallStatus | None = None,
        result_text: str | None = None,
        result_structured: Any = None,
        result_meta: dict[str, Any] | None = None,
        is_error: bool | None = None,
        error_code: str | None = None,
    ) -> ToolCallRecord:
        """Change the given fields (`None` leaves a field as it is) and return the call."""
        values: dict[str, Any] = {}
        if status is not None:
            _check_status(status)
            values["status"] = status
            values["finished_at"] = self._clock.now() if status in TERMINAL_TOOL_CALL_STATUSES else None
        if result_text is not None:
            values["result_text"] = result_text
        if result_structured is not None:
            require_json(result_structured, "result_structured")
            values["result_structured"] = result_structured
        if result_meta is not None:
            require_json(result_meta, "result_meta")
            values["result_meta"] = result_meta
        if is_error is not None:
            values["is_error"] = is_error
        if error_code is not None:
            values["error_code"] = error_code
        if not values:
            return await self.get(call_id)
        statement = update(tool_calls).where(tool_calls.c.id == call_id).values(values).returning(*_FIELDS)
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
        if row is None:
            raise _not_found(call_id)
        return _record(row)

    async def get(self, call_id: str) -> ToolCallRecord:
        async with self._db.read() as connection:
            row = (await connection.execute(select(*_FIELDS).where(tool_calls.c.id == call_id))).first()
        if row is None:
            raise _not_found(call_id)
        return _record(row)

    async def list_for_conversation(self, conversation_id: str) -> builtins.list[ToolCallRecord]:
        """The conversation's tool calls, oldest first."""
        query = (
            select(*_FIELDS)
            .where(tool_calls.c.conversation_id == conversation_id)
            .order_by(tool_calls.c.created_at, tool_calls.c.id)
        )
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
            if not rows:
                await require_conversation(connection, conversation_id)
        return [_record(row) for row in rows]
