"""What a request handler reaches: the `Host` the lifespan opened, and JSON-ready dumps of its models."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from starlette.requests import Request

from salon.errors import StoreError

if TYPE_CHECKING:
    from salon.host.runtime import Host


def host_of(request: Request) -> Host:
    host = getattr(request.app.state, "host", None)
    if host is None:
        raise StoreError("Salon is still starting or shutting down; try again in a moment.")
    return host  # type: ignore[no-any-return]


def dump(value: Any) -> Any:
    """A host model as plain JSON data (pydantic models, dataclasses, lists of them)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: dump(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): dump(item) for key, item in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return dump(value.value)
    if isinstance(value, PurePath):
        return str(value)
    return value
