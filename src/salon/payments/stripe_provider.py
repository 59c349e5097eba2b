"""`StripeProvider`: payments through Stripe, with Shared Payment Tokens (SPT) as ACP's delegated token.

    provider = StripeProvider(api_key="sk_test_…")          # base_url for a test double of the API
    card  = await provider.tokenize_card(...)               # POST /v1/payment_methods
    token = await provider.delegate_payment(...)            # POST /v1/shared_payment/issued_tokens → spt_…
    charge = await provider.charge(token="spt_…", ...)      # POST /v1/payment_intents, confirm=true
    await provider.confirm_authentication(charge.id)        # GET, then POST …/{id}/confirm if it waits
    challenge = await provider.authentication_challenge("spt_…")  # GET /v1/payment_intents/search
    result = await provider.authenticate(challenge.charge_id, approve=True)
    await provider.refund(charge.id, amount=500, ...)       # POST /v1/refunds

Built to Stripe's documented API with the official `stripe` package (async, over httpx). Every POST
carries the caller's key as Stripe's `Idempotency-Key` header, so a retried charge or refund is answered
with the first one's result by Stripe itself; the charge's id is the PaymentIntent's id.

How the ACP allowance maps onto an SPT: `usage_limits` carries `max_amount`, `currency` and
`expires_at`, `seller_details[network_id]` the merchant; Stripe enforces those. Stripe has no notion of
an ACP checkout session, so the session id travels in `shared_metadata` and in the PaymentIntent's
`metadata`, and is checked by the merchant. SPTs are in private preview: the parameter names are those
of the preview docs (`shared_payment_granted_token` on the PaymentIntent) and may change with Stripe's
API version, which `stripe_version` pins.

The host's 3-D Secure step follows Stripe's documented `next_action` of the PaymentIntent: the intent
made with the host's token is found by its `metadata[shared_payment_token]` (the Search API), and the
page the person must open is `next_action.redirect_to_url.url` (or, for an intent confirmed without a
`return_url`, the `use_stripe_sdk.stripe_js` URL that Stripe.js would open). Stripe and the bank run
the challenge on that page; `authenticate` then reads the intent: `requires_action` means the person
has not finished (`PaymentRequiresAction`), `requires_confirmation` is confirmed, `succeeded` /
`processing` / `requires_capture` is `authenticated` with the ECI, transaction id and version of
`latest_charge.payment_method_details.card.three_d_secure` (Stripe does not return the cryptogram),
`requires_payment_method` is `denied`. Giving up cancels the intent (`abandoned`). Search results may
lag a few seconds behind a new intent; the host's step is retried by the person.

Errors: a card error becomes `PaymentDeclined` (its `decline_code`, else its `code`); a PaymentIntent
that needs 3-D Secure raises `PaymentRequiresAction` with the PaymentIntent id; an error naming the
shared token becomes `DelegatedTokenInvalid`; an idempotency mismatch `PaymentError("idempotency_conflict")`;
anything else from Stripe (auth, network, 5xx) `PaymentError("provider_unavailable")`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
import stripe

from salon.errors import DelegatedTokenInvalid, PaymentDeclined, PaymentError, PaymentRequiresAction
from salon.payments.provider import (
    AuthenticationChallenge,
    AuthenticationResult,
    CardDetails,
    Charge,
    DelegatedToken,
    DelegatePaymentRequest,
    PaymentMethod,
    PaymentProvider,
    Refund,
    ThreeDSDetails,
)

_T = TypeVar("_T")
_DECLINE_CODES = {"insufficient_funds", "expired_card", "card_declined", "incorrect_cvc", "lost_card"}
_TOKEN_PARAM = "shared_payment_granted_token"
_WAITING = frozenset({"requires_action", "requires_confirmation"})


class _Transport(stripe.HTTPClient):
    """Stripe's client over our own `httpx.AsyncClient`: the bundled httpx adapter sends form bodies
    in a way current httpx deprecates, so this one passes them as `content`."""

    name = "httpx"

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._client = httpx.AsyncClient(timeout=timeout)

    async def request_async(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any = None
    ) -> tuple[bytes, int, Mapping[str, str]]:
        try:
            response = await self._client.request(method, url, headers=headers, content=post_data or None)
        except httpx.HTTPError as exc:
            raise stripe.APIConnectionError(  # type: ignore[no-untyped-call]
                f"Cannot reach Stripe at {url} ({type(exc).__name__}).", should_retry=True
            ) from exc
        return response.content, response.status_code, response.headers

    async def close_async(self) -> None:
        await self._client.aclose()

    def sleep_async(self, secs: float) -> Awaitable[None]:
        return asyncio.sleep(secs)


def _when(unix: int) -> datetime:
    return datetime.fromtimestamp(unix, UTC)


def _field(obj: Any, *path: str) -> Any:
    """`obj[path[0]][path[1]]…`, or None where a step is missing (Stripe objects are not dicts)."""
    for key in path:
        if obj is None:
            return None
        try:
            obj = obj[key]
        except (KeyError, TypeError):
            return None
    return obj


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        stripe_version: str | None = None,
        max_network_retries: int = 2,
        timeout: float = 30.0,
    ) -> None:
        self._http = _Transport(timeout)
        addresses: Any = {"api": base_url} if base_url else None
        self._client = stripe.StripeClient(
            api_key,
            base_addresses=addresses,
            stripe_version=stripe_version,
            max_network_retries=max_network_retries,
            http_client=self._http,
        )

    async def aclose(self) -> None:
        await self._http.close_async()

    async def tokenize_card(self, card: CardDetails) -> PaymentMethod:
        params: dict[str, Any] = {
            "type": "card",
            "card": {
                "number": card.digits(),
                "exp_month": card.exp_month,
                "exp_year": card.exp_year,
                **({"cvc": card.cvc.get_secret_value()} if card.cvc is not None else {}),
            },
        }
        method = await self._call(lambda: self._client.v1.payment_methods.create_async(params))  # type: ignore[arg-type]
        return PaymentMethod(
            id=method.id,
            provider=self.name,
            brand=_field(method, "card", "brand") or "unknown",
            last4=_field(method, "card", "last4"),
            exp_month=_field(method, "card", "exp_month"),
            exp_year=_field(method, "card", "exp_year"),
            funding=_field(method, "card", "funding") or "credit",
        )

    async def delegate_payment(self, request: DelegatePaymentRequest) -> DelegatedToken:
        method_id = request.payment_method_id
        if request.card is not None:
            method_id = (await self.tokenize_card(request.card)).id
        allowance = request.allowance
        params: dict[str, Any] = {
            "payment_method": method_id,
            "usage_limits": {
                "currency": allowance.currency,
                "max_amount": allowance.max_amount,
                "expires_at": int(allowance.expires_at.timestamp()),
            },
            "seller_details": {"network_id": allowance.merchant_id},
            "shared_metadata": {**request.metadata, "checkout_session_id": allowance.checkout_session_id},
        }
        response = await self._call(
            lambda: self._client.raw_request_async("post", "/v1/shared_payment/issued_tokens", **params)
        )
        issued = self._client.deserialize(response, api_mode="V1")
        return DelegatedToken(
            id=issued["id"],
            created=_when(issued["created"]),
            allowance=allowance,
            payment_method_id=str(method_id),
            metadata=dict(request.metadata),
        )

    async def charge(
        self,
        *,
        token: str,
        amount: int,
        currency: str,
        merchant_id: str,
        checkout_session_id: str,
        idempotency_key: str,
    ) -> Charge:
        params: dict[str, Any] = {
            "amount": amount,
            "currency": currency,
            "confirm": True,
            _TOKEN_PARAM: token,
            "metadata": {
                "checkout_session_id": checkout_session_id,
                "merchant_id": merchant_id,
                "shared_payment_token": token,
                "idempotency_key": idempotency_key,
            },
            "expand": ["latest_charge"],
        }
        intent = await self._call(
            lambda: self._client.v1.payment_intents.create_async(
                params,  # type: ignore[arg-type]
                {"idempotency_key": idempotency_key},
            )
        )
        return self._outcome(intent, token=token, idempotency_key=idempotency_key)

    async def confirm_authentication(self, charge_id: str) -> Charge:
        intent = await self._call(
            lambda: self._client.v1.payment_intents.retrieve_async(charge_id, {"expand": ["latest_charge"]})
        )
        if intent.status == "requires_confirmation":
            intent = await self._call(
                lambda: self._client.v1.payment_intents.confirm_async(
                    charge_id, {"expand": ["latest_charge"]}, {"idempotency_key": f"{charge_id}-confirm"}
                )
            )
        if intent.status == "requires_payment_method":
            raise PaymentDeclined(
                "The person did not complete 3-D Secure authentication; the charge failed.",
                code="authentication_failed",
                charge_id=charge_id,
            )
        return self._outcome(
            intent,
            token=str(_field(intent, "metadata", "shared_payment_token") or ""),
            idempotency_key=str(_field(intent, "metadata", "idempotency_key") or ""),
        )

    async def authentication_challenge(self, token: str) -> AuthenticationChallenge | None:
        query = f"metadata['shared_payment_token']:'{token}'"
        found = await self._call(
            lambda: self._client.v1.payment_intents.search_async({"query": query, "limit": 1})
        )
        intents = list(found.data)
        if not intents:
            return None
        intent = intents[0]
        status = "requires_action" if intent.status in _WAITING else "succeeded"
        if intent.status in {"requires_payment_method", "canceled"}:
            status = "failed"
        next_action = _field(intent, "next_action")
        url = _field(next_action, "redirect_to_url", "url") or _field(
            next_action, "use_stripe_sdk", "stripe_js"
        )
        return AuthenticationChallenge(
            charge_id=intent.id, status=status, redirect_url=str(url) if url else None
        )

    async def authenticate(self, charge_id: str, *, approve: bool) -> AuthenticationResult:
        intent = await self._call(
            lambda: self._client.v1.payment_intents.retrieve_async(charge_id, {"expand": ["latest_charge"]})
        )
        if not approve and intent.status in _WAITING:
            intent = await self._call(
                lambda: self._client.v1.payment_intents.cancel_async(
                    charge_id,
                    {"cancellation_reason": "abandoned"},
                    {"idempotency_key": f"{charge_id}-abandon"},
                )
            )
        if intent.status == "requires_confirmation":
            intent = await self._call(
                lambda: self._client.v1.payment_intents.confirm_async(
                    charge_id, {"expand": ["latest_charge"]}, {"idempotency_key": f"{charge_id}-confirm"}
                )
            )
        if intent.status == "requires_action":
            raise PaymentRequiresAction(
                "The bank has not confirmed this payment yet; finish on the bank's page first.",
                charge_id=charge_id,
            )
        if intent.status in {"succeeded", "processing", "requires_capture"}:
            secure = _field(intent, "latest_charge", "payment_method_details", "card", "three_d_secure")
            return AuthenticationResult(
                outcome="authenticated",
                outcome_details=ThreeDSDetails(
                    electronic_commerce_indicator=_field(secure, "electronic_commerce_indicator"),
                    transaction_id=_field(secure, "transaction_id"),
                    version=_field(secure, "version"),
                ),
            )
        return AuthenticationResult(outcome="abandoned" if not approve else "denied")

    async def refund(self, charge_id: str, *, amount: int | None, idempotency_key: str) -> Refund:
        params: dict[str, Any] = {"payment_intent": charge_id}
        if amount is not None:
            params["amount"] = amount
        refund = await self._call(
            lambda: self._client.v1.refunds.create_async(params, {"idempotency_key": idempotency_key})  # type: ignore[arg-type]
        )
        return Refund(
            id=refund.id,
            charge_id=charge_id,
            amount=refund.amount,
            currency=refund.currency,
            idempotency_key=idempotency_key,
            created=_when(refund.created),
        )

    def _outcome(self, intent: Any, *, token: str, idempotency_key: str) -> Charge:
        if intent.status in {"requires_action", "requires_confirmation"}:
            raise PaymentRequiresAction(
                "The bank asks the person to authenticate this payment (3-D Secure).", charge_id=intent.id
            )
        if intent.status not in {"succeeded", "processing", "requires_capture"}:
            raise PaymentDeclined(f"The payment did not go through ({intent.status}).", charge_id=intent.id)
        card = _field(intent, "latest_charge", "payment_method_details", "card")
        return Charge(
            id=intent.id,
            token=token,
            amount=intent.amount,
            currency=intent.currency,
            merchant_id=str(_field(intent, "metadata", "merchant_id") or ""),
            checkout_session_id=str(_field(intent, "metadata", "checkout_session_id") or ""),
            idempotency_key=idempotency_key,
            status="succeeded",
            payment_method_id=str(intent.payment_method or ""),
            brand=_field(card, "brand") or "unknown",
            last4=_field(card, "last4") or "0000",
            amount_refunded=_field(intent, "latest_charge", "amount_refunded") or 0,
            created=_when(intent.created),
        )

    async def _call(self, request: Callable[[], Awaitable[_T]]) -> _T:
        try:
            return await request()
        except stripe.CardError as exc:
            error = exc.error
            code = _field(error, "decline_code") or exc.code or "card_declined"
            intent = _field(error, "payment_intent", "id")
            raise PaymentDeclined(
                exc.user_message or "The card was declined.",
                code=code if code in _DECLINE_CODES else "card_declined",
                charge_id=intent,
            ) from exc
        except stripe.IdempotencyError as exc:
            raise PaymentError(
                "This idempotency key was already used for a different request; use a new key.",
                code="idempotency_conflict",
            ) from exc
        except stripe.InvalidRequestError as exc:
            if exc.param == _TOKEN_PARAM:
                raise DelegatedTokenInvalid(
                    f"Stripe refused the shared payment token: {exc.user_message or exc}",
                    reason=_token_reason(exc.code),
                ) from exc
            raise PaymentError(
                f"Stripe refused the request: {exc.user_message or exc}", code="invalid_request"
            ) from exc
        except stripe.StripeError as exc:
            raise PaymentError(
                f"Stripe could not be reached or failed ({type(exc).__name__}); retry with the same key.",
                code="provider_unavailable",
            ) from exc


def _token_reason(code: str | None) -> str:
    text = code or ""
    for marker, reason in (
        ("expired", "expired"),
        ("consumed", "already_used"),
        ("used", "already_used"),
        ("amount", "over_allowance"),
        ("currency", "wrong_currency"),
        ("seller", "wrong_merchant"),
    ):
        if marker in text:
            return reason
    return "unknown"


__all__ = ["StripeProvider"]
