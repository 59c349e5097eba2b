"""Another site's page, or an app's view on the sandbox origin, cannot make the chat API act.

A pending confirmation is the prize: approving it would run a write the person never approved.
"""

from __future__ import annotations

import json

import pytest

from .conftest import CHAT, SANDBOX, World

ATTACKERS = [
    pytest.param({"Origin": SANDBOX, "Sec-Fetch-Site": "same-site"}, id="a view on the sandbox origin"),
    pytest.param({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, id="another site"),
    pytest.param({"Origin": "null", "Sec-Fetch-Site": "cross-site"}, id="a sandboxed frame"),
    pytest.param({"Origin": SANDBOX}, id="a sandbox page in a browser without fetch metadata"),
    pytest.param({"Origin": "https://evil.example"}, id="another site without fetch metadata"),
]


@pytest.mark.parametrize("headers", ATTACKERS)
async def test_a_request_from_another_origin_cannot_approve_a_confirmation(
    world: World, headers: dict[str, str]
) -> None:
    conversation_id, asked = await world.asked_to_share("d")

    response = await world.api.post(
        f"/api/confirmations/{asked['confirmation_id']}",
        content=json.dumps({"decision": "approve"}),
        headers={"Content-Type": "application/json", **headers},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_site_request"
    detail = (await world.api.get(f"/api/conversations/{conversation_id}")).json()
    assert [item["id"] for item in detail["pending"]] == [asked["confirmation_id"]]
    assert ("share_board", {"piece": "d"}) not in world.received


async def test_a_simple_text_plain_post_is_refused_even_without_an_origin(world: World) -> None:
    conversation_id, asked = await world.asked_to_share("e")

    response = await world.api.post(
        f"/api/confirmations/{asked['confirmation_id']}",
        content=json.dumps({"decision": "approve"}),
        headers={"Content-Type": "text/plain"},
    )

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    detail = (await world.api.get(f"/api/conversations/{conversation_id}")).json()
    assert len(detail["pending"]) == 1


async def test_the_chat_pages_own_request_is_served(world: World) -> None:
    _, asked = await world.asked_to_share("f")

    response = await world.api.post(
        f"/api/confirmations/{asked['confirmation_id']}",
        json={"decision": "approve"},
        headers={"Origin": CHAT, "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 200
    assert ("share_board", {"piece": "f"}) in world.received


async def test_reading_is_not_affected(world: World) -> None:
    response = await world.api.get(
        "/api/conversations", headers={"Origin": SANDBOX, "Sec-Fetch-Site": "same-site"}
    )
    assert response.status_code == 200
