"""View state: what a view stored about itself, one value per tool call.

MCP Apps leaves persistence to the view; ChatGPT keeps `widgetState` per message. Salon keeps it in the
store, so reopening a conversation (after a reload, a restart, on another worker) restores every view
as the person left it. The row belongs to the call and is deleted with it. Writing is an upsert: the
last write wins, and a retried write cannot fail on its own earlier success.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from salon.errors import NotFoundError
from salon.store.clock import Clock
from salon.store.columns import require_json
from salon.store.engine import Database
from salon.store.records import ViewState
from salon.store.schema import tool_calls, view_states

_FIELDS = [view_states.c[name] for name in ViewState.model_fields]


def _record(row: Row[object]) -> ViewState:
    return ViewState.model_validate(dict(row._mapping))


class ViewStates:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def put(self, call_id: str, state: Any) -> ViewState:
        """Store the view state of `call_id` (any JSON value); `NotFoundError` for an unknown call."""
        require_json(state, "state")
        insert = self._db.insert(view_states).values(
            call_id=call_id, state=state, updated_at=self._clock.now()
        )
        statement = insert.on_conflict_do_update(
            index_elements=[view_states.c.call_id],
            set_={"state": insert.excluded.state, "updated_at": insert.excluded.updated_at},
        ).returning(*_FIELDS)
        async with self._db.write() as connection:
            if await connection.scalar(select(tool_calls.c.id).where(tool_calls.c.id == call_id)) is None:
                raise NotFoundError(f"No tool call with id {call_id!r}.")
            row = (await connection.execute(statement)).one()
        return _record(row)

    async def get(self, call_id: str) -> ViewState | None:
        """The stored state of `call_id`, or None when its view never stored one."""
        async with self._db.read() as connection:
            row = (await connection.execute(select(*_FIELDS).where(view_states.c.call_id == call_id))).first()
        return None if row is None else _record(row)

    async def for_conversation(self, conversation_id: str) -> dict[str, Any]:
        """Every stored state of the conversation's calls, by call id."""
        query = (
            select(view_states.c.call_id, view_states.c.state)
            .join(tool_calls, tool_calls.c.id == view_states.c.call_id)
            .where(tool_calls.c.conversation_id == conversation_id)
        )
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return {row.call_id: row.state for row in rows}
