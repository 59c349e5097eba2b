"""`Wallet`: the host's side of payments — the person's vault, their spend caps, and the one place a
delegated payment token is minted.

    wallet = Wallet(store, provider)
    method = await wallet.add_card("me", CardDetails(...))          # tokenized at the provider first
    await wallet.set_caps(SpendCaps(person="me", per_day=20000, confirm_above=10000))
    purchase = await wallet.authorize_purchase("me", "shop", "cs_1", 1999, "usd", item_types=["physical"])
    # the host passes purchase.token.id to the merchant's complete; then:
    await wallet.confirm_purchase(purchase.ledger_id)                # or release_purchase(...)

A card number goes to the provider and nowhere else: `add_card` stores only the provider's token and
what the person may see (brand, last four, expiry). `authorize_purchase` runs, in order, the operator's
goods rule (physical goods only unless `allow_non_physical`), the person's caps and the extra
confirmation threshold, atomically with recording the purchase in the spend ledger (so concurrent
purchases cannot both slip under a cap), and only then mints a token whose allowance is this exact
amount, this merchant, this checkout session, valid for `token_minutes` (default 10). If minting fails,
the ledger entry is released, so a refusal never consumes the person's budget.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from salon.errors import ConfigurationError, PaymentError
from salon.payments.provider import (
    Allowance,
    CardDetails,
    DelegatedToken,
    DelegatePaymentRequest,
    PaymentProvider,
)
from salon.store import Store
from salon.store.payment_methods import StoredPaymentMethod
from salon.store.spend_caps import CapDecision, SpendCaps
from salon.store.spend_ledger import LedgerEntry

PERSON = "local"
"""The one person a Salon serves: the scope of their payment methods, caps and purchases, for the
payments API and the host's checkout alike."""

DEFAULT_TOKEN_MINUTES = 10
PHYSICAL = "physical"


class PurchaseAuthorization(BaseModel):
    """A purchase the wallet agreed to: the ledger entry that counts it and the token that pays it."""

    model_config = ConfigDict(frozen=True)

    ledger_id: str
    token: DelegatedToken
    payment_method: StoredPaymentMethod


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Wallet:
    def __init__(
        self,
        store: Store,
        provider: PaymentProvider,
        *,
        token_minutes: int = DEFAULT_TOKEN_MINUTES,
        allow_non_physical: bool = False,
        now: Callable[[], datetime] = _utcnow,
    ) -> None:
        if not 1 <= token_minutes <= 60:
            raise ConfigurationError(
                "token_minutes must be between 1 and 60: a delegated token lives minutes."
            )
        self._store = store
        self._provider = provider
        self._minutes = token_minutes
        self._allow_non_physical = allow_non_physical
        self._now = now

    # -- the vault --------------------------------------------------------------------------------

    async def add_card(self, person: str, card: CardDetails) -> StoredPaymentMethod:
        """Tokenize `card` at the provider and keep the token for `person`. Raises `PaymentDeclined`
        (`invalid_card`, `expired_card`) for a card the provider refuses."""
        method = await self._provider.tokenize_card(card)
        return await self._store.payment_methods.add(
            person,
            provider=method.provider,
            token=method.id,
            brand=method.brand,
            last4=method.last4,
            exp_month=method.exp_month,
            exp_year=method.exp_year,
        )

    async def methods(self, person: str) -> list[StoredPaymentMethod]:
        return await self._store.payment_methods.list(person)

    async def remove_method(self, person: str, method_id: str) -> None:
        await self._store.payment_methods.remove(person, method_id)

    # -- caps ---------------------------------------------------------------------------------------

    async def caps(self, person: str) -> SpendCaps:
        return await self._store.spend_caps.get(person)

    async def set_caps(self, caps: SpendCaps) -> SpendCaps:
        return await self._store.spend_caps.set(caps)

    async def check_purchase(self, person: str, merchant_id: str, amount: int, currency: str) -> CapDecision:
        """What the caps would say about this purchase now (for the checkout card); reserves nothing."""
        return await self._store.spend_ledger.check(
            person, merchant_id=merchant_id, amount=amount, currency=currency
        )

    # -- purchases ----------------------------------------------------------------------------------

    async def authorize_purchase(
        self,
        person_scope: str,
        merchant_id: str,
        checkout_session_id: str,
        amount: int,
        currency: str,
        *,
        item_types: Collection[str],
        payment_method_id: str | None = None,
        extra_confirmed: bool = False,
    ) -> PurchaseAuthorization:
        """Check the goods rule and caps, record the purchase, and mint its delegated token.

        `item_types` are the checkout's line item types (`physical`, `digital`, `service`…);
        `payment_method_id` defaults to the person's most recently added method. Raises
        `PaymentError("goods_not_allowed")`, `SpendCapExceeded` (cap, limit, spent),
        `PaymentError("extra_confirmation_required")`, `PaymentError("no_payment_method")`, or the
        provider's error; in every case nothing stays counted against the caps.
        """
        self._check_goods(item_types)
        method = await self._method(person_scope, payment_method_id)
        if method.provider != self._provider.name:
            raise ConfigurationError(
                f"The payment method {method.id!r} belongs to the provider {method.provider!r}, and this "
                f"wallet uses {self._provider.name!r}; add the card again with this provider."
            )
        entry = await self._store.spend_ledger.reserve(
            person_scope,
            merchant_id=merchant_id,
            checkout_session_id=checkout_session_id,
            amount=amount,
            currency=currency,
            payment_method_id=method.id,
            extra_confirmed=extra_confirmed,
        )
        allowance = Allowance(
            max_amount=amount,
            currency=currency,
            checkout_session_id=checkout_session_id,
            merchant_id=merchant_id,
            expires_at=self._now() + timedelta(minutes=self._minutes),
        )
        try:
            token = await self._provider.delegate_payment(
                DelegatePaymentRequest(
                    payment_method_id=method.token,
                    allowance=allowance,
                    metadata={"ledger_id": entry.id},
                )
            )
        except BaseException:
            await self._store.spend_ledger.release(entry.id)
            raise
        await self._store.spend_ledger.attach_token(entry.id, token.id)
        return PurchaseAuthorization(ledger_id=entry.id, token=token, payment_method=method)

    async def confirm_purchase(self, ledger_id: str) -> LedgerEntry:
        """The merchant completed the checkout with the token: the purchase stays counted for good."""
        return await self._store.spend_ledger.confirm(ledger_id)

    async def release_purchase(self, ledger_id: str) -> LedgerEntry:
        """The purchase will not be paid (declined, cancelled, abandoned): stop counting it."""
        return await self._store.spend_ledger.release(ledger_id)

    async def purchases(self, person: str) -> list[LedgerEntry]:
        return await self._store.spend_ledger.list(person)

    def _check_goods(self, item_types: Collection[str]) -> None:
        if not item_types:
            raise PaymentError("A purchase needs at least one line item.", code="goods_not_allowed")
        other = sorted({kind for kind in item_types if kind != PHYSICAL})
        if other and not self._allow_non_physical:
            raise PaymentError(
                f"This Salon pays for physical goods only, and the checkout holds {', '.join(other)} "
                "items; the operator can allow more with SALON_PAYMENTS_ALLOW_NON_PHYSICAL.",
                code="goods_not_allowed",
            )

    async def _method(self, person: str, method_id: str | None) -> StoredPaymentMethod:
        if method_id is not None:
            return await self._store.payment_methods.get(person, method_id)
        methods = await self._store.payment_methods.list(person)
        if not methods:
            raise PaymentError("Add a payment method before buying.", code="no_payment_method")
        return methods[0]


__all__ = ["DEFAULT_TOKEN_MINUTES", "PERSON", "PurchaseAuthorization", "Wallet"]
