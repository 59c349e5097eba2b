"""One exception tree for Salon.

    SalonError                      base; carries a stable `code` for errors that cross an API
    ├── ConfigurationError          settings or arguments that cannot work; the message says the fix
    ├── NotFoundError               an id that does not exist (conversation, app, confirmation...)
    ├── StoreError                  the database failed (locked, gone, migration missing)
    ├── AppError                    something went wrong with an app (always names the app)
    │   ├── AppUnavailableError     the app could not be reached or started
    │   ├── AppTimeoutError         the app did not answer in time
    │   └── AppProtocolError        the app answered something that breaks the protocol
    ├── ToolDefinitionError         an SDK tool declaration is incomplete (raised at registration)
    ├── PolicyError                 a call the policy refuses (changed definition, denied...)
    ├── ModelError                  the model provider failed
    ├── DirectoryError              a directory step the rules refuse (`code`: invalid_transition,
    │                               review_in_progress, version_exists, not_owner, not_installable...)
    ├── ManifestError               an app manifest (`salon.json`) that cannot be read or is invalid
    │                               (`code`: manifest_unreadable, manifest_invalid, manifest_no_salon;
    │                               `problems` lists (field path, what is wrong))
    ├── CheckoutError               a merchant refuses a checkout request (ACP `type`, `code`, HTTP
    │                               `status`, `param`); the merchant kit answers it as an ACP Error
    ├── WebhookSignatureError       a webhook's Merchant-Signature is missing, malformed, stale,
    │                               replayed or forged (code invalid_signature; `reason` says which)
    ├── MerchantError               the host's call to a merchant's checkout API failed or was refused
    │                               (`merchant`, HTTP `status`, `outcome_unknown`; code:
    │                               merchant_unreachable, merchant_error, merchant_rejected,
    │                               merchant_unauthorized, checkout_not_found, checkout_final,
    │                               idempotency_conflict, merchant_busy, merchant_protocol,
    │                               unknown_merchant, merchant_mismatch)
    └── PaymentError                a payment provider refused or failed (code says which)
        ├── PaymentDeclined         the card said no; `code` is card_declined, insufficient_funds,
        │                           expired_card, invalid_card, authentication_failed...
        ├── PaymentRequiresAction   3-D Secure: the person must authenticate (`charge_id`, `action`)
        ├── DelegatedTokenInvalid   the allowance forbids this charge (`reason`)
        └── SpendCapExceeded        the person's own cap refuses the purchase (`cap`, `limit`, `spent`)

Messages say what happened and what to do about it.
"""

from __future__ import annotations


class SalonError(Exception):
    """Base of every error Salon raises on purpose."""

    code: str = "salon_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class ConfigurationError(SalonError):
    code = "configuration"


class NotFoundError(SalonError):
    code = "not_found"


class StoreError(SalonError):
    code = "store_unavailable"


class AppError(SalonError):
    code = "app_error"

    def __init__(self, app: str, message: str, *, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.app = app


class AppUnavailableError(AppError):
    code = "app_unavailable"


class AppTimeoutError(AppError):
    code = "app_timeout"


class AppProtocolError(AppError):
    code = "app_protocol"


class ToolDefinitionError(SalonError):
    code = "tool_definition"


class PolicyError(SalonError):
    code = "policy"


class ModelError(SalonError):
    code = "model_error"


class DirectoryError(SalonError):
    """The directory refuses a step: a transition its state machine forbids, a second version in
    review, a change to an approved version, someone not allowed to act on the app."""

    code = "directory"


class ManifestError(SalonError):
    """An app manifest that cannot be used. `problems` lists `(field path, what is wrong)` pairs, the
    path dotted in wire names (`_meta.….testCases.shouldRoute`), so a report can say which field."""

    code = "manifest_invalid"

    def __init__(
        self, message: str, *, code: str | None = None, problems: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.problems = list(problems or [])


class PaymentError(SalonError):
    code = "payment_error"


class PaymentDeclined(PaymentError):
    """The issuer declined; `code` is the decline reason (stable: card_declined, insufficient_funds,
    expired_card, invalid_card, authentication_failed). `charge_id` names the declined charge when
    one was attempted (a card refused at tokenization has none)."""

    code = "card_declined"

    def __init__(self, message: str, *, code: str | None = None, charge_id: str | None = None) -> None:
        super().__init__(message, code=code)
        self.charge_id = charge_id


class PaymentRequiresAction(PaymentError):
    """The charge waits for the person (3-D Secure). `action` names what they must do."""

    code = "requires_action"

    def __init__(self, message: str, *, charge_id: str, action: str = "three_d_secure") -> None:
        super().__init__(message)
        self.charge_id = charge_id
        self.action = action


class DelegatedTokenInvalid(PaymentError):
    """The delegated token cannot pay for this: `reason` is expired, over_allowance, wrong_merchant,
    wrong_session, wrong_currency, already_used or unknown."""

    code = "delegated_token_invalid"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class SpendCapExceeded(PaymentError):
    """A purchase the person's caps refuse: `cap` (per_purchase, per_day, per_month, per_merchant),
    its `limit`, what was `spent` already in that window, in `currency` minor units."""

    code = "spend_cap_exceeded"

    def __init__(self, message: str, *, cap: str, limit: int, spent: int, currency: str) -> None:
        super().__init__(message)
        self.cap = cap
        self.limit = limit
        self.spent = spent
        self.currency = currency


class CheckoutError(SalonError):
    """A checkout request the merchant refuses. `error_type` is ACP's (invalid_request,
    processing_error, service_unavailable), `status` the HTTP status it is answered with, `param` a
    JSONPath to the offending field."""

    code = "invalid_request"

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: int = 400,
        error_type: str = "invalid_request",
        param: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.error_type = error_type
        self.param = param
        self.retry_after = retry_after


class WebhookSignatureError(SalonError):
    """A webhook that must not be trusted. `reason` is missing, malformed, stale, replayed or forged."""

    code = "invalid_signature"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class MerchantError(SalonError):
    """The host's call to a merchant's ACP checkout API failed or was refused. `merchant` names it,
    `status` is the HTTP status (None when no answer came), and `outcome_unknown` is true when a
    request that changes something may or may not have taken effect (no answer, or a 5xx): ask the
    merchant again before telling anyone it failed."""

    code = "merchant_error"

    def __init__(
        self,
        message: str,
        *,
        merchant: str,
        code: str | None = None,
        status: int | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, code=code)
        self.merchant = merchant
        self.status = status
        self.outcome_unknown = outcome_unknown


__all__ = [
    "AppError",
    "AppProtocolError",
    "AppTimeoutError",
    "AppUnavailableError",
    "CheckoutError",
    "ConfigurationError",
    "DelegatedTokenInvalid",
    "DirectoryError",
    "ManifestError",
    "MerchantError",
    "ModelError",
    "NotFoundError",
    "PaymentDeclined",
    "PaymentError",
    "PaymentRequiresAction",
    "PolicyError",
    "SalonError",
    "SpendCapExceeded",
    "StoreError",
    "ToolDefinitionError",
    "WebhookSignatureError",
]
