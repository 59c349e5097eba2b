"""The host checkout package's public surface is deliberate: a change here is a change of API."""

from __future__ import annotations

import salon.host.checkout as checkout


def test_the_public_surface_of_salon_host_checkout_is_pinned() -> None:
    assert sorted(checkout.__all__) == sorted(
        [
            "META_KEY",
            "ORDERS_TOOL",
            "AcpClient",
            "CheckoutFlow",
            "CheckoutPointer",
            "HostCommerce",
            "MerchantConfig",
            "MerchantRegistry",
            "OrderWebhooks",
            "OrdersTool",
        ]
    )
    for name in checkout.__all__:
        assert getattr(checkout, name) is not None
