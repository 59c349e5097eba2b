from __future__ import annotations

import pytest

from salon.errors import ConfigurationError, NotFoundError, StoreError
from salon.store import Store


async def test_a_new_tool_call_is_proposed_and_unfinished(store: Store) -> None:
    conversation = await store.conversations.create()
    call = await store.tool_calls.create(
        "call_abc", conversation_id=conversation.id, app="hotels", tool="search", arguments={"city": "Lisbon"}
    )
    assert (call.id, call.status, call.arguments) == ("call_abc", "proposed", {"city": "Lisbon"})
    assert call.finished_at is None
    assert call.is_error is False
    assert call.result_text is call.result_structured is call.result_meta is call.error_code is None
    assert await store.tool_calls.get("call_abc") == call


@pytest.mark.parametrize("status", ["succeeded", "failed", "denied", "invalid"])
async def test_entering_a_terminal_status_stamps_finished_at(store: Store, status: str) -> None:
    conversation = await store.conversations.create()
    call = await store.tool_calls.create(
        "c1", conversation_id=conversation.id, app="a", tool="t", arguments={}
    )
    running = await store.tool_calls.update("c1", status="running")
    assert running.finished_at is None
    finished = await store.tool_calls.update("c1", status=status)  # type: ignore[arg-type]
    assert finished.finished_at is not None
    assert finished.finished_at > call.created_at


async def test_an_update_changes_only_the_fields_it_names(store: Store) -> None:
    conversation = await store.conversations.create()
    await store.tool_calls.create(
        "c1", conversation_id=conversation.id, app="a", tool="t", arguments={"x": 1}
    )
    await store.tool_calls.update(
        "c1",
        status="succeeded",
        result_text="2 rooms left",
        result_structured={"rooms": [{"id": 1}, {"id": 2}]},
        result_meta={"openai/widgetSessionId": "w1"},
    )
    failed = await store.tool_calls.update("c1", is_error=True, error_code="app_timeout")
    assert failed.status == "succeeded"
    assert failed.result_text == "2 rooms left"
    assert failed.result_structured == {"rooms": [{"id": 1}, {"id": 2}]}
    assert failed.result_meta == {"openai/widgetSessionId": "w1"}
    assert (failed.is_error, failed.error_code) == (True, "app_timeout")
    assert await store.tool_calls.get("c1") == failed


async def test_tool_calls_are_listed_oldest_first_per_conversation(store: Store) -> None:
    one = await store.conversations.create()
    two = await store.conversations.create()
    for call_id in ("z", "a", "m"):
        await store.tool_calls.create(call_id, conversation_id=one.id, app="a", tool="t", arguments={})
    await store.tool_calls.create("other", conversation_id=two.id, app="a", tool="t", arguments={})
    assert [c.id for c in await store.tool_calls.list_for_conversation(one.id)] == ["z", "a", "m"]
    assert [c.id for c in await store.tool_calls.list_for_conversation(two.id)] == ["other"]


async def test_a_duplicate_call_id_is_refused_and_the_first_call_is_kept(store: Store) -> None:
    conversation = await store.conversations.create()
    first = await store.tool_calls.create(
        "call_1", conversation_id=conversation.id, app="a", tool="t", arguments={"n": 1}
    )
    with pytest.raises(StoreError, match="already stored") as raised:
        await store.tool_calls.create(
            "call_1", conversation_id=conversation.id, app="b", tool="u", arguments={}
        )
    assert raised.value.code == "duplicate_id"
    assert await store.tool_calls.get("call_1") == first


async def test_an_unknown_tool_call_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="No tool call with id 'nope'"):
        await store.tool_calls.get("nope")
    with pytest.raises(NotFoundError, match="No tool call with id 'nope'"):
        await store.tool_calls.update("nope", status="running")


async def test_an_unknown_status_is_refused(store: Store) -> None:
    conversation = await store.conversations.create()
    with pytest.raises(ConfigurationError, match="status is one of"):
        await store.tool_calls.create(
            "c1",
            conversation_id=conversation.id,
            app="a",
            tool="t",
            arguments={},
            status="done",  # type: ignore[arg-type]
        )
