"""What the host knows about one tool of one installed app.

`ToolSpec` is the host's own, transport-free view of an MCP tool: enough to rank it, offer it to the
model, validate arguments, apply policy and fingerprint it. Built from `mcp_types.Tool` by
`ToolSpec.from_mcp`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

QUALIFIER = "__"
"""Separator between app and tool in the name the model sees (`hotels__search_hotels`)."""


class ToolHints(BaseModel):
    """The behaviour hints a tool declares. `None` means "not declared", which policy treats as the
    worst case (the MCP spec's defaults: not read-only, destructive, open-world)."""

    model_config = ConfigDict(frozen=True)

    read_only: bool | None = None
    destructive: bool | None = None
    idempotent: bool | None = None
    open_world: bool | None = None
    title: str | None = None

    @property
    def declared_read_only(self) -> bool:
        return self.read_only is True


class ToolSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    app: str
    name: str
    title: str | None = None
    description: str = ""
    input_schema: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})
    output_schema: dict[str, Any] | None = None
    hints: ToolHints = Field(default_factory=ToolHints)
    meta: dict[str, Any] = Field(default_factory=dict)

    @property
    def qualified_name(self) -> str:
        return f"{self.app}{QUALIFIER}{self.name}"

    @property
    def view_uri(self) -> str | None:
        """The `ui://` resource this tool renders into, from MCP Apps or the OpenAI-era key."""
        ui = self.meta.get("ui")
        if isinstance(ui, dict) and isinstance(ui.get("resourceUri"), str):
            return str(ui["resourceUri"])
        legacy = self.meta.get("openai/outputTemplate")
        return legacy if isinstance(legacy, str) else None

    @property
    def visible_to_model(self) -> bool:
        ui = self.meta.get("ui")
        if isinstance(ui, dict) and isinstance(ui.get("visibility"), list):
            return "model" in ui["visibility"]
        # OpenAI-era apps hide a tool from the model with `openai/visibility: "private"`.
        return self.meta.get("openai/visibility") != "private"

    @property
    def activity_label(self) -> str:
        """What the page shows while the call runs ("Searching hotels…")."""
        invoking = self.meta.get("openai/toolInvocation/invoking")
        if isinstance(invoking, str) and invoking:
            return invoking
        salon = self.meta.get("salon/activity")
        if isinstance(salon, str) and salon:
            return salon
        words = (self.title or self.name.replace("_", " ")).strip()
        first, _, rest = words.partition(" ")
        verb = first.capitalize()
        if verb.endswith("e") and not verb.endswith("ee"):
            verb = verb[:-1]
        return f"{verb}ing {rest}…".replace(" …", "…") if rest else f"{verb}ing…"

    @classmethod
    def from_mcp(cls, app: str, tool: Any) -> ToolSpec:
        """Build from an `mcp_types.Tool` (or anything shaped like one)."""
        annotations = getattr(tool, "annotations", None)
        hints = ToolHints(
            read_only=getattr(annotations, "read_only_hint", None),
            destructive=getattr(annotations, "destructive_hint", None),
            idempotent=getattr(annotations, "idempotent_hint", None),
            open_world=getattr(annotations, "open_world_hint", None),
            title=getattr(annotations, "title", None),
        )
        return cls(
            app=app,
            name=tool.name,
            title=getattr(tool, "title", None) or hints.title,
            description=tool.description or "",
            input_schema=dict(tool.input_schema or {"type": "object", "properties": {}}),
            output_schema=dict(tool.output_schema) if getattr(tool, "output_schema", None) else None,
            hints=hints,
            meta=dict(getattr(tool, "meta", None) or {}),
        )


def split_qualified(name: str) -> tuple[str, str]:
    """`hotels__search_hotels` → (`hotels`, `search_hotels`)."""
    app, sep, tool = name.partition(QUALIFIER)
    if not sep or not app or not tool:
        raise ValueError(f"{name!r} is not an app-qualified tool name (expected 'app{QUALIFIER}tool')")
    return app, tool


PROTOCOL_META_PREFIX = "io.modelcontextprotocol/"


def app_meta(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """A result's `_meta` as the app wrote it: keys the protocol stamps on the connection
    (`io.modelcontextprotocol/...`) are the connection's, not the app's data, and are left out."""
    return {key: value for key, value in (meta or {}).items() if not key.startswith(PROTOCOL_META_PREFIX)}
