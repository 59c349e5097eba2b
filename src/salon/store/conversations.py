"""Conversations: create, read, list by recency, rename, touch."""

from __future__ import annotations

import builtins

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.errors import ConfigurationError, NotFoundError
from salon.store.clock import Clock, new_id
from salon.store.engine import Database
from salon.store.records import Conversation
from salon.store.schema import conversations

_FIELDS = [conversations.c[name] for name in Conversation.model_fields]


def _record(row: Row[object]) -> Conversation:
    return Conversation.model_validate(dict(row._mapping))


def not_found(conversation_id: str) -> NotFoundError:
    return NotFoundError(
        f"No conversation with id {conversation_id!r}; list conversations to find the right id."
    )


async def require_conversation(connection: AsyncConnection, conversation_id: str) -> None:
    """Raise `NotFoundError` unless the conversation exists (for repositories that hang rows on one)."""
    found = await connection.scalar(select(conversations.c.id).where(conversations.c.id == conversation_id))
    if found is None:
        raise not_found(conversation_id)


class Conversations:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def create(self, title: str = "New conversation") -> Conversation:
        now = self._clock.now()
        values = {"id": new_id(), "title": title, "last_seq": 0, "created_at": now, "updated_at": now}
        async with self._db.write() as connection:
            row = (await connection.execute(conversations.insert().values(values).returning(*_FIELDS))).one()
        return _record(row)

    async def get(self, conversation_id: str) -> Conversation:
        async with self._db.read() as connection:
            row = (
                await connection.execute(select(*_FIELDS).where(conversations.c.id == conversation_id))
            ).first()
        if row is None:
            raise not_found(conversation_id)
        return _record(row)

    async def list(self, limit: int = 50) -> builtins.list[Conversation]:
        """The `limit` most recently updated conversations, most recent first."""
        if limit < 1:
            raise ConfigurationError(f"limit must be at least 1, not {limit}.")
        query = (
            select(*_FIELDS)
            .order_by(conversations.c.updated_at.desc(), conversations.c.id.desc())
            .limit(limit)
        )
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
        return [_record(row) for row in rows]

    async def rename(self, conversation_id: str, title: str) -> Conversation:
        return await self._update(conversation_id, title=title)

    async def touch(self, conversation_id: str) -> Conversation:
        """Mark the conversation as just updated, moving it to the top of `list`."""
        return await self._update(conversation_id)

    async def _update(self, conversation_id: str, **values: object) -> Conversation:
        statement = (
            update(conversations)
            .where(conversations.c.id == conversation_id)
            .values(updated_at=self._clock.now(), **values)
            .returning(*_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
        if row is None:
            raise not_found(conversation_id)
        return _record(row)
