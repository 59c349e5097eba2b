"""What a tool hands back, and how it becomes an MCP `CallToolResult`.

A tool result goes three ways (design, "A turn, end to end", step 6): `content` is what the model and
text-only clients read, `structuredContent` is the data the view renders, `_meta` reaches the view only.
`ToolResult` names those three parts so an app author never builds protocol objects by hand:

    ToolResult(text="Found 12 hotels", data={"hotels": [...]}, meta={"salon/cursor": "..."})

A tool may also return, and `to_call_tool_result` converts:

    str                          text only
    dict / list / pydantic model
    / dataclass / other JSON     `structuredContent`, and the same JSON as text for text-only clients
    content block(s)             `content` as given (images, audio, embedded resources)
    None                         an empty result
    CallToolResult /
    InputRequiredResult          passed through untouched (full control, and the 2026-07-28
                                 multi-round-trip flow)

Hosts on the 2025 protocol era accept only a JSON object as `structuredContent`; return a dict or a model
when the app must serve them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

import pydantic_core
from mcp_types import CallToolResult, ContentBlock, InputRequiredResult, TextContent

_CONTENT_BLOCK_TYPES: tuple[type[Any], ...] = tuple(get_args(ContentBlock))


@dataclass(frozen=True, slots=True)
class ToolResult:
    """The answer of a tool, split the way hosts consume it.

    `text` is for the model (keep it short: the view shows the details), `data` becomes
    `structuredContent` for the view, `meta` becomes the result's `_meta` (view only, never shown to the
    model), and `is_error` marks a failure the model should read and react to.
    """

    text: str
    data: Any = None
    meta: Mapping[str, Any] | None = None
    is_error: bool = False

    def to_call_tool_result(self) -> CallToolResult:
        """This result as the MCP wire object."""
        structured = None if self.data is None else _jsonable(self.data)
        return CallToolResult.model_validate(
            {
                "content": [TextContent(type="text", text=self.text)],
                "structuredContent": structured,
                "_meta": dict(self.meta) if self.meta is not None else None,
                "isError": self.is_error,
            }
        )


def to_call_tool_result(value: object) -> CallToolResult | InputRequiredResult:
    """Convert whatever a tool function returned into the result MCP sends (rules in the module docstring)."""
    if isinstance(value, CallToolResult | InputRequiredResult):
        return value
    if isinstance(value, ToolResult):
        return value.to_call_tool_result()
    if value is None:
        return CallToolResult(content=[])
    if isinstance(value, str):
        return CallToolResult(content=[TextContent(type="text", text=value)])
    if isinstance(value, _CONTENT_BLOCK_TYPES):
        return CallToolResult(content=[value])
    if isinstance(value, list | tuple) and value and all(isinstance(v, _CONTENT_BLOCK_TYPES) for v in value):
        return CallToolResult(content=list(value))
    data = _jsonable(value)
    text = pydantic_core.to_json(data).decode()
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)


def _jsonable(value: Any) -> Any:
    # by_alias: models with camelCase aliases put the wire names into structuredContent, as on the wire.
    return pydantic_core.to_jsonable_python(value, by_alias=True)


__all__ = ["ToolResult", "to_call_tool_result"]
