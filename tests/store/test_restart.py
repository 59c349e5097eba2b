"""Whatever the store was told survives closing it and opening the same database again."""

from __future__ import annotations

from salon.store import InstalledApp, Store


async def test_everything_stored_survives_closing_and_reopening_the_store(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        conversation = await store.conversations.create(title="Lisbon")
        await store.messages.append(conversation.id, "user", "Find a hotel")
        await store.messages.append(
            conversation.id, "assistant", tool_calls=[{"id": "call_1", "name": "hotels__search"}]
        )
        await store.messages.append(
            conversation.id, "tool", "3 hotels", tool_call_id="call_1", name="hotels__search", data=[1, 2]
        )
        await store.tool_calls.create(
            "call_1", conversation_id=conversation.id, app="hotels", tool="search", arguments={"q": "x"}
        )
        await store.tool_calls.update("call_1", status="succeeded", result_structured={"n": 3})
        pending = await store.confirmations.create(
            conversation_id=conversation.id, call_id="call_2", app="hotels", tool="book", arguments={}
        )
        decided = await store.confirmations.create(
            conversation_id=conversation.id, call_id="call_3", app="hotels", tool="book", arguments={}
        )
        await store.confirmations.decide(decided.id, "always")
        await store.apps.upsert(
            InstalledApp(name="hotels", title="Hotels", url="http://127.0.0.1:8101/mcp", env={"K": "v"})
        )
        await store.tool_definitions.approve("hotels", "book", "fp-1", {"name": "book"})
        await store.tool_definitions.set_pending("hotels", "book", "fp-2", {"name": "book", "v": 2})
        await store.grants.grant("hotels", "search")

        before = {
            "conversations": await store.conversations.list(),
            "messages": await store.messages.list(conversation.id),
            "tool_calls": await store.tool_calls.list_for_conversation(conversation.id),
            "pending": await store.confirmations.list_pending(conversation.id),
            "decided": await store.confirmations.get(decided.id),
            "apps": await store.apps.list(),
            "definitions": await store.tool_definitions.list("hotels"),
            "grants": await store.grants.list("hotels"),
        }
    finally:
        await store.aclose()

    reopened = await Store.open(database_url)
    try:
        after = {
            "conversations": await reopened.conversations.list(),
            "messages": await reopened.messages.list(conversation.id),
            "tool_calls": await reopened.tool_calls.list_for_conversation(conversation.id),
            "pending": await reopened.confirmations.list_pending(conversation.id),
            "decided": await reopened.confirmations.get(decided.id),
            "apps": await reopened.apps.list(),
            "definitions": await reopened.tool_definitions.list("hotels"),
            "grants": await reopened.grants.list("hotels"),
        }
        assert after == before
        assert [m.seq for m in after["messages"]] == [1, 2, 3]
        assert after["pending"] == [pending]

        appended = await reopened.messages.append(conversation.id, "user", "Book the first")
        assert appended.seq == 4
    finally:
        await reopened.aclose()
