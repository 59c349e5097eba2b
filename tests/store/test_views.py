from __future__ import annotations

from pathlib import Path

import pytest

from salon.errors import NotFoundError
from salon.store import InstalledApp, Store

from .conftest import sqlite_url


async def _call(store: Store, call_id: str = "c1", **extra: object) -> str:
    conversation = await store.conversations.create()
    await store.tool_calls.create(
        call_id,
        conversation_id=conversation.id,
        app="hotels",
        tool="search",
        arguments={},
        **extra,  # type: ignore[arg-type]
    )
    return conversation.id


async def test_a_tool_call_keeps_the_view_it_renders_into(store: Store) -> None:
    await _call(store, view_uri="ui://hotels/results.html")
    await store.tool_calls.create(
        "c2",
        conversation_id=(await store.tool_calls.get("c1")).conversation_id,
        app="hotels",
        tool="refresh",
        arguments={},
        view_call_id="c1",
    )
    assert (await store.tool_calls.get("c1")).view_uri == "ui://hotels/results.html"
    assert (await store.tool_calls.get("c2")).view_call_id == "c1"


async def test_view_state_is_stored_per_call_and_the_last_write_wins(store: Store) -> None:
    conversation_id = await _call(store)
    assert await store.view_states.get("c1") is None
    await store.view_states.put("c1", {"selected": 1})
    await store.view_states.put("c1", {"selected": 2, "notes": ["é", None]})
    stored = await store.view_states.get("c1")
    assert stored is not None
    assert stored.state == {"selected": 2, "notes": ["é", None]}
    assert await store.view_states.for_conversation(conversation_id) == {"c1": stored.state}


async def test_view_state_of_an_unknown_call_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError):
        await store.view_states.put("nope", {})


async def test_model_context_keeps_only_the_last_update_per_conversation(store: Store) -> None:
    conversation_id = await _call(store)
    await store.model_contexts.put(
        conversation_id, app="hotels", call_id="c1", content=[{"type": "text", "text": "first"}]
    )
    await store.model_contexts.put(
        conversation_id, app="hotels", call_id="c1", content=None, structured={"hotel": "h2"}
    )
    context = await store.model_contexts.get(conversation_id)
    assert context is not None
    assert (context.content, context.structured) == (None, {"hotel": "h2"})
    await store.model_contexts.clear(conversation_id)
    assert await store.model_contexts.get(conversation_id) is None


async def test_a_newer_version_of_a_view_replaces_the_older_one(store: Store) -> None:
    await store.apps.upsert(InstalledApp(name="hotels", title="Hotels", url="http://127.0.0.1:1/mcp"))
    common = {"app": "hotels", "uri": "ui://hotels/a.html", "mime_type": "text/html;profile=mcp-app"}
    await store.view_resources.put("v1", version="1", html="<p>1</p>", meta=None, **common)
    await store.view_resources.put("v2", version="2", html="<p>2</p>", meta={"ui": {}}, **common)
    assert await store.view_resources.get("v1") is None
    latest = await store.view_resources.get("v2")
    assert latest is not None
    assert (latest.html, latest.meta) == ("<p>2</p>", {"ui": {}})
    assert await store.view_resources.find("hotels", "ui://hotels/a.html") == latest
    assert await store.view_resources.find("hotels", "ui://hotels/b.html") is None
    await store.apps.remove("hotels")
    assert await store.view_resources.get("v2") is None


async def test_view_state_survives_reopening_the_store(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    async with await Store.open(url) as first:
        await _call(first)
        await first.view_states.put("c1", {"page": 3})
    async with await Store.open(url) as second:
        stored = await second.view_states.get("c1")
    assert stored is not None
    assert stored.state == {"page": 3}
