"""The web API over the real `Host`: SQLite store, the example hotels app over stdio, a scripted model."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from salon.host.models.scripted import ScriptedProvider
from salon.host.runtime import Host
from salon.settings import Settings
from salon.web import create_app
from salon.web.streaming import decode_stream

pytestmark = pytest.mark.subprocess

HOTELS_SERVER = Path(__file__).resolve().parents[2] / "examples" / "apps" / "hotels" / "server.py"
STAY = {"check_in": "2031-12-03", "nights": 3}


@pytest.fixture
async def real_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    provider = ScriptedProvider(
        [
            [{"name": "hotels__search_hotels", "arguments": {"city": "Melbourne", **STAY}}],
            "Here are hotels in Melbourne.",
            [{"name": "hotels__book_hotel", "arguments": {"hotel_id": "htl-mel-001", **STAY}}],
            "You're booked.",
        ]
    )
    settings = Settings(data_dir=tmp_path, model="scripted")
    host = await Host.open(settings, provider=provider)
    try:
        app = create_app(settings, host=host)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://salon.test"
        ) as client:
            yield client
    finally:
        await host.aclose()


async def _events(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return decode_stream(response.text)


async def test_real_host_streams_a_search_then_confirms_a_booking(real_client: httpx.AsyncClient) -> None:
    installed = await real_client.post(
        "/api/apps", json={"name": "hotels", "command": [sys.executable, str(HOTELS_SERVER)]}
    )
    assert installed.status_code == 201, installed.text
    conversation_id = (await real_client.post("/api/conversations", json={})).json()["id"]

    search = await _events(
        await real_client.post(
            f"/api/conversations/{conversation_id}/turns", json={"text": "hotels in Melbourne"}
        )
    )
    types = [event["type"] for event in search]
    assert types[0] == "user_message"
    assert "tool_result" in types
    assert search[-1]["type"] == "done"
    assert search[-1]["waiting"] is False

    booking = await _events(
        await real_client.post(
            f"/api/conversations/{conversation_id}/turns", json={"text": "book the first one"}
        )
    )
    card = next(event for event in booking if event["type"] == "confirmation_required")
    assert booking[-1]["waiting"] is True
    detail = (await real_client.get(f"/api/conversations/{conversation_id}")).json()
    assert [item["id"] for item in detail["pending"]] == [card["confirmation_id"]]

    approved = await _events(
        await real_client.post(f"/api/confirmations/{card['confirmation_id']}", json={"decision": "approve"})
    )
    result = next(event for event in approved if event["type"] == "tool_result")
    assert result["is_error"] is False, result
    assert approved[-1]["type"] == "done"

    again = await real_client.post(f"/api/confirmations/{card['confirmation_id']}", json={"decision": "deny"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_decided"


async def test_real_host_answers_unknown_ids_with_404(real_client: httpx.AsyncClient) -> None:
    detail = await real_client.get("/api/conversations/does-not-exist")
    turn = await real_client.post("/api/conversations/does-not-exist/turns", json={"text": "hi"})
    decision = await real_client.post("/api/confirmations/does-not-exist", json={"decision": "approve"})

    for response in (detail, turn, decision):
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "not_found"


async def test_app_without_a_given_host_opens_and_closes_its_own(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, model="embedded"))
    transport = httpx.ASGITransport(app=app)

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as client,
    ):
        response = await client.get("/api/conversations")
        assert response.status_code == 200
        assert response.json() == {"conversations": []}

    assert app.state.host is None
