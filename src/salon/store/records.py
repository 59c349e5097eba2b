"""What the store hands back: frozen pydantic records, one per stored concept.

Records are values: reading the same row twice gives equal records, and changing something goes
through a repository method, which returns the new record. Timestamps are timezone-aware UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

Role = Literal["user", "assistant", "tool"]
ToolCallStatus = Literal["proposed", "waiting", "running", "succeeded", "failed", "denied", "invalid"]
ConfirmationKind = Literal["call", "changed_definition"]
ConfirmationStatus = Literal["pending", "approved", "always", "denied"]
Transport = Literal["http", "stdio"]

ROLES: frozenset[str] = frozenset(get_args(Role))
TOOL_CALL_STATUSES: frozenset[str] = frozenset(get_args(ToolCallStatus))
TERMINAL_TOOL_CALL_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "denied", "invalid"})
"""A call in one of these states has finished; `finished_at` is set when it enters one."""
CONFIRMATION_KINDS: frozenset[str] = frozenset(get_args(ConfirmationKind))
DECISIONS: frozenset[str] = frozenset({"approved", "always", "denied"})
"""The statuses `confirmations.decide` accepts: every status but `pending`."""


class Conversation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    """When a message was last appended, or the conversation renamed or touched."""


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    conversation_id: str
    seq: int
    """1, 2, 3... within the conversation; the order of the transcript."""
    role: Role
    content: str
    tool_calls: list[dict[str, Any]] | None = None
    """On an assistant message: the calls the model proposed, as the provider gave them."""
    tool_call_id: str | None = None
    """On a tool message: the call it answers."""
    name: str | None = None
    data: Any = None
    """Anything else the host keeps with the message (JSON)."""
    created_at: datetime


class ToolCallRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    conversation_id: str
    app: str
    tool: str
    arguments: dict[str, Any]
    status: ToolCallStatus
    result_text: str | None = None
    result_structured: Any = None
    result_meta: dict[str, Any] | None = None
    is_error: bool = False
    error_code: str | None = None
    created_at: datetime
    finished_at: datetime | None = None
    view_uri: str | None = None
    """The `ui://` view this call's result renders into, when its tool declares one."""
    view_call_id: str | None = None
    """Set when a view made this call itself: the call whose view it is (no model round follows)."""


class Confirmation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    conversation_id: str
    call_id: str
    app: str
    tool: str
    arguments: dict[str, Any]
    kind: ConfirmationKind
    payload: dict[str, Any] | None = None
    """For `changed_definition`: what changed (the host decides the shape)."""
    status: ConfirmationStatus
    created_at: datetime
    decided_at: datetime | None = None


class InstalledApp(BaseModel):
    """An app the person installed, and how to reach it: a URL (`http`) or a command (`stdio`)."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=255)
    title: str
    transport: Transport = "http"
    url: str | None = None
    command: list[str] | None = None
    env: dict[str, str] = Field(default_factory=dict)
    cwd: str | None = None
    enabled: bool = True
    created_at: datetime | None = None
    """Set by the store when the app is first installed; kept by later upserts."""

    @model_validator(mode="after")
    def _reachable(self) -> InstalledApp:
        if self.transport == "http" and not self.url:
            raise ValueError(f"app {self.name!r} uses the http transport, so it needs a url")
        if self.transport == "stdio" and not self.command:
            raise ValueError(f"app {self.name!r} uses the stdio transport, so it needs a command to start")
        return self


class ToolDefinition(BaseModel):
    """The definition of one tool the person approved, and a changed one awaiting approval."""

    model_config = ConfigDict(frozen=True)

    app: str
    tool: str
    fingerprint: str
    definition: dict[str, Any]
    pending_fingerprint: str | None = None
    pending_definition: dict[str, Any] | None = None
    approved_at: datetime


class Grant(BaseModel):
    """The person chose "always allow" for this tool of this app."""

    model_config = ConfigDict(frozen=True)

    app: str
    tool: str
    created_at: datetime


class ViewState(BaseModel):
    """What a view stored about itself for one tool call (MCP Apps has no such thing; `widgetState`)."""

    model_config = ConfigDict(frozen=True)

    call_id: str
    state: Any = None
    updated_at: datetime


class ModelContext(BaseModel):
    """The context a view last shared with the model in one conversation (last one wins)."""

    model_config = ConfigDict(frozen=True)

    conversation_id: str
    app: str
    call_id: str
    content: list[dict[str, Any]] | None = None
    """MCP content blocks (`{"type": "text", "text": ...}`, ...)."""
    structured: Any = None
    updated_at: datetime


class ViewResource(BaseModel):
    """A view's HTML as an app served it, for one version of the app."""

    model_config = ConfigDict(frozen=True)

    id: str
    app: str
    uri: str
    version: str
    mime_type: str
    html: str
    meta: dict[str, Any] | None = None
    """The resource's `_meta` (`ui.csp`, `ui.permissions`, `openai/widgetCSP`, ...)."""
    fetched_at: datetime
