"""Messages: the transcript of a conversation, in order.

`append` numbers the message and bumps the conversation's `updated_at` in one statement on the
conversation row (`UPDATE ... SET last_seq = last_seq + 1 ... RETURNING last_seq`), then inserts the
message in the same transaction; concurrent appends, from one process or several, get distinct,
gap-free numbers.
"""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import Row, select, update

from salon.errors import ConfigurationError
from salon.store.clock import Clock, new_id
from salon.store.columns import require_json
from salon.store.conversations import not_found, require_conversation
from salon.store.engine import Database
from salon.store.records import ROLES, Message, Role
from salon.store.schema import conversations, messages

_FIELDS = [messages.c[name] for name in Message.model_fields]


def _record(row: Row[object]) -> Message:
    return Message.model_validate(dict(row._mapping))


class Messages:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def append(
        self,
        conversation_id: str,
        role: Role,
        content: str = "",
        *,
        tool_calls: builtins.list[dict[str, Any]] | None = None,
        tool_call_id: str | None = None,
        name: str | None = None,
        data: Any = None,
    ) -> Message:
        """Add a message at the end of the conversation and return it with its `seq`."""
        if role not in ROLES:
            raise ConfigurationError(f"role must be one of {sorted(ROLES)}, not {role!r}.")
        require_json(tool_calls, "tool_calls")
        require_json(data, "data")
        now = self._clock.now()
        bump = (
            update(conversations)
            .where(conversations.c.id == conversation_id)
            .values(last_seq=conversations.c.last_seq + 1, updated_at=now)
            .returning(conversations.c.last_seq)
        )
        async with self._db.write() as connection:
            seq = (await connection.execute(bump)).scalar()
            if seq is None:
                raise not_found(conversation_id)
            values = {
                "id": new_id(),
                "conversation_id": conversation_id,
                "seq": seq,
                "role": role,
                "content": content,
                "tool_calls": tool_calls,
                "tool_call_id": tool_call_id,
                "name": name,
                "data": data,
                "created_at": now,
            }
            row = (await connection.execute(messages.insert().values(values).returning(*_FIELDS))).one()
        return _record(row)

    async def list(self, conversation_id: str) -> builtins.list[Message]:
        """Every message of the conversation, in order (`seq` ascending)."""
        query = select(*_FIELDS).where(messages.c.conversation_id == conversation_id).order_by(messages.c.seq)
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
            if not rows:
                await require_conversation(connection, conversation_id)
        return [_record(row) for row in rows]
