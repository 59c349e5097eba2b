"""Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, llama.cpp server, LM Studio).

The provider streams one chat completion per step with the offered tools as function tools. Text
deltas are passed on as they arrive; tool calls arrive as fragments (an id and name first, then pieces
of the JSON arguments, keyed by `index`) and are proposed once the stream ends, in index order.

Arguments that are not a JSON object are still proposed, as `{INVALID_ARGUMENTS_KEY: <raw text>}`:
the host's schema validation rejects the call and tells the model, which usually corrects itself on
the next step. Raising instead would end the turn on a mistake the model can fix.

History maps onto the wire format: assistant messages carry `tool_calls` (arguments re-encoded as
JSON), tool messages carry `tool_call_id` and the result text, with the structured result appended as
JSON when the host let the model see it. Every failure of the endpoint becomes a `ModelError` naming
the endpoint and what to check.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import openai

from salon.errors import ModelError
from salon.host.models.base import (
    INVALID_ARGUMENTS_KEY,
    CallDraft,
    CallProposal,
    ChatMessage,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.models.partial_json import read_partial_object


@dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)
    shown: dict[str, Any] | None = None
    """The arguments of the last draft sent."""


def tool_to_wire(tool: OfferedTool) -> dict[str, Any]:
    """An offered tool as an OpenAI function tool."""
    parameters = dict(tool.parameters) or {"type": "object", "properties": {}}
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": parameters},
    }


def message_to_wire(message: ChatMessage) -> dict[str, Any]:
    """A history message in the chat-completions format."""
    if message.role == "assistant":
        wire: dict[str, Any] = {"role": "assistant", "content": message.content or None}
        if message.tool_calls:
            wire["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
                }
                for call in message.tool_calls
            ]
        return wire
    if message.role == "tool":
        if not message.tool_call_id:
            raise ModelError(
                f"a tool message (tool {message.name!r}) has no tool_call_id, and OpenAI-compatible "
                "endpoints require one; record the id of the call it answers",
                code="model_bad_history",
            )
        content = message.content
        if message.data is not None:
            content = f"{content}\n\nStructured result: {json.dumps(message.data, default=str)}".strip()
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": content}
    return {"role": message.role, "content": message.content}


def _parse_arguments(raw: str) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError:
        return {INVALID_ARGUMENTS_KEY: raw}
    return parsed if isinstance(parsed, dict) else {INVALID_ARGUMENTS_KEY: raw}


class OpenAICompatibleProvider(ModelProvider):
    """Chat completions with tools over `openai.AsyncOpenAI`.

    `api_key` may be None for local servers that do not check one (a placeholder is sent, since the
    client library insists on a key); the `OPENAI_API_KEY` environment variable is not read.
    `max_retries` applies to connection errors and 429/5xx answers before the stream starts.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str,
        *,
        timeout: float = 60.0,
        max_retries: int = 2,
        temperature: float | None = None,
    ) -> None:
        if not model:
            raise ModelError("the OpenAI-compatible provider needs a model name", code="model_configuration")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.temperature = temperature
        self._client = openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key=api_key or "not-needed",
            timeout=timeout,
            max_retries=max_retries,
        )

    def _request_options(self, request: ModelRequest) -> dict[str, Any]:
        options: dict[str, Any] = {
            "model": self.model,
            "messages": [message_to_wire(m) for m in request.messages],
            "stream": True,
        }
        if request.tools:
            options["tools"] = [tool_to_wire(t) for t in request.tools]
            options["tool_choice"] = request.tool_choice
        if self.temperature is not None:
            options["temperature"] = self.temperature
        return options

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        options = self._request_options(request)
        partial: dict[int, _PartialCall] = {}
        try:
            response = await self._client.chat.completions.create(**options)
            async for chunk in response:
                if not chunk.choices:
                    continue
                delta = chunk.choices[0].delta
                if delta.content:
                    yield TextDelta(text=delta.content)
                for fragment in delta.tool_calls or []:
                    call = partial.setdefault(fragment.index, _PartialCall())
                    if fragment.id:
                        call.id = fragment.id
                    if fragment.function is not None:
                        if fragment.function.name:
                            call.name += fragment.function.name
                        if fragment.function.arguments:
                            call.arguments.append(fragment.function.arguments)
                            draft = self._draft(fragment.index, call)
                            if draft is not None:
                                yield draft
        except openai.APIError as exc:
            raise self._error(exc) from exc
        for index in sorted(partial):
            call = partial[index]
            if not call.name:
                raise ModelError(
                    f"the model at {self.base_url} streamed a tool call (index {index}) without a name; "
                    f"check that model {self.model!r} supports tool calling on this server",
                    code="model_protocol",
                )
            yield CallProposal(
                call=ProposedCall(
                    id=call.id or f"call_{index}",
                    name=call.name,
                    arguments=_parse_arguments("".join(call.arguments)),
                )
            )

    @staticmethod
    def _draft(index: int, call: _PartialCall) -> CallDraft | None:
        """The call as far as it has streamed, when its reading changed since the last draft."""
        if not call.name:
            return None
        arguments = read_partial_object("".join(call.arguments))
        if arguments is None or arguments == call.shown:
            return None
        call.shown = arguments
        return CallDraft(id=call.id or f"call_{index}", name=call.name, arguments=arguments)

    def _error(self, exc: openai.APIError) -> ModelError:
        where = f"the model endpoint {self.base_url}"
        if isinstance(exc, openai.APITimeoutError):
            return ModelError(
                f"{where} did not answer in time; check that it is running and not overloaded, "
                "or raise the provider's timeout",
                code="model_timeout",
            )
        if isinstance(exc, openai.APIConnectionError):
            return ModelError(
                f"could not connect to {where}; check that the server is running and that "
                "base_url is right (it usually ends in /v1)",
                code="model_unreachable",
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ModelError(
                f"{where} refused the API key ({exc.status_code}); check the key configured "
                "for this provider",
                code="model_auth",
            )
        if isinstance(exc, openai.NotFoundError):
            return ModelError(
                f"{where} answered 404 for model {self.model!r}; check the model name (for a "
                "local server, that the model is pulled/loaded) and that base_url ends in /v1",
                code="model_not_found",
            )
        if isinstance(exc, openai.RateLimitError):
            return ModelError(
                f"{where} is rate limiting requests (429); wait, or lower the request rate",
                code="model_rate_limited",
            )
        if isinstance(exc, openai.APIStatusError):
            return ModelError(
                f"{where} rejected the request ({exc.status_code}): {exc.message}; check that "
                f"model {self.model!r} supports streaming chat completions with tools",
                code="model_rejected",
            )
        return ModelError(f"{where} failed mid-answer: {exc.message}", code="model_error")

    async def aclose(self) -> None:
        await self._client.close()
