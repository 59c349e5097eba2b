"""A tiny chat-completions endpoint that speaks the OpenAI streaming wire format (SSE).

Its "model" is deterministic:
- the last message is a tool result → it answers "Noted: <result text>" as text;
- the last user message is `call <tool> <json>` (several joined with ` ; `) → it streams those tool
  calls, the arguments cut into 4-character fragments, id and name only in the first fragment;
- `broken <tool>` → a tool call whose arguments are not valid JSON;
- anything else → it echoes "You said: <message>" word by word.
Requests need `Authorization: Bearer good-key`; model `missing` answers 404; model `crash` 500.
Every request body is kept in `app.state.requests`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


def _tool_call_chunks(calls: list[tuple[str, str]]) -> Iterator[str]:
    for index, (name, arguments) in enumerate(calls):
        fragments = [arguments[i : i + 4] for i in range(0, len(arguments), 4)] or [""]
        first = {
            "index": index,
            "id": f"call_fake_{index}",
            "type": "function",
            "function": {"name": name, "arguments": fragments[0]},
        }
        yield _chunk({"role": "assistant", "tool_calls": [first]})
        for fragment in fragments[1:]:
            yield _chunk({"tool_calls": [{"index": index, "function": {"arguments": fragment}}]})
    yield _chunk({}, "tool_calls")


def _reply(messages: list[dict[str, Any]]) -> Iterator[str]:
    last = messages[-1]
    if last["role"] == "tool":
        text = f"Noted: {last['content']}"
    else:
        content = str(last.get("content") or "")
        if content.startswith("call "):
            calls = []
            for part in content.split(" ; "):
                _, name, arguments = part.split(" ", 2)
                calls.append((name, arguments))
            yield from _tool_call_chunks(calls)
            yield "data: [DONE]\n\n"
            return
        if content.startswith("broken "):
            yield from _tool_call_chunks([(content.split(" ", 1)[1], '{"city": "Mel')])
            yield "data: [DONE]\n\n"
            return
        text = f"You said: {content}"
    words = text.split(" ")
    yield _chunk({"role": "assistant", "content": ""})
    for i, word in enumerate(words):
        yield _chunk({"content": word if i == 0 else " " + word})
    yield _chunk({}, "stop")
    yield "data: [DONE]\n\n"


async def completions(request: Request) -> Response:
    if request.headers.get("authorization") != "Bearer good-key":
        return JSONResponse(
            {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}},
            status_code=401,
        )
    body = await request.json()
    request.app.state.requests.append(body)
    if body["model"] == "missing":
        return JSONResponse({"error": {"message": "model 'missing' not found"}}, status_code=404)
    if body["model"] == "crash":
        return JSONResponse({"error": {"message": "the GPU caught fire"}}, status_code=500)
    return StreamingResponse(_reply(body["messages"]), media_type="text/event-stream")


def create_fake_openai() -> Starlette:
    app = Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])
    app.state.requests = []
    return app
