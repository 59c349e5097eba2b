"""A real `Host` (SQLite, a scripted model) with SDK apps served over Streamable HTTP, and both origins:
the chat origin's app (`world.api`) and the sandbox origin's (`world.sandbox`), driven over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from salon.host.endpoints import AppEndpoint
from salon.host.models.base import ModelRequest
from salon.host.models.scripted import ScriptedProvider, Step
from salon.host.runtime import Host
from salon.settings import Settings
from salon.web import create_app
from salon.web.sandbox import create_sandbox_app
from salon.web.streaming import decode_stream
from tests.conftest import serve_asgi

from .apps import make_legacy_app, make_other_app, make_studio_app

CHAT = "http://salon.test"
SANDBOX = "http://127.0.0.1:8761"


def model(request: ModelRequest) -> Step:
    """Calls a tool for "find …" and "legacy …" messages, then answers in one line."""
    last = request.messages[-1]
    if last.role == "user" and last.content.startswith("find "):
        return [{"name": "studio__find_pieces", "arguments": {"query": last.content[5:]}}]
    if last.role == "user" and last.content == "summarise":
        return [{"name": "studio__summarise_board", "arguments": {}}]
    if last.role == "user" and last.content.startswith("share "):
        return [{"name": "studio__share_board", "arguments": {"piece": last.content[6:]}}]
    if last.role == "user" and last.content.startswith("legacy "):
        return [{"name": "legacy__show_list", "arguments": {"topic": last.content[7:]}}]
    return "Done."


@dataclass
class World:
    host: Host
    api: httpx.AsyncClient
    sandbox: httpx.AsyncClient
    provider: ScriptedProvider
    received: list[tuple[str, dict[str, Any]]]
    urls: dict[str, str] = field(default_factory=dict)

    async def turn(self, conversation_id: str, text: str) -> list[dict[str, Any]]:
        response = await self.api.post(f"/api/conversations/{conversation_id}/turns", json={"text": text})
        assert response.status_code == 200, response.text
        return decode_stream(response.text)

    async def asked_to_share(self, piece: str) -> tuple[str, dict[str, Any]]:
        """A new conversation whose turn asks the person to confirm `share_board` (a write with a
        view): (conversation id, the `confirmation_required` event)."""
        conversation_id = (await self.api.post("/api/conversations", json={})).json()["id"]
        events = await self.turn(conversation_id, f"share {piece}")
        [asked] = [event for event in events if event["type"] == "confirmation_required"]
        return conversation_id, asked

    async def view_call(self, text: str = "find calm blues") -> tuple[str, str]:
        """A new conversation whose turn ran a call with a view: (conversation id, call id)."""
        conversation_id = (await self.api.post("/api/conversations", json={})).json()["id"]
        events = await self.turn(conversation_id, text)
        [result] = [event for event in events if event["type"] == "tool_result"]
        return conversation_id, result["call_id"]


@pytest.fixture(scope="module")
def app_urls() -> Iterator[tuple[dict[str, str], list[tuple[str, dict[str, Any]]]]]:
    received: list[tuple[str, dict[str, Any]]] = []
    apps = {
        "studio": make_studio_app(received),
        "legacy": make_legacy_app(received),
        "other": make_other_app(received),
    }
    with ExitStack() as stack:
        urls = {name: stack.enter_context(serve_asgi(app.http_app())) + "/mcp" for name, app in apps.items()}
        yield urls, received


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, model="scripted", port=8760)


async def open_world(
    data_dir: Path,
    urls: dict[str, str],
    received: list[tuple[str, dict[str, Any]]],
    *,
    install: bool,
    stream_arguments: bool = False,
) -> World:
    settings = settings_for(data_dir)
    provider = ScriptedProvider(model, stream_arguments=stream_arguments)
    host = await Host.open(settings, provider=provider)
    if install:
        for name, url in urls.items():
            await host.install_app(AppEndpoint(name=name, transport="http", url=url))
    api = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(settings, host=host)), base_url=CHAT)
    sandbox = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_sandbox_app(settings, host=host)), base_url=SANDBOX
    )
    return World(host=host, api=api, sandbox=sandbox, provider=provider, received=received, urls=urls)


async def close_world(world: World) -> None:
    await world.api.aclose()
    await world.sandbox.aclose()
    await world.host.aclose()


@pytest.fixture
async def world(
    tmp_path: Path, app_urls: tuple[dict[str, str], list[tuple[str, dict[str, Any]]]]
) -> AsyncIterator[World]:
    urls, received = app_urls
    received.clear()
    opened = await open_world(tmp_path, urls, received, install=True)
    try:
        yield opened
    finally:
        await close_world(opened)


@pytest.fixture
async def streaming_world(
    tmp_path: Path, app_urls: tuple[dict[str, str], list[tuple[str, dict[str, Any]]]]
) -> AsyncIterator[World]:
    """A world whose model streams each call's arguments before proposing it."""
    urls, received = app_urls
    received.clear()
    opened = await open_world(tmp_path, urls, received, install=True, stream_arguments=True)
    try:
        yield opened
    finally:
        await close_world(opened)
