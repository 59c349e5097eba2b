"""The JSON API: conversations, turns (streamed), confirmations and installed apps.

    GET    /api/conversations                      list
    POST   /api/conversations                      {title?} → 201 conversation
    GET    /api/conversations/{id}                 messages, tool calls, pending confirmations
    POST   /api/conversations/{id}/turns           {text} → text/event-stream of turn events
    POST   /api/confirmations/{id}                 {decision} → text/event-stream continuing the turn
    GET    /api/apps                               installed apps with status and tools
    POST   /api/apps                               {name, url} | {name, command} → 201 app
    DELETE /api/apps/{name}                        → 204
    POST   /api/apps/{name}/tools/{tool}/approve   → 204 (a changed tool definition may be called again)

Bodies are read with a size limit and validated by pydantic models before anything reaches the host;
every refusal is a `RequestError` with a message naming the field.
"""

from __future__ import annotations

import json
import shlex
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from salon.host.endpoints import AppEndpoint
from salon.web.errors import RequestError
from salon.web.state import dump, host_of
from salon.web.streaming import stream_turn

SMALL_BODY = 16 * 1024
TURN_BODY = 64 * 1024

Body = TypeVar("Body", bound=BaseModel)

_APP_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class NewConversation(_Strict):
    title: str | None = Field(default=None, max_length=200)


class NewTurn(_Strict):
    text: str = Field(min_length=1, max_length=32_000)


class Decision(_Strict):
    decision: Literal["approve", "always", "deny"]


class NewApp(_Strict):
    name: str = Field(pattern=_APP_NAME)
    title: str | None = Field(default=None, max_length=200)
    url: str | None = None
    command: list[str] | str | None = None
    env: dict[str, str] = Field(default_factory=dict)
    cwd: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http:// or https:// URL, e.g. http://127.0.0.1:8000/mcp")
        return value

    @field_validator("command")
    @classmethod
    def _split_command(cls, value: list[str] | str | None) -> list[str] | None:
        if value is None:
            return None
        try:
            argv = shlex.split(value) if isinstance(value, str) else list(value)
        except ValueError as error:
            raise ValueError(f"cannot be split into arguments ({error})") from error
        if not argv or not argv[0].strip():
            raise ValueError("must name a program to run, e.g. 'python server.py'")
        return argv

    @model_validator(mode="after")
    def _one_transport(self) -> NewApp:
        if (self.url is None) == (self.command is None):
            raise ValueError("give exactly one of 'url' (an HTTP app) or 'command' (a local stdio app)")
        return self

    def endpoint(self) -> AppEndpoint:
        if self.url is not None:
            return AppEndpoint(name=self.name, transport="http", url=self.url)
        argv = self.command if isinstance(self.command, list) else []
        return AppEndpoint(name=self.name, transport="stdio", command=argv, env=self.env, cwd=self.cwd)


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "body"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "is not a field this endpoint accepts"
        elif item["type"] == "missing":
            message = "is required"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        problems.append(f"'{where}' {message}" if where != "body" else message)
    return "; ".join(problems)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestError(413, "too_large", f"The body is larger than {limit // 1024} KiB; send less.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, "too_large", f"The body is larger than {limit // 1024} KiB; send less.")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(
    request: Request, model: type[Body], *, limit: int = SMALL_BODY, optional: bool = False
) -> Body:
    """The request's JSON body validated as `model`, or a `RequestError` that says what is wrong."""
    raw = await _read_body(request, limit)
    if not raw.strip():
        if optional:
            return model()
        raise RequestError(400, "invalid_json", "The request needs a JSON object body.")
    # Only JSON: a body sent as text/plain or a form is what another site's page can send without the
    # browser's CORS preflight (web/csrf.py is the first wall).
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise RequestError(
            415, "unsupported_media_type", "Send the body as application/json (Content-Type header)."
        )
    try:
        data: Any = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RequestError(400, "invalid_json", f"The body is not valid JSON ({error}).") from error
    if not isinstance(data, dict):
        raise RequestError(400, "invalid_request", "The body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RequestError(400, "invalid_request", _describe(error)) from error


async def list_conversations(request: Request) -> Response:
    conversations = await host_of(request).list_conversations()
    return JSONResponse({"conversations": [dump(item) for item in conversations]})


async def create_conversation(request: Request) -> Response:
    body = await read_json(request, NewConversation, optional=True)
    conversation = await host_of(request).create_conversation(body.title or None)
    return JSONResponse(dump(conversation), status_code=201)


async def conversation_detail(request: Request) -> Response:
    detail = await host_of(request).conversation_detail(request.path_params["conversation_id"])
    return JSONResponse(dump(detail))


async def run_turn(request: Request) -> Response:
    conversation_id: str = request.path_params["conversation_id"]
    body = await read_json(request, NewTurn, limit=TURN_BODY)
    # The first event is awaited before the response starts, so an unknown id is still a 404.
    return await stream_turn(host_of(request).run_turn(conversation_id, body.text), conversation_id)


async def decide(request: Request) -> Response:
    body = await read_json(request, Decision)
    events = host_of(request).decide(request.path_params["confirmation_id"], body.decision)
    return await stream_turn(events)


async def list_apps(request: Request) -> Response:
    apps = await host_of(request).list_apps()
    return JSONResponse({"apps": [dump(app) for app in apps]})


async def install_app(request: Request) -> Response:
    body = await read_json(request, NewApp)
    try:
        endpoint = body.endpoint()
    except ValidationError as error:
        raise RequestError(400, "invalid_request", _describe(error)) from error
    summary = await host_of(request).install_app(endpoint, title=body.title)
    return JSONResponse(dump(summary), status_code=201)


async def remove_app(request: Request) -> Response:
    await host_of(request).remove_app(request.path_params["name"])
    return Response(status_code=204)


async def approve_tool(request: Request) -> Response:
    await host_of(request).approve_tool_change(request.path_params["name"], request.path_params["tool"])
    return Response(status_code=204)


def routes() -> list[BaseRoute]:
    return [
        Route("/api/conversations", list_conversations, methods=["GET"]),
        Route("/api/conversations", create_conversation, methods=["POST"]),
        Route("/api/conversations/{conversation_id}", conversation_detail, methods=["GET"]),
        Route("/api/conversations/{conversation_id}/turns", run_turn, methods=["POST"]),
        Route("/api/confirmations/{confirmation_id}", decide, methods=["POST"]),
        Route("/api/apps", list_apps, methods=["GET"]),
        Route("/api/apps", install_app, methods=["POST"]),
        Route("/api/apps/{name}", remove_app, methods=["DELETE"]),
        Route("/api/apps/{name}/tools/{tool}/approve", approve_tool, methods=["POST"]),
    ]
