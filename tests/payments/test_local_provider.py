from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from salon.errors import (
    DelegatedTokenInvalid,
    PaymentDeclined,
    PaymentError,
    PaymentRequiresAction,
    StoreError,
)
from salon.payments import Allowance, Charge, DelegatedToken, DelegatePaymentRequest, LocalTestProvider
from salon.payments.test_cards import TEST_CARDS

from .conftest import Clock, card, files_containing

MERCHANT = "shop"
SESSION = "cs_1"


async def _token(
    provider: LocalTestProvider,
    clock: Clock,
    number: str = "4242424242424242",
    *,
    max_amount: int = 5000,
    minutes: int = 10,
) -> DelegatedToken:
    method = await provider.tokenize_card(card(number))
    allowance = Allowance(
        max_amount=max_amount,
        currency="usd",
        checkout_session_id=SESSION,
        merchant_id=MERCHANT,
        expires_at=clock() + timedelta(minutes=minutes),
    )
    return await provider.delegate_payment(
        DelegatePaymentRequest(payment_method_id=method.id, allowance=allowance)
    )


async def _charge(
    provider: LocalTestProvider, token: str, *, amount: int = 4999, key: str = "k1", **over: str
) -> Charge:
    arguments = {"merchant_id": MERCHANT, "checkout_session_id": SESSION, "currency": "usd", **over}
    return await provider.charge(token=token, amount=amount, idempotency_key=key, **arguments)


async def test_a_success_card_is_charged_within_its_allowance(
    provider: LocalTestProvider, clock: Clock
) -> None:
    token = await _token(provider, clock)
    charge = await _charge(provider, token.id)
    assert (charge.status, charge.amount, charge.brand, charge.last4) == ("succeeded", 4999, "visa", "4242")
    assert charge.id.startswith("ch_")
    assert token.id.startswith("vt_")
    assert await provider.retrieve_charge(charge.id) == charge


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("4000000000000002", "card_declined"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000069", "expired_card"),
    ],
)
async def test_declining_test_cards_decline_with_their_reason_every_time(
    provider: LocalTestProvider, clock: Clock, number: str, code: str
) -> None:
    token = await _token(provider, clock, number)
    for _ in range(2):
        with pytest.raises(PaymentDeclined) as declined:
            await _charge(provider, token.id)
        assert declined.value.code == code


async def test_three_d_secure_card_waits_for_the_person_then_succeeds(
    provider: LocalTestProvider, clock: Clock
) -> None:
    token = await _token(provider, clock, "4000000000003220")
    with pytest.raises(PaymentRequiresAction) as action:
        await _charge(provider, token.id)
    with pytest.raises(PaymentRequiresAction):
        await _charge(provider, token.id)  # a retry is still waiting, not a second charge
    confirmed = await provider.confirm_authentication(action.value.charge_id)
    assert confirmed.status == "succeeded"
    assert await _charge(provider, token.id) == confirmed


async def test_failed_three_d_secure_declines_the_charge(provider: LocalTestProvider, clock: Clock) -> None:
    token = await _token(provider, clock, "4000000000003220")
    with pytest.raises(PaymentRequiresAction) as action:
        await _charge(provider, token.id)
    with pytest.raises(PaymentDeclined) as declined:
        await provider.confirm_authentication(action.value.charge_id, approve=False)
    assert declined.value.code == "authentication_failed"


async def test_an_expired_or_invalid_card_is_refused_at_tokenization(provider: LocalTestProvider) -> None:
    with pytest.raises(PaymentDeclined) as expired:
        await provider.tokenize_card(card(exp_year=2025))
    with pytest.raises(PaymentDeclined) as invalid:
        await provider.tokenize_card(card("4242424242424241"))
    assert (expired.value.code, invalid.value.code) == ("expired_card", "invalid_card")


async def test_every_documented_test_card_tokenizes_with_its_brand(provider: LocalTestProvider) -> None:
    for known in TEST_CARDS:
        method = await provider.tokenize_card(card(known.number))
        assert (method.brand, method.last4) == (known.brand, known.number[-4:])


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"merchant_id": "other_shop"}, "wrong_merchant"),
        ({"checkout_session_id": "cs_2"}, "wrong_session"),
        ({"currency": "eur"}, "wrong_currency"),
    ],
)
async def test_a_token_refuses_a_charge_outside_its_allowance(
    provider: LocalTestProvider, clock: Clock, change: dict[str, str], reason: str
) -> None:
    token = await _token(provider, clock)
    with pytest.raises(DelegatedTokenInvalid) as refused:
        await _charge(provider, token.id, **change)
    assert refused.value.reason == reason
    assert (await _charge(provider, token.id, key="k2")).status == "succeeded"  # still unspent


async def test_a_token_refuses_more_than_its_max_amount(provider: LocalTestProvider, clock: Clock) -> None:
    token = await _token(provider, clock, max_amount=5000)
    with pytest.raises(DelegatedTokenInvalid) as refused:
        await _charge(provider, token.id, amount=5001)
    assert refused.value.reason == "over_allowance"
    assert (await _charge(provider, token.id, amount=5000, key="k2")).amount == 5000


async def test_a_token_expires_after_its_minutes(provider: LocalTestProvider, clock: Clock) -> None:
    token = await _token(provider, clock, minutes=10)
    clock.advance(minutes=10)
    with pytest.raises(DelegatedTokenInvalid) as refused:
        await _charge(provider, token.id)
    assert refused.value.reason == "expired"


async def test_an_unknown_token_is_refused(provider: LocalTestProvider) -> None:
    with pytest.raises(DelegatedTokenInvalid) as refused:
        await _charge(provider, "vt_nothing")
    assert refused.value.reason == "unknown"


async def test_an_already_expired_allowance_is_not_minted(provider: LocalTestProvider, clock: Clock) -> None:
    with pytest.raises(PaymentError) as refused:
        await _token(provider, clock, minutes=-1)
    assert refused.value.code == "invalid_allowance"


async def test_the_same_idempotency_key_answers_the_same_charge(
    provider: LocalTestProvider, clock: Clock
) -> None:
    token = await _token(provider, clock)
    first = await _charge(provider, token.id)
    clock.advance(hours=1)  # even after the token expired, the retry answers what happened
    assert await _charge(provider, token.id) == first
    with pytest.raises(PaymentError) as conflict:
        await _charge(provider, token.id, amount=100)
    assert conflict.value.code == "idempotency_conflict"


async def test_two_concurrent_charges_with_one_key_make_one_charge(
    provider: LocalTestProvider, clock: Clock
) -> None:
    token = await _token(provider, clock)
    charges = await asyncio.gather(*(_charge(provider, token.id) for _ in range(4)))
    assert len({charge.id for charge in charges}) == 1


async def test_two_keys_on_one_single_use_token_charge_once(
    provider: LocalTestProvider, clock: Clock
) -> None:
    token = await _token(provider, clock)
    outcomes = await asyncio.gather(
        *(_charge(provider, token.id, key=f"k{i}") for i in range(4)), return_exceptions=True
    )
    succeeded = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, DelegatedTokenInvalid)]
    assert len(succeeded) == 1
    assert [error.reason for error in refused] == ["already_used"] * 3


async def test_a_second_provider_on_the_same_database_sees_the_spent_token(
    database_url: str, clock: Clock
) -> None:
    first = await LocalTestProvider.open(database_url, now=clock)
    second = await LocalTestProvider.open(database_url, now=clock)
    try:
        token = await _token(first, clock)
        await _charge(first, token.id)
        with pytest.raises(DelegatedTokenInvalid) as refused:
            await _charge(second, token.id, key="other")
        assert refused.value.reason == "already_used"
    finally:
        await first.aclose()
        await second.aclose()


async def test_refunds_partial_then_full_never_exceed_the_capture(
    provider: LocalTestProvider, clock: Clock
) -> None:
    charge = await _charge(provider, (await _token(provider, clock)).id, amount=5000)
    partial = await provider.refund(charge.id, amount=2000, idempotency_key="r1")
    assert await provider.refund(charge.id, amount=2000, idempotency_key="r1") == partial
    with pytest.raises(PaymentError) as too_much:
        await provider.refund(charge.id, amount=3001, idempotency_key="r2")
    assert too_much.value.code == "refund_exceeds_charge"
    rest = await provider.refund(charge.id, amount=None, idempotency_key="r3")
    assert (partial.amount, rest.amount) == (2000, 3000)
    assert (await provider.retrieve_charge(charge.id)).amount_refunded == 5000
    with pytest.raises(PaymentError):
        await provider.refund(charge.id, amount=1, idempotency_key="r4")


async def test_concurrent_refunds_cannot_refund_more_than_captured(
    provider: LocalTestProvider, clock: Clock
) -> None:
    charge = await _charge(provider, (await _token(provider, clock)).id, amount=5000)
    outcomes = await asyncio.gather(
        *(provider.refund(charge.id, amount=2000, idempotency_key=f"r{i}") for i in range(4)),
        return_exceptions=True,
    )
    refunded = [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
    assert len(refunded) == 2
    assert (await provider.retrieve_charge(charge.id)).amount_refunded == 4000


async def test_a_declined_charge_cannot_be_refunded(provider: LocalTestProvider, clock: Clock) -> None:
    token = await _token(provider, clock, "4000000000000002")
    with pytest.raises(PaymentDeclined) as declined:
        await _charge(provider, token.id)
    assert declined.value.charge_id is not None
    assert (await provider.retrieve_charge(declined.value.charge_id)).status == "failed"
    with pytest.raises(PaymentError) as refused:
        await provider.refund(declined.value.charge_id, amount=None, idempotency_key="r1")
    assert refused.value.code == "charge_not_refundable"


async def test_the_provider_keeps_no_card_number(tmp_path: Path, clock: Clock) -> None:
    url = f"sqlite:///{tmp_path / 'psp.db'}"
    provider = await LocalTestProvider.open(url, now=clock)
    try:
        await provider.delegate_payment(
            DelegatePaymentRequest(
                card=card("5555555555554444"),
                allowance=Allowance(
                    max_amount=1,
                    currency="usd",
                    checkout_session_id="cs",
                    merchant_id="m",
                    expires_at=clock() + timedelta(minutes=5),
                ),
            )
        )
    finally:
        await provider.aclose()
    assert files_containing(tmp_path, "5555555555554444") == []


async def test_a_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psp.db'}"
    await (await LocalTestProvider.open(url)).aclose()
    with sqlite3.connect(tmp_path / "psp.db") as raw:
        raw.execute("UPDATE psp_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as refused:
        await LocalTestProvider.open(url)
    assert "schema version 99" in refused.value.message
