from __future__ import annotations

from datetime import UTC

import pytest

from salon.errors import ConfigurationError, NotFoundError
from salon.store import Store


async def test_a_created_conversation_reads_back_with_utc_timestamps(store: Store) -> None:
    created = await store.conversations.create(title="Trip to Lisbon")
    assert len(created.id) == 32
    assert created.title == "Trip to Lisbon"
    assert created.created_at.tzinfo is UTC
    assert created.created_at == created.updated_at
    assert await store.conversations.get(created.id) == created


async def test_a_conversation_has_a_default_title(store: Store) -> None:
    assert (await store.conversations.create()).title == "New conversation"


async def test_conversations_are_listed_most_recently_updated_first(store: Store) -> None:
    first = await store.conversations.create(title="first")
    second = await store.conversations.create(title="second")
    third = await store.conversations.create(title="third")
    assert [c.title for c in await store.conversations.list()] == ["third", "second", "first"]

    await store.conversations.touch(first.id)
    await store.messages.append(second.id, "user", "hello")
    assert [c.id for c in await store.conversations.list()] == [second.id, first.id, third.id]


async def test_list_returns_at_most_limit_conversations(store: Store) -> None:
    for n in range(5):
        await store.conversations.create(title=str(n))
    assert [c.title for c in await store.conversations.list(limit=2)] == ["4", "3"]
    with pytest.raises(ConfigurationError, match="limit"):
        await store.conversations.list(limit=0)


async def test_renaming_changes_the_title_and_the_update_time(store: Store) -> None:
    conversation = await store.conversations.create()
    renamed = await store.conversations.rename(conversation.id, "Hotels")
    assert renamed.title == "Hotels"
    assert renamed.updated_at > conversation.updated_at
    assert renamed.created_at == conversation.created_at
    assert await store.conversations.get(conversation.id) == renamed


async def test_an_unknown_conversation_is_not_found_everywhere_it_is_named(store: Store) -> None:
    missing = "0" * 32
    attempts = [
        store.conversations.get(missing),
        store.conversations.rename(missing, "x"),
        store.conversations.touch(missing),
        store.messages.append(missing, "user", "hi"),
        store.messages.list(missing),
        store.tool_calls.create("call_1", conversation_id=missing, app="a", tool="t", arguments={}),
        store.tool_calls.list_for_conversation(missing),
        store.confirmations.create(conversation_id=missing, call_id="c", app="a", tool="t", arguments={}),
        store.confirmations.list_pending(missing),
    ]
    for attempt in attempts:
        with pytest.raises(NotFoundError, match=f"No conversation with id '{missing}'") as raised:
            await attempt
        assert raised.value.code == "not_found"
