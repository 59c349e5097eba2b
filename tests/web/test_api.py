from __future__ import annotations

from typing import Any

import httpx
import pytest

from salon.web.streaming import decode_stream

from .fakehost import FakeHost

pytestmark = pytest.mark.usefixtures("hotels")


async def _conversation(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/conversations", json={"title": "Trip"})
    assert response.status_code == 201
    return str(response.json()["id"])


async def _turn(client: httpx.AsyncClient, conversation_id: str, text: str) -> list[dict[str, Any]]:
    response = await client.post(f"/api/conversations/{conversation_id}/turns", json={"text": text})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return decode_stream(response.text)


async def test_created_conversation_is_listed_and_has_an_empty_transcript(client: httpx.AsyncClient) -> None:
    conversation_id = await _conversation(client)

    listed = (await client.get("/api/conversations")).json()["conversations"]
    detail = (await client.get(f"/api/conversations/{conversation_id}")).json()

    assert [item["id"] for item in listed] == [conversation_id]
    assert detail["conversation"]["title"] == "Trip"
    assert detail["messages"] == []
    assert detail["pending"] == []


async def test_conversation_can_be_created_without_a_body(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/conversations")

    assert response.status_code == 201
    assert response.json()["title"] == "New conversation"


async def test_turn_streams_every_event_as_sse_and_ends_with_done(client: httpx.AsyncClient) -> None:
    conversation_id = await _conversation(client)

    response = await client.post(
        f"/api/conversations/{conversation_id}/turns", json={"text": "hotels please"}
    )
    events = decode_stream(response.text)

    assert [event["type"] for event in events] == [
        "user_message",
        "tool_call",
        "activity",
        "tool_result",
        "text",
        "text",
        "done",
    ]
    assert "event: tool_result\ndata: {" in response.text
    assert events[3]["structured"]["hotels"][0]["name"] == "Harbour View"
    assert (
        "".join(event["text"] for event in events if event["type"] == "text")
        == "Here are three hotels in Melbourne."
    )
    assert events[-1] == {"type": "done", "conversation_id": conversation_id, "waiting": False}


async def test_transcript_after_a_turn_holds_messages_and_the_finished_tool_call(
    client: httpx.AsyncClient,
) -> None:
    conversation_id = await _conversation(client)
    await _turn(client, conversation_id, "hotels please")

    detail = (await client.get(f"/api/conversations/{conversation_id}")).json()

    assert [message["role"] for message in detail["messages"]] == ["user", "assistant", "tool", "assistant"]
    assert detail["tool_calls"][0]["status"] == "succeeded"


async def test_app_failure_streams_an_error_event_that_names_the_app(client: httpx.AsyncClient) -> None:
    conversation_id = await _conversation(client)

    events = await _turn(client, conversation_id, "broken hotels")

    error = next(event for event in events if event["type"] == "error")
    assert error["app"] == "hotels"
    assert error["code"] == "app_unavailable"
    assert events[-1]["type"] == "done"


async def test_write_waits_for_confirmation_and_approval_streams_the_continuation(
    client: httpx.AsyncClient,
) -> None:
    conversation_id = await _conversation(client)
    events = await _turn(client, conversation_id, "book the second one")
    card = next(event for event in events if event["type"] == "confirmation_required")
    assert events[-1] == {"type": "done", "conversation_id": conversation_id, "waiting": True}
    pending = (await client.get(f"/api/conversations/{conversation_id}")).json()["pending"]
    assert [item["id"] for item in pending] == [card["confirmation_id"]]

    response = await client.post(
        f"/api/confirmations/{card['confirmation_id']}", json={"decision": "approve"}
    )
    continuation = decode_stream(response.text)

    assert response.status_code == 200
    assert [event["type"] for event in continuation] == ["activity", "tool_result", "text", "done"]
    assert continuation[1]["structured"]["booking_id"] == "b-1"
    assert (await client.get(f"/api/conversations/{conversation_id}")).json()["pending"] == []


async def test_denied_confirmation_runs_nothing_and_says_so(
    client: httpx.AsyncClient, host: FakeHost
) -> None:
    conversation_id = await _conversation(client)
    card = next(
        e for e in await _turn(client, conversation_id, "book it") if e["type"] == "confirmation_required"
    )

    response = await client.post(f"/api/confirmations/{card['confirmation_id']}", json={"decision": "deny"})
    continuation = decode_stream(response.text)

    assert continuation[0]["type"] == "tool_result"
    assert continuation[0]["is_error"] is True
    assert host.calls[conversation_id][0].status == "denied"


async def test_deciding_twice_is_a_409_conflict(client: httpx.AsyncClient) -> None:
    conversation_id = await _conversation(client)
    card = next(
        e for e in await _turn(client, conversation_id, "book it") if e["type"] == "confirmation_required"
    )
    await client.post(f"/api/confirmations/{card['confirmation_id']}", json={"decision": "deny"})

    response = await client.post(
        f"/api/confirmations/{card['confirmation_id']}", json={"decision": "approve"}
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_decided"


async def test_unknown_confirmation_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/confirmations/nope", json={"decision": "approve"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_unknown_conversation_is_a_404_with_the_error_shape(client: httpx.AsyncClient) -> None:
    detail = await client.get("/api/conversations/missing")
    turn = await client.post("/api/conversations/missing/turns", json={"text": "hi"})

    for response in (detail, turn):
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert error["code"] == "not_found"
        assert "missing" in error["message"]


@pytest.mark.parametrize(
    ("body", "code", "mentions"),
    [
        (b"{not json", "invalid_json", "not valid JSON"),
        (b"[1, 2]", "invalid_request", "JSON object"),
        (b"{}", "invalid_request", "'text' is required"),
        (b'{"text": 3}', "invalid_request", "'text'"),
        (b'{"text": "   "}', "invalid_request", "'text'"),
        (b'{"text": "hi", "extra": 1}', "invalid_request", "'extra' is not a field"),
        (b"", "invalid_json", "JSON object body"),
    ],
)
async def test_bad_turn_bodies_are_400s_that_say_what_is_wrong(
    client: httpx.AsyncClient, body: bytes, code: str, mentions: str
) -> None:
    conversation_id = await _conversation(client)

    response = await client.post(
        f"/api/conversations/{conversation_id}/turns",
        content=body,
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert mentions in response.json()["error"]["message"]


async def test_turn_body_over_the_limit_is_refused_with_413(client: httpx.AsyncClient) -> None:
    conversation_id = await _conversation(client)

    response = await client.post(f"/api/conversations/{conversation_id}/turns", json={"text": "x" * 70_000})

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


async def test_invalid_decision_is_a_400_naming_the_choices(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/confirmations/x", json={"decision": "maybe"})

    assert response.status_code == 400
    assert "'approve', 'always' or 'deny'" in response.json()["error"]["message"]


async def test_unknown_api_route_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_wrong_method_is_a_json_405(client: httpx.AsyncClient) -> None:
    response = await client.put("/api/conversations")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
