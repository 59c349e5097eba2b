"""The merchant's ACP checkout API as an ASGI application.

    POST /checkout_sessions                  201  create
    POST /checkout_sessions/{id}             200  update
    GET  /checkout_sessions/{id}             200  retrieve
    POST /checkout_sessions/{id}/complete    200  complete (the session, with its order)
    POST /checkout_sessions/{id}/cancel      200  cancel (405 once completed or canceled)
    GET  /product_feed                       200  the products, as the ACP feed schema writes them
    GET  /.well-known/acp.json               200  discovery (public)

Every checkout request needs `Authorization: Bearer <key>` (401 otherwise) and `API-Version` (400 when
missing or not one this merchant speaks, with `supported_versions`). Every POST needs an
`Idempotency-Key`, handled by `IdempotencyStore` against the merchant's database: a replay answers the
stored response with `Idempotent-Replayed: true`; 5xx answers are not stored. `Request-Id` is echoed.

Errors are ACP `Error` bodies: `{type, code, message, param?}`. A request body the models reject is
400 `missing_required_field` / `invalid_field` with a JSONPath `param`.

A request cancelled mid-way (the worker killed) leaves its idempotency key in flight until the lease
runs out, exactly as a crashed process would; an exception is a 500 and releases the key.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from salon.commerce.acp import (
    PROTOCOL_VERSION,
    SUPPORTED_VERSIONS,
    CancelSessionRequest,
    CheckoutSession,
    CheckoutSessionCompleteRequest,
    CheckoutSessionCreateRequest,
    CheckoutSessionUpdateRequest,
    Error,
)
from salon.commerce.idempotency import Conflict, InFlight, Proceed, Replay, fingerprint
from salon.commerce.merchant import Merchant
from salon.errors import CheckoutError, StoreError

logger = logging.getLogger(__name__)

Operation = Callable[[Merchant, str, bytes], Awaitable[tuple[int, CheckoutSession]]]
_MAX_KEY = 255
_M = TypeVar("_M", bound=BaseModel)


MerchantOpener = Callable[[], AbstractAsyncContextManager[Merchant]]


class _Holder:
    """The merchant the routes use: given, or opened by the lifespan (in the server's event loop)."""

    def __init__(self, merchant: Merchant | None) -> None:
        self._merchant = merchant

    @property
    def merchant(self) -> Merchant:
        if self._merchant is None:
            raise CheckoutError(
                "The merchant is not open yet; the app's lifespan opens it.",
                code="not_ready",
                status=503,
                error_type="service_unavailable",
            )
        return self._merchant


def create_merchant_app(
    merchant: Merchant | MerchantOpener,
    *,
    api_keys: Mapping[str, str] | Iterable[str],
    owns_merchant: bool = False,
    deliver_webhooks: bool = True,
    webhook_interval: float = 2.0,
) -> Starlette:
    """The ASGI app for `merchant`, or for the merchant `merchant()` opens (an async context manager,
    entered by the lifespan so that its database lives in the server's event loop). `api_keys` maps
    each accepted bearer key to the caller it identifies (a plain list names each caller by its key's
    hash); idempotency keys are scoped to that caller. With `owns_merchant` the app closes a given
    merchant at shutdown. With a webhook target configured and `deliver_webhooks`, the lifespan runs
    the outbox every `webhook_interval` seconds."""
    keys = dict(api_keys) if isinstance(api_keys, Mapping) else {key: _hash(key) for key in api_keys}
    if not keys:
        raise CheckoutError("The merchant API needs at least one API key.", code="configuration")
    holder = _Holder(merchant if isinstance(merchant, Merchant) else None)

    def endpoint(operation: Operation, *, post: bool) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            headers = {"Request-Id": request.headers["request-id"]} if "request-id" in request.headers else {}
            try:
                caller = _authenticate(request, keys)
                _check_version(request)
                merchant = holder.merchant
                body = await request.body()
                session_id = request.path_params.get("session_id", "")
                if not post:
                    status, session = await operation(merchant, session_id, body)
                    return _json(status, session.wire(), headers)
                return await _idempotent(merchant, request, caller, body, operation, session_id, headers)
            except CheckoutError as exc:
                return _error(exc, headers)

        return handle

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            if isinstance(merchant, Merchant):
                opened = merchant
                if owns_merchant:
                    stack.push_async_callback(merchant.aclose)
            else:
                opened = await stack.enter_async_context(merchant())
                holder._merchant = opened
            if deliver_webhooks and opened.outbox.target is not None:
                task = asyncio.create_task(_deliver_forever(opened, webhook_interval))
                stack.push_async_callback(_stop, task)
            yield

    async def feed(_: Request) -> Response:
        try:
            return JSONResponse(holder.merchant.catalog.feed().wire())
        except CheckoutError as exc:
            return _error(exc, {})

    async def discovery(_: Request) -> Response:
        return JSONResponse(
            {
                "protocol": {
                    "name": "acp",
                    "version": PROTOCOL_VERSION,
                    "supported_versions": list(SUPPORTED_VERSIONS),
                },
                "api_base_url": "/",
                "transports": ["rest"],
                "capabilities": {
                    "services": ["checkout", "orders"],
                    "intervention_types": ["3ds"],
                    "supported_currencies": [holder.merchant.policy.currency],
                },
            }
        )

    routes = [
        Route("/checkout_sessions", endpoint(_create, post=True), methods=["POST"]),
        Route("/checkout_sessions/{session_id}", endpoint(_update, post=True), methods=["POST"]),
        Route("/checkout_sessions/{session_id}", endpoint(_get, post=False), methods=["GET"]),
        Route("/checkout_sessions/{session_id}/complete", endpoint(_complete, post=True), methods=["POST"]),
        Route("/checkout_sessions/{session_id}/cancel", endpoint(_cancel, post=True), methods=["POST"]),
        Route("/product_feed", feed, methods=["GET"]),
        Route("/.well-known/acp.json", discovery, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _idempotent(
    merchant: Merchant,
    request: Request,
    caller: str,
    body: bytes,
    operation: Operation,
    session_id: str,
    headers: dict[str, str],
) -> Response:
    key = request.headers.get("idempotency-key", "").strip()
    if not key or len(key) > _MAX_KEY:
        raise CheckoutError(
            "Idempotency-Key header is required"
            + ("" if not key else f" and at most {_MAX_KEY} characters long"),
            code="idempotency_key_required",
        )
    headers = {**headers, "Idempotency-Key": key}
    where = f"POST {request.url.path}"
    begun = await merchant.idempotency.begin(caller, where, key, fingerprint("POST", request.url.path, body))
    if isinstance(begun, Replay):
        return Response(
            begun.body,
            status_code=begun.status_code,
            headers={**begun.headers, **headers, "Idempotent-Replayed": "true"},
            media_type="application/json",
        )
    if isinstance(begun, InFlight):
        raise CheckoutError(
            "A request with this Idempotency-Key is currently being processed",
            code="idempotency_in_flight",
            status=409,
            retry_after=begun.retry_after,
        )
    if isinstance(begun, Conflict):
        raise CheckoutError(
            "Idempotency-Key has already been used with a different request body",
            code="idempotency_conflict",
            status=422,
        )
    if not isinstance(begun, Proceed):  # pragma: no cover - the four outcomes are exhaustive
        raise TypeError(begun)
    try:
        status, session = await operation(merchant, session_id, body)
        response = _json(status, session.wire(), headers)
    except CheckoutError as exc:
        response = _error(exc, headers)
    except StoreError as exc:
        logger.warning("merchant database failed: %s", exc.message)
        response = _error(
            CheckoutError(exc.message, code=exc.code, status=503, error_type="service_unavailable"), headers
        )
    except Exception:
        logger.exception("checkout request failed")
        response = _error(
            CheckoutError(
                "The merchant failed to process the request; retry it with the same Idempotency-Key.",
                code="internal_error",
                status=500,
                error_type="processing_error",
            ),
            headers,
        )
    kept = {"Retry-After": response.headers["retry-after"]} if "retry-after" in response.headers else {}
    await merchant.idempotency.finish(caller, where, key, response.status_code, bytes(response.body), kept)
    return response


async def _create(merchant: Merchant, _: str, body: bytes) -> tuple[int, CheckoutSession]:
    return 201, await merchant.create(_parse(CheckoutSessionCreateRequest, body))


async def _update(merchant: Merchant, session_id: str, body: bytes) -> tuple[int, CheckoutSession]:
    return 200, await merchant.update(session_id, _parse(CheckoutSessionUpdateRequest, body))


async def _get(merchant: Merchant, session_id: str, _: bytes) -> tuple[int, CheckoutSession]:
    return 200, await merchant.get(session_id)


async def _complete(merchant: Merchant, session_id: str, body: bytes) -> tuple[int, CheckoutSession]:
    return 200, await merchant.complete(session_id, _parse(CheckoutSessionCompleteRequest, body))


async def _cancel(merchant: Merchant, session_id: str, body: bytes) -> tuple[int, CheckoutSession]:
    return 200, await merchant.cancel(session_id, _parse(CancelSessionRequest, body or b"{}"))


def _parse(model: type[_M], body: bytes) -> _M:
    try:
        raw = json.loads(body or b"null")
    except ValueError as exc:
        raise CheckoutError(f"The request body is not JSON: {exc}.", code="invalid_json") from exc
    if not isinstance(raw, dict):
        raise CheckoutError("The request body must be a JSON object.", code="invalid_request", param="$")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"])
        missing = first["type"] == "missing"
        raise CheckoutError(
            f"{'Missing required field' if missing else 'Invalid field'} {path}: {first['msg']}.",
            code="missing_required_field" if missing else "invalid_field",
            param=path,
        ) from exc


def _authenticate(request: Request, keys: Mapping[str, str]) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    caller = keys.get(token.strip()) if scheme.lower() == "bearer" else None
    if caller is None:
        raise CheckoutError(
            "A valid API key is required: send Authorization: Bearer <key>.", code="unauthorized", status=401
        )
    return caller


def _check_version(request: Request) -> None:
    version = request.headers.get("api-version", "").strip()
    if version not in SUPPORTED_VERSIONS:
        raise CheckoutError(
            f"API-Version {version!r} is not supported; send one of {', '.join(SUPPORTED_VERSIONS)}."
            if version
            else f"The API-Version header is required; this merchant speaks {PROTOCOL_VERSION}.",
            code="unsupported_api_version" if version else "missing_api_version",
        )


def _error(exc: CheckoutError, headers: dict[str, str]) -> Response:
    body = Error(
        type=exc.error_type,
        code=exc.code,
        message=exc.message,
        param=exc.param,
        supported_versions=list(SUPPORTED_VERSIONS) if exc.code.endswith("api_version") else None,
    )
    extra = dict(headers)
    if exc.retry_after is not None:
        extra["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        extra["WWW-Authenticate"] = "Bearer"
    return _json(exc.status, body.wire(), extra)


def _json(status: int, payload: dict[str, Any], headers: dict[str, str]) -> Response:
    return JSONResponse(payload, status_code=status, headers=headers)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _deliver_forever(merchant: Merchant, interval: float) -> None:
    while True:
        try:
            await merchant.outbox.deliver_due()
        except StoreError as exc:
            logger.warning("webhook delivery skipped: %s", exc.message)
        await asyncio.sleep(interval)


__all__ = ["MerchantOpener", "create_merchant_app"]
