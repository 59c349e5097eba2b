"""Model context: what a view shares with the model (MCP Apps `ui/update-model-context`).

One row per conversation: a later update from any view of the conversation replaces the earlier one
(the spec's "last one wins"). The turn loop reads it when it builds each model request; it stays until
a view replaces or clears it, or the conversation is deleted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, select

from salon.store.clock import Clock
from salon.store.columns import require_json
from salon.store.conversations import require_conversation
from salon.store.engine import Database
from salon.store.records import ModelContext
from salon.store.schema import model_contexts

_FIELDS = [model_contexts.c[name] for name in ModelContext.model_fields]


def _record(row: Row[object]) -> ModelContext:
    return ModelContext.model_validate(dict(row._mapping))


class ModelContexts:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def put(
        self,
        conversation_id: str,
        *,
        app: str,
        call_id: str,
        content: list[dict[str, Any]] | None,
        structured: Any = None,
    ) -> ModelContext:
        """Replace the conversation's model context; `NotFoundError` for an unknown conversation."""
        require_json(content, "content")
        require_json(structured, "structured")
        values = {
            "conversation_id": conversation_id,
            "app": app,
            "call_id": call_id,
            "content": content,
            "structured": structured,
            "updated_at": self._clock.now(),
        }
        insert = self._db.insert(model_contexts).values(values)
        statement = insert.on_conflict_do_update(
            index_elements=[model_contexts.c.conversation_id],
            set_={name: insert.excluded[name] for name in values if name != "conversation_id"},
        ).returning(*_FIELDS)
        async with self._db.write() as connection:
            await require_conversation(connection, conversation_id)
            row = (await connection.execute(statement)).one()
        return _record(row)

    async def get(self, conversation_id: str) -> ModelContext | None:
        query = select(*_FIELDS).where(model_contexts.c.conversation_id == conversation_id)
        async with self._db.read() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _record(row)

    async def clear(self, conversation_id: str) -> None:
        async with self._db.write() as connection:
            await connection.execute(
                delete(model_contexts).where(model_contexts.c.conversation_id == conversation_id)
            )
