"""Complete: exactly one charge per session, whatever the retries, races and crashes; the person told
the truth about declines, refused tokens and 3-D Secure."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from salon.commerce import ManualClock
from salon.payments.local import LocalTestProvider
from tests.commerce import support
from tests.commerce.conftest import MerchantFactory, ProviderClock, client_for
from tests.commerce.faults import (
    DiesAfterCharging,
    HoldsTheCharge,
    LosesTheFirstAnswer,
    ReportsAnOutageAfterCharging,
)
from tests.commerce.fixtures import schema_errors
from tests.commerce.support import complete_body, create_session, headers, new_key, provider_charges


def complete_path(session: dict[str, object]) -> str:
    return f"/checkout_sessions/{session['id']}/complete"


async def test_completing_charges_the_total_once_and_returns_the_order(
    client: httpx.AsyncClient, provider: LocalTestProvider, provider_db: Path
) -> None:
    session = await create_session(client)
    token = await support.delegated_token(provider, session)

    response = await client.post(
        complete_path(session), json=complete_body(token), headers=headers(new_key())
    )

    completed = response.json()
    assert response.status_code == 200
    assert completed["status"] == "completed"
    assert schema_errors("CheckoutSessionWithOrder", completed) == []
    assert completed["order"]["checkout_session_id"] == session["id"]
    assert completed["order"]["permalink_url"].startswith("https://www.testshop.com/orders/ord_")
    assert completed["buyer"]["email"] == "john@example.com"
    assert provider_charges(provider_db, session["id"]) == [
        (completed_charge(provider_db, session), "succeeded", 430)
    ]


def completed_charge(provider_db: Path, session: dict[str, object]) -> str:
    return provider_charges(provider_db, str(session["id"]))[0][0]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def test_two_concurrent_completes_of_one_session_charge_once(
    open_merchant: MerchantFactory,
    provider: LocalTestProvider,
    provider_db: Path,
    backend: str,
    request: pytest.FixtureRequest,
) -> None:
    url = request.getfixturevalue("postgres_database") if backend == "postgresql" else None
    one_ = open_merchant(url=url)
    two_ = open_merchant(url=url)
    async with one_ as one, two_ as two, client_for(one) as a, client_for(two) as b:
        session = await create_session(a)
        token = await support.delegated_token(provider, session)
        first, second = await asyncio.gather(
            a.post(complete_path(session), json=complete_body(token), headers=headers(new_key())),
            b.post(complete_path(session), json=complete_body(token), headers=headers(new_key())),
        )
        final = await a.get(f"/checkout_sessions/{session['id']}", headers=headers())

    statuses = sorted([first.status_code, second.status_code])
    # The loser either waited for the winner's commit (and sees the completed session) or found the
    # payment under way (409 with Retry-After); it never charges.
    assert statuses in ([200, 200], [200, 409])
    orders = {r.json()["order"]["id"] for r in (first, second) if r.status_code == 200}
    assert len(orders) == 1
    assert final.json()["status"] == "completed"
    assert [status for _, status, _ in provider_charges(provider_db, session["id"])] == ["succeeded"]


async def test_a_complete_refused_while_another_is_paying_succeeds_when_retried_with_its_key(
    open_merchant: MerchantFactory, provider: LocalTestProvider, provider_db: Path
) -> None:
    slow = HoldsTheCharge(provider)
    async with open_merchant(payments=slow) as merchant, client_for(merchant) as client:
        session = await create_session(client)
        body = complete_body(await support.delegated_token(provider, session))
        first = asyncio.create_task(
            client.post(complete_path(session), json=body, headers=headers(new_key()))
        )
        await asyncio.wait_for(slow.waiting.wait(), timeout=10)
        key = new_key()
        refused = await client.post(complete_path(session), json=body, headers=headers(key))
        slow.release()
        await asyncio.wait_for(first, timeout=10)
        retried = await client.post(complete_path(session), json=body, headers=headers(key))

    assert refused.status_code == 409
    assert refused.json()["code"] == "checkout_in_progress"
    assert int(refused.headers["retry-after"]) >= 1
    assert retried.status_code == 200
    assert retried.json()["status"] == "completed"
    assert len(provider_charges(provider_db, session["id"])) == 1


@pytest.mark.parametrize(
    "failure",
    [LosesTheFirstAnswer, ReportsAnOutageAfterCharging],
    ids=["answer lost on the wire", "provider reports an outage"],
)
async def test_a_lost_provider_answer_is_a_503_and_the_retry_reconciles_without_a_second_charge(
    open_merchant: MerchantFactory,
    provider: LocalTestProvider,
    provider_db: Path,
    failure: type[LosesTheFirstAnswer | ReportsAnOutageAfterCharging],
) -> None:
    flaky = failure(provider)
    async with open_merchant(payments=flaky) as merchant, client_for(merchant) as client:
        session = await create_session(client)
        token = await support.delegated_token(provider, session)
        key = new_key()
        lost = await client.post(complete_path(session), json=complete_body(token), headers=headers(key))
        during = await client.get(f"/checkout_sessions/{session['id']}", headers=headers())
        retried = await client.post(complete_path(session), json=complete_body(token), headers=headers(key))

    assert lost.status_code == 503
    assert lost.json()["type"] == "service_unavailable"
    assert during.json()["status"] == "complete_in_progress"
    assert retried.status_code == 200
    assert retried.json()["status"] == "completed"
    assert flaky.charges_attempted == 2
    assert len(provider_charges(provider_db, session["id"])) == 1


async def test_a_worker_killed_between_charge_and_order_is_reconciled_by_the_next_worker(
    open_merchant: MerchantFactory,
    provider: LocalTestProvider,
    provider_db: Path,
    clock: ManualClock,
) -> None:
    dying = DiesAfterCharging(provider)
    key = new_key()
    async with open_merchant(payments=dying) as doomed, client_for(doomed) as client:
        session = await create_session(client)
        token = await support.delegated_token(provider, session)
        request = asyncio.create_task(
            client.post(complete_path(session), json=complete_body(token), headers=headers(key))
        )
        await asyncio.wait_for(dying.charged.wait(), timeout=10)
        request.cancel()  # the process dies here: charged, no order written
        with pytest.raises(asyncio.CancelledError):
            await request

    async with open_merchant() as restarted, client_for(restarted) as client:
        too_soon = await client.post(complete_path(session), json=complete_body(token), headers=headers(key))
        clock.advance(restarted.idempotency.lease + 1)
        retried = await client.post(complete_path(session), json=complete_body(token), headers=headers(key))
        order = await restarted.orders.for_session(str(session["id"]))

    assert too_soon.status_code == 409
    assert too_soon.json()["code"] == "idempotency_in_flight"
    assert retried.status_code == 200
    assert retried.json()["status"] == "completed"
    assert order is not None
    assert retried.json()["order"]["id"] == order.id
    assert [status for _, status, _ in provider_charges(provider_db, session["id"])] == ["succeeded"]


async def test_a_declined_card_leaves_the_session_payable_and_says_so(
    client: httpx.AsyncClient, provider: LocalTestProvider, provider_db: Path
) -> None:
    session = await create_session(client)
    declined = await support.delegated_token(provider, session, card="4000000000000002")
    response = await client.post(
        complete_path(session), json=complete_body(declined), headers=headers(new_key())
    )
    good = await support.delegated_token(provider, session)
    paid = await client.post(complete_path(session), json=complete_body(good), headers=headers(new_key()))

    assert response.status_code == 200
    assert response.json()["status"] == "ready_for_payment"
    assert response.json()["messages"][0]["code"] == "payment_declined"
    assert "order" not in response.json()
    assert schema_errors("CheckoutSession", response.json()) == []
    assert paid.json()["status"] == "completed"
    assert [status for _, status, _ in provider_charges(provider_db, session["id"])] == [
        "failed",
        "succeeded",
    ]


@pytest.mark.parametrize(
    ("token_options", "reason"),
    [
        ({"max_amount": 100}, "over_allowance"),
        ({"merchant_id": "acct_someone_else"}, "wrong_merchant"),
    ],
)
async def test_a_token_whose_allowance_forbids_the_charge_charges_nothing(
    client: httpx.AsyncClient,
    provider: LocalTestProvider,
    provider_db: Path,
    token_options: dict[str, object],
    reason: str,
) -> None:
    session = await create_session(client)
    token = await support.delegated_token(provider, session, **token_options)  # type: ignore[arg-type]

    response = await client.post(
        complete_path(session), json=complete_body(token), headers=headers(new_key())
    )

    assert response.json()["status"] == "ready_for_payment"
    message = response.json()["messages"][0]
    assert (message["code"], message["param"]) == ("invalid", "$.payment_data.instrument.credential")
    assert provider_charges(provider_db, session["id"]) == []


async def test_an_expired_token_charges_nothing(
    client: httpx.AsyncClient,
    provider: LocalTestProvider,
    provider_db: Path,
    provider_clock: ProviderClock,
) -> None:
    session = await create_session(client)
    token = await support.delegated_token(provider, session, expires_in=timedelta(minutes=5))
    provider_clock.offset = timedelta(minutes=6)

    response = await client.post(
        complete_path(session), json=complete_body(token), headers=headers(new_key())
    )

    assert response.json()["status"] == "ready_for_payment"
    assert "expire" in response.json()["messages"][0]["content"].lower()
    assert provider_charges(provider_db, session["id"]) == []


async def test_three_d_secure_asks_for_authentication_then_completes_with_one_charge(
    client: httpx.AsyncClient, provider: LocalTestProvider, provider_db: Path
) -> None:
    session = await create_session(client)
    token = await support.delegated_token(provider, session, card="4000000000003220")

    challenged = await client.post(
        complete_path(session), json=complete_body(token), headers=headers(new_key())
    )
    [(charge_id, status, _)] = provider_charges(provider_db, session["id"])
    await provider.confirm_authentication(charge_id)  # the person authenticates with their bank
    body = {
        **complete_body(token),
        "authentication_result": {
            "outcome": "authenticated",
            "outcome_details": {
                "three_ds_cryptogram": "AAAA",
                "electronic_commerce_indicator": "05",
                "transaction_id": "ds_1",
                "version": "2.2.0",
            },
        },
    }
    completed = await client.post(complete_path(session), json=body, headers=headers(new_key()))

    assert status == "requires_action"
    assert challenged.json()["status"] == "authentication_required"
    assert challenged.json()["messages"][0]["code"] == "requires_3ds"
    assert schema_errors("CheckoutSession", challenged.json()) == []
    assert completed.json()["status"] == "completed"
    assert [status for _, status, _ in provider_charges(provider_db, session["id"])] == ["succeeded"]


async def test_denied_authentication_returns_the_session_to_payment_without_a_charge(
    client: httpx.AsyncClient, provider: LocalTestProvider, provider_db: Path
) -> None:
    session = await create_session(client)
    token = await support.delegated_token(provider, session, card="4000000000003220")
    await client.post(complete_path(session), json=complete_body(token), headers=headers(new_key()))

    denied = await client.post(
        complete_path(session),
        json={**complete_body(token), "authentication_result": {"outcome": "denied"}},
        headers=headers(new_key()),
    )

    assert denied.json()["status"] == "ready_for_payment"
    assert denied.json()["messages"][0]["code"] == "payment_declined"
    assert [status for _, status, _ in provider_charges(provider_db, session["id"])] == ["requires_action"]


async def test_completing_a_session_that_is_not_ready_is_refused(client: httpx.AsyncClient) -> None:
    session = await create_session(client, support.create_body(address=False))

    response = await client.post(
        complete_path(session), json=complete_body("vt_whatever"), headers=headers(new_key())
    )

    assert response.status_code == 400
    assert response.json()["code"] == "checkout_session_not_ready"
    assert "shipping address" in response.json()["message"]


async def test_another_payment_handler_is_refused(client: httpx.AsyncClient) -> None:
    session = await create_session(client)
    body = complete_body("vt_x")
    body["payment_data"]["handler_id"] = "seller_pm_123"

    response = await client.post(complete_path(session), json=body, headers=headers(new_key()))

    assert response.status_code == 400
    assert response.json()["param"] == "$.payment_data.handler_id"
