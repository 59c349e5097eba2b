"""How the shop app's tools reach the shop's ACP checkout API (the app side of the merchant).

`ShopMerchant` creates checkout sessions with the shop's bearer key, `API-Version` and a fresh
`Idempotency-Key`, over real HTTP:

- with `SHOP_MERCHANT_URL` set, at the merchant server started on its own
  (`python examples/apps/shop/merchant.py`), which is how `salon demo` runs it: the merchant is a party
  of its own, and the host reaches the same server to show, confirm and pay the checkout;
- otherwise in-process, through the merchant app's ASGI surface (`merchant.py`), so the app also works
  alone (its own tests, another host). Nothing outside the app can reach that merchant, so its checkouts
  are not offered to the host for payment.

This module only needs httpx: the merchant kit (SQLAlchemy, the payment provider) is imported the first
time an in-process checkout is started, never when the app starts. An app started over stdio must
answer the host's handshake quickly, and it only needs the kit when somebody buys something.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from examples.apps.shop.catalog import Catalog

# The app's stderr reaches the person's terminal under `salon chat`: a line per request to the
# merchant is noise there, its failures are reported in the tool's answer.
logging.getLogger("httpx").setLevel(logging.WARNING)

MERCHANT_URL_ENV = "SHOP_MERCHANT_URL"
"""The merchant server's base URL, e.g. http://127.0.0.1:8104."""
API_KEY_ENV = "SHOP_MERCHANT_API_KEY"
"""The app's own bearer key at the merchant (the host has another)."""
DEFAULT_API_KEY = "shop_local_agent_key"
API_VERSION = "2026-04-17"
"""The ACP version the app speaks (salon.commerce.acp.PROTOCOL_VERSION; a test keeps them equal)."""
ACP_META_KEY = "salon/acp"
"""The `_meta` key under which a tool result names its checkout session for the host."""
IN_PROCESS_URL = "http://shop.merchant"


class ShopMerchant:
    """The shop's ACP checkout API, as its tools call it."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    @property
    def remote_url(self) -> str | None:
        """The merchant server's URL when it runs on its own (read at each call, like the data dir)."""
        url = os.environ.get(MERCHANT_URL_ENV, "").strip()
        return url.rstrip("/") or None

    @asynccontextmanager
    async def client(self) -> AsyncIterator[httpx.AsyncClient]:
        headers = {
            "Authorization": f"Bearer {os.environ.get(API_KEY_ENV, DEFAULT_API_KEY)}",
            "API-Version": API_VERSION,
        }
        remote = self.remote_url
        if remote:
            async with httpx.AsyncClient(base_url=remote, headers=headers, timeout=15) as client:
                yield client
            return
        from examples.apps.shop.merchant import serve_in_process

        async with (
            serve_in_process(self._catalog) as transport,
            httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL, headers=headers) as client,
        ):
            yield client

    async def start_checkout(self, items: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        """Create an ACP checkout session for `items` (`{"id", "quantity"}`); returns the HTTP status
        and the session (or the ACP error)."""
        body = {
            "currency": "usd",
            "line_items": items,
            "capabilities": {"interventions": {"supported": ["3ds"]}},
        }
        try:
            async with self.client() as client:
                response = await client.post(
                    "/checkout_sessions", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
                )
        except httpx.HTTPError as exc:
            return 503, {
                "type": "service_unavailable",
                "message": f"the shop's checkout is unreachable ({exc})",
            }
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, {"message": f"the shop answered HTTP {response.status_code}"}

    def checkout_meta(self, session_id: str) -> dict[str, Any] | None:
        """The `_meta` that names `session_id` for the host's checkout card, when the host can reach the
        merchant that holds it (a merchant server of its own); None for an in-process merchant."""
        remote = self.remote_url
        if remote is None:
            return None
        return {ACP_META_KEY: {"api_base_url": remote, "checkout_session_id": session_id}}


__all__ = [
    "ACP_META_KEY",
    "API_KEY_ENV",
    "API_VERSION",
    "DEFAULT_API_KEY",
    "MERCHANT_URL_ENV",
    "ShopMerchant",
]
