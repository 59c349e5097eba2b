"""The checkout flow: from an app naming a checkout session to an order, with the person in charge.

    flow = CheckoutFlow(store, merchants, wallet)
    event = await flow.present(app="shop", meta=result_meta, conversation_id=cid, call_id=call)
    event = await flow.confirm(checkout_id, payment_method_id=None, extra_confirmed=False)
    event = await flow.authenticate(checkout_id, approve=True)     # the bank's step, when asked
    event = await flow.cancel(checkout_id)

`present` fetches the session from the merchant itself (the app's copy of the totals is never
trusted), records the checkout and answers `checkout_required` with the host's card. Only `confirm`,
which the person's click in the host calls, pays:

    1. claim the checkout (one conditional UPDATE: of two confirms at once, one pays, the other is told
       it is in progress; a claim left by a host that died is taken over after `lease_s`)
    2. ask the merchant for the session again: completed already → record the order (a crash after
       charging is recovered here); canceled → say so; a different total → show the new card instead
    3. the wallet checks the goods rule and the caps, records the spend and mints a delegated token
       bound to this merchant, this session, this amount, for minutes (refusals name the cap); the
       token is saved on the checkout before it leaves the host
    4. `complete` with `payment_data {handler_id, instrument {type: card, credential {type: spt,
       token}}}` and an idempotency key made of the checkout and the token, so every retry of this
       payment (the client's own, or the person confirming again after a crash) is one operation
    5. completed → the order is stored, the spend confirmed, `order_confirmed`; `authentication_required`
       → the card shows the bank's step (authentication.py) and `authenticate` finishes the payment with
       the same token; refused by the merchant
       (declined card, token refused) → the spend released, `checkout_refused` with `charged=False`;
       no answer → the merchant is asked what happened; if it cannot say, `checkout_refused` with
       `charged=None`, the token kept, and confirming again retries the same payment

Every outcome is also written into the conversation as an assistant message, so the model (and a
reload of the page) knows what happened.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from salon.commerce.acp import CheckoutSession, CheckoutSessionUpdateRequest, FulfillmentDetails
from salon.errors import MerchantError, NotFoundError, PaymentError, SpendCapExceeded
from salon.host import events
from salon.host.checkout.authentication import STEP, AuthenticationStep
from salon.host.checkout.card import build_card, item_types, money, session_total
from salon.host.checkout.client import complete_request
from salon.host.checkout.client import operation_key as _key
from salon.host.checkout.merchants import MerchantRegistry
from salon.payments.provider import PaymentProvider
from salon.payments.wallet import PERSON, Wallet
from salon.store import Store
from salon.store.orders import CheckoutRecord
from salon.store.spend_caps import CapDecision

DEFAULT_LEASE_S = 120.0
TOKEN_MARGIN = timedelta(seconds=30)
"""A saved token closer than this to expiry is not sent again; a new one is minted."""

Outcome = events.CheckoutRequired | events.OrderConfirmed | events.CheckoutRefused | events.CheckoutCanceled


def _utcnow() -> datetime:
    return datetime.now(UTC)


class CheckoutFlow:
    def __init__(
        self,
        store: Store,
        merchants: MerchantRegistry,
        wallet: Wallet | None,
        *,
        person: str = PERSON,
        lease_s: float = DEFAULT_LEASE_S,
        ship_to: FulfillmentDetails | None = None,
        provider: PaymentProvider | None = None,
        now: Callable[[], datetime] = _utcnow,
    ) -> None:
        """`ship_to` is the person's delivery details (settings), given to a merchant whose session
        lacks an address so it can price shipping and tax; the card shows them. `provider` is the
        payment provider that issues the wallet's tokens: it runs the bank's 3-D Secure step (without
        one, a checkout that needs the step cannot finish)."""
        self._store = store
        self._ship_to = ship_to
        self.merchants = merchants
        self._wallet = wallet
        self._person = person
        self._lease_s = lease_s
        self._now = now
        self._step = AuthenticationStep(self, provider)

    # -- showing --------------------------------------------------------------------------------

    async def present(
        self,
        *,
        app: str,
        meta: Mapping[str, Any] | None,
        conversation_id: str | None = None,
        call_id: str | None = None,
    ) -> Outcome | None:
        """The card for the checkout session `app`'s result names (None when it names none)."""
        try:
            pointer = self.merchants.pointer(app, meta)
        except MerchantError as exc:
            return events.CheckoutRefused(checkout_id="", code=exc.code, message=exc.message)
        if pointer is None:
            return None
        try:
            session = await self.merchants.client(pointer.merchant).retrieve(pointer.session_id)
        except MerchantError as exc:
            return events.CheckoutRefused(
                checkout_id="",
                code=exc.code,
                message=f"The checkout could not be shown: {exc.message} Nothing was charged.",
                retryable=True,
            )
        session = await self._with_address(pointer.merchant, session)
        card = await self._card(pointer.merchant, session)
        record = await self._store.orders.present(
            app=app,
            merchant=pointer.merchant,
            session_id=session.id,
            amount=session_total(session),
            currency=session.currency.lower(),
            card=card,
            conversation_id=conversation_id,
            call_id=call_id,
        )
        if record.status == "completed":
            return await self._already_ordered(record)
        return events.CheckoutRequired(
            checkout_id=record.id, app=app, merchant=pointer.merchant, card=record.card
        )

    async def _with_address(self, merchant: str, session: CheckoutSession) -> CheckoutSession:
        """Give the merchant the person's delivery details when the open session has none."""
        has_address = session.fulfillment_details is not None and session.fulfillment_details.address
        if self._ship_to is None or has_address or session.status != "not_ready_for_payment":
            return session
        try:
            return await self.merchants.client(merchant).update(
                session.id,
                CheckoutSessionUpdateRequest(fulfillment_details=self._ship_to),
                idempotency_key=_key(merchant, session.id, "ship-to", self._ship_to.model_dump_json()),
            )
        except MerchantError:
            return session  # the card says what the merchant still needs

    async def _card(self, merchant: str, session: CheckoutSession) -> dict[str, Any]:
        config = self.merchants.get(merchant)
        methods = await self._wallet.methods(self._person) if self._wallet else []
        decision: CapDecision | None = None
        if self._wallet is not None and session_total(session) > 0:
            decision = await self._wallet.check_purchase(
                self._person, config.allowance_id, session_total(session), session.currency.lower()
            )
        return build_card(session, config, methods, decision)

    # -- paying ---------------------------------------------------------------------------------

    async def confirm(
        self, checkout_id: str, *, payment_method_id: str | None = None, extra_confirmed: bool = False
    ) -> Outcome:
        claimed = await self._claim(checkout_id)
        if not isinstance(claimed, CheckoutRecord):
            return claimed
        # Should this call die mid-way, the claim lapses after the lease and a later confirm recovers.
        return await self._pay(claimed, payment_method_id, extra_confirmed)

    async def authenticate(self, checkout_id: str, *, approve: bool) -> Outcome:
        """The person's answer to the bank's step: Authenticate (`approve`) or Cancel. Either way the
        merchant is asked to complete with the bank's `authentication_result`; one charge or none."""
        claimed = await self._claim(checkout_id)
        if not isinstance(claimed, CheckoutRecord):
            return claimed
        return await self._step.answer(claimed, approve=approve)

    async def _claim(self, checkout_id: str) -> CheckoutRecord | Outcome:
        """The checkout, claimed for paying it, or what to tell the person instead."""
        record = await self._store.orders.get(checkout_id)
        if record.status == "completed":
            return await self._already_ordered(record)
        if record.status == "canceled":
            return self._refused(
                record, "checkout_canceled", "This checkout was cancelled; nothing was charged."
            )
        claimed = await self._store.orders.claim(checkout_id, lease_s=self._lease_s)
        if claimed is None:
            record = await self._store.orders.get(checkout_id)
            if record.status == "completed":
                return await self._already_ordered(record)
            return self._refused(
                record,
                "checkout_in_progress",
                "This checkout is already being paid; its outcome will show here. It will not be "
                "charged twice.",
                charged=None,
            )
        return claimed

    async def _pay(
        self, record: CheckoutRecord, payment_method_id: str | None, extra_confirmed: bool
    ) -> Outcome:
        client = self.merchants.client(record.merchant)
        sent_before = record.token_id is not None
        try:
            session = await client.retrieve(record.session_id)
        except MerchantError as exc:
            return await self._unreachable(record, exc, sent_before=sent_before)
        if session.status == "completed":
            return await self._completed(record, session)
        if session.status in ("canceled", "expired"):
            return await self._closed(record, session.status)
        if session.status == "authentication_required" and sent_before:
            # A second "Pay" (or one after a reload) while the bank waits: show the step again.
            return await self._step.ask(record)
        total, currency = session_total(session), session.currency.lower()
        if (total, currency) != (record.amount, record.currency):
            await self._release(record)
            await self._store.orders.save_token(record.id, ledger_id=None, token_id=None, expires_at=None)
            await self._store.orders.finish(record.id, "presented", message="The price changed.")
            refreshed = await self._store.orders.present(
                app=record.app,
                merchant=record.merchant,
                session_id=record.session_id,
                amount=total,
                currency=currency,
                card=await self._card(record.merchant, session),
            )
            return events.CheckoutRequired(
                checkout_id=refreshed.id,
                app=record.app,
                merchant=record.merchant,
                card=refreshed.card,
                notice=f"The total changed from {money(record.amount, record.currency)} to "
                f"{money(total, currency)}; nothing was charged. Review it and confirm again.",
            )
        # A merchant that died mid-completion shows `complete_in_progress`: the same payment is sent
        # again (same token, same key) and its own recovery finishes it, charging at most once.
        resumable = session.status == "complete_in_progress" and sent_before
        if session.status != "ready_for_payment" and not resumable:
            await self._store.orders.finish(record.id, "presented")
            said = " ".join(m.content for m in session.messages if m.type == "error")
            return self._refused(
                record,
                "checkout_not_ready",
                f"The merchant cannot take payment for this checkout yet ({session.status}). {said} "
                "Nothing was charged.".replace("  ", " "),
                retryable=True,
            )
        token = await self._token(record, session, payment_method_id, extra_confirmed)
        if isinstance(token, events.CheckoutRefused):
            return token
        record = token
        try:
            answer = await client.complete(
                record.session_id,
                complete_request(session, str(record.token_id)),
                idempotency_key=_key(record.id, "complete", str(record.token_id)),
            )
        except MerchantError as exc:
            return await self._after_failed_complete(record, exc)
        if answer.status == "completed":
            return await self._completed(record, answer)
        if answer.status == "authentication_required":
            return await self._step.ask(record)
        return await self._declined(record, answer)

    async def _token(
        self,
        record: CheckoutRecord,
        session: CheckoutSession,
        payment_method_id: str | None,
        extra_confirmed: bool,
    ) -> CheckoutRecord | events.CheckoutRefused:
        """The checkout with a spendable token saved on it: the one saved before (a retry sends the
        same payment again) or a new one from the wallet."""
        if (
            record.token_id is not None
            and record.token_expires_at is not None
            and record.token_expires_at - TOKEN_MARGIN > self._now()
            and payment_method_id is None
        ):
            return record
        if self._wallet is None:
            await self._store.orders.finish(record.id, "presented")
            return self._refused(
                record, "no_wallet", "Payments are not set up on this Salon; nothing was charged."
            )
        merchant = self.merchants.get(record.merchant)
        try:
            purchase = await self._wallet.authorize_purchase(
                self._person,
                merchant.allowance_id,
                record.session_id,
                record.amount,
                record.currency,
                item_types=item_types(session),
                payment_method_id=payment_method_id,
                extra_confirmed=extra_confirmed,
            )
        except SpendCapExceeded as exc:
            await self._store.orders.finish(record.id, "presented", message=exc.message)
            return self._refused(
                record,
                exc.code,
                f"{exc.message} Nothing was charged. You can change your caps in settings.",
                details={"cap": exc.cap, "limit": exc.limit, "spent": exc.spent, "currency": exc.currency},
            )
        except (PaymentError, NotFoundError) as exc:
            await self._store.orders.finish(record.id, "presented", message=exc.message)
            retry = exc.code == "extra_confirmation_required"
            return self._refused(record, exc.code, f"{exc.message} Nothing was charged.", retryable=retry)
        return await self._store.orders.save_token(
            record.id,
            ledger_id=purchase.ledger_id,
            token_id=purchase.token.id,
            expires_at=purchase.token.allowance.expires_at,
        )

    # -- outcomes -------------------------------------------------------------------------------

    async def _completed(self, record: CheckoutRecord, session: CheckoutSession) -> Outcome:
        if session.order is None:
            # A completed session without its order breaks ACP; the money did move.
            await self._store.orders.finish(record.id, "completed", message="Completed without an order.")
            if record.ledger_id and self._wallet:
                await self._wallet.confirm_purchase(record.ledger_id)
            return self._refused(
                record,
                "order_missing",
                "The merchant says the checkout is complete but sent no order; contact the merchant.",
                charged=True,
            )
        order = session.order.wire()
        await self._store.orders.put_order(record.merchant, order, conversation_id=record.conversation_id)
        if record.ledger_id and self._wallet:
            await self._wallet.confirm_purchase(record.ledger_id)
        message = _order_message(record, order)
        await self._store.orders.finish(record.id, "completed", message=message, order_id=session.order.id)
        await self._tell(record, message)
        return events.OrderConfirmed(
            checkout_id=record.id, merchant=record.merchant, order=order, message=message
        )

    async def _declined(self, record: CheckoutRecord, session: CheckoutSession) -> Outcome:
        await self._release(record)
        await self._store.orders.save_token(record.id, ledger_id=None, token_id=None, expires_at=None)
        said = " ".join(m.content for m in session.messages if m.type == "error") or (
            f"The merchant did not complete the checkout ({session.status})."
        )
        code = next((str(m.code) for m in session.messages if m.type == "error"), "checkout_not_completed")
        message = f"{said} You were not charged."
        await self._store.orders.finish(record.id, "presented", message=message)
        await self._step.drop(record)
        await self._tell(record, message)
        return self._refused(record, code, message, retryable=True)

    async def _after_failed_complete(self, record: CheckoutRecord, exc: MerchantError) -> Outcome:
        if exc.outcome_unknown or exc.code == "checkout_final":
            try:
                session = await self.merchants.client(record.merchant).retrieve(record.session_id)
            except MerchantError:
                return await self._unreachable(record, exc, sent_before=True)
            if session.status == "completed":
                return await self._completed(record, session)
            if session.status in ("canceled", "expired"):
                return await self._closed(record, session.status)
            if exc.outcome_unknown:
                return await self._unreachable(record, exc, sent_before=True)
        await self._release(record)
        await self._store.orders.save_token(record.id, ledger_id=None, token_id=None, expires_at=None)
        message = f"{exc.message} You were not charged."
        await self._store.orders.finish(record.id, "presented", message=message)
        await self._step.drop(record)
        return self._refused(record, exc.code, message, retryable=True)

    async def _closed(self, record: CheckoutRecord, status: str) -> Outcome:
        """The merchant canceled or expired the session: nothing was charged."""
        await self._release(record)
        await self._store.orders.finish(record.id, "canceled", message=f"The merchant {status} it.")
        return self._refused(
            record, f"checkout_{status}", f"The merchant has {status} this checkout; nothing was charged."
        )

    async def _unreachable(self, record: CheckoutRecord, exc: MerchantError, *, sent_before: bool) -> Outcome:
        if sent_before:
            message = (
                f"The merchant could not be reached to finish this order ({exc.message}) and may or may "
                "not have charged you. Confirm again to retry the same payment: it cannot be charged twice."
            )
        else:
            message = f"The merchant could not be reached ({exc.message}); nothing was charged."
        await self._store.orders.finish(record.id, "presented", message=message)
        await self._tell(record, message)
        return self._refused(
            record, exc.code, message, charged=None if sent_before else False, retryable=True
        )

    async def _release(self, record: CheckoutRecord) -> None:
        if record.ledger_id and self._wallet:
            await self._wallet.release_purchase(record.ledger_id)

    async def _already_ordered(self, record: CheckoutRecord) -> Outcome:
        if record.order_id is None:
            return self._refused(record, "order_missing", record.message or "Completed.", charged=True)
        order = await self._store.orders.get_order(record.merchant, record.order_id)
        return events.OrderConfirmed(
            checkout_id=record.id,
            merchant=record.merchant,
            order=order.data,
            message=record.message or _order_message(record, order.data),
        )

    # -- cancelling -----------------------------------------------------------------------------

    async def cancel(self, checkout_id: str) -> Outcome:
        record = await self._store.orders.get(checkout_id)
        if record.status == "completed":
            return await self._already_ordered(record)
        if record.status == "canceled":
            return events.CheckoutCanceled(checkout_id=record.id, message="This checkout was cancelled.")
        if record.status == "confirming":
            return self._refused(
                record,
                "checkout_in_progress",
                "This checkout is being paid and cannot be cancelled now.",
                charged=None,
            )
        if STEP in record.card and record.token_id is not None:
            # The bank waits for the person: give up there first, so the waiting charge cannot succeed
            # after the checkout is cancelled.
            abandoned = await self.authenticate(checkout_id, approve=False)
            record = await self._store.orders.get(checkout_id)
            if record.status == "canceled":
                return events.CheckoutCanceled(
                    checkout_id=record.id, message=record.message or "The merchant closed this checkout."
                )
            if record.status != "presented" or record.token_id is not None:
                return abandoned  # ordered after all, or the bank could not be told: still open
        try:
            session = await self.merchants.client(record.merchant).cancel(
                record.session_id, idempotency_key=_key(record.id, "cancel")
            )
        except MerchantError as exc:
            if exc.code != "checkout_final":
                return self._refused(
                    record, exc.code, f"{exc.message} The checkout is still open.", retryable=True
                )
            session = await self.merchants.client(record.merchant).retrieve(record.session_id)
            if session.status == "completed":
                return await self._completed(record, session)
        await self._release(record)
        await self._store.orders.finish(record.id, "canceled", message="Cancelled.")
        message = f"Checkout with {self.merchants.get(record.merchant).title} cancelled; nothing was charged."
        await self._tell(record, message)
        return events.CheckoutCanceled(checkout_id=record.id, message=message)

    # -- helpers --------------------------------------------------------------------------------

    def _refused(
        self,
        record: CheckoutRecord,
        code: str,
        message: str,
        *,
        charged: bool | None = False,
        retryable: bool = False,
        details: dict[str, Any] | None = None,
    ) -> events.CheckoutRefused:
        return events.CheckoutRefused(
            checkout_id=record.id,
            code=code,
            message=message,
            charged=charged,
            retryable=retryable,
            details=details or {},
        )

    async def _tell(self, record: CheckoutRecord, text: str) -> None:
        if record.conversation_id is None:
            return
        try:
            await self._store.messages.append(record.conversation_id, role="assistant", content=text)
        except NotFoundError:
            return


def _order_message(record: CheckoutRecord, order: Mapping[str, Any]) -> str:
    number = order.get("order_number") or order.get("id")
    items = ", ".join(str(item.get("name")) for item in record.card.get("items", []))
    return (
        f"Order {number} placed with {record.card.get('merchant', {}).get('title', record.merchant)}: "
        f"{items} for {money(record.amount, record.currency)}."
    )


__all__ = ["DEFAULT_LEASE_S", "CheckoutFlow", "Outcome"]
