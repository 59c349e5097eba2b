"""The person's vault and spend caps: what the host does before a merchant may charge anything."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from salon.errors import DelegatedTokenInvalid, PaymentError, SpendCapExceeded
from salon.payments import LocalTestProvider, PurchaseAuthorization, Wallet
from salon.store import Store
from salon.store.clock import Clock as StoreClock
from salon.store.engine import Database
from salon.store.schema import metadata
from salon.store.spend_caps import SpendCaps
from salon.store.spend_ledger import SpendLedger
from salon.store.url import normalise_url

from .conftest import BACKENDS, Clock, card, empty_database

ME = "me"
PAN = "4242424242424242"


@pytest.fixture(params=["sqlite"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """SQLite for the rules; the tests of atomicity also run on PostgreSQL (`on_both`)."""
    async with empty_database(request.param, tmp_path) as url:
        yield url


on_both = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


@pytest.fixture
async def store(database_url: str, tmp_path: Path) -> AsyncIterator[Store]:
    url = f"sqlite:///{tmp_path / 'salon.db'}" if database_url.startswith("sqlite") else database_url
    opened = await Store.open(url)
    try:
        yield opened
    finally:
        await opened.aclose()


@pytest.fixture
async def wallet(store: Store, provider: LocalTestProvider, clock: Clock) -> Wallet:
    wallet = Wallet(store, provider, now=clock)
    await wallet.add_card(ME, card(PAN))
    return wallet


async def _buy(
    wallet: Wallet,
    amount: int,
    *,
    merchant: str = "shop",
    session: str = "cs_1",
    payment_method_id: str | None = None,
    extra_confirmed: bool = False,
) -> PurchaseAuthorization:
    return await wallet.authorize_purchase(
        ME,
        merchant,
        session,
        amount,
        "usd",
        item_types=["physical"],
        payment_method_id=payment_method_id,
        extra_confirmed=extra_confirmed,
    )


@on_both
async def test_adding_a_card_keeps_only_the_providers_token(
    store: Store, provider: LocalTestProvider, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wallet = Wallet(store, provider, now=clock)
    method = await wallet.add_card(ME, card(PAN))
    assert (method.provider, method.brand, method.last4) == ("local", "visa", "4242")
    assert method.token.startswith("pm_")
    assert await wallet.methods(ME) == [method]
    stored = []
    async with store._db.read() as connection:  # every row of every table of Salon's store
        for table in metadata.sorted_tables:
            stored.extend(repr(tuple(row)) for row in await connection.execute(select(table)))
    assert stored
    assert not [row for row in stored if PAN in row]
    assert PAN not in caplog.text
    assert PAN not in repr(card(PAN))


async def test_a_removed_card_is_gone_and_a_stranger_cannot_remove_one(wallet: Wallet) -> None:
    (method,) = await wallet.methods(ME)
    with pytest.raises(Exception, match="No payment method"):
        await wallet.remove_method("someone_else", method.id)
    await wallet.remove_method(ME, method.id)
    assert await wallet.methods(ME) == []


async def test_a_purchase_mints_a_token_bound_to_that_amount_merchant_and_session(
    wallet: Wallet, provider: LocalTestProvider, clock: Clock
) -> None:
    purchase = await _buy(wallet, 1999)
    allowance = purchase.token.allowance
    assert (allowance.max_amount, allowance.merchant_id, allowance.checkout_session_id) == (
        1999,
        "shop",
        "cs_1",
    )
    assert allowance.expires_at == clock() + timedelta(minutes=10)
    base = {
        "token": purchase.token.id,
        "currency": "usd",
        "merchant_id": "shop",
        "checkout_session_id": "cs_1",
    }
    with pytest.raises(DelegatedTokenInvalid) as over:
        await provider.charge(amount=2000, idempotency_key="a", **base)
    assert over.value.reason == "over_allowance"
    charge = await provider.charge(amount=1999, idempotency_key="b", **base)
    assert charge.status == "succeeded"


async def test_a_purchase_over_the_per_purchase_cap_is_refused_with_the_reason(wallet: Wallet) -> None:
    await wallet.set_caps(SpendCaps(person=ME, per_purchase=5000))
    with pytest.raises(SpendCapExceeded) as refused:
        await _buy(wallet, 5001)
    assert (refused.value.cap, refused.value.limit, refused.value.spent) == ("per_purchase", 5000, 0)
    assert "per purchase cap of 50.00 USD" in refused.value.message
    assert await wallet.purchases(ME) == []


async def test_the_day_cap_counts_what_was_spent_today(wallet: Wallet) -> None:
    await wallet.set_caps(SpendCaps(person=ME, per_day=5000))
    await _buy(wallet, 3000, session="cs_1")
    with pytest.raises(SpendCapExceeded) as refused:
        await _buy(wallet, 2001, session="cs_2")
    assert (refused.value.cap, refused.value.limit, refused.value.spent) == ("per_day", 5000, 3000)
    assert (await _buy(wallet, 2000, session="cs_3")).token.allowance.max_amount == 2000


async def test_the_merchant_cap_counts_only_that_merchant(wallet: Wallet) -> None:
    await wallet.set_caps(SpendCaps(person=ME, per_merchant=5000))
    await _buy(wallet, 4000, merchant="shop", session="cs_1")
    await _buy(wallet, 4000, merchant="bakery", session="cs_2")
    with pytest.raises(SpendCapExceeded) as refused:
        await _buy(wallet, 1001, merchant="shop", session="cs_3")
    assert (refused.value.cap, refused.value.spent) == ("per_merchant", 4000)


async def test_a_released_purchase_stops_counting_and_a_confirmed_one_keeps_counting(wallet: Wallet) -> None:
    await wallet.set_caps(SpendCaps(person=ME, per_month=5000))
    first = await _buy(wallet, 5000, session="cs_1")
    await wallet.release_purchase(first.ledger_id)
    second = await _buy(wallet, 5000, session="cs_2")
    await wallet.confirm_purchase(second.ledger_id)
    assert (await wallet.release_purchase(second.ledger_id)).status == "confirmed"
    with pytest.raises(SpendCapExceeded) as refused:
        await _buy(wallet, 1, session="cs_3")
    assert (refused.value.cap, refused.value.spent) == ("per_month", 5000)


async def test_a_confirmed_session_cannot_be_authorized_again(wallet: Wallet) -> None:
    purchase = await _buy(wallet, 1000)
    again = await _buy(wallet, 1000)  # a retry of one session replaces its earlier token
    assert [entry.status for entry in await wallet.purchases(ME)] == ["authorized", "released"]
    await wallet.confirm_purchase(again.ledger_id)
    with pytest.raises(PaymentError) as refused:
        await _buy(wallet, 1000)
    assert refused.value.code == "already_paid"
    assert purchase.ledger_id != again.ledger_id


async def test_above_the_threshold_an_extra_confirmation_is_required(wallet: Wallet) -> None:
    await wallet.set_caps(SpendCaps(person=ME, confirm_above=10000))
    assert (await wallet.check_purchase(ME, "shop", 10001, "usd")).extra_confirmation_required
    with pytest.raises(PaymentError) as refused:
        await _buy(wallet, 10001)
    assert refused.value.code == "extra_confirmation_required"
    assert (await _buy(wallet, 10001, extra_confirmed=True)).token.allowance.max_amount == 10001
    assert (await _buy(wallet, 10000, session="cs_2")).token.allowance.max_amount == 10000


async def test_only_physical_goods_are_paid_unless_the_operator_allows_more(
    store: Store, provider: LocalTestProvider, wallet: Wallet, clock: Clock
) -> None:
    with pytest.raises(PaymentError) as refused:
        await wallet.authorize_purchase(ME, "shop", "cs_1", 500, "usd", item_types=["physical", "digital"])
    assert refused.value.code == "goods_not_allowed"
    generous = Wallet(store, provider, allow_non_physical=True, now=clock)
    purchase = await generous.authorize_purchase(ME, "shop", "cs_1", 500, "usd", item_types=["digital"])
    assert purchase.token.allowance.max_amount == 500


async def test_a_purchase_in_another_currency_than_the_caps_is_refused(wallet: Wallet) -> None:
    await wallet.set_caps(SpendCaps(person=ME, per_day=5000))
    with pytest.raises(SpendCapExceeded) as refused:
        await wallet.authorize_purchase(ME, "shop", "cs_1", 100, "eur", item_types=["physical"])
    assert refused.value.cap == "currency"


async def test_a_failed_mint_leaves_nothing_counted(store: Store, wallet: Wallet) -> None:
    await wallet.set_caps(SpendCaps(person=ME, per_day=5000))
    ghost = await store.payment_methods.add(
        ME, provider="local", token="pm_unknown", brand="visa", last4="0000", exp_month=1, exp_year=2040
    )
    with pytest.raises(PaymentError) as refused:
        await _buy(wallet, 5000, payment_method_id=ghost.id)
    assert refused.value.code == "unknown_payment_method"
    assert [entry.status for entry in await wallet.purchases(ME)] == ["released"]
    (real,) = [method for method in await wallet.methods(ME) if method.last4 == "4242"]
    retry = await _buy(wallet, 5000, session="cs_2", payment_method_id=real.id)
    assert retry.token.allowance.max_amount == 5000


@on_both
async def test_concurrent_purchases_from_two_workers_cannot_both_pass_a_cap(
    database_url: str, tmp_path: Path, provider: LocalTestProvider, clock: Clock, store: Store
) -> None:
    url = f"sqlite:///{tmp_path / 'salon.db'}" if database_url.startswith("sqlite") else database_url
    other = await Store.open(url)
    try:
        workers = [Wallet(store, provider, now=clock), Wallet(other, provider, now=clock)]
        await workers[0].add_card(ME, card(PAN))
        await workers[0].set_caps(SpendCaps(person=ME, per_day=5000))
        outcomes = await asyncio.gather(
            *(
                workers[i % 2].authorize_purchase(ME, "shop", f"cs_{i}", 1000, "usd", item_types=["physical"])
                for i in range(10)
            ),
            return_exceptions=True,
        )
    finally:
        await other.aclose()
    refused = [outcome for outcome in outcomes if isinstance(outcome, SpendCapExceeded)]
    assert len(refused) == 5
    assert (
        sum(entry.amount for entry in await workers[0].purchases(ME) if entry.status == "authorized") == 5000
    )


class _MovableClock(StoreClock):
    def __init__(self, at: datetime) -> None:
        super().__init__()
        self.at = at

    def now(self) -> datetime:
        return self.at


@on_both
async def test_yesterdays_purchases_count_for_the_month_but_not_the_day(
    store: Store, database_url: str
) -> None:
    del store  # migrated the database
    url = (
        database_url.replace("payments.db", "salon.db") if database_url.startswith("sqlite") else database_url
    )
    database = Database(normalise_url(url))
    clock = _MovableClock(datetime(2026, 3, 10, 23, 0, tzinfo=UTC))
    ledger = SpendLedger(database, clock)
    try:
        await Store(database).spend_caps.set(SpendCaps(person=ME, per_day=5000, per_month=8000))
        await ledger.reserve(
            ME,
            merchant_id="shop",
            checkout_session_id="a",
            amount=5000,
            currency="usd",
            payment_method_id="m",
        )
        clock.at += timedelta(hours=2)  # past midnight UTC
        await ledger.reserve(
            ME,
            merchant_id="shop",
            checkout_session_id="b",
            amount=3000,
            currency="usd",
            payment_method_id="m",
        )
        with pytest.raises(SpendCapExceeded) as refused:
            await ledger.reserve(
                ME,
                merchant_id="shop",
                checkout_session_id="c",
                amount=1,
                currency="usd",
                payment_method_id="m",
            )
        assert (refused.value.cap, refused.value.spent) == ("per_month", 8000)
        clock.at = datetime(2026, 4, 1, tzinfo=UTC)
        await ledger.reserve(
            ME,
            merchant_id="shop",
            checkout_session_id="d",
            amount=5000,
            currency="usd",
            payment_method_id="m",
        )
    finally:
        await database.aclose()
