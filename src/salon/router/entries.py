"""What the router indexes: one `ToolEntry` per tool, optionally grouped by app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class _SpecLike(Protocol):
    # Read-only members, so that frozen models (the host's `ToolSpec`) match.
    @property
    def app(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def description(self) -> str: ...
    @property
    def input_schema(self) -> dict[str, Any]: ...
    @property
    def meta(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ToolEntry:
    """A tool as the router sees it.

    `name` must be unique within its app; `app` groups tools (an MCP server, a directory app, or a
    field of a benchmark). `parameters` is a JSON Schema (or its `properties` mapping).
    `examples` are requests the app's author ships for this tool.
    """

    name: str
    description: str
    app: str | None = None
    parameters: Mapping[str, Any] | None = None
    examples: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a ToolEntry needs a non-empty name")
        if not isinstance(self.examples, tuple):
            object.__setattr__(self, "examples", tuple(self.examples))

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.app, self.name)

    @classmethod
    def from_spec(cls, spec: _SpecLike) -> ToolEntry:
        """From the host's `ToolSpec`; examples come from `_meta["salon/examples"]` if the app ships any."""
        raw = spec.meta.get("salon/examples") if isinstance(spec.meta, dict) else None
        examples = tuple(str(x) for x in raw) if isinstance(raw, list) else ()
        description = spec.description
        if spec.title and spec.title.lower() not in description.lower():
            description = f"{spec.title}. {description}" if description else spec.title
        return cls(
            name=spec.name,
            description=description,
            app=spec.app,
            parameters=spec.input_schema,
            examples=examples,
        )
