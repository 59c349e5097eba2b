"""A deterministic, in-memory `Host` for the web and CLI tests.

It implements the same surface as `salon.host.runtime.Host` over dicts and plays one small, fixed
"hotels" world: messages mentioning hotels search (a read-only call), messages saying "book" propose a
booking that waits for the person's confirmation, and messages saying "broken" hit an app failure.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from salon.errors import AppUnavailableError, ConfigurationError, NotFoundError, PolicyError
from salon.host import events
from salon.host.endpoints import AppEndpoint
from salon.settings import Settings

HOTELS = [
    {"id": "h1", "name": "Harbour View", "city": "Melbourne", "price": 210},
    {"id": "h2", "name": "Laneway Rooms", "city": "Melbourne", "price": 160},
    {"id": "h3", "name": "Garden Court", "city": "Melbourne", "price": 185},
]


class Conversation(BaseModel):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime


class Message(BaseModel):
    id: str
    seq: int
    role: str
    content: str = ""
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)
    tool_call_id: str | None = None
    name: str | None = None
    data: Any = None
    created_at: datetime


class ToolCallRecord(BaseModel):
    id: str
    app: str
    tool: str
    arguments: dict[str, Any]
    status: str
    result_text: str | None = None
    result_structured: Any = None
    is_error: bool = False


class Confirmation(BaseModel):
    id: str
    conversation_id: str
    call_id: str
    app: str
    tool: str
    arguments: dict[str, Any]
    kind: str = "call"
    status: str = "pending"


class ConversationDetail(BaseModel):
    conversation: Conversation
    messages: list[Message]
    tool_calls: list[ToolCallRecord]
    pending: list[Confirmation]


class ToolSummary(BaseModel):
    name: str
    title: str | None
    description: str
    read_only: bool
    needs_confirmation: bool
    changed: bool = False


class AppSummary(BaseModel):
    name: str
    title: str
    transport: str
    url: str | None
    command: list[str] | None
    status: str = "ready"
    message: str | None = None
    tools: list[ToolSummary] = Field(default_factory=list)


def _hotel_tools(changed: set[str]) -> list[ToolSummary]:
    return [
        ToolSummary(
            name="search_hotels",
            title="Search hotels",
            description="Find hotels in a city.",
            read_only=True,
            needs_confirmation=False,
            changed="search_hotels" in changed,
        ),
        ToolSummary(
            name="book_hotel",
            title="Book hotel",
            description="Book a room.",
            read_only=False,
            needs_confirmation=True,
            changed="book_hotel" in changed,
        ),
    ]


class FakeHost:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.closed = False
        self._ids = itertools.count(1)
        self.conversations: dict[str, Conversation] = {}
        self.messages: dict[str, list[Message]] = {}
        self.calls: dict[str, list[ToolCallRecord]] = {}
        self.confirmations: dict[str, Confirmation] = {}
        self.apps: dict[str, AppSummary] = {}
        self.changed: dict[str, set[str]] = {}
        self.installed: list[AppEndpoint] = []

    @classmethod
    async def open(cls, settings: Settings, *, provider: object | None = None) -> FakeHost:
        return cls(settings)

    async def aclose(self) -> None:
        self.closed = True

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def _now(self) -> datetime:
        return datetime(2030, 1, 1, 12, 0, next(self._ids) % 60, tzinfo=UTC)

    # Conversations

    async def create_conversation(self, title: str | None = None) -> Conversation:
        now = self._now()
        conversation = Conversation(
            id=self._id("c"), title=title or "New conversation", created_at=now, updated_at=now
        )
        self.conversations[conversation.id] = conversation
        self.messages[conversation.id] = []
        self.calls[conversation.id] = []
        return conversation

    async def list_conversations(self) -> list[Conversation]:
        return sorted(self.conversations.values(), key=lambda item: item.updated_at, reverse=True)

    def _conversation(self, conversation_id: str) -> Conversation:
        try:
            return self.conversations[conversation_id]
        except KeyError:
            raise NotFoundError(
                f"No conversation {conversation_id!r}; list them at /api/conversations."
            ) from None

    async def conversation_detail(self, conversation_id: str) -> ConversationDetail:
        conversation = self._conversation(conversation_id)
        return ConversationDetail(
            conversation=conversation,
            messages=list(self.messages[conversation_id]),
            tool_calls=list(self.calls[conversation_id]),
            pending=[
                item
                for item in self.confirmations.values()
                if item.conversation_id == conversation_id and item.status == "pending"
            ],
        )

    def _append(self, conversation_id: str, role: str, **fields: Any) -> Message:
        log = self.messages[conversation_id]
        message = Message(id=self._id("m"), seq=len(log) + 1, role=role, created_at=self._now(), **fields)
        log.append(message)
        return message

    def _call(self, conversation_id: str, tool: str, arguments: dict[str, Any]) -> ToolCallRecord:
        record = ToolCallRecord(
            id=self._id("call"), app="hotels", tool=tool, arguments=arguments, status="proposed"
        )
        self.calls[conversation_id].append(record)
        self._append(
            conversation_id,
            "assistant",
            tool_calls=[{"id": record.id, "name": f"hotels__{tool}", "arguments": arguments}],
        )
        return record

    def _finish(
        self,
        conversation_id: str,
        record: ToolCallRecord,
        status: str,
        text: str,
        structured: Any = None,
        is_error: bool = False,
    ) -> None:
        finished = record.model_copy(
            update={
                "status": status,
                "result_text": text,
                "result_structured": structured,
                "is_error": is_error,
            }
        )
        log = self.calls[conversation_id]
        log[[item.id for item in log].index(record.id)] = finished
        self._append(
            conversation_id, "tool", content=text, tool_call_id=record.id, name=f"hotels__{record.tool}"
        )

    async def run_turn(self, conversation_id: str, text: str) -> AsyncIterator[events.TurnEvent]:
        self._conversation(conversation_id)
        message = self._append(conversation_id, "user", content=text)
        yield events.UserMessage(conversation_id=conversation_id, message_id=message.id, text=text)
        lowered = text.lower()
        if "hotels" not in self.apps:
            reply = "I have no app for that yet."
            self._append(conversation_id, "assistant", content=reply)
            yield events.Text(text=reply)
        elif "book" in lowered:
            record = self._call(conversation_id, "book_hotel", {"hotel_id": "h2", "nights": 3})
            yield events.ToolCall(
                call_id=record.id, app="hotels", tool="book_hotel", arguments=record.arguments
            )
            confirmation = Confirmation(
                id=self._id("conf"),
                conversation_id=conversation_id,
                call_id=record.id,
                app="hotels",
                tool="book_hotel",
                arguments=record.arguments,
            )
            self.confirmations[confirmation.id] = confirmation
            yield events.ConfirmationRequired(
                confirmation_id=confirmation.id,
                call_id=record.id,
                app="hotels",
                tool="book_hotel",
                title="Book hotel",
                arguments=record.arguments,
                reason="Booking changes something outside Salon.",
            )
            yield events.Done(conversation_id=conversation_id, waiting=True)
            return
        elif "broken" in lowered:
            record = self._call(conversation_id, "search_hotels", {"city": "Melbourne"})
            yield events.ToolCall(
                call_id=record.id, app="hotels", tool="search_hotels", arguments=record.arguments
            )
            yield events.Activity(label="Searching hotels…", app="hotels")
            error = AppUnavailableError("hotels", "The hotels app did not start; check its command.")
            self._finish(conversation_id, record, "failed", error.message, is_error=True)
            yield events.Error(code=error.code, message=error.message, app="hotels")
        else:
            record = self._call(conversation_id, "search_hotels", {"city": "Melbourne"})
            yield events.ToolCall(
                call_id=record.id, app="hotels", tool="search_hotels", arguments=record.arguments
            )
            yield events.Activity(label="Searching hotels…", app="hotels")
            summary = "Found 3 hotels in Melbourne."
            self._finish(conversation_id, record, "succeeded", summary, {"hotels": HOTELS})
            yield events.ToolResult(
                call_id=record.id,
                app="hotels",
                tool="search_hotels",
                text=summary,
                structured={"hotels": HOTELS},
            )
            for piece in ("Here are three ", "hotels in Melbourne."):
                yield events.Text(text=piece)
            self._append(conversation_id, "assistant", content="Here are three hotels in Melbourne.")
        yield events.Done(conversation_id=conversation_id)

    async def decide(
        self, confirmation_id: str, decision: Literal["approve", "always", "deny"]
    ) -> AsyncIterator[events.TurnEvent]:
        confirmation = self.confirmations.get(confirmation_id)
        if confirmation is None:
            raise NotFoundError(f"No confirmation {confirmation_id!r}.")
        if confirmation.status != "pending":
            raise PolicyError(f"This confirmation was already {confirmation.status}.", code="already_decided")
        cid = confirmation.conversation_id
        self.confirmations[confirmation_id] = confirmation.model_copy(
            update={"status": "denied" if decision == "deny" else "approved"}
        )
        record = next(item for item in self.calls[cid] if item.id == confirmation.call_id)
        if decision == "deny":
            self._finish(cid, record, "denied", "You declined this action, so it was not run.", is_error=True)
            yield events.ToolResult(
                call_id=record.id,
                app="hotels",
                tool="book_hotel",
                text="You declined this action, so it was not run.",
                is_error=True,
            )
            reply = "Okay, I did not book it."
        else:
            yield events.Activity(label="Booking hotel…", app="hotels")
            booking = {"booking_id": "b-1", "hotel": "Laneway Rooms", "nights": 3}
            self._finish(cid, record, "succeeded", "Booked Laneway Rooms for 3 nights.", booking)
            yield events.ToolResult(
                call_id=record.id,
                app="hotels",
                tool="book_hotel",
                text="Booked Laneway Rooms for 3 nights.",
                structured=booking,
            )
            reply = "Done — you're booked at Laneway Rooms."
        self._append(cid, "assistant", content=reply)
        yield events.Text(text=reply)
        yield events.Done(conversation_id=cid)

    # Apps

    async def install_app(self, endpoint: AppEndpoint, *, title: str | None = None) -> AppSummary:
        if endpoint.url is not None and "unreachable" in endpoint.url:
            raise AppUnavailableError(endpoint.name, f"Could not reach {endpoint.url}; is the app running?")
        self.installed.append(endpoint)
        summary = AppSummary(
            name=endpoint.name,
            title=title or endpoint.name.title(),
            transport=endpoint.transport,
            url=endpoint.url,
            command=list(endpoint.command) if endpoint.command else None,
            tools=_hotel_tools(set()) if endpoint.name == "hotels" else [],
        )
        self.apps[endpoint.name] = summary
        self.changed[endpoint.name] = set()
        return summary

    async def remove_app(self, name: str) -> None:
        if name not in self.apps:
            raise NotFoundError(f"No app named {name!r} is installed.")
        del self.apps[name]

    async def list_apps(self) -> list[AppSummary]:
        return [
            app.model_copy(
                update={"tools": _hotel_tools(self.changed[app.name]), "status": self._status(app.name)}
            )
            if app.name == "hotels"
            else app
            for app in self.apps.values()
        ]

    def _status(self, name: str) -> str:
        return "changed" if self.changed[name] else "ready"

    def change_tool(self, app: str, tool: str) -> None:
        """Simulate an app that changed a tool definition since it was approved."""
        self.changed[app].add(tool)

    async def approve_tool_change(self, app: str, tool: str) -> None:
        if app not in self.apps:
            raise NotFoundError(f"No app named {app!r} is installed.")
        if tool not in self.changed[app]:
            raise ConfigurationError(f"{app}.{tool} has no change waiting for approval.")
        self.changed[app].discard(tool)
