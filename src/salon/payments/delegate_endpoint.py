"""The ACP `delegate_payment` endpoint of the local provider, as an ASGI app.

    app = create_delegate_payment_app(provider, api_keys={"sk_test_…"})
    POST /agentic_commerce/delegate_payment      → 201 {"id": "vt_…", "created": …, "metadata": {…}}

The request and response follow ACP 2026-04-17 (`schema.delegate_payment.json`, the wire models
below mirror it: unknown fields refused, JSON types strict). Headers: `Authorization: Bearer <key>`
(401 otherwise), `API-Version` (a supported date, 400 otherwise, listing `supported_versions`),
`Idempotency-Key` on every request (400 `idempotency_key_required` without it; a retry with the same
body answers the first response with `Idempotent-Replayed: true`; another body 422
`idempotency_conflict`; while the first still runs 409 `idempotency_in_flight` with `Retry-After`).
Keys are scoped to the caller's API key, kept in the provider's database (so they hold across workers
and restarts), and failures are not kept. `Request-Id` is echoed, or made up when absent.

Errors use the spec's envelope `{type, code, message, param}`. Three answers go beyond the 2026-04-17
`Error.code` enum, which has nothing for them: 401 is `unauthorized` (as the OpenAPI's own 401
example), an unknown API version is `unsupported_api_version`, and a malformed field outside the card
is `invalid_request`. Invalid card data (shape: 400; a number or expiry the provider refuses: 422) is
`invalid_card` with `param` the JSONPath of the field. Rate limiting (429) is not implemented.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from salon.errors import PaymentDeclined, PaymentError, StoreError
from salon.payments.local import LocalTestProvider
from salon.payments.provider import Allowance, CardDetails, DelegatePaymentRequest

SUPPORTED_VERSIONS = ("2026-04-17",)
PATH = "/agentic_commerce/delegate_payment"


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class WireCard(_Wire):
    type: Literal["card"]
    card_number_type: Literal["fpan", "network_token"]
    number: str
    exp_month: str | None = Field(default=None, max_length=2)
    exp_year: str | None = Field(default=None, max_length=4)
    name: str | None = None
    cvc: str | None = Field(default=None, max_length=4)
    cryptogram: str | None = None
    eci_value: str | None = Field(default=None, max_length=2)
    checks_performed: list[Literal["avs", "cvv", "ani", "auth0"]] | None = None
    iin: str | None = Field(default=None, max_length=8)
    display_card_funding_type: Literal["credit", "debit", "prepaid"]
    display_wallet_type: str | None = None
    display_brand: str | None = None
    display_last4: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    metadata: dict[str, str]
    virtual: bool | None = None


class WireAllowance(_Wire):
    reason: Literal["one_time"]
    max_amount: int
    currency: str = Field(pattern=r"^[a-z]{3}$")
    checkout_session_id: str
    merchant_id: str = Field(max_length=256)
    expires_at: datetime


class WireAddress(_Wire):
    name: str = Field(max_length=256)
    line_one: str = Field(max_length=60)
    line_two: str | None = Field(default=None, max_length=60)
    city: str = Field(max_length=60)
    state: str
    country: str = Field(min_length=2, max_length=2)
    postal_code: str = Field(max_length=20)


class WireRiskSignal(_Wire):
    type: Literal["card_testing"]
    score: int
    action: Literal["blocked", "manual_review", "authorized"]


class DelegatePaymentBody(_Wire):
    payment_method: WireCard
    allowance: WireAllowance
    billing_address: WireAddress | None = None
    risk_signals: list[WireRiskSignal]
    metadata: dict[str, str]


def _error(
    status: int, type_: str, code: str, message: str, *, param: str | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {"type": type_, "code": code, "message": message}
    if param is not None:
        body["param"] = param
    body.update(extra)
    headers = {"Retry-After": "1"} if status == 409 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _json_path(location: tuple[int | str, ...]) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)


def _card(body: DelegatePaymentBody) -> CardDetails | JSONResponse:
    wire = body.payment_method
    for field in ("exp_month", "exp_year"):
        value = getattr(wire, field)
        if value is None or not value.isdigit():
            return _error(
                422,
                "invalid_request",
                "invalid_card",
                f"The card's {field} is required, as digits.",
                param=f"$.payment_method.{field}",
            )
    try:
        return CardDetails.model_validate(
            {
                "number": wire.number,
                "exp_month": int(wire.exp_month or 0),
                "exp_year": int(wire.exp_year or 0),
                "cvc": wire.cvc,
                "name": wire.name,
            }
        )
    except ValidationError as exc:
        where = exc.errors()[0]["loc"]
        field = str(where[0]) if where and where[0] in {"exp_month", "exp_year"} else "number"
        return _error(
            422, "invalid_request", "invalid_card", "Invalid card data.", param=f"$.payment_method.{field}"
        )


def create_delegate_payment_app(provider: LocalTestProvider, *, api_keys: Iterable[str]) -> Starlette:
    """The ASGI app serving `POST /agentic_commerce/delegate_payment` for `provider`. The caller owns
    `provider` (opens and closes it); `api_keys` are the bearer tokens accepted."""
    keys = tuple(api_keys)
    if not keys:
        raise ValueError("give at least one API key for the delegate_payment endpoint")

    def identity(request: Request) -> str | None:
        scheme, _, presented = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        for key in keys:
            if hmac.compare_digest(presented.encode(), key.encode()):
                return hashlib.sha256(key.encode()).hexdigest()[:32]
        return None

    async def delegate_payment(request: Request) -> JSONResponse:
        request_id = request.headers.get("request-id") or f"req_{uuid.uuid4().hex}"
        response = await _handle(request, identity(request))
        response.headers["Request-Id"] = request_id
        return response

    async def _handle(request: Request, scope: str | None) -> JSONResponse:
        if scope is None:
            return _error(401, "unauthorized", "unauthorized", "Unauthorized: give a valid Bearer API key.")
        version = request.headers.get("api-version")
        if version not in SUPPORTED_VERSIONS:
            return _error(
                400,
                "invalid_request",
                "unsupported_api_version",
                f"API-Version {version!r} is not supported.",
                supported_versions=list(SUPPORTED_VERSIONS),
            )
        key = request.headers.get("idempotency-key", "")
        if not 1 <= len(key) <= 255:
            return _error(
                400, "invalid_request", "idempotency_key_required", "Idempotency-Key header is required"
            )
        try:
            body = DelegatePaymentBody.model_validate_json(await request.body())
        except ValidationError as exc:
            first = exc.errors()[0]
            on_card = bool(first["loc"]) and first["loc"][0] == "payment_method"
            return _error(
                400,
                "invalid_request",
                "invalid_card" if on_card else "invalid_request",
                first["msg"],
                param=_json_path(first["loc"]),
            )
        card = _card(body)
        if isinstance(card, JSONResponse):
            return card
        try:
            allowance = Allowance.model_validate(body.allowance.model_dump())
        except ValidationError as exc:
            where = ("allowance", *exc.errors()[0]["loc"])
            return _error(
                422, "invalid_request", "invalid_request", exc.errors()[0]["msg"], param=_json_path(where)
            )
        fingerprint = hashlib.sha256(
            json.dumps(body.model_dump(mode="json"), sort_keys=True).encode()
        ).hexdigest()
        try:
            token, replayed = await provider.delegate_payment_once(
                DelegatePaymentRequest(card=card, allowance=allowance, metadata=body.metadata),
                scope=scope,
                idempotency_key=key,
                fingerprint=fingerprint,
            )
        except PaymentDeclined as exc:
            if exc.code == "expired_card":
                return _error(
                    422, "invalid_request", "invalid_card", exc.message, param="$.payment_method.exp_year"
                )
            message = "Invalid card number provided"
            return _error(422, "invalid_request", "invalid_card", message, param="$.payment_method.number")
        except PaymentError as exc:
            if exc.code == "idempotency_in_flight":
                return _error(409, "invalid_request", exc.code, exc.message)
            if exc.code == "idempotency_conflict":
                return _error(422, "invalid_request", exc.code, exc.message)
            return _error(
                422, "invalid_request", "invalid_request", exc.message, param="$.allowance.expires_at"
            )
        except StoreError:
            return _error(
                503, "service_unavailable", "service_unavailable", "The vault is unavailable; retry."
            )
        answer = {
            "id": token.id,
            "created": token.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "metadata": {
                **token.metadata,
                "merchant_id": token.allowance.merchant_id,
                "idempotency_key": key,
            },
        }
        headers = {"Idempotent-Replayed": "true"} if replayed else None
        return JSONResponse(answer, status_code=201, headers=headers)

    return Starlette(routes=[Route(PATH, delegate_payment, methods=["POST"])])


__all__ = ["PATH", "SUPPORTED_VERSIONS", "DelegatePaymentBody", "create_delegate_payment_app"]
