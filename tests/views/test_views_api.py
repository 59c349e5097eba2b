"""The views API on the chat origin, against a real host and SDK apps served over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salon.web.streaming import decode_stream
from tests.conftest import serve_asgi

from .apps import LEGACY_URI, VIEW_URI, make_studio_app
from .conftest import SANDBOX, World, close_world, open_world


async def test_the_host_negotiates_mcp_apps_with_every_app(world: World) -> None:
    connection = await world.host._catalog.connection("studio")
    outcome = await connection.call_tool("negotiated")
    assert outcome.text == "yes"


async def test_a_call_with_a_view_describes_the_view_for_the_page(world: World) -> None:
    conversation_id, call_id = await world.view_call()

    response = await world.api.get(f"/api/views/{call_id}")

    assert response.status_code == 200, response.text
    info = response.json()
    assert info["app"] == "studio"
    assert info["tool"] == "find_pieces"
    assert info["resource_uri"] == VIEW_URI
    assert info["kind"] == "mcp-app"
    assert info["sandbox"] == "allow-scripts allow-forms"
    assert info["allow"] == "clipboard-write"
    assert info["prefers_border"] is True
    assert info["proxy_url"] == f"{SANDBOX}/proxy.html?host=http%3A%2F%2Fsalon.test"
    assert info["view_url"].startswith(f"{SANDBOX}/views/")
    assert info["tool_input"] == {"query": "calm blues"}
    assert info["tool_result"] == {
        "content": [{"type": "text", "text": "3 pieces for calm blues"}],
        "structuredContent": {"pieces": ["a", "b", "c"]},
        "_meta": {"cursor": "p2"},
        "isError": False,
    }
    assert info["state"] is None
    assert info["trusted_link_domains"] == []
    detail = (await world.api.get(f"/api/conversations/{conversation_id}")).json()
    [call] = detail["tool_calls"]
    assert (call["view_uri"], call["view_state"]) == (VIEW_URI, None)


async def test_a_call_without_a_view_has_no_view_info(world: World) -> None:
    conversation_id, call_id = await world.view_call()
    response = await world.api.post(
        f"/api/views/{call_id}/tools/call", json={"name": "more_pieces", "arguments": {"cursor": "p2"}}
    )
    assert response.status_code == 200
    detail = (await world.api.get(f"/api/conversations/{conversation_id}")).json()
    view_made = next(call for call in detail["tool_calls"] if call["tool"] == "more_pieces")
    assert view_made["view_call_id"] == call_id
    assert view_made["view_uri"] is None

    missing = await world.api.get(f"/api/views/{view_made['id']}")

    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert (await world.api.get("/api/views/no-such-call")).status_code == 404


async def test_a_view_calls_an_app_only_tool_of_its_own_app(world: World) -> None:
    conversation_id, call_id = await world.view_call()
    messages_before = (await world.api.get(f"/api/conversations/{conversation_id}")).json()["messages"]

    response = await world.api.post(
        f"/api/views/{call_id}/tools/call", json={"name": "more_pieces", "arguments": {"cursor": "p2"}}
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "result": {
            "content": [{"type": "text", "text": "2 more"}],
            "structuredContent": {"pieces": ["d", "e"]},
            "_meta": {"cursor": "end"},
            "isError": False,
        }
    }
    assert ("more_pieces", {"cursor": "p2"}) in world.received
    messages_after = (await world.api.get(f"/api/conversations/{conversation_id}")).json()["messages"]
    assert messages_after == messages_before, "a view's own call is not part of the model's transcript"


async def test_a_view_cannot_call_another_apps_tool(world: World) -> None:
    _, call_id = await world.view_call()

    for name in ("other_tool", "other__other_tool"):
        response = await world.api.post(f"/api/views/{call_id}/tools/call", json={"name": name})
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "tool_not_allowed"
    assert all(name != "other_tool" for name, _ in world.received)


async def test_a_view_cannot_call_a_tool_only_the_model_may_call(world: World) -> None:
    _, call_id = await world.view_call()

    response = await world.api.post(f"/api/views/{call_id}/tools/call", json={"name": "summarise_board"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "tool_not_allowed"
    assert "visibility" in response.json()["error"]["message"]
    assert all(name != "summarise_board" for name, _ in world.received)


async def test_a_view_call_with_arguments_that_break_the_schema_is_not_sent(world: World) -> None:
    _, call_id = await world.view_call()

    response = await world.api.post(
        f"/api/views/{call_id}/tools/call", json={"name": "more_pieces", "arguments": {"cursor": 7}}
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_arguments"
    assert all(name != "more_pieces" for name, _ in world.received)


async def test_a_write_from_a_view_waits_for_the_person_then_streams_only_its_result(world: World) -> None:
    conversation_id, call_id = await world.view_call()
    model_calls = len(world.provider.requests)

    asked = await world.api.post(
        f"/api/views/{call_id}/tools/call", json={"name": "pin_piece", "arguments": {"piece": "b"}}
    )

    assert asked.status_code == 202, asked.text
    confirmation = asked.json()["confirmation"]
    assert confirmation["type"] == "confirmation_required"
    assert (confirmation["app"], confirmation["tool"]) == ("studio", "pin_piece")
    assert ("pin_piece", {"piece": "b"}) not in world.received
    detail = (await world.api.get(f"/api/conversations/{conversation_id}")).json()
    assert [item["id"] for item in detail["pending"]] == [confirmation["confirmation_id"]]
    assert detail["pending"][0]["payload"] == {"origin": "view"}

    decided = await world.api.post(
        f"/api/confirmations/{confirmation['confirmation_id']}", json={"decision": "approve"}
    )

    assert decided.status_code == 200
    events = decode_stream(decided.text)
    assert [event["type"] for event in events if event["type"] != "activity"] == ["tool_result", "done"]
    assert events[-2]["structured"] == {"pinned": "b"}
    assert events[-2]["call_id"] == confirmation["call_id"]
    assert ("pin_piece", {"piece": "b"}) in world.received
    assert len(world.provider.requests) == model_calls, "no model round follows a view's own call"


async def test_a_denied_write_from_a_view_is_not_run(world: World) -> None:
    _, call_id = await world.view_call()
    asked = await world.api.post(
        f"/api/views/{call_id}/tools/call", json={"name": "pin_piece", "arguments": {"piece": "c"}}
    )
    confirmation_id = asked.json()["confirmation"]["confirmation_id"]

    decided = await world.api.post(f"/api/confirmations/{confirmation_id}", json={"decision": "deny"})

    events = decode_stream(decided.text)
    assert [event["type"] for event in events] == ["tool_result", "done"]
    assert events[0]["is_error"] is True
    assert ("pin_piece", {"piece": "c"}) not in world.received


async def test_a_write_with_a_view_opens_its_view_while_the_person_decides(world: World) -> None:
    conversation_id = (await world.api.post("/api/conversations", json={})).json()["id"]

    events = await world.turn(conversation_id, "share c")

    kinds = [event["type"] for event in events if event["type"] != "activity"]
    assert kinds == ["user_message", "tool_call", "confirmation_required", "view", "done"]
    view = next(event for event in events if event["type"] == "view")
    asked = next(event for event in events if event["type"] == "confirmation_required")
    assert (view["call_id"], view["arguments"]) == (asked["call_id"], {"piece": "c"})
    info = (await world.api.get(f"/api/views/{asked['call_id']}")).json()
    assert (info["waiting"], info["tool_result"], info["cancelled"]) == (True, None, None)
    assert info["tool_input"] == {"piece": "c"}
    assert ("share_board", {"piece": "c"}) not in world.received


async def test_an_approved_write_gives_its_open_view_the_result(world: World) -> None:
    _, asked = await world.asked_to_share("a")

    decided = await world.api.post(
        f"/api/confirmations/{asked['confirmation_id']}", json={"decision": "approve"}
    )

    assert decided.status_code == 200
    info = (await world.api.get(f"/api/views/{asked['call_id']}")).json()
    assert (info["waiting"], info["cancelled"]) == (False, None)
    assert info["tool_result"]["structuredContent"] == {"pieces": ["a"]}
    assert ("share_board", {"piece": "a"}) in world.received


async def test_a_declined_write_tells_its_open_view_it_was_cancelled(world: World) -> None:
    _, asked = await world.asked_to_share("b")

    decided = await world.api.post(
        f"/api/confirmations/{asked['confirmation_id']}", json={"decision": "deny"}
    )

    assert decided.status_code == 200
    info = (await world.api.get(f"/api/views/{asked['call_id']}")).json()
    assert info["tool_result"] is None
    assert info["waiting"] is False
    assert info["cancelled"] == "The person declined this action, so it was not run."
    assert ("share_board", {"piece": "b"}) not in world.received


async def test_a_view_reads_only_its_own_apps_resources(world: World) -> None:
    _, call_id = await world.view_call()

    own = await world.api.post(f"/api/views/{call_id}/resources/read", json={"uri": VIEW_URI})
    foreign = await world.api.post(f"/api/views/{call_id}/resources/read", json={"uri": LEGACY_URI})

    assert own.status_code == 200, own.text
    [content] = own.json()["contents"]
    assert content["uri"] == VIEW_URI
    assert content["mimeType"] == "text/html;profile=mcp-app"
    assert "<p>board</p>" in content["text"]
    assert foreign.status_code == 502
    assert foreign.json()["error"]["app"] == "studio"


async def test_view_state_round_trips_and_comes_back_with_the_conversation(world: World) -> None:
    conversation_id, call_id = await world.view_call()
    state = {"selected": ["b"], "scroll": 120, "note": "ünïcode"}

    saved = await world.api.put(f"/api/views/{call_id}/state", json={"state": state})

    assert saved.status_code == 204
    assert (await world.api.get(f"/api/views/{call_id}")).json()["state"] == state
    detail = (await world.api.get(f"/api/conversations/{conversation_id}")).json()
    assert detail["tool_calls"][0]["view_state"] == state


async def test_view_state_larger_than_64_kib_is_refused(world: World) -> None:
    _, call_id = await world.view_call()

    response = await world.api.put(f"/api/views/{call_id}/state", json={"state": {"blob": "x" * 70_000}})

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert (await world.api.get(f"/api/views/{call_id}")).json()["state"] is None


async def test_view_state_survives_a_restart(
    tmp_path: Path, app_urls: tuple[dict[str, str], list[tuple[str, dict[str, Any]]]]
) -> None:
    urls, received = app_urls
    first = await open_world(tmp_path, urls, received, install=True)
    try:
        conversation_id, call_id = await first.view_call()
        assert (
            await first.api.put(f"/api/views/{call_id}/state", json={"state": {"page": 2}})
        ).status_code == 204
    finally:
        await close_world(first)

    second = await open_world(tmp_path, urls, received, install=False)
    try:
        info = (await second.api.get(f"/api/views/{call_id}")).json()
        detail = (await second.api.get(f"/api/conversations/{conversation_id}")).json()
        page = await second.sandbox.get(info["view_url"].removeprefix(SANDBOX))
    finally:
        await close_world(second)
    assert info["state"] == {"page": 2}
    assert detail["tool_calls"][0]["view_state"] == {"page": 2}
    assert page.status_code == 200


async def test_model_context_from_a_view_reaches_the_next_model_request(world: World) -> None:
    conversation_id, call_id = await world.view_call()

    shared = await world.api.post(
        f"/api/views/{call_id}/model-context",
        json={
            "content": [{"type": "text", "text": "The person picked piece b."}],
            "structuredContent": {"b": 1},
        },
    )
    replaced = await world.api.post(
        f"/api/views/{call_id}/model-context",
        json={"content": [{"type": "text", "text": "The person picked piece c."}]},
    )
    await world.turn(conversation_id, "what did I pick?")

    assert (shared.status_code, replaced.status_code) == (204, 204)
    system = [m.content for m in world.provider.requests[-1].messages if m.role == "system"]
    assert len(system) == 2
    assert system[1].startswith("Context the studio view shared")
    assert "piece c" in system[1]
    assert "piece b" not in system[1]


async def test_model_context_is_not_sent_before_a_view_shares_it(world: World) -> None:
    await world.view_call()
    assert all(
        sum(1 for m in request.messages if m.role == "system") == 1 for request in world.provider.requests
    )


async def test_an_openai_era_view_is_described_as_skybridge(world: World) -> None:
    _, call_id = await world.view_call("legacy birds")

    info = (await world.api.get(f"/api/views/{call_id}")).json()

    assert info["kind"] == "skybridge"
    assert info["resource_uri"] == LEGACY_URI
    assert info["trusted_link_domains"] == ["https://legacy.example"]
    allowed = await world.api.post(
        f"/api/views/{call_id}/tools/call", json={"name": "show_list", "arguments": {"topic": "owls"}}
    )
    refused = await world.api.post(f"/api/views/{call_id}/tools/call", json={"name": "private_lookup"})
    assert allowed.status_code == 200, allowed.text
    assert refused.status_code == 403


async def test_the_chat_page_may_frame_only_the_sandbox_origin(world: World) -> None:
    response = await world.api.get("/healthz")
    csp = response.headers["content-security-policy"]
    assert f"frame-src {SANDBOX}" in csp


async def test_a_view_comes_back_from_the_store_when_its_app_is_down(tmp_path: Path) -> None:
    received: list[tuple[str, dict[str, Any]]] = []
    with serve_asgi(make_studio_app(received).http_app()) as url:
        first = await open_world(tmp_path, {"studio": url + "/mcp"}, received, install=True)
        try:
            _, call_id = await first.view_call()
        finally:
            await close_world(first)

    second = await open_world(tmp_path, {}, received, install=False)
    try:
        info = await second.api.get(f"/api/views/{call_id}")
        page = await second.sandbox.get(info.json()["view_url"].removeprefix(SANDBOX))
        call = await second.api.post(f"/api/views/{call_id}/tools/call", json={"name": "more_pieces"})
    finally:
        await close_world(second)
    assert info.status_code == 200, info.text
    assert "<p>board</p>" in page.text
    assert call.status_code == 502


async def test_a_streamed_result_carries_its_meta_for_the_view(world: World) -> None:
    conversation_id = (await world.api.post("/api/conversations", json={})).json()["id"]

    events = await world.turn(conversation_id, "find calm blues")

    [result] = [event for event in events if event["type"] == "tool_result"]
    assert result["meta"] == {"cursor": "p2"}
