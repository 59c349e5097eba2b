"""The OpenAI-compatible provider against a real HTTP endpoint speaking the streaming wire format."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.applications import Starlette

from salon.errors import ModelError
from salon.host.models import (
    INVALID_ARGUMENTS_KEY,
    CallDraft,
    CallProposal,
    ChatMessage,
    ModelChunk,
    ModelRequest,
    OfferedTool,
    OpenAICompatibleProvider,
    ProposedCall,
    TextDelta,
)
from tests.conftest import free_port, serve_asgi
from tests.models.fake_openai import create_fake_openai

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SEARCH = OfferedTool(
    name="hotels__search_hotels",
    description="Search hotels in a city.",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    read_only=True,
)


@pytest.fixture
def endpoint() -> Iterator[tuple[Starlette, str]]:
    app = create_fake_openai()
    with serve_asgi(app) as url:
        yield app, f"{url}/v1"


@pytest.fixture
async def provider(endpoint: tuple[Starlette, str]) -> AsyncIterator[OpenAICompatibleProvider]:
    provider = OpenAICompatibleProvider(endpoint[1], "good-key", "fake-model", timeout=10, max_retries=0)
    yield provider
    await provider.aclose()


async def collect(provider: OpenAICompatibleProvider, request: ModelRequest) -> list[ModelChunk]:
    return [chunk async for chunk in provider.stream(request)]


def user(text: str, tools: list[OfferedTool] | None = None) -> ModelRequest:
    return ModelRequest(messages=[ChatMessage(role="user", content=text)], tools=tools or [], now=NOW)


async def test_text_streams_as_deltas_in_order(provider: OpenAICompatibleProvider) -> None:
    chunks = await collect(provider, user("hello there"))
    assert all(isinstance(c, TextDelta) for c in chunks)
    assert len(chunks) > 1
    assert "".join(c.text for c in chunks if isinstance(c, TextDelta)) == "You said: hello there"


async def test_split_argument_fragments_become_one_proposal(provider: OpenAICompatibleProvider) -> None:
    arguments = {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3}
    chunks = await collect(provider, user(f"call hotels__search_hotels {json.dumps(arguments)}", [SEARCH]))
    assert [c for c in chunks if not isinstance(c, CallDraft)] == [
        CallProposal(call=ProposedCall(id="call_fake_0", name="hotels__search_hotels", arguments=arguments))
    ]


async def test_arguments_are_drafted_as_they_stream_then_proposed_whole(
    provider: OpenAICompatibleProvider,
) -> None:
    arguments = {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3}

    chunks = await collect(provider, user(f"call hotels__search_hotels {json.dumps(arguments)}", [SEARCH]))

    drafts = [c for c in chunks if isinstance(c, CallDraft)]
    assert len(drafts) >= 2, "the fragments were read as they came"
    assert all(d.id == "call_fake_0" and d.name == "hotels__search_hotels" for d in drafts)
    assert drafts[-1].arguments == arguments
    for earlier, later in itertools.pairwise(drafts):
        assert earlier.arguments != later.arguments, "a draft is sent only when the reading changed"
        for key, value in earlier.arguments.items():
            assert key in arguments
            assert value == arguments[key] or (isinstance(value, str) and arguments[key].startswith(value))
    assert isinstance(chunks[-1], CallProposal)


async def test_parallel_tool_calls_are_proposed_in_index_order(provider: OpenAICompatibleProvider) -> None:
    message = 'call hotels__search_hotels {"city": "Oslo"} ; call hotels__search_hotels {"city": "Rome"}'
    chunks = await collect(provider, user(message, [SEARCH]))
    cities = [c.call.arguments["city"] for c in chunks if isinstance(c, CallProposal)]
    assert cities == ["Oslo", "Rome"]
    assert [c.call.id for c in chunks if isinstance(c, CallProposal)] == ["call_fake_0", "call_fake_1"]


async def test_invalid_json_arguments_are_proposed_raw_for_validation_to_bounce(
    provider: OpenAICompatibleProvider,
) -> None:
    chunks = await collect(provider, user("broken hotels__search_hotels", [SEARCH]))
    proposals = [c for c in chunks if isinstance(c, CallProposal)]
    assert len(proposals) == 1
    assert proposals[0].call.arguments == {INVALID_ARGUMENTS_KEY: '{"city": "Mel'}


async def test_tools_and_tool_choice_are_sent_as_function_tools(
    provider: OpenAICompatibleProvider, endpoint: tuple[Starlette, str]
) -> None:
    request = ModelRequest(
        messages=[ChatMessage(role="user", content="hi")], tools=[SEARCH], now=NOW, tool_choice="none"
    )
    await collect(provider, request)
    body: dict[str, Any] = endpoint[0].state.requests[-1]
    assert body["stream"] is True
    assert body["model"] == "fake-model"
    assert body["tool_choice"] == "none"
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "hotels__search_hotels",
                "description": "Search hotels in a city.",
                "parameters": SEARCH.parameters,
            },
        }
    ]


async def test_no_tools_means_no_tool_choice_on_the_wire(
    provider: OpenAICompatibleProvider, endpoint: tuple[Starlette, str]
) -> None:
    await collect(provider, user("hi"))
    body = endpoint[0].state.requests[-1]
    assert "tools" not in body
    assert "tool_choice" not in body


async def test_history_with_calls_and_results_maps_to_the_wire_format(
    provider: OpenAICompatibleProvider, endpoint: tuple[Starlette, str]
) -> None:
    call = ProposedCall(id="call_1", name="hotels__search_hotels", arguments={"city": "Oslo"})
    request = ModelRequest(
        messages=[
            ChatMessage(role="system", content="Be brief."),
            ChatMessage(role="user", content="hotels in Oslo"),
            ChatMessage(role="assistant", tool_calls=[call]),
            ChatMessage(
                role="tool",
                tool_call_id="call_1",
                name="hotels__search_hotels",
                content="Found 2 hotels.",
                data={"hotels": [{"id": "h1"}]},
            ),
        ],
        tools=[SEARCH],
        now=NOW,
    )
    chunks = await collect(provider, request)
    assert "".join(c.text for c in chunks if isinstance(c, TextDelta)).startswith("Noted: Found 2 hotels.")
    messages = endpoint[0].state.requests[-1]["messages"]
    assert messages[0] == {"role": "system", "content": "Be brief."}
    assert messages[2] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "hotels__search_hotels", "arguments": '{"city": "Oslo"}'},
            }
        ],
    }
    assert messages[3]["role"] == "tool"
    assert messages[3]["tool_call_id"] == "call_1"
    assert messages[3]["content"].startswith("Found 2 hotels.")
    assert '{"hotels": [{"id": "h1"}]}' in messages[3]["content"]


async def test_a_wrong_api_key_names_the_endpoint_and_the_key(endpoint: tuple[Starlette, str]) -> None:
    provider = OpenAICompatibleProvider(endpoint[1], "bad-key", "fake-model", max_retries=0)
    with pytest.raises(ModelError) as caught:
        await collect(provider, user("hi"))
    await provider.aclose()
    assert caught.value.code == "model_auth"
    assert endpoint[1] in caught.value.message
    assert "key" in caught.value.message


async def test_an_unknown_model_says_to_check_the_model_name(endpoint: tuple[Starlette, str]) -> None:
    provider = OpenAICompatibleProvider(endpoint[1], "good-key", "missing", max_retries=0)
    with pytest.raises(ModelError) as caught:
        await collect(provider, user("hi"))
    await provider.aclose()
    assert caught.value.code == "model_not_found"
    assert "'missing'" in caught.value.message


async def test_a_server_error_is_a_model_error(endpoint: tuple[Starlette, str]) -> None:
    provider = OpenAICompatibleProvider(endpoint[1], "good-key", "crash", max_retries=0)
    with pytest.raises(ModelError) as caught:
        await collect(provider, user("hi"))
    await provider.aclose()
    assert caught.value.code == "model_rejected"
    assert "500" in caught.value.message


async def test_an_unreachable_endpoint_says_to_check_the_server_and_base_url() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    provider = OpenAICompatibleProvider(url, None, "fake-model", timeout=5, max_retries=0)
    with pytest.raises(ModelError) as caught:
        await collect(provider, user("hi"))
    await provider.aclose()
    assert caught.value.code == "model_unreachable"
    assert url in caught.value.message
    assert "base_url" in caught.value.message


async def test_a_tool_message_without_call_id_is_refused_before_sending(
    provider: OpenAICompatibleProvider, endpoint: tuple[Starlette, str]
) -> None:
    request = ModelRequest(
        messages=[ChatMessage(role="user", content="x"), ChatMessage(role="tool", content="r")], now=NOW
    )
    with pytest.raises(ModelError, match="tool_call_id"):
        await collect(provider, request)
    assert endpoint[0].state.requests == []
