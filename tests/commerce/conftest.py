"""Fixtures for the merchant kit: a local payment provider, a merchant on SQLite (or a fresh
PostgreSQL database), and an HTTP client on its ASGI app."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql

from salon.commerce import ManualClock, Merchant, WebhookTarget, create_merchant_app
from salon.payments import PaymentProvider
from salon.payments.local import LocalTestProvider
from tests.commerce import support
from tests.conftest import POSTGRES_URL

MerchantFactory = Callable[..., AbstractAsyncContextManager[Merchant]]


@pytest.fixture
def provider_db(tmp_path: Path) -> Path:
    return tmp_path / "psp.db"


class ProviderClock:
    """The payment provider's own clock (a different party's), which a test may move forward."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def provider_clock() -> ProviderClock:
    return ProviderClock()


@pytest.fixture
async def provider(provider_db: Path, provider_clock: ProviderClock) -> AsyncIterator[LocalTestProvider]:
    opened = await LocalTestProvider.open(f"sqlite:///{provider_db}", now=provider_clock)
    yield opened
    await opened.aclose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def merchant_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'merchant.db'}"


@pytest.fixture
def open_merchant(merchant_url: str, provider: LocalTestProvider, clock: ManualClock) -> MerchantFactory:
    """Open another `Merchant` on the test's database: a second worker, or the first after a restart."""

    @asynccontextmanager
    async def opened(
        *,
        url: str | None = None,
        payments: PaymentProvider | None = None,
        webhook: WebhookTarget | None = None,
    ) -> AsyncIterator[Merchant]:
        merchant = await Merchant.open(
            url or merchant_url,
            catalog=support.catalog(),
            policy=support.POLICY,
            provider=payments or provider,
            clock=clock,
            webhook=webhook,
        )
        try:
            yield merchant
        finally:
            await merchant.aclose()

    return opened


@pytest.fixture
async def merchant(open_merchant: MerchantFactory) -> AsyncIterator[Merchant]:
    async with open_merchant() as opened:
        yield opened


def client_for(merchant: Merchant) -> httpx.AsyncClient:
    app = create_merchant_app(merchant, api_keys=[support.API_KEY], deliver_webhooks=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://merchant.test")


@pytest.fixture
async def client(merchant: Merchant) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(merchant) as opened:
        yield opened


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test (the URL sets its search_path), dropped afterwards."""
    name = f"merchant_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))
