"""Arguments a model streams reach the view of the call before the call itself (tool-input-partial)."""

from __future__ import annotations

from .apps import VIEW_URI
from .conftest import World


async def test_streamed_arguments_of_a_call_with_a_view_arrive_before_the_call(
    streaming_world: World,
) -> None:
    world = streaming_world
    conversation_id = (await world.api.post("/api/conversations", json={})).json()["id"]

    events = await world.turn(conversation_id, "find calm blues")

    partials = [event for event in events if event["type"] == "tool_input_partial"]
    [call] = [event for event in events if event["type"] == "tool_call"]
    assert partials, "the arguments were shown while the model wrote them"
    assert {event["call_id"] for event in partials} == {call["call_id"]}
    assert all(event["resource_uri"] == VIEW_URI and event["tool"] == "find_pieces" for event in partials)
    assert all("calm blues".startswith(event["arguments"].get("query", "")) for event in partials)
    assert events.index(partials[-1]) < events.index(call)
    assert [r for r in world.received if r[0] == "find_pieces"] == [("find_pieces", {"query": "calm blues"})]


async def test_a_streamed_call_without_a_view_shows_nothing_early(streaming_world: World) -> None:
    world = streaming_world
    conversation_id = (await world.api.post("/api/conversations", json={})).json()["id"]

    events = await world.turn(conversation_id, "summarise")

    assert [event["tool"] for event in events if event["type"] == "tool_call"] == ["summarise_board"]
    assert [event for event in events if event["type"] == "tool_input_partial"] == []


async def test_the_page_can_open_the_view_of_a_call_not_stored_yet(streaming_world: World) -> None:
    response = await streaming_world.api.get(
        "/api/views/call_1-abc/preview", params={"app": "studio", "tool": "find_pieces"}
    )

    assert response.status_code == 200, response.text
    info = response.json()
    assert (info["call_id"], info["resource_uri"], info["tool_input"], info["tool_result"]) == (
        "call_1-abc",
        VIEW_URI,
        {},
        None,
    )
    assert info["view_url"].startswith("http://127.0.0.1:8761/views/")
    hidden = await streaming_world.api.get(
        "/api/views/x/preview", params={"app": "studio", "tool": "more_pieces"}
    )
    assert hidden.status_code == 404, "a tool only views may call is never previewed"
