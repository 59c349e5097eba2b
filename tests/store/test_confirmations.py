from __future__ import annotations

import asyncio

import pytest

from salon.errors import ConfigurationError, NotFoundError, PolicyError
from salon.store import Confirmation, Store


async def _pending(store: Store, call_id: str = "call_1") -> Confirmation:
    conversation = await store.conversations.create()
    return await store.confirmations.create(
        conversation_id=conversation.id,
        call_id=call_id,
        app="hotels",
        tool="book",
        arguments={"hotel": "h1", "nights": 2},
    )


async def test_a_new_confirmation_is_pending_and_listed(store: Store) -> None:
    confirmation = await _pending(store)
    assert confirmation.status == "pending"
    assert confirmation.kind == "call"
    assert confirmation.decided_at is None
    assert await store.confirmations.get(confirmation.id) == confirmation
    assert await store.confirmations.list_pending(confirmation.conversation_id) == [confirmation]


async def test_a_decision_is_recorded_and_leaves_the_pending_list(store: Store) -> None:
    confirmation = await _pending(store)
    decided = await store.confirmations.decide(confirmation.id, "always")
    assert decided.status == "always"
    assert decided.decided_at is not None
    assert await store.confirmations.get(confirmation.id) == decided
    assert await store.confirmations.list_pending(confirmation.conversation_id) == []


async def test_pending_confirmations_are_listed_oldest_first(store: Store) -> None:
    conversation = await store.conversations.create()
    made = [
        await store.confirmations.create(
            conversation_id=conversation.id, call_id=f"c{n}", app="a", tool="t", arguments={}
        )
        for n in range(4)
    ]
    await store.confirmations.decide(made[1].id, "denied")
    assert await store.confirmations.list_pending(conversation.id) == [made[0], made[2], made[3]]


async def test_a_second_decision_is_refused_and_the_first_stands(store: Store) -> None:
    confirmation = await _pending(store)
    first = await store.confirmations.decide(confirmation.id, "denied")
    with pytest.raises(PolicyError, match="already decided") as raised:
        await store.confirmations.decide(confirmation.id, "approved")
    assert raised.value.code == "already_decided"
    assert await store.confirmations.get(confirmation.id) == first


async def test_concurrent_decisions_from_two_workers_let_exactly_one_win(
    store: Store, database_url: str
) -> None:
    other_worker = await Store.open(database_url)
    try:
        confirmation = await _pending(store)
        decisions = ["approved", "denied", "always", "approved", "denied", "always", "approved", "denied"]
        outcomes = await asyncio.gather(
            *(
                (store if n % 2 else other_worker).confirmations.decide(confirmation.id, decision)  # type: ignore[arg-type]
                for n, decision in enumerate(decisions)
            ),
            return_exceptions=True,
        )
    finally:
        await other_worker.aclose()
    winners = [outcome for outcome in outcomes if isinstance(outcome, Confirmation)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, PolicyError)]
    assert len(winners) == 1
    assert len(losers) == len(decisions) - 1
    assert all(loser.code == "already_decided" for loser in losers)
    assert await store.confirmations.get(confirmation.id) == winners[0]


async def test_a_changed_definition_confirmation_keeps_its_payload(store: Store) -> None:
    conversation = await store.conversations.create()
    payload = {"old_fingerprint": "sha256:aa", "new_fingerprint": "sha256:bb", "diff": ["description"]}
    confirmation = await store.confirmations.create(
        conversation_id=conversation.id,
        call_id="call_9",
        app="hotels",
        tool="book",
        arguments={},
        kind="changed_definition",
        payload=payload,
    )
    assert (await store.confirmations.get(confirmation.id)).payload == payload
    assert confirmation.kind == "changed_definition"


async def test_an_unknown_confirmation_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="No confirmation with id 'nope'"):
        await store.confirmations.get("nope")
    with pytest.raises(NotFoundError, match="No confirmation with id 'nope'"):
        await store.confirmations.decide("nope", "approved")


async def test_pending_is_not_a_decision(store: Store) -> None:
    confirmation = await _pending(store)
    with pytest.raises(ConfigurationError, match="decision is one of"):
        await store.confirmations.decide(confirmation.id, "pending")
    assert (await store.confirmations.get(confirmation.id)).status == "pending"
