"""The Stripe provider, through Stripe's own client, against a stand-in Stripe on a real socket that
answers with recorded response shapes and keeps the requests the client sent."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from salon.errors import DelegatedTokenInvalid, PaymentDeclined, PaymentError, PaymentRequiresAction
from salon.payments import Allowance, DelegatePaymentRequest
from salon.payments.stripe_provider import StripeProvider
from tests.conftest import serve_asgi

from .conftest import card
from .stripe.server import FakeStripe

VERSION = "2026-04-22.preview"


@pytest.fixture
def fake() -> Iterator[tuple[FakeStripe, str]]:
    stripe = FakeStripe()
    with serve_asgi(stripe.app()) as url:
        yield stripe, url


@pytest.fixture
async def provider(fake: tuple[FakeStripe, str]) -> AsyncIterator[StripeProvider]:
    opened = StripeProvider(fake[0].api_key, base_url=fake[1], stripe_version=VERSION, max_network_retries=0)
    try:
        yield opened
    finally:
        await opened.aclose()


async def _charge(
    provider: StripeProvider, token: str = "spt_ok", key: str = "complete-cs_1", amount: int = 1999
):
    return await provider.charge(
        token=token,
        amount=amount,
        currency="usd",
        merchant_id="acct_shop",
        checkout_session_id="cs_1",
        idempotency_key=key,
    )


async def test_a_charge_creates_and_confirms_a_payment_intent_with_the_shared_token(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    charge = await _charge(provider)
    (sent,) = fake[0].posts("/v1/payment_intents")
    assert sent.headers["authorization"] == "Bearer sk_test_salon"
    assert sent.headers["idempotency-key"] == "complete-cs_1"
    assert sent.headers["stripe-version"] == VERSION
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert {
        key: sent.form[key] for key in ("amount", "currency", "confirm", "shared_payment_granted_token")
    } == {
        "amount": "1999",
        "currency": "usd",
        "confirm": "true",
        "shared_payment_granted_token": "spt_ok",
    }
    assert sent.form["metadata[checkout_session_id]"] == "cs_1"
    assert sent.form["expand[0]"] == "latest_charge"
    assert charge.id.startswith("pi_")
    assert (charge.status, charge.amount, charge.brand, charge.last4) == ("succeeded", 1999, "visa", "4242")
    assert (charge.merchant_id, charge.checkout_session_id, charge.token) == ("acct_shop", "cs_1", "spt_ok")


async def test_a_retry_with_the_same_key_is_answered_with_the_first_charge(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    first = await _charge(provider)
    again = await _charge(provider)
    assert again == first
    assert len(fake[0].intents) == 1
    assert [r.headers["idempotency-key"] for r in fake[0].posts("/v1/payment_intents")] == [
        "complete-cs_1"
    ] * 2


async def test_the_same_key_for_another_charge_is_a_conflict(provider: StripeProvider) -> None:
    await _charge(provider)
    with pytest.raises(PaymentError) as conflict:
        await _charge(provider, amount=2000)
    assert conflict.value.code == "idempotency_conflict"


async def test_a_spent_shared_token_is_refused_as_already_used(provider: StripeProvider) -> None:
    await _charge(provider)
    with pytest.raises(DelegatedTokenInvalid) as refused:
        await _charge(provider, key="another-key")
    assert refused.value.reason == "already_used"


async def test_a_card_decline_carries_its_decline_code(provider: StripeProvider) -> None:
    with pytest.raises(PaymentDeclined) as declined:
        await _charge(provider, token="spt_insufficient")
    assert declined.value.code == "insufficient_funds"
    assert declined.value.charge_id is not None


async def test_three_d_secure_waits_then_confirms_the_payment_intent(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    with pytest.raises(PaymentRequiresAction) as action:
        await _charge(provider, token="spt_3ds")
    intent_id = action.value.charge_id
    with pytest.raises(PaymentRequiresAction):
        await provider.confirm_authentication(intent_id)  # the person has not authenticated yet
    async with httpx.AsyncClient() as client:  # the person authenticates with their bank
        await client.post(
            f"{fake[1]}/_test/authenticate/{intent_id}", headers={"Authorization": "Bearer sk_test_salon"}
        )
    charge = await provider.confirm_authentication(intent_id)
    assert (charge.id, charge.status, charge.idempotency_key) == (intent_id, "succeeded", "complete-cs_1")
    (confirm,) = fake[0].posts(f"/v1/payment_intents/{intent_id}/confirm")
    assert confirm.headers["idempotency-key"] == f"{intent_id}-confirm"


async def test_the_hosts_bank_step_follows_the_payment_intents_next_action(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    with pytest.raises(PaymentRequiresAction) as action:
        await _charge(provider, token="spt_3ds")
    intent_id = action.value.charge_id

    challenge = await provider.authentication_challenge("spt_3ds")

    assert challenge is not None
    assert (challenge.charge_id, challenge.status) == (intent_id, "requires_action")
    assert challenge.redirect_url == "https://hooks.stripe.com/redirect/authenticate/src_recorded"
    with pytest.raises(PaymentRequiresAction):
        await provider.authenticate(intent_id, approve=True)  # not finished at the bank's page yet
    async with httpx.AsyncClient() as client:
        await client.post(
            f"{fake[1]}/_test/authenticate/{intent_id}", headers={"Authorization": "Bearer sk_test_salon"}
        )
    result = await provider.authenticate(intent_id, approve=True)
    assert result.outcome == "authenticated"
    assert await provider.authentication_challenge("spt_unknown") is None


async def test_giving_up_the_bank_step_cancels_the_payment_intent(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    with pytest.raises(PaymentRequiresAction) as action:
        await _charge(provider, token="spt_3ds")
    intent_id = action.value.charge_id

    result = await provider.authenticate(intent_id, approve=False)

    assert result.outcome == "abandoned"
    (cancel,) = fake[0].posts(f"/v1/payment_intents/{intent_id}/cancel")
    assert cancel.form["cancellation_reason"] == "abandoned"


async def test_refunds_are_sent_with_their_key_and_never_exceed_the_capture(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    charge = await _charge(provider, amount=5000)
    partial = await provider.refund(charge.id, amount=2000, idempotency_key="refund-1")
    assert await provider.refund(charge.id, amount=2000, idempotency_key="refund-1") == partial
    rest = await provider.refund(charge.id, amount=None, idempotency_key="refund-2")
    assert (partial.amount, rest.amount, rest.currency) == (2000, 3000, "usd")
    with pytest.raises(PaymentError) as too_much:
        await provider.refund(charge.id, amount=1, idempotency_key="refund-3")
    assert too_much.value.code == "invalid_request"
    sent = fake[0].posts("/v1/refunds")
    assert [(r.form.get("amount"), r.headers["idempotency-key"]) for r in sent] == [
        ("2000", "refund-1"),
        ("2000", "refund-1"),
        (None, "refund-2"),
        ("1", "refund-3"),
    ]
    assert {r.form["payment_intent"] for r in sent} == {charge.id}


async def test_a_card_is_tokenized_and_delegated_as_a_shared_payment_token(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    method = await provider.tokenize_card(card("5555555555554444"))
    assert (method.id[:3], method.brand, method.last4, method.provider) == (
        "pm_",
        "mastercard",
        "4444",
        "stripe",
    )
    expires = datetime(2031, 1, 1, 12, 10, tzinfo=UTC)
    allowance = Allowance(
        max_amount=1999,
        currency="usd",
        checkout_session_id="cs_1",
        merchant_id="acct_shop",
        expires_at=expires,
    )
    token = await provider.delegate_payment(
        DelegatePaymentRequest(payment_method_id=method.id, allowance=allowance)
    )
    assert token.id.startswith("spt_")
    (sent,) = fake[0].posts("/v1/shared_payment/issued_tokens")
    assert {key: value for key, value in sent.form.items() if key != "payment_method"} == {
        "usage_limits[currency]": "usd",
        "usage_limits[max_amount]": "1999",
        "usage_limits[expires_at]": str(int(expires.timestamp())),
        "seller_details[network_id]": "acct_shop",
        "shared_metadata[checkout_session_id]": "cs_1",
    }
    assert sent.form["payment_method"] == method.id


async def test_an_outage_is_reported_as_the_provider_being_unavailable(
    provider: StripeProvider, fake: tuple[FakeStripe, str]
) -> None:
    fake[0].fail_next = 1
    with pytest.raises(PaymentError) as unavailable:
        await _charge(provider)
    assert unavailable.value.code == "provider_unavailable"
    assert (await _charge(provider)).status == "succeeded"  # the retry with the same key goes through
