from __future__ import annotations

import asyncio

import pytest

from salon.errors import ConfigurationError
from salon.store import Store


async def test_messages_are_listed_in_the_order_they_were_appended(store: Store) -> None:
    conversation = await store.conversations.create()
    for n in range(12):
        await store.messages.append(conversation.id, "user" if n % 2 == 0 else "assistant", f"message {n}")
    listed = await store.messages.list(conversation.id)
    assert [m.content for m in listed] == [f"message {n}" for n in range(12)]
    assert [m.seq for m in listed] == list(range(1, 13))


async def test_a_message_keeps_its_tool_calls_tool_call_id_name_and_data(store: Store) -> None:
    conversation = await store.conversations.create()
    calls = [{"id": "call_1", "type": "function", "function": {"name": "hotels__search", "arguments": "{}"}}]
    proposed = await store.messages.append(conversation.id, "assistant", tool_calls=calls)
    answer = await store.messages.append(
        conversation.id,
        role="tool",
        content="3 hotels",
        tool_call_id="call_1",
        name="hotels__search",
        data={"view": {"uri": "ui://hotels/list"}, "ranks": [1, 2.5, None, True]},
    )
    assert proposed.content == ""
    assert proposed.tool_calls == calls
    assert proposed.data is None
    assert await store.messages.list(conversation.id) == [proposed, answer]
    assert answer.data == {"view": {"uri": "ui://hotels/list"}, "ranks": [1, 2.5, None, True]}


async def test_each_conversation_numbers_its_own_messages(store: Store) -> None:
    one = await store.conversations.create()
    two = await store.conversations.create()
    await store.messages.append(one.id, "user", "a")
    await store.messages.append(two.id, "user", "b")
    await store.messages.append(one.id, "user", "c")
    assert [(m.seq, m.content) for m in await store.messages.list(one.id)] == [(1, "a"), (2, "c")]
    assert [(m.seq, m.content) for m in await store.messages.list(two.id)] == [(1, "b")]


async def test_a_conversation_without_messages_lists_none(store: Store) -> None:
    conversation = await store.conversations.create()
    assert await store.messages.list(conversation.id) == []


async def test_concurrent_appends_from_two_workers_get_distinct_gap_free_numbers(
    store: Store, database_url: str
) -> None:
    other_worker = await Store.open(database_url)
    try:
        conversation = await store.conversations.create()
        appends = [
            (store if n % 2 else other_worker).messages.append(conversation.id, "user", str(n))
            for n in range(20)
        ]
        await asyncio.gather(*appends)
    finally:
        await other_worker.aclose()
    listed = await store.messages.list(conversation.id)
    assert [m.seq for m in listed] == list(range(1, 21))
    assert sorted(m.content for m in listed) == sorted(str(n) for n in range(20))


async def test_an_unknown_role_or_data_that_is_not_json_is_refused_before_anything_is_stored(
    store: Store,
) -> None:
    conversation = await store.conversations.create()
    with pytest.raises(ConfigurationError, match="role must be one of"):
        await store.messages.append(conversation.id, "system", "hi")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="data must be JSON-serialisable"):
        await store.messages.append(conversation.id, "user", "hi", data={"when": object()})
    assert await store.messages.list(conversation.id) == []
