"""The merchant kit's public surface is what `salon.commerce.__all__` says, and no more."""

from __future__ import annotations

import salon.commerce


def test_the_merchant_kit_exports_exactly_its_documented_names() -> None:
    assert sorted(salon.commerce.__all__) == sorted(
        [
            "DEFAULT_URL",
            "SIGNATURE_HEADER",
            "Clock",
            "Delivery",
            "FeedCatalog",
            "ManualClock",
            "Merchant",
            "MerchantPolicy",
            "Offer",
            "ShippingRate",
            "TaxTable",
            "WebhookOutbox",
            "WebhookTarget",
            "WebhookVerifier",
            "create_merchant_app",
            "sign",
            "verify",
        ]
    )
    assert all(getattr(salon.commerce, name, None) is not None for name in salon.commerce.__all__)
