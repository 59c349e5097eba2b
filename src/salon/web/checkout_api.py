"""The JSON API of checkout in the conversation: the person's answer to the host's checkout card, the
checkouts of a conversation (for a reloaded page), and the merchants' order webhooks.

    POST /api/checkouts/{checkout_id}/confirm            {payment_method_id?, extra_confirmed?}
    POST /api/checkouts/{checkout_id}/authenticate       {approve}: the bank's 3-D Secure step
    POST /api/checkouts/{checkout_id}/cancel
    GET  /api/conversations/{conversation_id}/checkouts   ?after=<cursor>&wait=<s>: new ones, live
    POST /api/commerce/webhooks/{merchant}               signed with Merchant-Signature

Confirm, authenticate and cancel answer one turn event with status 200 (a refusal is an answer, not an
HTTP failure): `order_confirmed`, `checkout_refused`, `checkout_canceled`, or `checkout_required` with a
fresh card when the price changed, or with the bank's step on it (`card.authentication = {message,
redirect_url}`) when the merchant answered `authentication_required`. Only these endpoints, reached
from the host's own page, complete a checkout; no view and no app can.

A webhook answers 200 `{"received": true}`, or 401 `{"error": {"code": "invalid_signature", "reason"}}`
for a missing, malformed, stale, forged or replayed signature, 404 for a merchant not configured, 400
for a body that is not an order event.
"""

from __future__ import annotations

from datetime import UTC, datetime

import anyio
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from salon.errors import MerchantError, StoreError, WebhookSignatureError
from salon.host.checkout.commerce import HostCommerce
from salon.web.api import read_json
from salon.web.errors import RequestError, error_response
from salon.web.state import dump, host_of

WEBHOOK_BODY = 1024 * 1024
MAX_WAIT_S = 25.0
POLL_S = 0.5


class ConfirmBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payment_method_id: str | None = Field(default=None, max_length=64)
    extra_confirmed: bool = False


class AuthenticateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool


def _commerce(request: Request) -> HostCommerce:
    commerce = host_of(request).commerce
    if commerce is None:
        raise StoreError("Checkout is not set up on this Salon.", code="checkout_unavailable")
    return commerce


async def confirm(request: Request) -> Response:
    body = await read_json(request, ConfirmBody, optional=True)
    outcome = await _commerce(request).flow.confirm(
        request.path_params["checkout_id"],
        payment_method_id=body.payment_method_id,
        extra_confirmed=body.extra_confirmed,
    )
    return JSONResponse(outcome.to_wire())


async def authenticate(request: Request) -> Response:
    body = await read_json(request, AuthenticateBody)
    outcome = await _commerce(request).flow.authenticate(
        request.path_params["checkout_id"], approve=body.approve
    )
    return JSONResponse(outcome.to_wire())


async def cancel(request: Request) -> Response:
    outcome = await _commerce(request).flow.cancel(request.path_params["checkout_id"])
    return JSONResponse(outcome.to_wire())


async def conversation_checkouts(request: Request) -> Response:
    """All the conversation's checkouts, or with `?after=<cursor>` only those started since, waiting up
    to `wait` seconds (at most `MAX_WAIT_S`) for one: the open page's live channel for a checkout a view
    started, whose tool call answers the view, not the page. The store is asked every `POLL_S`, so a
    checkout presented by any worker shows. `cursor` is the newest checkout's time, for the next ask."""
    host = host_of(request)
    conversation_id = request.path_params["conversation_id"]
    after = _when(request.query_params.get("after"))
    wait = _seconds(request.query_params.get("wait"))
    deadline = anyio.current_time() + wait
    while True:
        fresh = await host.store.orders.for_conversation(conversation_id, after=after)
        if fresh or anyio.current_time() >= deadline:
            break
        await anyio.sleep(min(POLL_S, max(0.0, deadline - anyio.current_time())))
    newest = max((r.created_at for r in fresh), default=after)
    return JSONResponse(
        {
            "checkouts": [dump(record) for record in fresh],
            "cursor": newest.isoformat() if newest is not None else None,
        },
        headers={"Cache-Control": "no-store"},
    )


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise RequestError(400, "invalid_request", "`after` is the `cursor` of an earlier answer.") from exc
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _seconds(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        return min(max(float(value), 0.0), MAX_WAIT_S)
    except ValueError as exc:
        raise RequestError(400, "invalid_request", f"`wait` is seconds, at most {MAX_WAIT_S:g}.") from exc


async def order_webhook(request: Request) -> Response:
    merchant = request.path_params["merchant"]
    body = await request.body()
    if len(body) > WEBHOOK_BODY:
        return error_response(413, "too_large", "The webhook body is larger than 1 MiB.")
    try:
        order = await _commerce(request).webhooks.receive(
            merchant, request.headers.get("merchant-signature"), body
        )
    except WebhookSignatureError as exc:
        response = error_response(401, exc.code, exc.message)
        response.body = response.render(
            {"error": {"code": exc.code, "message": exc.message, "reason": exc.reason}}
        )
        response.headers["content-length"] = str(len(response.body))
        return response
    except MerchantError as exc:
        status = 404 if exc.code == "unknown_merchant" else 400
        return error_response(status, exc.code, exc.message)
    return JSONResponse({"received": True, "order_id": order.order_id, "status": order.status})


def routes() -> list[BaseRoute]:
    return [
        Route("/api/checkouts/{checkout_id}/confirm", confirm, methods=["POST"]),
        Route("/api/checkouts/{checkout_id}/authenticate", authenticate, methods=["POST"]),
        Route("/api/checkouts/{checkout_id}/cancel", cancel, methods=["POST"]),
        Route("/api/conversations/{conversation_id}/checkouts", conversation_checkouts, methods=["GET"]),
        Route("/api/commerce/webhooks/{merchant}", order_webhook, methods=["POST"]),
    ]


__all__ = ["MAX_WAIT_S", "AuthenticateBody", "ConfirmBody", "routes"]
