"""A merchant served by uvicorn on a loopback port, driven as a black box over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from salon.commerce import Merchant, create_merchant_app
from salon.payments.local import LocalTestProvider
from tests.commerce import support
from tests.conftest import serve_asgi


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("conformance")
    psp = folder / "psp.db"

    @asynccontextmanager
    async def open_merchant() -> AsyncIterator[Merchant]:
        provider = await LocalTestProvider.open(f"sqlite:///{psp}")
        try:
            merchant = await Merchant.open(
                f"sqlite:///{folder / 'merchant.db'}",
                catalog=support.catalog(),
                policy=support.POLICY,
                provider=provider,
            )
            try:
                yield merchant
            finally:
                await merchant.aclose()
        finally:
            await provider.aclose()

    with serve_asgi(create_merchant_app(open_merchant, api_keys=[support.API_KEY])) as base_url:
        yield base_url, psp


@pytest.fixture
async def http(served: tuple[str, Path]) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=served[0], timeout=10) as client:
        yield client


@pytest.fixture
async def psp(served: tuple[str, Path]) -> AsyncIterator[LocalTestProvider]:
    """The payment provider, as the agent's vault reaches it (the same provider database)."""
    provider = await LocalTestProvider.open(f"sqlite:///{served[1]}")
    yield provider
    await provider.aclose()
