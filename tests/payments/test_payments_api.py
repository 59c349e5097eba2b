"""The caps and payment methods API, over the real host and store, through HTTP."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from salon.host.models.scripted import ScriptedProvider
from salon.host.runtime import Host
from salon.settings import Settings
from salon.web import create_app

from .conftest import files_containing

PAN = "5555555555554444"
CARD = {"number": PAN, "exp_month": 12, "exp_year": 2031, "cvc": "123"}


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(data_dir=tmp_path, model="scripted")
    host = await Host.open(settings, provider=ScriptedProvider([]))
    try:
        app = create_app(settings, host=host)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
            yield client
    finally:
        await host.aclose()


async def test_caps_start_empty_and_are_replaced_whole(client: httpx.AsyncClient) -> None:
    empty = (await client.get("/api/payments/caps")).json()
    assert empty["per_day"] is None
    assert empty["currency"] == "usd"
    caps = {"per_purchase": 20000, "per_day": 50000, "per_month": 100000, "per_merchant": 30000}
    saved = await client.put("/api/payments/caps", json={**caps, "confirm_above": 10000})
    assert saved.status_code == 200
    assert (await client.get("/api/payments/caps")).json() == saved.json()
    await client.put("/api/payments/caps", json={"per_day": 1000})
    again = (await client.get("/api/payments/caps")).json()
    assert (again["per_day"], again["per_month"], again["confirm_above"]) == (1000, None, None)


async def test_negative_or_unknown_caps_are_refused(client: httpx.AsyncClient) -> None:
    negative = await client.put("/api/payments/caps", json={"per_day": -1})
    unknown = await client.put("/api/payments/caps", json={"per_week": 10})
    assert (negative.status_code, unknown.status_code) == (400, 400)


async def test_a_card_added_over_http_is_kept_as_a_token_only(
    client: httpx.AsyncClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    added = await client.post("/api/payments/methods", json=CARD)
    assert added.status_code == 201
    method = added.json()
    assert (method["brand"], method["last4"], method["provider"]) == ("mastercard", "4444", "local")
    assert (await client.get("/api/payments/methods")).json() == {"methods": [method]}
    assert PAN not in caplog.text
    with sqlite3.connect(tmp_path / "salon.db") as raw:
        raw.execute("PRAGMA wal_checkpoint(FULL)")
    raw.close()
    assert len(list(tmp_path.glob("*.db"))) == 2  # noqa: ASYNC240 (the store and the provider)
    assert files_containing(tmp_path, PAN) == []


async def test_a_card_the_provider_refuses_is_not_kept(client: httpx.AsyncClient) -> None:
    refused = await client.post("/api/payments/methods", json={**CARD, "number": "5555555555554445"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_card"
    assert PAN[:-1] not in refused.text
    assert (await client.get("/api/payments/methods")).json() == {"methods": []}


async def test_a_removed_method_disappears(client: httpx.AsyncClient) -> None:
    method = (await client.post("/api/payments/methods", json=CARD)).json()
    assert (await client.delete(f"/api/payments/methods/{method['id']}")).status_code == 204
    assert (await client.get("/api/payments/methods")).json() == {"methods": []}
    assert (await client.delete(f"/api/payments/methods/{method['id']}")).status_code == 404
