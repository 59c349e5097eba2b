"""The host's receiver of a merchant's order webhooks (`order_create`, `order_update`).

    webhooks = OrderWebhooks(store, merchants)
    order = await webhooks.receive("shop", request.headers.get("Merchant-Signature"), raw_body)

A delivery is accepted only when its `Merchant-Signature` (HMAC-SHA256 over `t.raw_body` with the
merchant's configured webhook secret, checked by `salon.commerce.webhooks.verify`) is well formed,
fresh (within 300 s of the host's clock) and matches. A replay, the same signature a second time, is
refused through the store, not process memory, so every worker refuses it: the signature is recorded in
the same transaction that applies the order, and a second insert of it finds it taken. An event older
than the order already stored is recorded but does not roll the order back.

Errors: `WebhookSignatureError` (`reason`: missing, malformed, stale, forged, replayed),
`MerchantError` (`unknown_merchant`; `merchant_protocol` for a body that is not an ACP order event).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import ValidationError

from salon.commerce.acp import WebhookEvent
from salon.commerce.webhooks import DEFAULT_TOLERANCE, verify
from salon.errors import MerchantError, WebhookSignatureError
from salon.host.checkout.merchants import MerchantRegistry
from salon.store import Store
from salon.store.orders import OrderRecord

EVENT_TYPES = frozenset({"order_create", "order_update"})


class OrderWebhooks:
    def __init__(
        self,
        store: Store,
        merchants: MerchantRegistry,
        *,
        now: Callable[[], float] = time.time,
        tolerance: float = DEFAULT_TOLERANCE,
    ) -> None:
        self._store = store
        self._merchants = merchants
        self._now = now
        self._tolerance = tolerance

    async def receive(self, merchant: str, header: str | None, body: bytes) -> OrderRecord:
        config = self._merchants.get(merchant)
        timestamp, digest = verify(
            header,
            body,
            config.webhook_secret.get_secret_value(),
            now=self._now(),
            tolerance=self._tolerance,
        )
        try:
            event = WebhookEvent.model_validate_json(body)
        except ValidationError as exc:
            raise MerchantError(
                f"The webhook from {merchant!r} is not an ACP order event: {exc.errors()[0]['msg']}.",
                merchant=merchant,
                code="merchant_protocol",
                status=400,
            ) from exc
        if event.type not in EVENT_TYPES:
            raise MerchantError(
                f"The webhook from {merchant!r} has the type {event.type!r}; expected order_create or "
                "order_update.",
                merchant=merchant,
                code="merchant_protocol",
                status=400,
            )
        stored = await self._store.orders.record_webhook(
            merchant,
            event.data.wire(),
            signature=digest,
            type=event.type,
            signed_at=datetime.fromtimestamp(timestamp, UTC),
        )
        if stored is None:
            raise WebhookSignatureError(
                "This webhook was already received (a replay); it is ignored.", reason="replayed"
            )
        return stored


__all__ = ["EVENT_TYPES", "OrderWebhooks"]
