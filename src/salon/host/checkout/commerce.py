"""`HostCommerce`: everything the host needs for checkout in the conversation, opened and closed as one.

    commerce = await HostCommerce.open(settings, store)
    commerce.flow          # CheckoutFlow: present / confirm / cancel
    commerce.webhooks      # OrderWebhooks: the order webhook receiver
    commerce.orders_tool   # the built-in `salon__orders` tool
    await commerce.aclose()

With merchants configured (`SALON_COMMERCE_MERCHANTS`) it opens the local test payment provider (its
own database, `payments_database_url`) and the person's wallet over the host's store. With none, it
opens no provider: there is nothing to pay, but stored orders can still be read.
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from salon.commerce.acp import FulfillmentDetails
from salon.errors import ConfigurationError
from salon.host.checkout.flow import CheckoutFlow
from salon.host.checkout.merchants import MerchantRegistry
from salon.host.checkout.orders_tool import OrdersTool
from salon.host.checkout.webhooks import OrderWebhooks
from salon.payments.provider import PaymentProvider
from salon.payments.wallet import Wallet
from salon.settings import Settings
from salon.store import Store


class HostCommerce:
    def __init__(
        self,
        store: Store,
        merchants: MerchantRegistry,
        wallet: Wallet | None,
        *,
        provider: PaymentProvider | None = None,
        lease_s: float = 120.0,
        ship_to: FulfillmentDetails | None = None,
    ) -> None:
        """`provider` is the wallet's: it runs the bank's 3-D Secure step, and `aclose` closes it."""
        self.merchants = merchants
        self.wallet = wallet
        self.flow = CheckoutFlow(
            store, merchants, wallet, lease_s=lease_s, ship_to=ship_to, provider=provider
        )
        self.webhooks = OrderWebhooks(store, merchants)
        self.orders_tool = OrdersTool(store)
        self._provider = provider

    @classmethod
    async def open(
        cls, settings: Settings, store: Store, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> HostCommerce:
        merchants = MerchantRegistry.from_mapping(settings.commerce_merchants, transport=transport)
        ship_to = _ship_to(settings)
        if not merchants.names():
            return cls(store, merchants, None, lease_s=settings.checkout_confirm_lease_s)
        from salon.payments.local import LocalTestProvider

        provider = await LocalTestProvider.open(settings.resolved_payments_database_url)
        wallet = Wallet(store, provider, allow_non_physical=settings.payments_allow_non_physical)
        return cls(
            store,
            merchants,
            wallet,
            provider=provider,
            lease_s=settings.checkout_confirm_lease_s,
            ship_to=ship_to,
        )

    async def aclose(self) -> None:
        await self.merchants.aclose()
        if self._provider is not None:
            provider, self._provider = self._provider, None
            await provider.aclose()


def _ship_to(settings: Settings) -> FulfillmentDetails | None:
    if not settings.commerce_ship_to:
        return None
    try:
        return FulfillmentDetails.model_validate(settings.commerce_ship_to)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigurationError(
            f"SALON_COMMERCE_SHIP_TO is not usable: {'.'.join(str(p) for p in first['loc'])}: "
            f"{first['msg']}. Give name, email and address {{name, line_one, city, state, country, "
            "postal_code}."
        ) from exc


__all__ = ["HostCommerce"]
