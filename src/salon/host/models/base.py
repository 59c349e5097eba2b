"""The model provider seam: one method to implement (`stream`) and `aclose`.

A provider gets the conversation as chat messages plus the tools on offer (already narrowed by the
host's ranking) and streams back text deltas and tool-call proposals. Tool names are app-qualified
(`hotels__search_hotels`); arguments are plain dicts (the host validates them, not the provider).
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

INVALID_ARGUMENTS_KEY = "_invalid_json_arguments"
"""A provider that got arguments it could not parse proposes `{INVALID_ARGUMENTS_KEY: raw_text}`; the host
bounces such a call back to the model instead of sending it."""


class ProposedCall(BaseModel):
    """A tool call the model asked for (also used inside assistant messages of the history)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class ChatMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Literal["system", "user", "assistant", "tool"]
    content: str = ""
    tool_calls: list[ProposedCall] = Field(default_factory=list)
    """For assistant messages: the calls it made."""
    tool_call_id: str | None = None
    """For tool messages: the call this answers."""
    name: str | None = None
    """For tool messages: the qualified tool name."""
    data: Any = None
    """For tool messages: the structured result, when the model may see it."""
    is_error: bool = False
    """For tool messages: the call failed (the app's `isError`, a timeout, a denied confirmation)."""
    declined: bool = False
    """For tool messages: the person declined the call at its confirmation, so it was not run."""


class OfferedTool(BaseModel):
    """A tool as the model sees it."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    parameters: dict[str, Any]
    read_only: bool = False
    title: str | None = None
    """The tool's human title where its server gives one ("Book a hotel"), for the words the
    offline assistant says about it."""


class ModelRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    messages: list[ChatMessage]
    tools: list[OfferedTool] = Field(default_factory=list)
    now: datetime
    """The person's current local time (aware), for resolving relative dates."""
    tool_choice: Literal["auto", "none"] = "auto"

    @property
    def latest_user_text(self) -> str:
        """What the person said last ("" before they have said anything)."""
        return next((m.content for m in reversed(self.messages) if m.role == "user"), "")


class TextDelta(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["text"] = "text"
    text: str


class CallProposal(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["call"] = "call"
    call: ProposedCall


class CallDraft(BaseModel):
    """A tool call still streaming: its name and the arguments written so far (a best-effort reading of
    the partial JSON). Providers that stream arguments send drafts before the call's `CallProposal`,
    with the same `id`; the host may show them, never run them."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["call_draft"] = "call_draft"
    id: str
    name: str
    arguments: dict[str, Any]


ModelChunk = TextDelta | CallDraft | CallProposal


class ModelProvider(abc.ABC):
    """Implement `stream`; `aclose` releases what the provider holds."""

    name: str = "model"

    @abc.abstractmethod
    def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        """Yield text deltas and call proposals for one model step."""

    async def aclose(self) -> None:
        return None
