"""The JSON API of checkout in the conversation: the person's answer to the host's checkout card, the
checkouts of a conversation (for a reloaded page), and the merchants' order webhooks.

    POST /api/checkouts/{checkout_id}/confirm            {payment_method_id?, extra_confirmed?}
    POST /api/checkouts/{checkout_id}/cancel
    GET  /api/conversations/{conversation_id}/checkouts
    POST /api/commerce/webhooks/{merchant}               signed with Merchant-Signature

Confirm and cancel answer one turn event (`order_confirmed`, `checkout_refused`, `checkout_canceled`,
or `checkout_required` with a fresh card when the price changed) with status 200: a refusal is an
answer, not an HTTP failure. Only these endpoints, reached from the host's own page, complete a
checkout; no view and no app can.

A webhook answers 200 `{"received": true}`, or 401 `{"error": {"code": "invalid_signature", "reason"}}`
for a missing, malformed, stale, forged or replayed signature, 404 for a merchant not configured, 400
for a body that is not an order event.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from salon.errors import MerchantError, StoreError, WebhookSignatureError
from salon.host.checkout.commerce import HostCommerce
from salon.web.api import read_json
from salon.web.errors import error_response
from salon.web.state import dump, host_of

WEBHOOK_BODY = 1024 * 1024


class ConfirmBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payment_method_id: str | None = Field(default=None, max_length=64)
    extra_confirmed: bool = False


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


async def cancel(request: Request) -> Response:
    outcome = await _commerce(request).flow.cancel(request.path_params["checkout_id"])
    return JSONResponse(outcome.to_wire())


async def conversation_checkouts(request: Request) -> Response:
    host = host_of(request)
    records = await host.store.orders.for_conversation(request.path_params["conversation_id"])
    return JSONResponse({"checkouts": [dump(record) for record in records]})


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
        Route("/api/checkouts/{checkout_id}/cancel", cancel, methods=["POST"]),
        Route("/api/conversations/{conversation_id}/checkouts", conversation_checkouts, methods=["GET"]),
        Route("/api/commerce/webhooks/{merchant}", order_webhook, methods=["POST"]),
    ]


__all__ = ["ConfirmBody", "routes"]
