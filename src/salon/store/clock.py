"""Time and identity for stored rows.

Lists are ordered by time (conversations by when they last changed, tool calls and confirmations by
when they were made), so two events of one process must never share a timestamp, even on a platform
whose clock ticks coarsely. `Clock.now()` is UTC and strictly increasing for one store; rows written by
different processes at the same microsecond are ordered by id, which is arbitrary but stable.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

_TICK = timedelta(microseconds=1)


class Clock:
    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=UTC)

    def now(self) -> datetime:
        now = datetime.now(UTC)
        if now <= self._last:
            now = self._last + _TICK
        self._last = now
        return now


def new_id() -> str:
    """A fresh id for a conversation, message or confirmation: uuid4 as 32 hex digits."""
    return uuid.uuid4().hex
