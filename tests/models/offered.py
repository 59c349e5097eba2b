"""Tools and one-message requests for the embedded provider's tool-choice tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models import ChatMessage, ModelRequest, OfferedTool

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def tool(name: str, description: str, properties: dict[str, Any], required: list[str]) -> OfferedTool:
    return OfferedTool(
        name=name,
        description=description,
        parameters={"type": "object", "properties": properties, "required": required},
    )


def request(text: str, tools: list[OfferedTool]) -> ModelRequest:
    """What the person asks, as the only message, with these tools on offer."""
    return ModelRequest(messages=[ChatMessage(role="user", content=text)], tools=tools, now=NOW)
