"""Confirmations: the person's answer to "may this call run?" or "may this changed tool be used?".

`decide` is the one place where two workers may race (the person double-clicks, two tabs, a retry):
it is a single `UPDATE ... WHERE id = :id AND status = 'pending'`, so exactly one decision lands and
every other gets `PolicyError(code="already_decided")`. Whoever gets the record back runs the call.
"""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import Row, select, update

from salon.errors import ConfigurationError, NotFoundError, PolicyError
from salon.store.clock import Clock, new_id
from salon.store.columns import require_json
from salon.store.conversations import require_conversation
from salon.store.engine import Database
from salon.store.records import (
    CONFIRMATION_KINDS,
    DECISIONS,
    Confirmation,
    ConfirmationKind,
    ConfirmationStatus,
)
from salon.store.schema import confirmations

_FIELDS = [confirmations.c[name] for name in Confirmation.model_fields]


def _record(row: Row[object]) -> Confirmation:
    return Confirmation.model_validate(dict(row._mapping))


def _not_found(confirmation_id: str) -> NotFoundError:
    return NotFoundError(f"No confirmation with id {confirmation_id!r}.")


class Confirmations:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def create(
        self,
        *,
        conversation_id: str,
        call_id: str,
        app: str,
        tool: str,
        arguments: dict[str, Any],
        kind: ConfirmationKind = "call",
        payload: dict[str, Any] | None = None,
    ) -> Confirmation:
        """Record a question for the person; it starts `pending`."""
        if kind not in CONFIRMATION_KINDS:
            raise ConfigurationError(
                f"A confirmation's kind is one of {sorted(CONFIRMATION_KINDS)}, not {kind!r}."
            )
        require_json(arguments, "arguments")
        require_json(payload, "payload")
        values = {
            "id": new_id(),
            "conversation_id": conversation_id,
            "call_id": call_id,
            "app": app,
            "tool": tool,
            "arguments": arguments,
            "kind": kind,
            "payload": payload,
            "status": "pending",
            "created_at": self._clock.now(),
            "decided_at": None,
        }
        async with self._db.write() as connection:
            await require_conversation(connection, conversation_id)
            row = (await connection.execute(confirmations.insert().values(values).returning(*_FIELDS))).one()
        return _record(row)

    async def get(self, confirmation_id: str) -> Confirmation:
        async with self._db.read() as connection:
            row = (
                await connection.execute(select(*_FIELDS).where(confirmations.c.id == confirmation_id))
            ).first()
        if row is None:
            raise _not_found(confirmation_id)
        return _record(row)

    async def decide(self, confirmation_id: str, status: ConfirmationStatus) -> Confirmation:
        """Record the person's decision on a pending confirmation, exactly once.

        Raises `PolicyError(code="already_decided")` when it was decided before (by this worker or
        another), and `NotFoundError` when there is no such confirmation.
        """
        if status not in DECISIONS:
            raise ConfigurationError(f"A decision is one of {sorted(DECISIONS)}, not {status!r}.")
        statement = (
            update(confirmations)
            .where(confirmations.c.id == confirmation_id, confirmations.c.status == "pending")
            .values(status=status, decided_at=self._clock.now())
            .returning(*_FIELDS)
        )
        async with self._db.write() as connection:
            row = (await connection.execute(statement)).first()
            if row is None:
                current = await connection.scalar(
                    select(confirmations.c.status).where(confirmations.c.id == confirmation_id)
                )
                if current is None:
                    raise _not_found(confirmation_id)
                raise PolicyError(
                    f"Confirmation {confirmation_id!r} was already decided ({current}); a decision "
                    "cannot be changed. Ask again with a new confirmation if the person changed their mind.",
                    code="already_decided",
                )
        return _record(row)

    async def list_pending(self, conversation_id: str) -> builtins.list[Confirmation]:
        """The confirmations of the conversation still awaiting the person, oldest first."""
        query = (
            select(*_FIELDS)
            .where(confirmations.c.conversation_id == conversation_id, confirmations.c.status == "pending")
            .order_by(confirmations.c.created_at, confirmations.c.id)
        )
        async with self._db.read() as connection:
            rows = (await connection.execute(query)).all()
            if not rows:
                await require_conversation(connection, conversation_id)
        return [_record(row) for row in rows]
