"""Column types that behave the same on SQLite and PostgreSQL.

- `UTCDateTime`: timezone-aware UTC in Python whatever the backend. PostgreSQL stores `timestamptz`;
  SQLite has no time zone type, so values are converted to UTC and stored without an offset, and read
  back as UTC. Naive datetimes are refused rather than guessed at.
- `JSONValue`: the portable `JSON` type (`json` on PostgreSQL, text on SQLite). Python `None` is SQL
  `NULL`, so "no value" is the same thing on both backends.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from salon.errors import ConfigurationError


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ConfigurationError(f"Timestamps must be timezone-aware; got the naive datetime {value!r}.")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JSONValue = JSON(none_as_null=True)


def require_json(value: Any, what: str) -> None:
    """Refuse a value the JSON columns could not store, naming the argument it came from."""
    try:
        json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"{what} must be JSON-serialisable: {exc}") from exc
