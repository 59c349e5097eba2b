"""The events a turn streams, in order, to the page, the JSON API and `salon chat --json`.

Every event is a pydantic model with a literal `type`; `event.to_wire()` is the JSON object sent.

    user_message            the person's message was stored
    activity                the host is doing something ("Searching hotels…")
    tool_call               the model asked for a tool {app, tool, arguments}
    confirmation_required   the call waits for the person (approve once / always / deny)
    tool_result             the app answered (text for the model, structured data for the view)
    view                    the result has an interactive view (rendered by the views part)
    text                    a piece of the assistant's reply (streamed in order)
    error                   something failed; the conversation continues
    checkout_required       an app named a checkout session: the host's own card to confirm or cancel it
    order_confirmed         the person confirmed, the merchant placed the order
    checkout_refused        the checkout was not paid, and why (`charged` says whether money moved)
    checkout_canceled       the person cancelled the checkout at the merchant
    done                    the turn ended (`waiting` is true when it waits for a confirmation)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class UserMessage(_Event):
    type: Literal["user_message"] = "user_message"
    conversation_id: str
    message_id: str
    text: str


class Activity(_Event):
    type: Literal["activity"] = "activity"
    label: str
    app: str | None = None


class ToolCall(_Event):
    type: Literal["tool_call"] = "tool_call"
    call_id: str
    app: str
    tool: str
    arguments: dict[str, Any]


class ConfirmationRequired(_Event):
    type: Literal["confirmation_required"] = "confirmation_required"
    confirmation_id: str
    call_id: str
    app: str
    tool: str
    title: str
    arguments: dict[str, Any]
    reason: str
    kind: Literal["call", "changed_definition"] = "call"


class ToolResult(_Event):
    type: Literal["tool_result"] = "tool_result"
    call_id: str
    app: str
    tool: str
    text: str
    structured: Any = None
    meta: dict[str, Any] = Field(default_factory=dict)
    """The result's `_meta` (for the app's view; never sent to the model)."""
    is_error: bool = False


class ToolInputPartial(_Event):
    """The arguments of a call to a tool with a view, as far as the model has streamed them: the page
    opens the view early and passes them on as `ui/notifications/tool-input-partial`. Never run."""

    type: Literal["tool_input_partial"] = "tool_input_partial"
    call_id: str
    app: str
    tool: str
    resource_uri: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class View(_Event):
    type: Literal["view"] = "view"
    call_id: str
    app: str
    tool: str
    resource_uri: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    structured: Any = None
    meta: dict[str, Any] = Field(default_factory=dict)


class Text(_Event):
    type: Literal["text"] = "text"
    text: str


class Error(_Event):
    type: Literal["error"] = "error"
    code: str
    message: str
    app: str | None = None


class CheckoutRequired(_Event):
    """Rendered by the host, never by the app's view: `card` is what the merchant itself says the
    session costs (salon.host.checkout.card)."""

    type: Literal["checkout_required"] = "checkout_required"
    checkout_id: str
    app: str
    merchant: str
    card: dict[str, Any]
    notice: str | None = None


class OrderConfirmed(_Event):
    type: Literal["order_confirmed"] = "order_confirmed"
    checkout_id: str
    merchant: str
    order: dict[str, Any]
    message: str


class CheckoutRefused(_Event):
    """`charged` is False when no money moved, True when it did, None when the host cannot know yet."""

    type: Literal["checkout_refused"] = "checkout_refused"
    checkout_id: str
    code: str
    message: str
    charged: bool | None = False
    retryable: bool = False
    details: dict[str, Any] = Field(default_factory=dict)


class CheckoutCanceled(_Event):
    type: Literal["checkout_canceled"] = "checkout_canceled"
    checkout_id: str
    message: str


class Done(_Event):
    type: Literal["done"] = "done"
    conversation_id: str
    waiting: bool = False


TurnEvent = Annotated[
    UserMessage
    | Activity
    | ToolCall
    | ConfirmationRequired
    | ToolResult
    | ToolInputPartial
    | View
    | Text
    | Error
    | CheckoutRequired
    | OrderConfirmed
    | CheckoutRefused
    | CheckoutCanceled
    | Done,
    Field(discriminator="type"),
]

turn_event_adapter: TypeAdapter[TurnEvent] = TypeAdapter(TurnEvent)


def parse_event(data: dict[str, Any]) -> TurnEvent:
    return turn_event_adapter.validate_python(data)
