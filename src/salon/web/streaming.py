"""Server-sent events for turns.

A turn streams as `text/event-stream`, one SSE message per `TurnEvent`:

    event: tool_call
    data: {"type": "tool_call", "call_id": "...", ...}

The first event is pulled before the response starts, so an error the host raises up front (an unknown
conversation, a decision already made) is still an ordinary JSON error with its status. Once streaming,
a failure becomes an `error` event followed by `done`: the page always sees the turn end.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from salon.errors import AppError, SalonError
from salon.host.events import Done, Error, TurnEvent, UserMessage

logger = logging.getLogger("salon.web")

SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def encode_event(event: TurnEvent) -> bytes:
    """One SSE message: an `event:` line with the type and a single-line JSON `data:` line."""
    return encode_message(event.type, event.to_wire())


def encode_message(name: str, data: dict[str, Any]) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {name}\ndata: {payload}\n\n".encode()


def decode_stream(body: str) -> list[dict[str, Any]]:
    """Parse an SSE body back into the `data` objects, in order (for clients and tests)."""
    events: list[dict[str, Any]] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        data = [line[5:].lstrip() for line in block.split("\n") if line.startswith("data:")]
        if data:
            events.append(json.loads("\n".join(data)))
    return events


class EventStreamResponse(StreamingResponse):
    """Streams a turn's events; closes the host's iterator when the client goes away."""

    def __init__(
        self, first: TurnEvent | None, events: AsyncIterator[TurnEvent], conversation_id: str
    ) -> None:
        self._events = events
        super().__init__(
            self._encode(first, events, conversation_id), media_type="text/event-stream", headers=SSE_HEADERS
        )

    @staticmethod
    async def _encode(
        first: TurnEvent | None, events: AsyncIterator[TurnEvent], conversation_id: str
    ) -> AsyncIterator[bytes]:
        finished = False
        if first is not None:
            finished = first.type == "done"
            if isinstance(first, (Done, UserMessage)):
                conversation_id = first.conversation_id
            yield encode_event(first)
        try:
            while not finished:
                try:
                    event = await anext(events)
                except StopAsyncIteration:
                    break
                finished = event.type == "done"
                if isinstance(event, (Done, UserMessage)):
                    conversation_id = event.conversation_id
                yield encode_event(event)
        except SalonError as error:
            app = error.app if isinstance(error, AppError) else None
            yield encode_event(Error(code=error.code, message=error.message, app=app))
        except Exception:
            logger.exception("turn stream for %s failed", conversation_id)
            yield encode_event(
                Error(
                    code="internal", message="The turn stopped on an unexpected error; the server log has it."
                )
            )
        else:
            if finished:
                return
        yield encode_event(Done(conversation_id=conversation_id))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            aclose = getattr(self._events, "aclose", None)
            if aclose is not None:
                await aclose()


async def stream_turn(events: AsyncIterator[TurnEvent], conversation_id: str = "") -> EventStreamResponse:
    """Start a turn's stream; errors raised before the first event propagate to the caller."""
    first: TurnEvent | None
    try:
        first = await anext(events)
    except StopAsyncIteration:
        first = None
    except BaseException:
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()
        raise
    return EventStreamResponse(first, events, conversation_id)
