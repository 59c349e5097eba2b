"""The ACP delegate_payment endpoint, driven over HTTP, checked against ACP's own schema and examples
(tests/payments/acp, ACP 2026-04-17)."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from salon.payments import DelegatedToken, DelegatePaymentRequest, LocalTestProvider
from salon.payments.delegate_endpoint import PATH, create_delegate_payment_app

from .conftest import Clock

ACP = Path(__file__).parents[1] / "fixtures" / "acp-2026-04-17"
SCHEMA = json.loads((ACP / "json-schema" / "schema.delegate_payment.json").read_text())
EXAMPLES = json.loads((ACP / "examples.delegate_payment.json").read_text())
KEY = "sk_test_salon"
# The examples were written on 2025-09-29 (the success example's `created`); their allowance expires
# on 2025-10-09 and their card in 11/2026, so the provider's clock is set to that day.
EXAMPLE_DAY = datetime(2025, 9, 29, 11, 0, tzinfo=UTC)


def _validate(instance: Any, definition: str) -> None:
    schema = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"}
    jsonschema.Draft202012Validator(schema).validate(instance)


def _headers(idempotency_key: str | None = "idem_1", **extra: str) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {KEY}", "API-Version": "2026-04-17", **extra}
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    return headers


@pytest.fixture
async def example_provider(tmp_path: Path) -> AsyncIterator[LocalTestProvider]:
    opened = await LocalTestProvider.open(f"sqlite:///{tmp_path / 'psp.db'}", now=Clock(EXAMPLE_DAY))
    try:
        yield opened
    finally:
        await opened.aclose()


@pytest.fixture
async def client(example_provider: LocalTestProvider) -> AsyncIterator[httpx.AsyncClient]:
    app = create_delegate_payment_app(example_provider, api_keys=[KEY])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://psp") as client:
        yield client


def test_the_vendored_examples_are_valid_against_the_schema() -> None:
    _validate(EXAMPLES["delegate_payment_request"], "DelegatePaymentRequest")
    _validate(EXAMPLES["delegate_payment_success_response"], "DelegatePaymentResponse")
    for name, example in EXAMPLES.items():
        if name.startswith("delegate_payment_error_"):
            _validate(example, "Error")


async def test_the_example_request_mints_a_token_answered_in_the_example_shape(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(PATH, json=EXAMPLES["delegate_payment_request"], headers=_headers())
    assert response.status_code == 201
    body = response.json()
    _validate(body, "DelegatePaymentResponse")
    example = EXAMPLES["delegate_payment_success_response"]
    assert body.keys() == example.keys()
    assert body["id"].startswith("vt_")
    assert body["created"] == "2025-09-29T11:00:00Z"
    assert body["metadata"] == {
        "campaign": "q4",
        "source": "chatgpt_checkout",
        "merchant_id": "acme_store",
        "idempotency_key": "idem_1",
    }
    assert response.headers["Request-Id"].startswith("req_")


async def test_a_minted_token_pays_the_bound_session_once(
    client: httpx.AsyncClient, example_provider: LocalTestProvider
) -> None:
    response = await client.post(PATH, json=EXAMPLES["delegate_payment_request"], headers=_headers())
    allowance = EXAMPLES["delegate_payment_request"]["allowance"]
    charge = await example_provider.charge(
        token=response.json()["id"],
        amount=allowance["max_amount"],
        currency="usd",
        merchant_id=allowance["merchant_id"],
        checkout_session_id=allowance["checkout_session_id"],
        idempotency_key="order-1",
    )
    assert (charge.status, charge.last4) == ("succeeded", "4242")


async def test_a_retry_with_the_same_key_replays_the_first_answer(client: httpx.AsyncClient) -> None:
    request = EXAMPLES["delegate_payment_request"]
    first = await client.post(PATH, json=request, headers=_headers(**{"Request-Id": "req_a"}))
    again = await client.post(PATH, json=request, headers=_headers(**{"Request-Id": "req_b"}))
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert (first.headers["Request-Id"], again.headers["Request-Id"]) == ("req_a", "req_b")


async def test_the_same_key_with_another_body_is_an_idempotency_conflict(client: httpx.AsyncClient) -> None:
    request = copy.deepcopy(EXAMPLES["delegate_payment_request"])
    await client.post(PATH, json=request, headers=_headers())
    request["allowance"]["max_amount"] = 2001
    response = await client.post(PATH, json=request, headers=_headers())
    assert response.status_code == 422
    assert response.json() == EXAMPLES["delegate_payment_error_idempotency_conflict"]


async def test_a_request_without_an_idempotency_key_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(PATH, json=EXAMPLES["delegate_payment_request"], headers=_headers(None))
    assert response.status_code == 400
    assert response.json() == EXAMPLES["delegate_payment_error_idempotency_key_required"]


class _HeldProvider(LocalTestProvider):
    """A local provider whose minting waits until the test lets it go, to hold a request in flight."""

    entered: asyncio.Event
    release: asyncio.Event

    async def delegate_payment(self, request: DelegatePaymentRequest) -> DelegatedToken:
        self.entered.set()
        await self.release.wait()
        return await super().delegate_payment(request)


async def test_a_retry_while_the_first_request_runs_is_told_to_come_back(tmp_path: Path) -> None:
    provider = await _HeldProvider.open(f"sqlite:///{tmp_path / 'psp.db'}", now=Clock(EXAMPLE_DAY))
    provider.entered, provider.release = asyncio.Event(), asyncio.Event()
    app = create_delegate_payment_app(provider, api_keys=[KEY])
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://psp") as client:
            request = EXAMPLES["delegate_payment_request"]
            first = asyncio.create_task(client.post(PATH, json=request, headers=_headers()))
            await asyncio.wait_for(provider.entered.wait(), timeout=10)
            retry = await client.post(PATH, json=request, headers=_headers())
            provider.release.set()
            assert (await asyncio.wait_for(first, timeout=10)).status_code == 201
    finally:
        await provider.aclose()
    assert retry.status_code == 409
    assert retry.headers["Retry-After"] == "1"
    assert retry.json() == EXAMPLES["delegate_payment_error_idempotency_in_flight"]


async def test_a_failed_request_leaves_its_key_free_for_a_retry(client: httpx.AsyncClient) -> None:
    request = copy.deepcopy(EXAMPLES["delegate_payment_request"])
    request["payment_method"]["number"] = "4242424242424241"
    refused = await client.post(PATH, json=request, headers=_headers())
    assert refused.status_code == 422
    _validate(refused.json(), "Error")
    assert refused.json().keys() == EXAMPLES["delegate_payment_error_invalid_card"].keys()
    assert refused.json()["code"] == "invalid_card"
    accepted = await client.post(PATH, json=EXAMPLES["delegate_payment_request"], headers=_headers())
    assert accepted.status_code == 201


@pytest.mark.parametrize(
    ("path", "value", "param", "code"),
    [
        (("allowance", "max_amount"), "2000", "$.allowance.max_amount", "invalid_request"),
        (("allowance", "reason"), "recurring", "$.allowance.reason", "invalid_request"),
        (("payment_method", "display_last4"), "42", "$.payment_method.display_last4", "invalid_card"),
        (("payment_method", "surprise"), "x", "$.payment_method.surprise", "invalid_card"),
    ],
)
async def test_a_body_outside_the_schema_is_refused_naming_the_field(
    client: httpx.AsyncClient, path: tuple[str, str], value: str, param: str, code: str
) -> None:
    request = copy.deepcopy(EXAMPLES["delegate_payment_request"])
    request[path[0]][path[1]] = value
    with pytest.raises(jsonschema.ValidationError):
        _validate(request, "DelegatePaymentRequest")
    response = await client.post(PATH, json=request, headers=_headers())
    assert response.status_code == 400
    assert (response.json()["param"], response.json()["code"]) == (param, code)


async def test_a_caller_without_the_api_key_is_unauthorized(client: httpx.AsyncClient) -> None:
    request = EXAMPLES["delegate_payment_request"]
    missing = await client.post(
        PATH, json=request, headers={"API-Version": "2026-04-17", "Idempotency-Key": "k"}
    )
    wrong = await client.post(PATH, json=request, headers=_headers(Authorization="Bearer sk_other"))
    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert wrong.json()["code"] == "unauthorized"


async def test_an_unsupported_api_version_lists_the_supported_ones(client: httpx.AsyncClient) -> None:
    headers = _headers(**{"API-Version": "2025-09-29"})
    response = await client.post(PATH, json=EXAMPLES["delegate_payment_request"], headers=headers)
    assert response.status_code == 400
    assert response.json()["supported_versions"] == ["2026-04-17"]
