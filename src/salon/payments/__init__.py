"""Payments: the provider seam, the local test provider, Stripe, and the person's vault and caps.

provider.py         `PaymentProvider` (the seam) and its models: cards, tokens, charges, refunds
"""

from salon.payments.local import LocalTestProvider
from salon.payments.provider import (
    Allowance,
    CardDetails,
    Charge,
    DelegatedToken,
    DelegatePaymentRequest,
    PaymentMethod,
    PaymentProvider,
    Refund,
)
from salon.payments.wallet import PurchaseAuthorization, Wallet

__all__ = [
    "Allowance",
    "CardDetails",
    "Charge",
    "DelegatePaymentRequest",
    "DelegatedToken",
    "LocalTestProvider",
    "PaymentMethod",
    "PaymentProvider",
    "PurchaseAuthorization",
    "Refund",
    "Wallet",
]
