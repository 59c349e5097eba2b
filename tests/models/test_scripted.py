"""The scripted provider plays its steps in order and remembers what it was asked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from salon.errors import ModelError
from salon.host.models import (
    CallProposal,
    ChatMessage,
    ModelChunk,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    ScriptedProvider,
    TextDelta,
)

NOW = datetime(2026, 11, 22, tzinfo=UTC)
TOOL = OfferedTool(name="units__convert", description="Convert units.", parameters={"type": "object"})


def request(text: str = "hi", tools: list[OfferedTool] | None = None) -> ModelRequest:
    return ModelRequest(messages=[ChatMessage(role="user", content=text)], tools=tools or [], now=NOW)


async def run(provider: ScriptedProvider, req: ModelRequest) -> list[ModelChunk]:
    return [chunk async for chunk in provider.stream(req)]


async def test_steps_are_consumed_one_per_call_in_order() -> None:
    provider = ScriptedProvider(
        [[{"name": "units__convert", "arguments": {"value": 5}}], "5 miles is 8.05 km."]
    )
    first = await run(provider, request())
    second = await run(provider, request())
    assert first == [
        CallProposal(call=ProposedCall(id="call_1", name="units__convert", arguments={"value": 5}))
    ]
    assert second == [TextDelta(text="5 miles is 8.05 km.")]
    assert provider.remaining == 0


async def test_an_exhausted_script_raises_a_model_error_saying_so() -> None:
    provider = ScriptedProvider(["only step"])
    await run(provider, request())
    with pytest.raises(ModelError, match="no step left") as caught:
        await run(provider, request())
    assert caught.value.code == "model_script_exhausted"


async def test_it_records_what_the_model_saw() -> None:
    provider = ScriptedProvider(["ok"])
    await run(provider, request("convert", [TOOL]))
    assert [t.name for t in provider.requests[0].tools] == ["units__convert"]


async def test_a_callable_step_decides_from_the_request() -> None:
    provider = ScriptedProvider(lambda req: f"you offered {len(req.tools)} tool(s)")
    chunks = await run(provider, request(tools=[TOOL]))
    assert chunks == [TextDelta(text="you offered 1 tool(s)")]
    assert provider.remaining is None


async def test_proposed_calls_keep_their_ids() -> None:
    call = ProposedCall(id="mine", name="units__convert", arguments={})
    provider = ScriptedProvider([[call, {"id": "other", "name": "units__convert"}]])
    chunks = await run(provider, request())
    assert [c.call.id for c in chunks if isinstance(c, CallProposal)] == ["mine", "other"]


async def test_a_call_without_a_name_is_a_clear_error() -> None:
    provider = ScriptedProvider([[{"arguments": {}}]])
    with pytest.raises(ModelError, match="needs a 'name'"):
        await run(provider, request())
