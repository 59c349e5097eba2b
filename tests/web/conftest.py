from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from salon.settings import Settings
from salon.web import create_app

from .fakehost import FakeHost


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", model="scripted")


@pytest.fixture
def host(settings: Settings) -> FakeHost:
    return FakeHost(settings)


@pytest.fixture
async def client(settings: Settings, host: FakeHost) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, host=host)  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        yield client


@pytest.fixture
async def hotels(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/apps", json={"name": "hotels", "command": "python hotels/server.py"})
    assert response.status_code == 201
