"""The merchant: one object that owns the database, the catalogue, the policy and the payment
provider, and answers the five ACP checkout operations.

    create   POST /checkout_sessions               price the items, status from what is missing
    update   POST /checkout_sessions/{id}          change items, address, option, buyer; re-price
    get      GET  /checkout_sessions/{id}
    complete POST /checkout_sessions/{id}/complete charge once, write the order (completion.py)
    cancel   POST /checkout_sessions/{id}/cancel   405 once completed or canceled

`Merchant.open(url, ...)` connects to the merchant's own database (a SQLite file by default,
PostgreSQL by URL) and migrates it; several `Merchant`s (workers, restarts) may share one database.
The provider is injected and not closed by the merchant: whoever built it owns it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection

from salon.commerce import sessions
from salon.commerce.acp import (
    CancelSessionRequest,
    CheckoutSession,
    CheckoutSessionCompleteRequest,
    CheckoutSessionCreateRequest,
    CheckoutSessionUpdateRequest,
    RequestItem,
)
from salon.commerce.catalog import FeedCatalog
from salon.commerce.clock import Clock, new_id
from salon.commerce.completion import Completion
from salon.commerce.idempotency import IdempotencyStore
from salon.commerce.migrate import migrate
from salon.commerce.orders import OrderBook
from salon.commerce.outbox import WebhookOutbox, WebhookTarget
from salon.commerce.policy import MerchantPolicy
from salon.commerce.pricing import Cart, CartLine, price
from salon.errors import CheckoutError
from salon.payments import PaymentProvider
from salon.store import url as urls
from salon.store.engine import Database

DEFAULT_URL = "sqlite:///.salon/merchant.db"
"""The embedded default: the merchant's own SQLite file, apart from the host's `salon.db`."""

_EDITABLE = {"not_ready_for_payment", "ready_for_payment"}


class MerchantDatabase(Database):
    """The store's `Database`, with one change for SQLite files: writers of one process queue on an
    asyncio lock before asking SQLite for its write lock. SQLite's busy handler is not fair; under a
    burst of concurrent checkouts in one worker, a writer can lose the race for the lock until its busy
    timeout runs out. Queuing in-process keeps the waits first come, first served; other processes
    still wait through the busy timeout. (No write block of the kit opens another write block.)"""

    def __init__(self, url: URL) -> None:
        super().__init__(url)
        self._writers = asyncio.Lock() if self.backend == "sqlite" else None

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        if self._writers is None:
            async with super().write() as connection:
                yield connection
            return
        async with self._writers, super().write() as connection:
            yield connection


class Merchant:
    def __init__(
        self,
        database: Database,
        *,
        catalog: FeedCatalog,
        policy: MerchantPolicy,
        provider: PaymentProvider,
        clock: Clock | None = None,
        webhook: WebhookTarget | None = None,
        lease: float = 60.0,
    ) -> None:
        self.database = database
        self.catalog = catalog
        self.policy = policy
        self.provider = provider
        self.clock = clock or Clock()
        self.idempotency = IdempotencyStore(database, self.clock, lease=lease)
        self.outbox = WebhookOutbox(database, self.clock, webhook)
        self.orders = OrderBook(database, provider, policy, self.clock, self.outbox)
        self._completion = Completion(
            database, provider, policy, catalog, self.clock, self.orders, lease=lease
        )

    @classmethod
    async def open(
        cls,
        url: str = DEFAULT_URL,
        *,
        catalog: FeedCatalog,
        policy: MerchantPolicy,
        provider: PaymentProvider,
        clock: Clock | None = None,
        webhook: WebhookTarget | None = None,
        lease: float = 60.0,
    ) -> Merchant:
        """Connect to (and migrate) the merchant database at `url`. Raises `StoreError`."""
        normalised = urls.normalise_url(url)
        path = urls.sqlite_file(normalised)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        database = MerchantDatabase(normalised)
        try:
            await database.probe()
            await migrate(database)
        except BaseException:
            await database.aclose()
            raise
        return cls(
            database,
            catalog=catalog,
            policy=policy,
            provider=provider,
            clock=clock,
            webhook=webhook,
            lease=lease,
        )

    async def aclose(self) -> None:
        await self.database.aclose()

    async def create(self, request: CheckoutSessionCreateRequest) -> CheckoutSession:
        if request.currency.lower() != self.policy.currency:
            raise CheckoutError(
                f"{self.policy.name} sells in {self.policy.currency}, not {request.currency}.",
                code="unsupported_currency",
                param="$.currency",
            )
        now = self.clock.now()
        interventions = request.capabilities.interventions
        cart = Cart(
            currency=self.policy.currency,
            lines=self._lines(request.line_items),
            buyer=request.buyer,
            fulfillment_details=request.fulfillment_details,
            order_notes=request.order_notes,
            agent_interventions=list(interventions.supported or []) if interventions else [],
            created_at=now,
        )
        session_id = new_id("cs")
        record = sessions.SessionRecord(id=session_id, cart=cart, session=self._price(cart, session_id, now))
        async with self.database.write() as connection:
            await sessions.insert(connection, record, now=now)
        return record.session

    async def update(self, session_id: str, request: CheckoutSessionUpdateRequest) -> CheckoutSession:
        now = self.clock.now()
        async with self.database.write() as connection:
            record = await sessions.load(connection, session_id, lock=True)
            self._check_editable(record, "updated")
            cart = record.cart
            if request.line_items is not None:
                cart.lines = self._lines(request.line_items)
            if request.buyer is not None:
                cart.buyer = request.buyer
            if request.fulfillment_details is not None:
                cart.fulfillment_details = request.fulfillment_details
            if request.selected_fulfillment_options is not None:
                offered = {rate.id for rate in self.policy.shipping}
                for index, choice in enumerate(request.selected_fulfillment_options):
                    if choice.option_id not in offered:
                        raise CheckoutError(
                            f"{choice.option_id!r} is not a fulfillment option of this session; choose one "
                            f"of {sorted(offered)}.",
                            code="invalid_fulfillment_option",
                            param=f"$.selected_fulfillment_options[{index}].option_id",
                        )
                cart.selected = request.selected_fulfillment_options
            if request.order_notes is not None:
                cart.order_notes = request.order_notes
            record.session = self._price(cart, session_id, now)
            await sessions.save(connection, record, now=now)
        return record.session

    async def get(self, session_id: str) -> CheckoutSession:
        async with self.database.read() as connection:
            record = await sessions.load(connection, session_id)
        return record.session

    async def complete(self, session_id: str, request: CheckoutSessionCompleteRequest) -> CheckoutSession:
        return await self._completion.complete(session_id, request)

    async def cancel(self, session_id: str, request: CancelSessionRequest) -> CheckoutSession:
        now = self.clock.now()
        async with self.database.write() as connection:
            record = await sessions.load(connection, session_id, lock=True)
            if record.status in {"completed", "canceled"}:
                raise CheckoutError(
                    f"Checkout session {session_id} is {record.status} and cannot be canceled.",
                    code="checkout_session_not_cancelable",
                    status=405,
                )
            if record.status == "complete_in_progress":
                raise CheckoutError(
                    "This checkout is being paid for right now; retry the cancel once it has settled.",
                    code="checkout_in_progress",
                    status=409,
                    retry_after=1,
                )
            record.session = self._price(record.cart, session_id, now).model_copy(
                update={"status": "canceled", "messages": []}
            )
            await sessions.save(connection, record, now=now)
        return record.session

    def _check_editable(self, record: sessions.SessionRecord, verb: str) -> None:
        if record.status in {"completed", "canceled", "expired"}:
            raise CheckoutError(
                f"Checkout session {record.id} is {record.status} and cannot be {verb}.",
                code="checkout_session_final",
                status=405,
            )
        if record.status not in _EDITABLE:
            raise CheckoutError(
                f"Checkout session {record.id} is {record.status}; it cannot be {verb} while payment is "
                "under way.",
                code="checkout_in_progress",
                status=409,
                retry_after=1,
            )

    def _lines(self, items: Sequence[RequestItem]) -> list[CartLine]:
        quantities: dict[str, int] = {}
        for index, item in enumerate(items):
            if self.catalog.offer(item.id) is None:
                raise CheckoutError(
                    f"The item ID {item.id!r} does not exist.",
                    code="invalid_item_id",
                    param=f"$.line_items[{index}].id",
                )
            quantities[item.id] = quantities.get(item.id, 0) + item.quantity
        return [CartLine(id=item_id, quantity=quantity) for item_id, quantity in quantities.items()]

    def _price(self, cart: Cart, session_id: str, now: float) -> CheckoutSession:
        return price(
            cart,
            session_id=session_id,
            catalog=self.catalog,
            policy=self.policy,
            psp=self.provider.name,
            now=now,
        )


__all__ = ["DEFAULT_URL", "Merchant", "MerchantDatabase"]
