"""The payment provider seam: the one interface between Salon and whoever moves the money.

A payment service provider (PSP) is a third party, distinct from the merchant and from the host. Three
callers use it, each through a different method:

    host (the person's vault)   tokenize_card        a card becomes a `pm_…` token; the number is gone
                                delegate_payment     a `vt_…` token bound to one allowance (ACP)
    merchant (salon.commerce)   charge / refund      spends the delegated token, at most once
    person (3-D Secure)         confirm_authentication   finishes a charge that required action
    host (3-D Secure step)      authentication_challenge / authenticate   the person's bank check for a
                                charge made with one of the host's tokens, and its ACP
                                `authentication_result` for the merchant's next complete

`charge` is the heart of the contract. The provider checks the allowance the host bound to the token
(that merchant, that checkout session, that currency, at most `max_amount`, before `expires_at`, once)
and refuses with `DelegatedTokenInvalid(reason)` otherwise. The `idempotency_key` makes a retry safe:
the same key always answers the same `Charge` (or raises the same error), never a second charge, which is
what lets a merchant that crashed between charging and writing its order simply try again.

3-D Secure, as the host sees it: a merchant's complete answers `authentication_required` when the
charge of the host's token needs the person's bank. The host asks the provider that issued the token
for the challenge (`authentication_challenge(token)`: the charge, and the page of the bank when the
person must go there), lets the person answer (`authenticate(charge_id, approve=…)`), and re-sends
complete with the `AuthenticationResult` it got. `approve=False` is the person giving up: the provider
makes sure the waiting charge can never succeed later, and the outcome is `abandoned`.

Amounts are integer minor units; currencies are ISO-4217 lowercase (`usd`), as in ACP.

Implementations: `LocalTestProvider` (salon.payments.local, the embedded default, a real provider with
its own database and test cards) and `StripeProvider` (salon.payments.stripe_provider).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from salon.errors import PaymentError

CURRENCY_PATTERN = r"^[a-z]{3}$"

ChargeStatus = Literal["succeeded", "requires_action", "failed"]
AuthenticationOutcome = Literal[
    "abandoned",
    "attempt_acknowledged",
    "authenticated",
    "canceled",
    "denied",
    "informational",
    "internal_error",
    "not_supported",
    "processing_error",
    "rejected",
]
"""ACP's `AuthenticationResult.outcome` values (2026-04-17)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CardDetails(_Model):
    """A card as the person typed it. The number and CVC are secrets: they never appear in a repr or log."""

    number: SecretStr
    exp_month: int = Field(ge=1, le=12)
    exp_year: int = Field(ge=2000, le=2199)
    cvc: SecretStr | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _digits(self) -> CardDetails:
        digits = self.number.get_secret_value().replace(" ", "")
        if not digits.isdigit() or not 12 <= len(digits) <= 19:
            raise ValueError("a card number is 12 to 19 digits")
        return self

    def digits(self) -> str:
        return self.number.get_secret_value().replace(" ", "")


class PaymentMethod(_Model):
    """A card kept by a provider: what the person sees of it, and the token that stands for it."""

    id: str  # the provider's token, `pm_…`
    provider: str
    brand: str
    last4: str = Field(pattern=r"^[0-9]{4}$")
    exp_month: int = Field(ge=1, le=12)
    exp_year: int
    funding: Literal["credit", "debit", "prepaid"] = "credit"


class Allowance(_Model):
    """ACP's allowance: what a delegated token may be used for, and until when."""

    reason: Literal["one_time"] = "one_time"
    max_amount: int = Field(gt=0)
    currency: str = Field(pattern=CURRENCY_PATTERN)
    checkout_session_id: str = Field(min_length=1)
    merchant_id: str = Field(min_length=1, max_length=256)
    expires_at: datetime


class DelegatePaymentRequest(_Model):
    """Ask for a delegated token: either a card the provider already vaults (`payment_method_id`, the
    host's path) or a raw card (`card`, the ACP wire path), exactly one of the two."""

    allowance: Allowance
    payment_method_id: str | None = None
    card: CardDetails | None = None
    metadata: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_credential(self) -> DelegatePaymentRequest:
        if (self.payment_method_id is None) == (self.card is None):
            raise ValueError("give exactly one of payment_method_id and card")
        return self


class DelegatedToken(_Model):
    """A `vt_…` token: spendable once, by one merchant, for one checkout session, up to `max_amount`."""

    id: str
    created: datetime
    allowance: Allowance
    payment_method_id: str
    metadata: dict[str, str] = Field(default_factory=dict)


class Charge(_Model):
    id: str  # `ch_…` (local) or the PaymentIntent id (Stripe)
    token: str
    amount: int
    currency: str
    merchant_id: str
    checkout_session_id: str
    idempotency_key: str
    status: ChargeStatus
    payment_method_id: str
    brand: str
    last4: str
    amount_refunded: int = 0
    created: datetime


class Refund(_Model):
    id: str
    charge_id: str
    amount: int
    currency: str
    idempotency_key: str
    status: Literal["succeeded"] = "succeeded"
    created: datetime


class ThreeDSDetails(_Model):
    """ACP's `authentication_result.outcome_details`: what the 3-D Secure server reported.

    ACP's schema requires the cryptogram and the ECI. They are None only where the provider keeps them
    to itself (Stripe holds the cryptogram inside the PaymentIntent it authenticated and returns ECI,
    transaction id and version only): such a result is for a merchant on the same provider, which
    checks the charge itself. The local test provider always gives both."""

    three_ds_cryptogram: str | None = Field(default=None, min_length=1)
    electronic_commerce_indicator: Literal["01", "02", "05", "06", "07"] | None = None
    transaction_id: str | None = None
    version: str | None = None


class AuthenticationResult(_Model):
    """ACP's `authentication_result`, sent with the complete that follows `authentication_required`.
    `outcome_details` is present when the person was authenticated (ACP requires it then)."""

    outcome: AuthenticationOutcome
    outcome_details: ThreeDSDetails | None = None

    @model_validator(mode="after")
    def _details_when_authenticated(self) -> AuthenticationResult:
        if self.outcome == "authenticated" and self.outcome_details is None:
            raise ValueError("an authenticated outcome carries its outcome_details")
        return self

    def wire(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True)


class AuthenticationChallenge(_Model):
    """A charge made with a delegated token that waits (or waited) for the person's bank.

    `redirect_url` is the bank's page the person must open (Stripe's documented `next_action`); None
    when the provider runs the challenge itself, through `authenticate`."""

    charge_id: str
    status: ChargeStatus
    redirect_url: str | None = None


class PaymentProvider(ABC):
    """A payment service provider. Errors come from the `PaymentError` branch of `salon.errors`:
    `PaymentDeclined` (the card said no; `.code` says why), `PaymentRequiresAction` (3-D Secure: the
    person must act, then `confirm_authentication`), `DelegatedTokenInvalid` (`.reason`: expired,
    over_allowance, wrong_merchant, wrong_session, wrong_currency, already_used, unknown)."""

    name: str = "provider"

    @abstractmethod
    async def tokenize_card(self, card: CardDetails) -> PaymentMethod:
        """Vault `card` and return its token. Raises `PaymentDeclined(code="invalid_card")` for a
        number the provider cannot accept (bad check digit, expired)."""

    @abstractmethod
    async def delegate_payment(self, request: DelegatePaymentRequest) -> DelegatedToken:
        """Mint a single-use token bound to `request.allowance`."""

    @abstractmethod
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
        """Spend `token` once. The same `idempotency_key` answers the same outcome, never a new charge."""

    @abstractmethod
    async def confirm_authentication(self, charge_id: str) -> Charge:
        """Finish a charge that raised `PaymentRequiresAction` once the person has authenticated.
        Raises `PaymentDeclined(code="authentication_failed")` when they did not."""

    async def authentication_challenge(self, token: str) -> AuthenticationChallenge | None:
        """The latest charge made with the delegated `token`, for the host's 3-D Secure step (None when
        no charge was made with it). A provider that cannot run the step raises
        `PaymentError(code="authentication_unsupported")`, as this default does."""
        raise PaymentError(
            f"The {self.name} provider cannot run a 3-D Secure step for the host.",
            code="authentication_unsupported",
        )

    async def authenticate(self, charge_id: str, *, approve: bool) -> AuthenticationResult:
        """The person's answer to the bank for `charge_id`, as ACP's `authentication_result`.

        `approve=True`: the person went through the bank's check; the outcome is what the bank decided
        (`authenticated` with its details, or `denied`). `approve=False`: the person gave up; the charge
        is made to fail so it can never succeed later, and the outcome is `abandoned` (or
        `authenticated` if the bank had approved it before). Raises `PaymentRequiresAction` when the
        person has not finished at the bank yet. Asking again answers the same result."""
        raise PaymentError(
            f"The {self.name} provider cannot run a 3-D Secure step for the host.",
            code="authentication_unsupported",
        )

    @abstractmethod
    async def refund(self, charge_id: str, *, amount: int | None, idempotency_key: str) -> Refund:
        """Give back `amount` (all that remains when None) of a succeeded charge; never more than was
        captured in total. The same `idempotency_key` answers the same `Refund`."""

    @abstractmethod
    async def aclose(self) -> None:
        """Release connections. Idempotent."""


__all__ = [
    "Allowance",
    "AuthenticationChallenge",
    "AuthenticationOutcome",
    "AuthenticationResult",
    "CardDetails",
    "Charge",
    "ChargeStatus",
    "DelegatePaymentRequest",
    "DelegatedToken",
    "PaymentMethod",
    "PaymentProvider",
    "Refund",
    "ThreeDSDetails",
]
