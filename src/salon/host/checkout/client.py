"""`AcpClient`: the host's client of one merchant's ACP 2026-04-17 checkout API.

    client = AcpClient("https://shop.example/acp", merchant="shop", bearer_token="...")
    session = await client.retrieve("cs_1")
    session = await client.complete("cs_1", request, idempotency_key="salon-…-complete-vt_…")

Every request carries `API-Version` and `Authorization: Bearer`; every POST carries the caller's
`Idempotency-Key`, one per logical operation, which the client reuses on each of its own retries, so
a retry can never do the operation twice. What it retries, and how often:

- `409 idempotency_in_flight` (or `checkout_in_progress`, a complete already charging): the merchant
  is still working on the first attempt; wait `Retry-After` seconds (at most `max_wait_s`) and ask
  again with the same key, up to `attempts` times.
- no answer (connection refused or reset, timeout) and `5xx`: ask again with the same key, up to
  `attempts` times. The merchant never caches a 5xx, so the retry really runs again, and its
  idempotency store answers the first outcome if the first attempt did go through.

Failures are `MerchantError` with a stable `code`:

    merchant_unreachable    no answer after every attempt (`outcome_unknown` for a POST)
    merchant_error          5xx after every attempt (`outcome_unknown` for a POST)
    merchant_busy           still `409 idempotency_in_flight` after every attempt (`outcome_unknown`)
    merchant_unauthorized   401 / 403: the host's bearer token for this merchant is wrong
    checkout_not_found      404
    checkout_final          405: the session is completed or canceled already
    idempotency_conflict    422: the key was used with another body (a bug in the caller)
    merchant_rejected       any other 4xx (the merchant's own `code` and message are in the text)
    merchant_protocol       an answer that is not ACP

A non-2xx answer whose body is a whole `CheckoutSession` (a declined payment reported in `messages`) is
returned as the session: what happened to the session is the caller's to judge.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx
from pydantic import ValidationError

from salon.commerce.acp import (
    PROTOCOL_VERSION,
    CancelSessionRequest,
    CheckoutSession,
    CheckoutSessionCompleteRequest,
    CheckoutSessionUpdateRequest,
    Error,
    PaymentData,
)
from salon.errors import MerchantError

DEFAULT_ATTEMPTS = 4
DEFAULT_MAX_WAIT_S = 5.0
DEFAULT_TIMEOUT_S = 15.0

Sleep = Callable[[float], Awaitable[None]]

_IN_PROGRESS = frozenset({"idempotency_in_flight", "checkout_in_progress"})
"""409 codes that mean "the first attempt is still running": wait `Retry-After`, ask again."""

_STATUS_CODES = {
    401: "merchant_unauthorized",
    403: "merchant_unauthorized",
    404: "checkout_not_found",
    405: "checkout_final",
    422: "idempotency_conflict",
}


class AcpClient:
    def __init__(
        self,
        base_url: str,
        *,
        merchant: str,
        bearer_token: str,
        api_version: str = PROTOCOL_VERSION,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        attempts: int = DEFAULT_ATTEMPTS,
        max_wait_s: float = DEFAULT_MAX_WAIT_S,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self.merchant = merchant
        self._attempts = max(1, attempts)
        self._max_wait_s = max_wait_s
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            transport=transport,
            timeout=timeout_s,
            headers={
                "Authorization": f"Bearer {bearer_token}",
                "API-Version": api_version,
                "Accept": "application/json",
            },
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def retrieve(self, session_id: str) -> CheckoutSession:
        return await self._send("GET", f"/checkout_sessions/{session_id}", None, idempotency_key=None)

    async def update(
        self, session_id: str, request: CheckoutSessionUpdateRequest, *, idempotency_key: str
    ) -> CheckoutSession:
        return await self._send(
            "POST", f"/checkout_sessions/{session_id}", request.wire(), idempotency_key=idempotency_key
        )

    async def complete(
        self, session_id: str, request: CheckoutSessionCompleteRequest, *, idempotency_key: str
    ) -> CheckoutSession:
        return await self._send(
            "POST",
            f"/checkout_sessions/{session_id}/complete",
            request.wire(),
            idempotency_key=idempotency_key,
        )

    async def cancel(
        self, session_id: str, *, idempotency_key: str, request: CancelSessionRequest | None = None
    ) -> CheckoutSession:
        body = (request or CancelSessionRequest()).wire()
        return await self._send(
            "POST", f"/checkout_sessions/{session_id}/cancel", body, idempotency_key=idempotency_key
        )

    async def _send(
        self, method: str, path: str, body: dict[str, Any] | None, *, idempotency_key: str | None
    ) -> CheckoutSession:
        writes = method != "GET"
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key is not None else {}
        last: MerchantError | None = None
        for attempt in range(1, self._attempts + 1):
            try:
                response = await self._http.request(method, path, json=body, headers=headers)
            except httpx.HTTPError as exc:
                last = MerchantError(
                    f"The merchant {self.merchant!r} did not answer {method} {path} "
                    f"({type(exc).__name__}) after {attempt} attempt(s).",
                    merchant=self.merchant,
                    code="merchant_unreachable",
                    outcome_unknown=writes,
                )
                continue
            if response.status_code == 409 and _error_code(response) in _IN_PROGRESS:
                last = MerchantError(
                    f"The merchant {self.merchant!r} was still working on this request after "
                    f"{attempt} attempt(s); ask again in a moment.",
                    merchant=self.merchant,
                    code="merchant_busy",
                    status=409,
                    outcome_unknown=True,
                )
                if attempt < self._attempts:
                    await self._sleep(self._retry_after(response))
                continue
            if response.status_code >= 500:
                last = MerchantError(
                    f"The merchant {self.merchant!r} failed ({response.status_code}) on {method} {path} "
                    f"after {attempt} attempt(s).",
                    merchant=self.merchant,
                    code="merchant_error",
                    status=response.status_code,
                    outcome_unknown=writes,
                )
                continue
            return self._session(response, method, path)
        raise last or MerchantError("No request was sent.", merchant=self.merchant)

    def _retry_after(self, response: httpx.Response) -> float:
        try:
            seconds = float(response.headers.get("Retry-After", "1"))
        except ValueError:
            seconds = 1.0
        return min(max(seconds, 0.0), self._max_wait_s)

    def _session(self, response: httpx.Response, method: str, path: str) -> CheckoutSession:
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and "line_items" in data and "status" in data:
            try:
                return CheckoutSession.model_validate(data)
            except ValidationError as exc:
                raise MerchantError(
                    f"The merchant {self.merchant!r} answered {method} {path} with a checkout session "
                    f"that is not valid ACP {PROTOCOL_VERSION}: {exc.errors()[0]['msg']} at "
                    f"{'.'.join(str(p) for p in exc.errors()[0]['loc'])}.",
                    merchant=self.merchant,
                    code="merchant_protocol",
                    status=response.status_code,
                ) from exc
        status = response.status_code
        if 200 <= status < 300:
            raise MerchantError(
                f"The merchant {self.merchant!r} answered {method} {path} with something that is not a "
                "checkout session.",
                merchant=self.merchant,
                code="merchant_protocol",
                status=status,
            )
        error = _error(data)
        detail = f"{error.code}: {error.message}" if error is not None else f"HTTP {status}"
        raise MerchantError(
            f"The merchant {self.merchant!r} refused {method} {path} ({detail}).",
            merchant=self.merchant,
            code=_STATUS_CODES.get(status, "merchant_rejected"),
            status=status,
        )


def operation_key(*parts: str) -> str:
    """An idempotency key for one logical operation, the same for every retry of it (ACP allows 1–255
    characters)."""
    return "salon-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:48]


def complete_request(
    session: CheckoutSession, token: str, *, authentication_result: dict[str, Any] | None = None
) -> CheckoutSessionCompleteRequest:
    """The complete that pays `session` with the delegated `token`: `payment_data {handler_id,
    instrument {type: card, credential {type: spt, token}}}` for the session's first handler that takes
    a delegated payment, and the bank's `authentication_result` after `authentication_required`."""
    payment = session.capabilities.payment
    handlers = payment.handlers if payment else []
    handler = next(
        (
            h.id
            for h in sorted(handlers, key=lambda h: (h.display_order or 0, h.id))
            if h.requires_delegate_payment
        ),
        handlers[0].id if handlers else "card",
    )
    return CheckoutSessionCompleteRequest(
        payment_data=PaymentData.model_validate(
            {
                "handler_id": handler,
                "instrument": {"type": "card", "credential": {"type": "spt", "token": token}},
            }
        ),
        authentication_result=authentication_result,
    )


def _error(data: Any) -> Error | None:
    if not isinstance(data, dict):
        return None
    try:
        return Error.model_validate({k: v for k, v in data.items() if k in Error.model_fields})
    except ValidationError:
        return None


def _error_code(response: httpx.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return str(data.get("code")) if isinstance(data, dict) and "code" in data else None


__all__ = ["DEFAULT_ATTEMPTS", "DEFAULT_MAX_WAIT_S", "AcpClient", "complete_request", "operation_key"]
