"""Idempotency-Key on every POST: 400 / replay / 409 with Retry-After / 422, 24 h retention, 5xx never
kept, and all of it held in the merchant's database across app instances (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from salon.commerce import ManualClock, Merchant
from salon.commerce.idempotency import fingerprint
from tests.commerce import support
from tests.commerce.conftest import MerchantFactory, client_for
from tests.commerce.fixtures import fixture, schema_errors
from tests.commerce.support import create_body, headers, new_key

EXAMPLES = fixture("examples.agentic_checkout.json")


async def test_a_post_without_an_idempotency_key_is_400_idempotency_key_required(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/checkout_sessions", json=create_body(), headers=headers())

    assert response.status_code == 400
    assert response.json() == EXAMPLES["error_400_idempotency_key_required"]


async def test_a_retry_with_the_same_key_replays_the_first_answer_without_a_second_session(
    client: httpx.AsyncClient,
) -> None:
    key = new_key()
    first = await client.post("/checkout_sessions", json=create_body(), headers=headers(key))
    second = await client.post("/checkout_sessions", json=create_body(), headers=headers(key))

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert first.headers["idempotency-key"] == key


async def test_the_same_key_with_a_different_body_is_422_idempotency_conflict(
    client: httpx.AsyncClient,
) -> None:
    key = new_key()
    await client.post("/checkout_sessions", json=create_body(), headers=headers(key))
    response = await client.post("/checkout_sessions", json=create_body(quantity=3), headers=headers(key))

    assert response.status_code == 422
    assert response.json() == EXAMPLES["error_422_idempotency_conflict"]


async def test_the_same_body_in_another_key_order_is_the_same_request(client: httpx.AsyncClient) -> None:
    key = new_key()
    body = create_body()
    reordered = dict(reversed(list(body.items())))
    first = await client.post("/checkout_sessions", json=body, headers=headers(key))
    second = await client.post("/checkout_sessions", json=reordered, headers=headers(key))

    assert second.json() == first.json()


async def test_a_key_still_in_flight_is_409_with_retry_after(
    client: httpx.AsyncClient, merchant: Merchant
) -> None:
    key = new_key()
    body = httpx.Request("POST", "http://x", json=create_body()).content
    # Another worker has begun this request and not finished it.
    await merchant.idempotency.begin(
        support_scope(), "POST /checkout_sessions", key, fingerprint("POST", "/checkout_sessions", body)
    )

    response = await client.post(
        "/checkout_sessions", content=body, headers={**headers(key), "Content-Type": "application/json"}
    )

    assert response.status_code == 409
    assert response.json() == EXAMPLES["error_409_idempotency_in_flight"]
    assert int(response.headers["retry-after"]) >= 1


async def test_an_in_flight_key_whose_worker_died_is_taken_over_after_its_lease(
    client: httpx.AsyncClient, merchant: Merchant, clock: ManualClock
) -> None:
    key = new_key()
    body = httpx.Request("POST", "http://x", json=create_body()).content
    await merchant.idempotency.begin(
        support_scope(), "POST /checkout_sessions", key, fingerprint("POST", "/checkout_sessions", body)
    )
    clock.advance(merchant.idempotency.lease + 1)

    response = await client.post(
        "/checkout_sessions", content=body, headers={**headers(key), "Content-Type": "application/json"}
    )

    assert response.status_code == 201


async def test_keys_are_kept_for_24_hours_then_forgotten(
    client: httpx.AsyncClient, merchant: Merchant, clock: ManualClock
) -> None:
    key = new_key()
    await client.post("/checkout_sessions", json=create_body(), headers=headers(key))
    clock.advance(24 * 3600 - 1)
    within = await client.post("/checkout_sessions", json=create_body(quantity=2), headers=headers(key))
    clock.advance(2)
    after = await client.post("/checkout_sessions", json=create_body(quantity=2), headers=headers(key))

    assert within.status_code == 422
    assert after.status_code == 201
    assert await merchant.idempotency.purge() == 0


async def test_keys_are_scoped_to_the_endpoint(client: httpx.AsyncClient) -> None:
    key = new_key()
    created = await client.post("/checkout_sessions", json=create_body(), headers=headers(key))
    updated = await client.post(
        f"/checkout_sessions/{created.json()['id']}", json={"order_notes": "ring twice"}, headers=headers(key)
    )

    assert updated.status_code == 200


async def test_a_5xx_answer_is_not_kept_so_the_retry_runs_again(
    open_merchant: MerchantFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_merchant() as merchant, client_for(merchant) as client:
        session = (
            await client.post("/checkout_sessions", json=create_body(), headers=headers(new_key()))
        ).json()
        real_update = merchant.update
        calls = 0

        async def update_failing_once(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise RuntimeError("the merchant's worker hit a bug")
            return await real_update(*args, **kwargs)

        monkeypatch.setattr(merchant, "update", update_failing_once)
        key = new_key()
        path = f"/checkout_sessions/{session['id']}"
        first = await client.post(path, json={"order_notes": "x"}, headers=headers(key))
        second = await client.post(path, json={"order_notes": "x"}, headers=headers(key))

    assert first.status_code == 500
    assert first.json()["type"] == "processing_error"
    assert schema_errors("Error", first.json()) == []
    assert second.status_code == 200
    assert "idempotent-replayed" not in second.headers


def support_scope() -> str:
    return hashlib.sha256(support.API_KEY.encode()).hexdigest()[:32]


async def _two_instances_share_keys(open_merchant: MerchantFactory, url: str | None) -> None:
    key = new_key()
    async with open_merchant(url=url) as one, open_merchant(url=url) as two:
        async with client_for(one) as first_worker:
            first = await first_worker.post("/checkout_sessions", json=create_body(), headers=headers(key))
        async with client_for(two) as second_worker:
            replay = await second_worker.post("/checkout_sessions", json=create_body(), headers=headers(key))
            conflict = await second_worker.post(
                "/checkout_sessions", json=create_body(quantity=2), headers=headers(key)
            )
    # And after a restart: a third instance on the same database.
    async with open_merchant(url=url) as restarted, client_for(restarted) as third_worker:
        after_restart = await third_worker.post(
            "/checkout_sessions", json=create_body(), headers=headers(key)
        )
        fetched = await third_worker.get(f"/checkout_sessions/{first.json()['id']}", headers=headers())

    assert first.status_code == replay.status_code == after_restart.status_code == 201
    assert replay.json() == first.json() == after_restart.json()
    assert replay.headers["idempotent-replayed"] == "true"
    assert conflict.status_code == 422
    assert fetched.json()["id"] == first.json()["id"]


async def test_two_app_instances_on_one_sqlite_file_share_idempotency_keys(
    open_merchant: MerchantFactory,
) -> None:
    await _two_instances_share_keys(open_merchant, None)


@pytest.mark.postgres
async def test_two_app_instances_on_one_postgresql_database_share_idempotency_keys(
    open_merchant: MerchantFactory, postgres_database: str
) -> None:
    await _two_instances_share_keys(open_merchant, postgres_database)
