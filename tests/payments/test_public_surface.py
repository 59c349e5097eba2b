import salon.payments


def test_the_payments_package_exports_exactly_its_public_surface() -> None:
    assert sorted(salon.payments.__all__) == [
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
    for name in salon.payments.__all__:
        assert getattr(salon.payments, name).__module__.startswith("salon.payments.")
