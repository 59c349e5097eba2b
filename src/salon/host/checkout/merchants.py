"""Which merchant an app's checkout belongs to, and how the host reaches it.

An app that starts a checkout says so in a tool result's `_meta`:

    "_meta": {"salon/acp": {"api_base_url": "https://shop.example/acp", "checkout_session_id": "cs_1"}}

That names a session; it never says how to pay or what it costs. The host trusts the operator's
configuration, not the app, for everything else: which merchant the app may speak for, the merchant's
API base URL, the host's bearer token for it and the secret its order webhooks are signed with
(`SALON_COMMERCE_MERCHANTS`, a JSON object keyed by merchant name). A result whose `api_base_url`
differs from the configured one is refused (`merchant_mismatch`): an app must not be able to point the
host, and the person's money, at a server of its choosing.

    {"shop": {"api_base_url": "http://127.0.0.1:8104/acp", "bearer_token": "…", "webhook_secret": "…",
              "apps": ["shop"], "merchant_id": "shop", "display_name": "Travel Shop"}}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from salon.errors import ConfigurationError, MerchantError
from salon.host.checkout.client import AcpClient

META_KEY = "salon/acp"
"""The `_meta` key a tool result names its checkout session under."""


class MerchantConfig(BaseModel):
    """One merchant the operator lets the host buy from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=255)
    api_base_url: str = Field(pattern=r"^https?://")
    bearer_token: SecretStr
    webhook_secret: SecretStr
    merchant_id: str = ""
    """The id the payment allowance binds (default: `name`)."""
    display_name: str = ""
    apps: tuple[str, ...] = ()
    """Installed apps that may start checkouts with this merchant (default: the app named `name`)."""

    @property
    def allowance_id(self) -> str:
        return self.merchant_id or self.name

    @property
    def title(self) -> str:
        return self.display_name or self.name.replace("-", " ").replace("_", " ").title()

    def serves(self, app: str) -> bool:
        return app in (self.apps or (self.name,))


class CheckoutPointer(BaseModel):
    """A checkout session named by an app's tool result."""

    model_config = ConfigDict(frozen=True)

    merchant: str
    session_id: str


class MerchantRegistry:
    def __init__(
        self, merchants: Iterable[MerchantConfig], *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._merchants = {merchant.name: merchant for merchant in merchants}
        self._transport = transport
        self._clients: dict[str, AcpClient] = {}

    @classmethod
    def from_mapping(
        cls, raw: Mapping[str, Mapping[str, Any]], *, transport: httpx.AsyncBaseTransport | None = None
    ) -> MerchantRegistry:
        """Build from the settings' JSON object; raises `ConfigurationError` naming what is wrong."""
        merchants = []
        for name, fields in raw.items():
            try:
                merchants.append(MerchantConfig.model_validate({"name": name, **fields}))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                raise ConfigurationError(
                    f"SALON_COMMERCE_MERCHANTS[{name!r}] is not usable: {where}: {first['msg']}. Each "
                    "merchant needs api_base_url, bearer_token and webhook_secret."
                ) from exc
        return cls(merchants, transport=transport)

    def __contains__(self, name: object) -> bool:
        return name in self._merchants

    def names(self) -> list[str]:
        return sorted(self._merchants)

    def get(self, name: str) -> MerchantConfig:
        merchant = self._merchants.get(name)
        if merchant is None:
            raise MerchantError(
                f"No merchant called {name!r} is configured; add it to SALON_COMMERCE_MERCHANTS.",
                merchant=name,
                code="unknown_merchant",
            )
        return merchant

    def client(self, name: str) -> AcpClient:
        client = self._clients.get(name)
        if client is None:
            merchant = self.get(name)
            client = AcpClient(
                merchant.api_base_url,
                merchant=name,
                bearer_token=merchant.bearer_token.get_secret_value(),
                transport=self._transport,
            )
            self._clients[name] = client
        return client

    def pointer(self, app: str, meta: Mapping[str, Any] | None) -> CheckoutPointer | None:
        """The checkout session `app`'s result names, or None when it names none. Raises
        `MerchantError` (`unknown_merchant`, `merchant_mismatch`) when it names one the host must not
        use."""
        declared = (meta or {}).get(META_KEY)
        if not isinstance(declared, Mapping):
            return None
        session_id = declared.get("checkout_session_id")
        if not isinstance(session_id, str) or not session_id:
            return None
        merchant = next((m for m in self._merchants.values() if m.serves(app)), None)
        if merchant is None:
            raise MerchantError(
                f"The {app} app started a checkout, but no merchant is configured for it; the operator "
                "can add one to SALON_COMMERCE_MERCHANTS.",
                merchant=app,
                code="unknown_merchant",
            )
        base = declared.get("api_base_url")
        if base is not None and str(base).rstrip("/") != merchant.api_base_url.rstrip("/"):
            raise MerchantError(
                f"The {app} app named a checkout at {base!r}, but its merchant {merchant.name!r} is "
                f"configured at {merchant.api_base_url!r}; the host only pays the configured merchant.",
                merchant=merchant.name,
                code="merchant_mismatch",
            )
        return CheckoutPointer(merchant=merchant.name, session_id=session_id)

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()


__all__ = ["META_KEY", "CheckoutPointer", "MerchantConfig", "MerchantRegistry"]
