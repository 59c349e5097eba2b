"""The ACP wire models against the upstream 2026-04-17 JSON Schemas and examples (Draft 2020-12).

Every example the schema accepts must be accepted by our model and written back unchanged; every
example the schema rejects is listed in `KNOWN_INVALID` with the reason (the fixture README's list),
and is checked to be still invalid, so an upstream fix shows up here.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import salon.commerce.acp as acp
from tests.commerce.fixtures import fixture, order_fixture, schema_errors

CHECKOUT = fixture("examples.agentic_checkout.json")

# example name → (schema definition, model)
MODELS: dict[str, tuple[str, type[BaseModel]]] = {
    "create_checkout_session_request": ("CheckoutSessionCreateRequest", acp.CheckoutSessionCreateRequest),
    "create_checkout_session_request_with_first_touch_attribution": (
        "CheckoutSessionCreateRequest",
        acp.CheckoutSessionCreateRequest,
    ),
    "update_checkout_session_request": ("CheckoutSessionUpdateRequest", acp.CheckoutSessionUpdateRequest),
    "complete_checkout_session_request": (
        "CheckoutSessionCompleteRequest",
        acp.CheckoutSessionCompleteRequest,
    ),
    "complete_checkout_session_request_seller_backed": (
        "CheckoutSessionCompleteRequest",
        acp.CheckoutSessionCompleteRequest,
    ),
    "complete_checkout_session_request_with_last_touch_attribution": (
        "CheckoutSessionCompleteRequest",
        acp.CheckoutSessionCompleteRequest,
    ),
    "complete_session_with_authentication_result_request": (
        "CheckoutSessionCompleteRequest",
        acp.CheckoutSessionCompleteRequest,
    ),
    "complete_session_with_denied_authentication_request": (
        "CheckoutSessionCompleteRequest",
        acp.CheckoutSessionCompleteRequest,
    ),
    "cancel_checkout_session_request": ("CancelSessionRequest", acp.CancelSessionRequest),
    "cancel_checkout_session_request_timing_deferred": ("CancelSessionRequest", acp.CancelSessionRequest),
    "create_checkout_session_response": ("CheckoutSession", acp.CheckoutSession),
    "update_checkout_session_response": ("CheckoutSession", acp.CheckoutSession),
    "complete_checkout_session_response": ("CheckoutSessionWithOrder", acp.CheckoutSession),
    "get_checkout_session_response": ("CheckoutSession", acp.CheckoutSession),
    "cancel_checkout_session_response": ("CheckoutSession", acp.CheckoutSession),
    "checkout_session_authentication_required": ("CheckoutSession", acp.CheckoutSession),
    "checkout_session_with_out_of_stock": ("CheckoutSession", acp.CheckoutSession),
    "checkout_session_with_payment_declined": ("CheckoutSession", acp.CheckoutSession),
    "error_400_requires_3ds": ("Error", acp.Error),
    "error_400_invalid_item": ("Error", acp.Error),
    "error_400_idempotency_key_required": ("Error", acp.Error),
    "error_422_idempotency_conflict": ("Error", acp.Error),
    "error_409_idempotency_in_flight": ("Error", acp.Error),
}

KNOWN_INVALID = {
    "webhook_order_create_event": "legacy `refunds` in data, no `id` (Order forbids it)",
    "webhook_order_update_event": "legacy `refunds` in data, no `id` (Order forbids it)",
    "authentication_result_denied_example": "outcome_details without three_ds_cryptogram / eci",
}


def _without_defaults(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True, exclude_unset=True)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_valid_checkout_example_is_accepted_and_written_back_unchanged(name: str) -> None:
    definition, model = MODELS[name]
    example = CHECKOUT[name]

    assert schema_errors(definition, example) == []
    assert _without_defaults(model.model_validate(example)) == example


@pytest.mark.parametrize("name", sorted(KNOWN_INVALID))
def test_known_invalid_upstream_examples_are_still_invalid(name: str) -> None:
    definition = "AuthenticationResult" if name.startswith("authentication") else "WebhookEvent"
    payload = CHECKOUT[name]
    if definition == "WebhookEvent":
        assert schema_errors("Order", payload["data"]) != []
        with pytest.raises(ValidationError):
            acp.WebhookEvent.model_validate(payload)
    else:
        assert schema_errors(definition, payload) != []


@pytest.mark.parametrize(
    "name", ["simple-order", "shipped-order", "partial-fulfillment", "digital-fulfillment", "refunded-order"]
)
def test_every_order_example_is_accepted_and_written_back_unchanged(name: str) -> None:
    order = order_fixture(f"{name}.json")

    assert schema_errors("Order", order) == []
    assert acp.Order.model_validate(order).wire() == order


@pytest.mark.parametrize("name", ["get_products_response", "upsert_products_request_single_product"])
def test_feed_examples_are_accepted_and_written_back_unchanged(name: str) -> None:
    example = fixture("examples.feed.json")[name]

    assert schema_errors("ProductsResponse", example, bundle="feed") == []
    assert acp.ProductsResponse.model_validate(example).wire() == example


def test_a_request_item_may_carry_the_quantity_acp_2026_04_17_cannot_express() -> None:
    request = acp.CheckoutSessionCreateRequest.model_validate(
        {
            "currency": "usd",
            "line_items": [{"id": "item_1", "quantity": 3}, {"id": "item_2"}],
            "capabilities": {},
        }
    )

    assert [item.quantity for item in request.line_items] == [3, 1]


def test_fields_the_schema_forbids_are_refused() -> None:
    with pytest.raises(ValidationError, match="surprise"):
        acp.CheckoutSessionUpdateRequest.model_validate({"surprise": True})


def test_the_package_exports_what_its_modules_define() -> None:
    assert sorted(acp.__all__) == sorted(set(acp.__all__))
    assert all(hasattr(acp, name) for name in acp.__all__)
