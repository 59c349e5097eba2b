"""The five checkout endpoints through HTTP: the status machine, pricing, auth, versions, errors."""

from __future__ import annotations

import httpx

from salon.payments.local import LocalTestProvider
from tests.commerce import support
from tests.commerce.fixtures import schema_errors
from tests.commerce.support import create_body, create_session, headers, new_key


def totals(session: dict[str, object]) -> dict[str, int]:
    return {row["type"]: row["amount"] for row in session["totals"]}  # type: ignore[attr-defined, index]


async def test_a_session_with_an_address_is_priced_and_ready_for_payment(client: httpx.AsyncClient) -> None:
    session = await create_session(client, create_body(quantity=2))

    assert session["status"] == "ready_for_payment"
    assert schema_errors("CheckoutSession", session) == []
    assert session["line_items"][0]["quantity"] == 2
    assert session["line_items"][0]["unit_amount"] == 300
    # 600 of jackets, 10 % tax, the first (Standard) option selected by default.
    assert totals(session) == {
        "items_base_amount": 600,
        "subtotal": 600,
        "tax": 60,
        "fulfillment": 100,
        "total": 760,
    }
    assert session["selected_fulfillment_options"] == [
        {"type": "shipping", "option_id": "fulfillment_option_123", "item_ids": ["item_123"]}
    ]
    assert session["capabilities"]["payment"]["handlers"][0]["id"] == "card_tokenized"


async def test_a_session_without_an_address_says_what_is_missing(client: httpx.AsyncClient) -> None:
    session = await create_session(client, create_body(address=False))

    assert session["status"] == "not_ready_for_payment"
    assert [(m["type"], m["code"], m["param"]) for m in session["messages"]] == [
        ("error", "missing", "$.fulfillment_details.address")
    ]
    assert "fulfillment" not in totals(session)


async def test_adding_the_address_then_choosing_express_reprices_the_session(
    client: httpx.AsyncClient,
) -> None:
    session = await create_session(client, create_body(address=False))
    path = f"/checkout_sessions/{session['id']}"

    with_address = await client.post(
        path, json={"fulfillment_details": {"address": support.ADDRESS}}, headers=headers(new_key())
    )
    express = await client.post(
        path,
        json={
            "selected_fulfillment_options": [
                {"type": "shipping", "option_id": "fulfillment_option_456", "item_ids": ["item_123"]}
            ]
        },
        headers=headers(new_key()),
    )

    assert with_address.json()["status"] == "ready_for_payment"
    assert express.status_code == 200
    assert totals(express.json())["fulfillment"] == 500
    assert totals(express.json())["total"] == 300 + 30 + 500
    fetched = await client.get(path, headers=headers())
    assert fetched.json() == express.json()


async def test_an_out_of_stock_item_keeps_the_session_from_payment(client: httpx.AsyncClient) -> None:
    session = await create_session(client, create_body("item_gone"))

    assert session["status"] == "not_ready_for_payment"
    assert session["messages"][0]["code"] == "out_of_stock"
    assert session["line_items"][0]["availability_status"] == "out_of_stock"


async def test_more_than_the_stock_is_a_quantity_exceeded_message(client: httpx.AsyncClient) -> None:
    session = await create_session(client, create_body("item_3ds_001", quantity=6))

    assert session["status"] == "not_ready_for_payment"
    assert session["messages"][0]["code"] == "quantity_exceeded"


async def test_an_unknown_item_is_an_invalid_item_id_error(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/checkout_sessions", json=create_body("item_nope"), headers=headers(new_key())
    )

    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_request",
        "code": "invalid_item_id",
        "message": "The item ID 'item_nope' does not exist.",
        "param": "$.line_items[0].id",
    }


async def test_a_missing_required_field_names_it_as_a_json_path(client: httpx.AsyncClient) -> None:
    body = create_body()
    del body["currency"]

    response = await client.post("/checkout_sessions", json=body, headers=headers(new_key()))

    assert response.status_code == 400
    assert response.json()["code"] == "missing_required_field"
    assert response.json()["param"] == "$.currency"
    assert schema_errors("Error", response.json()) == []


async def test_requests_without_a_valid_bearer_key_are_401(client: httpx.AsyncClient) -> None:
    wrong = await client.get("/checkout_sessions/cs_x", headers={**headers(), "Authorization": "Bearer nope"})
    missing = await client.get("/checkout_sessions/cs_x", headers={"API-Version": support.VERSION})

    assert wrong.status_code == missing.status_code == 401
    assert wrong.headers["www-authenticate"] == "Bearer"
    assert wrong.json()["code"] == "unauthorized"


async def test_a_missing_or_unknown_api_version_is_refused_with_the_supported_versions(
    client: httpx.AsyncClient,
) -> None:
    missing = await client.get(
        "/checkout_sessions/cs_x", headers={"Authorization": f"Bearer {support.API_KEY}"}
    )
    old = await client.get("/checkout_sessions/cs_x", headers={**headers(), "API-Version": "2025-09-29"})

    assert missing.status_code == old.status_code == 400
    assert missing.json()["code"] == "missing_api_version"
    assert old.json()["code"] == "unsupported_api_version"
    assert old.json()["supported_versions"] == ["2026-04-17"]
    assert schema_errors("Error", old.json()) == []


async def test_an_unknown_session_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/checkout_sessions/cs_missing", headers=headers())

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


async def test_a_canceled_session_cannot_be_canceled_updated_or_completed_again(
    client: httpx.AsyncClient,
) -> None:
    session = await create_session(client)
    path = f"/checkout_sessions/{session['id']}"

    canceled = await client.post(
        f"{path}/cancel", json={"intent_trace": {"reason_code": "shipping_cost"}}, headers=headers(new_key())
    )
    again = await client.post(f"{path}/cancel", json={}, headers=headers(new_key()))
    update = await client.post(path, json={"order_notes": "hi"}, headers=headers(new_key()))
    complete = await client.post(
        f"{path}/complete", json=support.complete_body("vt_unused"), headers=headers(new_key())
    )

    assert canceled.status_code == 200
    assert canceled.json()["status"] == "canceled"
    assert schema_errors("CheckoutSession", canceled.json()) == []
    assert (again.status_code, update.status_code, complete.status_code) == (405, 405, 405)


async def test_a_completed_session_cannot_be_canceled(
    client: httpx.AsyncClient, provider: LocalTestProvider
) -> None:
    session = await create_session(client)
    token = await support.delegated_token(provider, session)
    path = f"/checkout_sessions/{session['id']}"
    completed = await client.post(
        f"{path}/complete", json=support.complete_body(token), headers=headers(new_key())
    )

    canceled = await client.post(f"{path}/cancel", json={}, headers=headers(new_key()))

    assert completed.json()["status"] == "completed"
    assert canceled.status_code == 405
    assert canceled.json()["code"] == "checkout_session_not_cancelable"


async def test_the_product_feed_and_discovery_document_are_served(client: httpx.AsyncClient) -> None:
    feed = await client.get("/product_feed")
    discovery = await client.get("/.well-known/acp.json")

    assert schema_errors("ProductsResponse", feed.json(), bundle="feed") == []
    assert {variant["id"] for product in feed.json()["products"] for variant in product["variants"]} >= {
        "item_123"
    }
    assert schema_errors("DiscoveryResponse", discovery.json()) == []
