"""Payment providers that fail at the worst moment, wrapping the real local provider.

They stand for the faults the merchant must survive: the provider charged but its answer never came
back (`LosesTheFirstAnswer`), and the merchant's worker died between the charge and the order write
(`DiesAfterCharging`, whose `charge` never returns once it has charged: the test cancels it, as a
killed process would stop).
"""

from __future__ import annotations

import asyncio

from salon.errors import PaymentError
from salon.payments import (
    CardDetails,
    Charge,
    DelegatedToken,
    DelegatePaymentRequest,
    PaymentMethod,
    PaymentProvider,
    Refund,
)


class Wrapping(PaymentProvider):
    def __init__(self, inner: PaymentProvider) -> None:
        self.inner = inner
        self.name = inner.name
        self.charges_attempted = 0

    async def tokenize_card(self, card: CardDetails) -> PaymentMethod:
        return await self.inner.tokenize_card(card)

    async def delegate_payment(self, request: DelegatePaymentRequest) -> DelegatedToken:
        return await self.inner.delegate_payment(request)

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
        self.charges_attempted += 1
        return await self.inner.charge(
            token=token,
            amount=amount,
            currency=currency,
            merchant_id=merchant_id,
            checkout_session_id=checkout_session_id,
            idempotency_key=idempotency_key,
        )

    async def confirm_authentication(self, charge_id: str) -> Charge:
        return await self.inner.confirm_authentication(charge_id)

    async def refund(self, charge_id: str, *, amount: int | None, idempotency_key: str) -> Refund:
        return await self.inner.refund(charge_id, amount=amount, idempotency_key=idempotency_key)

    async def aclose(self) -> None:
        return None


class LosesTheFirstAnswer(Wrapping):
    async def charge(self, **request: object) -> Charge:  # type: ignore[override]
        charged = await super().charge(**request)  # type: ignore[arg-type]
        if self.charges_attempted == 1:
            raise ConnectionResetError("the provider's answer was lost on the way back")
        return charged


class ReportsAnOutageAfterCharging(Wrapping):
    """The provider charged, then its client reported an outage (as the Stripe provider does for a 5xx)."""

    async def charge(self, **request: object) -> Charge:  # type: ignore[override]
        charged = await super().charge(**request)  # type: ignore[arg-type]
        if self.charges_attempted == 1:
            raise PaymentError("The payment provider is unavailable.", code="provider_unavailable")
        return charged


class DiesAfterCharging(Wrapping):
    def __init__(self, inner: PaymentProvider) -> None:
        super().__init__(inner)
        self.charged = asyncio.Event()

    async def charge(self, **request: object) -> Charge:  # type: ignore[override]
        await super().charge(**request)  # type: ignore[arg-type]
        self.charged.set()
        await asyncio.Event().wait()  # the worker is gone; only cancellation ends this
        raise AssertionError("unreachable")


class HoldsTheCharge(Wrapping):
    """A slow provider: each charge waits until the test calls `release()`."""

    def __init__(self, inner: PaymentProvider) -> None:
        super().__init__(inner)
        self.waiting = asyncio.Event()
        self._released = asyncio.Event()

    def release(self) -> None:
        self._released.set()

    async def charge(self, **request: object) -> Charge:  # type: ignore[override]
        self.waiting.set()
        await self._released.wait()
        return await super().charge(**request)  # type: ignore[arg-type]
