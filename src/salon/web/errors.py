"""How failures become HTTP answers.

Every error the JSON API returns has one shape, `{"error": {"code": ..., "message": ...}}`, where `code`
is stable (the `SalonError.code` for Salon's own errors) and `message` says what was wrong and how to fix
it. `SalonError` subclasses map to a status by type; anything unexpected becomes a 500 with a generic
message and no stack trace.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from salon.errors import (
    AppError,
    AppTimeoutError,
    AppUnavailableError,
    ConfigurationError,
    ModelError,
    NotFoundError,
    PolicyError,
    SalonError,
    StoreError,
    ToolDefinitionError,
)

logger = logging.getLogger("salon.web")

_STATUS_BY_TYPE: tuple[tuple[type[SalonError], int], ...] = (
    (NotFoundError, 404),
    (ConfigurationError, 400),
    (ToolDefinitionError, 400),
    (AppUnavailableError, 502),
    (AppTimeoutError, 504),
    (AppError, 502),
    (StoreError, 503),
    (ModelError, 502),
    (PolicyError, 403),
)

_CONFLICT_CODES = frozenset({"already_decided", "already_exists", "conflict"})

_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


class RequestError(Exception):
    """A request the API refuses before it reaches the host (bad JSON, wrong fields, too large)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def status_for(error: SalonError) -> int:
    """The HTTP status a Salon error maps to."""
    if error.code in _CONFLICT_CODES:
        return 409
    for kind, status in _STATUS_BY_TYPE:
        if isinstance(error, kind):
            return status
    return 500


def error_body(code: str, message: str, *, app: str | None = None) -> dict[str, dict[str, str]]:
    body = {"code": code, "message": message}
    if app is not None:
        body["app"] = app
    return {"error": body}


def error_response(status: int, code: str, message: str, *, app: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, app=app), status_code=status)


def salon_error_response(error: SalonError) -> JSONResponse:
    app = error.app if isinstance(error, AppError) else None
    return error_response(status_for(error), error.code, error.message, app=app)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


async def handle_salon_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, SalonError):
        raise exc
    return salon_error_response(exc)


async def handle_request_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestError):
        raise exc
    return error_response(exc.status, exc.code, exc.message)


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):
        raise exc
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    if not _wants_json(request):
        return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail
    if exc.status_code == 404:
        message = f"Nothing at {request.method} {request.url.path}; see the API routes in the docs."
    response = error_response(exc.status_code, code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message = "Salon hit an unexpected error; the server log has the details."
    if not _wants_json(request):
        return PlainTextResponse(message, status_code=500)
    return error_response(500, "internal", message)


EXCEPTION_HANDLERS = {
    SalonError: handle_salon_error,
    RequestError: handle_request_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
