"""The conformance fixture: an app built with `salon.sdk` that the official MCP conformance suite drives.

The suite's server scenarios call fixture tools, resources and prompts by fixed names (`test_simple_text`,
`test://static-text`, `test_simple_prompt`, ...) and check what comes back; this app provides them. Tools
go through `SalonApp` like any app's tools (so the suite exercises the SDK's declarations and result
conversion); prompts, plain resources and completions, for which the SDK has no API of its own, are
added on `app.mcp`.

    python conformance/everything_app.py --transport http --port 3001

`scripts/conformance.sh` starts it and runs the suite against it.
"""

from __future__ import annotations

import base64
import json
from typing import Annotated

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.prompts.base import Prompt, UserMessage
from mcp.shared.exceptions import MCPError
from mcp_types import (
    MISSING_REQUIRED_CLIENT_CAPABILITY,
    AudioContent,
    Completion,
    CompletionArgument,
    CompletionContext,
    CreateMessageRequest,
    CreateMessageRequestParams,
    CreateMessageResult,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitResult,
    EmbeddedResource,
    ImageContent,
    InputRequest,
    InputRequiredResult,
    ListRootsRequest,
    ListRootsResult,
    PromptReference,
    ResourceTemplateReference,
    SamplingMessage,
    TextContent,
    TextResourceContents,
)
from pydantic import Field

from salon.sdk import SalonApp, ToolResult

# A 1x1 PNG and a tiny WAV: the suite only checks the content type and that data is present.
PNG_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
WAV_BASE64 = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA="

app = SalonApp(
    "salon-conformance-app",
    title="Salon conformance app",
    description="Fixture app for the MCP conformance suite, built with salon.sdk.",
    version="0.1.0",
)

# Every fixture only reads and stays inside this process.
fixture = app.tool(read_only=True, destructive=False, open_world=False)


def _image() -> ImageContent:
    return ImageContent(type="image", data=PNG_BASE64, mime_type="image/png")


def _ask(message: str, field: str, kind: str = "string") -> ElicitRequest:
    schema = {"type": "object", "properties": {field: {"type": kind}}, "required": [field]}
    return ElicitRequest(params=ElicitRequestFormParams(message=message, requested_schema=schema))


def _sample(prompt: str, max_tokens: int) -> CreateMessageRequest:
    message = SamplingMessage(role="user", content=TextContent(type="text", text=prompt))
    return CreateMessageRequest(params=CreateMessageRequestParams(messages=[message], max_tokens=max_tokens))


def _answer(response: object, field: str) -> object:
    if isinstance(response, ElicitResult) and response.content:
        return response.content.get(field)
    return None


# --- tools: content kinds -------------------------------------------------------------------------


@fixture
def test_simple_text() -> str:
    """Returns one text block."""
    return "This is a simple text response for testing."


@fixture
def test_image_content() -> ImageContent:
    """Returns one image block."""
    return _image()


@fixture
def test_audio_content() -> AudioContent:
    """Returns one audio block."""
    return AudioContent(type="audio", data=WAV_BASE64, mime_type="audio/wav")


@fixture
def test_embedded_resource() -> EmbeddedResource:
    """Returns one embedded text resource."""
    contents = TextResourceContents(
        uri="test://embedded-resource", mime_type="text/plain", text="This is an embedded resource content."
    )
    return EmbeddedResource(type="resource", resource=contents)


@fixture
def test_multiple_content_types() -> list[TextContent | ImageContent | EmbeddedResource]:
    """Returns a text, an image and an embedded resource block together."""
    contents = TextResourceContents(
        uri="test://mixed-content-resource",
        mime_type="application/json",
        text='{"test": "data", "value": 123}',
    )
    return [
        TextContent(type="text", text="Multiple content types test:"),
        _image(),
        EmbeddedResource(type="resource", resource=contents),
    ]


@fixture
def test_structured_result() -> ToolResult:
    """Returns text, structured content and result metadata, the way Salon apps answer."""
    return ToolResult(text="Three parts.", data={"parts": 3}, meta={"salon/fixture": True})


@fixture
def test_error_handling() -> str:
    """Always fails, so the result comes back with isError."""
    raise RuntimeError("This tool intentionally returns an error for testing")


# --- tools: request-scoped notifications and protocol errors --------------------------------------


@fixture
async def test_tool_with_progress(ctx: Context) -> str:
    """Reports progress three times, then returns the request's progress token."""
    for step in (0, 50, 100):
        await ctx.report_progress(progress=step, total=100, message=f"Completed step {step} of 100")
    meta = ctx.request_context.meta if ctx.request_context else None
    return str(meta.get("progress_token") if meta else 0)


@fixture
async def test_tool_with_logging(ctx: Context) -> str:
    """Emits three log messages on the request's stream."""
    for message in ("Tool execution started", "Tool processing data", "Tool execution completed"):
        await ctx.info(message)
    return "Tool with logging executed successfully"


@fixture
async def test_missing_capability(ctx: Context) -> str:
    """Needs the client's sampling capability; without it, a protocol error naming what is missing."""
    capabilities = ctx.session.client_capabilities
    if capabilities is None or capabilities.sampling is None:
        raise MCPError(
            code=MISSING_REQUIRED_CLIENT_CAPABILITY,
            message="This tool requires the client 'sampling' capability",
            data={"requiredCapabilities": {"sampling": {}}},
        )
    return "Client declared sampling capability; proceeding."


@fixture
def test_x_mcp_header(
    region: Annotated[
        str,
        Field(
            description="Mirrored into the Mcp-Param-Region header",
            json_schema_extra={"x-mcp-header": "Region"},
        ),
    ] = "<none>",  # noqa: PT028 - a fixture tool, not a pytest test
) -> str:
    """Has a parameter mirrored into an HTTP header (SEP-2243), which the server validates."""
    return f"region={region}"


@fixture
async def test_trigger_tool_change(ctx: Context) -> str:
    """Adds and removes a tool, then announces that the tool list changed."""
    app.mcp.add_tool(_dynamic, name="test_dynamic_tool")
    app.mcp.remove_tool("test_dynamic_tool")
    await ctx.notify_tools_changed()
    return "tool list changed"


@fixture
async def test_trigger_prompt_change(ctx: Context) -> str:
    """Adds and removes a prompt, then announces that the prompt list changed."""
    app.mcp.add_prompt(Prompt.from_function(_dynamic, name="test_dynamic_prompt", description="dynamic"))
    app.mcp.remove_prompt("test_dynamic_prompt")
    await ctx.notify_prompts_changed()
    return "prompt list changed"


def _dynamic() -> str:
    return "dynamic"


# --- tools: the 2026-07-28 multi-round-trip flow (InputRequiredResult, SEP-2322) ------------------


@fixture
async def test_input_required_result_elicitation(ctx: Context) -> str | InputRequiredResult:
    """Asks the client for a name, then greets it."""
    responses = ctx.input_responses or {}
    if "user_name" in responses:
        return f"Hello, {_answer(responses['user_name'], 'name') or 'stranger'}!"
    return InputRequiredResult(input_requests={"user_name": _ask("What is your name?", "name")})


@fixture
async def test_input_required_result_sampling(ctx: Context) -> str | InputRequiredResult:
    """Asks the client's model a question, then repeats the answer."""
    responses = ctx.input_responses or {}
    if "capital_question" in responses:
        answer = responses["capital_question"]
        text = (
            answer.content.text
            if isinstance(answer, CreateMessageResult) and answer.content.type == "text"
            else "?"
        )
        return f"Model said: {text}"
    return InputRequiredResult(
        input_requests={"capital_question": _sample("What is the capital of France?", 100)}
    )


@fixture
async def test_input_required_result_list_roots(ctx: Context) -> str | InputRequiredResult:
    """Asks the client for its roots, then counts them."""
    responses = ctx.input_responses or {}
    if "client_roots" in responses:
        answer = responses["client_roots"]
        count = len(answer.roots) if isinstance(answer, ListRootsResult) else 0
        return f"Client exposed {count} root(s)."
    return InputRequiredResult(input_requests={"client_roots": ListRootsRequest()})


@fixture
async def test_input_required_result_request_state(ctx: Context) -> str | InputRequiredResult:
    """Completes only when the retry echoes the request state it was given."""
    responses = ctx.input_responses or {}
    if "confirm" in responses and ctx.request_state == "request-state-nonce":
        return "state-ok: confirmation received"
    return InputRequiredResult(
        input_requests={"confirm": _ask("Please confirm", "ok", "boolean")},
        request_state="request-state-nonce",
    )


@fixture
async def test_input_required_result_multiple_inputs(ctx: Context) -> str | InputRequiredResult:
    """Asks for an elicitation, a sampling and the roots in one round."""
    responses = ctx.input_responses or {}
    if {"user_name", "greeting", "client_roots"} <= responses.keys():
        return "All inputs received."
    return InputRequiredResult(
        input_requests={
            "user_name": _ask("What is your name?", "name"),
            "greeting": _sample("Generate a greeting", 50),
            "client_roots": ListRootsRequest(),
        },
        request_state="multiple-inputs",
    )


@fixture
async def test_input_required_result_multi_round(ctx: Context) -> str | InputRequiredResult:
    """Three rounds: a name, then a colour, then the answer; the state carries what was learnt."""
    state = json.loads(ctx.request_state) if ctx.request_state else {"round": 0}
    responses = ctx.input_responses or {}
    if state.get("round") == 1 and "step1" in responses:
        return InputRequiredResult(
            input_requests={"step2": _ask("Step 2: What is your favorite color?", "color")},
            request_state=json.dumps({"round": 2, "name": _answer(responses["step1"], "name")}),
        )
    if state.get("round") == 2 and "step2" in responses:
        return f"{state.get('name')} likes {_answer(responses['step2'], 'color')}."
    # First call, or a missing or out-of-order answer: start over.
    return InputRequiredResult(
        input_requests={"step1": _ask("Step 1: What is your name?", "name")},
        request_state=json.dumps({"round": 1}),
    )


@fixture
async def test_input_required_result_tampered_state(ctx: Context) -> str | InputRequiredResult:
    """Hands out request state; the SDK's sealed-state boundary rejects a tampered echo."""
    if ctx.request_state is None:
        return InputRequiredResult(
            input_requests={"confirm": _ask("Please confirm", "ok", "boolean")}, request_state="round-1"
        )
    return f"state-ok: {ctx.request_state}"


@fixture
async def test_input_required_result_capabilities(ctx: Context) -> InputRequiredResult:
    """Asks only for the kinds of input the client declared it can give."""
    capabilities = ctx.client_capabilities
    requests: dict[str, InputRequest] = {}
    if capabilities is None or capabilities.sampling is not None:
        requests["sample"] = _sample("Say hello", 50)
    if capabilities is None or capabilities.elicitation is not None:
        requests["ask"] = _ask("What is your name?", "name")
    return InputRequiredResult(input_requests=requests, request_state="capability-gated")


# --- resources, prompts and completions, on the underlying server -----------------------------------

server = app.mcp


@server.resource("test://static-text", mime_type="text/plain")
def static_text() -> str:
    """A static text resource."""
    return "This is the content of the static text resource."


@server.resource("test://static-binary", mime_type="image/png")
def static_binary() -> bytes:
    """A static binary resource (a PNG image)."""
    return base64.b64decode(PNG_BASE64)


@server.resource("test://template/{id}/data", mime_type="application/json")
def template_data(id: str) -> str:
    """A resource template; the id is substituted into the data."""
    return json.dumps({"id": id, "templateTest": True, "data": f"Data for ID: {id}"})


@server.resource("test://watched-resource", mime_type="text/plain")
def watched() -> str:
    """A resource clients may watch for changes."""
    return "Watched resource content"


@server.prompt()
def test_simple_prompt() -> list[UserMessage]:
    """A prompt without arguments."""
    return [
        UserMessage(
            role="user", content=TextContent(type="text", text="This is a simple prompt for testing.")
        )
    ]


@server.prompt()
def test_prompt_with_arguments(arg1: str, arg2: str) -> list[UserMessage]:
    """A prompt with two required arguments."""
    text = f"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'"
    return [UserMessage(role="user", content=TextContent(type="text", text=text))]


@server.prompt()
def test_prompt_with_embedded_resource(resourceUri: str) -> list[UserMessage]:
    """A prompt that embeds a resource."""
    contents = TextResourceContents(
        uri=resourceUri, mime_type="text/plain", text="Embedded resource content for testing."
    )
    return [
        UserMessage(role="user", content=EmbeddedResource(type="resource", resource=contents)),
        UserMessage(
            role="user", content=TextContent(type="text", text="Please process the embedded resource above.")
        ),
    ]


@server.prompt()
def test_prompt_with_image() -> list[UserMessage]:
    """A prompt that carries an image."""
    return [
        UserMessage(role="user", content=_image()),
        UserMessage(role="user", content=TextContent(type="text", text="Please analyze the image above.")),
    ]


@server.prompt()
async def test_input_required_result_prompt(ctx: Context) -> list[UserMessage] | InputRequiredResult:
    """A prompt that first asks the client for context (the multi-round-trip flow outside tools)."""
    responses = ctx.input_responses or {}
    if "user_context" in responses:
        text = f"Use the following context: {_answer(responses['user_context'], 'context') or '?'}"
        return [UserMessage(role="user", content=TextContent(type="text", text=text))]
    return InputRequiredResult(
        input_requests={"user_context": _ask("What context should the prompt use?", "context")}
    )


@server.completion()
async def complete(
    ref: PromptReference | ResourceTemplateReference,
    argument: CompletionArgument,
    context: CompletionContext | None,
) -> Completion:
    """Completion is supported; the fixtures have nothing to suggest."""
    return Completion(values=[], total=0, has_more=False)


if __name__ == "__main__":
    app.run()
