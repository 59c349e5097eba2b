"""The JSON API for the person's payment methods and spend caps, on the chat origin.

    GET    /api/payments/caps                 the caps: {currency, per_purchase, per_day, per_month,
                                              per_merchant, confirm_above} (minor units; null: no cap)
    PUT    /api/payments/caps                 replace them (every field; a missing one means no cap)
    GET    /api/payments/methods              {methods: [{id, provider, brand, last4, exp_month, exp_year}]}
    POST   /api/payments/methods              {number, exp_month, exp_year, cvc?, name?} → 201 the method
    DELETE /api/payments/methods/{id}         → 204

A Salon serves one person (the one who runs it), so every call acts for `PERSON`. A card posted here
goes straight to the payment provider to be tokenized; Salon keeps the token, brand, last four digits
and expiry, never the number (and the number is a secret in the request model, so no error message or
log line can repeat it). A card the provider refuses answers 422 with its code (`invalid_card`,
`expired_card`).

The provider is `app.state.payment_provider` when the application was given one; otherwise the local
test provider on `Settings.resolved_payments_database_url`, opened for the request and closed after it
(only adding a card needs it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from salon.errors import PaymentError
from salon.payments.local import LocalTestProvider
from salon.payments.provider import CardDetails, PaymentProvider
from salon.payments.wallet import PERSON, Wallet
from salon.settings import Settings
from salon.store.payment_methods import StoredPaymentMethod
from salon.store.spend_caps import SpendCaps
from salon.web.api import read_json
from salon.web.errors import error_response
from salon.web.state import host_of


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CapsBody(_Body):
    currency: str = Field(default="usd", pattern=r"^[a-z]{3}$")
    per_purchase: int | None = Field(default=None, ge=0)
    per_day: int | None = Field(default=None, ge=0)
    per_month: int | None = Field(default=None, ge=0)
    per_merchant: int | None = Field(default=None, ge=0)
    confirm_above: int | None = Field(default=None, ge=0)


class CardBody(_Body):
    number: SecretStr = Field(min_length=12, max_length=23)
    exp_month: int = Field(ge=1, le=12)
    exp_year: int = Field(ge=2000, le=2199)
    cvc: SecretStr | None = Field(default=None, max_length=4)
    name: str | None = Field(default=None, max_length=256)


def _caps(caps: SpendCaps) -> dict[str, object]:
    return caps.model_dump(mode="json", exclude={"person"})


def _method(method: StoredPaymentMethod) -> dict[str, object]:
    return method.model_dump(
        mode="json", include={"id", "provider", "brand", "last4", "exp_month", "exp_year"}
    )


@asynccontextmanager
async def _provider(request: Request) -> AsyncIterator[PaymentProvider]:
    given: PaymentProvider | None = getattr(request.app.state, "payment_provider", None)
    if given is not None:
        yield given
        return
    settings: Settings = request.app.state.settings
    opened = await LocalTestProvider.open(settings.resolved_payments_database_url)
    try:
        yield opened
    finally:
        await opened.aclose()


async def get_caps(request: Request) -> Response:
    return JSONResponse(_caps(await host_of(request).store.spend_caps.get(PERSON)))


async def put_caps(request: Request) -> Response:
    body = await read_json(request, CapsBody)
    saved = await host_of(request).store.spend_caps.set(SpendCaps(person=PERSON, **body.model_dump()))
    return JSONResponse(_caps(saved))


async def list_methods(request: Request) -> Response:
    methods = await host_of(request).store.payment_methods.list(PERSON)
    return JSONResponse({"methods": [_method(method) for method in methods]})


async def add_method(request: Request) -> Response:
    body = await read_json(request, CardBody)
    try:
        card = CardDetails(
            number=body.number, exp_month=body.exp_month, exp_year=body.exp_year, cvc=body.cvc, name=body.name
        )
    except ValidationError:
        return error_response(422, "invalid_card", "The card number must be 12 to 19 digits.")
    store = host_of(request).store
    try:
        async with _provider(request) as provider:
            method = await Wallet(store, provider).add_card(PERSON, card)
    except PaymentError as exc:
        return error_response(422, exc.code, exc.message)
    return JSONResponse(_method(method), status_code=201)


async def remove_method(request: Request) -> Response:
    await host_of(request).store.payment_methods.remove(PERSON, request.path_params["method_id"])
    return Response(status_code=204)


def routes() -> list[BaseRoute]:
    return [
        Route("/api/payments/caps", get_caps, methods=["GET"]),
        Route("/api/payments/caps", put_caps, methods=["PUT"]),
        Route("/api/payments/methods", list_methods, methods=["GET"]),
        Route("/api/payments/methods", add_method, methods=["POST"]),
        Route("/api/payments/methods/{method_id}", remove_method, methods=["DELETE"]),
    ]


__all__ = ["routes"]
