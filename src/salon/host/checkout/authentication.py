"""The host's 3-D Secure step: "Your bank asks you to confirm this payment".

    outcome = await step.ask(record)                        # the card, with the step on it
    outcome = await step.answer(record, approve=True)       # Authenticate (False: Cancel)

A merchant's complete answers `authentication_required` when the charge of the host's delegated token
needs the person's bank. The money has not moved: the token and the spend stay reserved on the
checkout, and the card (drawn by the host, never by the app) shows the step instead of "Pay". The step
goes through the payment provider that issued the token, behind the provider seam:

- `authentication_challenge(token)` names the waiting charge and, where the person must go to their
  bank's page (Stripe's `next_action`), that page; the local test provider is its own bank and plays
  the challenge itself;
- `authenticate(charge_id, approve=…)` is the person's answer, as ACP's `authentication_result`
  (`authenticated` with its `outcome_details`, `denied`, or `abandoned` when they cancel, which also
  makes the waiting charge fail so it can never succeed later);
- the host re-sends complete with that result, the same payment data and an idempotency key made of
  the checkout, the token and the outcome: a double click, a reload in the middle or a lost answer
  repeats one operation at the merchant, whose provider call reuses the first charge's key.

The person is told the truth: `order_confirmed`, or `checkout_refused` with `charged=False` ("You were
not charged") when the bank or the person said no, or `charged=None` when the merchant could not be
reached to finish (pressing Authenticate again retries the same payment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salon.errors import MerchantError, PaymentError, PaymentRequiresAction
from salon.host import events
from salon.host.checkout.client import complete_request, operation_key
from salon.payments.provider import AuthenticationChallenge, PaymentProvider
from salon.store.orders import CheckoutRecord

if TYPE_CHECKING:
    from salon.host.checkout.flow import CheckoutFlow, Outcome

# The step is part of the flow, split out for size: it uses the flow's own outcome helpers.

STEP = "authentication"
"""The card's key for the step: `{message, redirect_url}` while the bank waits for the person."""

ASKED = "Your bank asks you to confirm this payment."


def with_step(card: dict[str, Any], challenge: AuthenticationChallenge | None) -> dict[str, Any]:
    return {
        **card,
        STEP: {"message": ASKED, "redirect_url": challenge.redirect_url if challenge else None},
    }


def without_step(card: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in card.items() if key != STEP}


class AuthenticationStep:
    def __init__(self, flow: CheckoutFlow, provider: PaymentProvider | None) -> None:
        self._flow = flow
        self._provider = provider

    async def ask(self, record: CheckoutRecord) -> Outcome:
        """Show the step on the checkout's card (the claim handed back, the token kept)."""
        challenge = None
        if self._provider is not None and record.token_id is not None:
            try:
                challenge = await self._provider.authentication_challenge(record.token_id)
            except PaymentError:
                challenge = None  # the step still shows; Authenticate says what went wrong
        store = self._flow._store
        await store.orders.finish(record.id, "presented", message=ASKED)
        shown = await store.orders.present(
            app=record.app,
            merchant=record.merchant,
            session_id=record.session_id,
            amount=record.amount,
            currency=record.currency,
            card=with_step(record.card, challenge),
        )
        return events.CheckoutRequired(
            checkout_id=shown.id, app=shown.app, merchant=shown.merchant, card=shown.card, notice=ASKED
        )

    async def drop(self, record: CheckoutRecord) -> None:
        """Take the step off a card whose payment is over (declined, refused, cancelled)."""
        current = await self._flow._store.orders.get(record.id)
        if STEP not in current.card or current.status != "presented":
            return
        await self._flow._store.orders.present(
            app=current.app,
            merchant=current.merchant,
            session_id=current.session_id,
            amount=current.amount,
            currency=current.currency,
            card=without_step(current.card),
        )

    async def answer(self, record: CheckoutRecord, *, approve: bool) -> Outcome:
        """The person's answer for a claimed checkout: ask the bank, then complete with its result."""
        flow = self._flow
        client = flow.merchants.client(record.merchant)
        try:
            session = await client.retrieve(record.session_id)
        except MerchantError as exc:
            return await flow._unreachable(record, exc, sent_before=record.token_id is not None)
        if session.status == "completed":
            return await flow._completed(record, session)
        if session.status in ("canceled", "expired"):
            return await flow._closed(record, session.status)
        if session.status != "authentication_required" or record.token_id is None:
            # The merchant no longer waits for the bank (an earlier answer went through): what it says
            # now is the outcome.
            return await flow._declined(record, session)
        if self._provider is None:
            return await self._not_now(
                record,
                "authentication_unsupported",
                "This Salon cannot run your bank's check. Nothing has been charged.",
            )
        try:
            challenge = await self._provider.authentication_challenge(record.token_id)
            if challenge is None:
                raise PaymentError(
                    "The payment provider has no charge for this checkout's token.",
                    code="authentication_unknown",
                )
            result = await self._provider.authenticate(challenge.charge_id, approve=approve)
        except PaymentRequiresAction:
            return await self._not_now(
                record,
                "authentication_pending",
                "Your bank has not confirmed this payment yet: finish on your bank's page, then press "
                "Authenticate again. Nothing has been charged yet.",
            )
        except PaymentError as exc:
            return await self._not_now(
                record,
                exc.code,
                f"Your bank's check could not be run ({exc.message}). Nothing has been charged yet; "
                "try again.",
            )
        request = complete_request(session, record.token_id, authentication_result=result.wire())
        try:
            answered = await client.complete(
                record.session_id,
                request,
                idempotency_key=operation_key(record.id, "authenticated", record.token_id, result.outcome),
            )
        except MerchantError as exc:
            return await flow._after_failed_complete(record, exc)
        if answered.status == "completed":
            return await flow._completed(record, answered)
        if answered.status == "authentication_required":
            return await self.ask(record)
        return await flow._declined(record, answered)

    async def _not_now(self, record: CheckoutRecord, code: str, message: str) -> Outcome:
        """The step stays on the card (token and spend kept) so the person can answer again."""
        await self._flow._store.orders.finish(record.id, "presented", message=message)
        return events.CheckoutRefused(
            checkout_id=record.id,
            code=code,
            message=message,
            charged=False,
            retryable=True,
            details={STEP: "waiting"},
        )


__all__ = ["ASKED", "STEP", "AuthenticationStep", "with_step", "without_step"]
