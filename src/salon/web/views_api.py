"""The JSON API for views, on the chat origin (docs/views-contract.md).

    GET    /api/views/{call_id}                      what the page needs to render the call's view
    GET    /api/views/{call_id}/preview?app=&tool=   the same for a call the model is still writing
    POST   /api/views/{call_id}/tools/call           {name, arguments} → 200 {result} | 202 {confirmation}
    POST   /api/views/{call_id}/resources/read       {uri} → 200 {contents}
    PUT    /api/views/{call_id}/state                {state} → 204 (at most 64 KiB of JSON)
    POST   /api/views/{call_id}/model-context        {content?, structuredContent?} → 204

The page calls these on behalf of the view in the sandbox; the view itself never reaches the chat
origin. A view's `tools/call` is refused with 403 (`tool_not_allowed`) for a tool of another app or one
whose visibility lacks `app`, and 400 (`invalid_arguments`) for arguments its schema rejects; a call
that needs the person's confirmation answers 202 with the `confirmation_required` event, decided through
`POST /api/confirmations/{id}` like any other (its stream then carries only that call's `tool_result`).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from salon.host.views import MAX_STATE_BYTES, ViewInfo
from salon.settings import WILDCARD_HOSTS, Settings
from salon.web.api import read_json
from salon.web.errors import RequestError
from salon.web.state import dump, host_of

CALL_BODY = 256 * 1024
_ENVELOPE = 1024
"""Room for the JSON around a state of `MAX_STATE_BYTES`."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ToolCallBody(_Body):
    name: str = Field(min_length=1, max_length=255)
    arguments: dict[str, Any] = Field(default_factory=dict)


class ReadBody(_Body):
    uri: str = Field(min_length=1, max_length=2048)


class StateBody(_Body):
    state: Any = None


class ModelContextBody(_Body):
    content: list[dict[str, Any]] | None = None
    structured: Any = Field(default=None, alias="structuredContent")


def sandbox_origin(settings: Settings, request: Request) -> str:
    """The sandbox origin as the browser must reach it: the configured one, or, when Salon listens on
    every interface, the host name the browser used for the chat page with the sandbox port."""
    if settings.sandbox_url or settings.host not in WILDCARD_HOSTS:
        return settings.sandbox_origin
    hostname = request.url.hostname or "127.0.0.1"
    if ":" in hostname:
        hostname = f"[{hostname}]"
    return f"{request.url.scheme}://{hostname}:{settings.sandbox_port}"


def chat_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def view_info(request: Request) -> Response:
    info = await host_of(request).views.info(request.path_params["call_id"])
    return _described(request, info)


async def view_preview(request: Request) -> Response:
    """`?app=&tool=`: the view of a call still streaming from the model (not stored yet)."""
    app, tool = request.query_params.get("app", ""), request.query_params.get("tool", "")
    if not app or not tool:
        raise RequestError(400, "invalid_request", "Name the call's app and tool: ?app=…&tool=….")
    info = await host_of(request).views.preview(request.path_params["call_id"], app, tool)
    return _described(request, info)


def _described(request: Request, info: ViewInfo) -> Response:
    origin = sandbox_origin(_settings(request), request)
    body = dump(info)
    body.pop("view_id")
    body["proxy_url"] = f"{origin}/proxy.html?host={quote(chat_origin(request), safe='')}"
    body["view_url"] = f"{origin}/views/{info.view_id}.html"
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def call_tool(request: Request) -> Response:
    body = await read_json(request, ToolCallBody, limit=CALL_BODY)
    answer = await host_of(request).views.call_tool(request.path_params["call_id"], body.name, body.arguments)
    if answer.confirmation is not None:
        return JSONResponse({"confirmation": answer.confirmation}, status_code=202)
    return JSONResponse({"result": answer.result})


async def read_resource(request: Request) -> Response:
    body = await read_json(request, ReadBody)
    contents = await host_of(request).views.read_resource(request.path_params["call_id"], body.uri)
    return JSONResponse({"contents": contents})


def _check_size(value: Any, what: str) -> None:
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_STATE_BYTES:
        raise RequestError(
            413,
            "too_large",
            f"The {what} is {size // 1024} KiB of JSON; at most {MAX_STATE_BYTES // 1024} KiB is kept. "
            "Store less (ids and choices, not the data the tool returned).",
        )


async def save_state(request: Request) -> Response:
    body = await read_json(request, StateBody, limit=MAX_STATE_BYTES + _ENVELOPE)
    _check_size(body.state, "view state")
    await host_of(request).views.save_state(request.path_params["call_id"], body.state)
    return Response(status_code=204)


async def share_with_model(request: Request) -> Response:
    body = await read_json(request, ModelContextBody, limit=MAX_STATE_BYTES + _ENVELOPE)
    _check_size({"content": body.content, "structuredContent": body.structured}, "model context")
    await host_of(request).views.share_with_model(
        request.path_params["call_id"], body.content, body.structured
    )
    return Response(status_code=204)


def routes() -> list[BaseRoute]:
    return [
        Route("/api/views/{call_id}", view_info, methods=["GET"]),
        Route("/api/views/{call_id}/preview", view_preview, methods=["GET"]),
        Route("/api/views/{call_id}/tools/call", call_tool, methods=["POST"]),
        Route("/api/views/{call_id}/resources/read", read_resource, methods=["POST"]),
        Route("/api/views/{call_id}/state", save_state, methods=["PUT"]),
        Route("/api/views/{call_id}/model-context", share_with_model, methods=["POST"]),
    ]


__all__ = ["chat_origin", "routes", "sandbox_origin"]
