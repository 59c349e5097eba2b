"""Tool results go three ways: content for the model, structuredContent and _meta for the view."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from mcp.server.mcpserver import Context
from mcp_types import CallToolResult, ImageContent, TextContent

from salon.sdk import AppTestClient, SalonApp, ToolResult


async def test_tool_result_fills_content_structured_content_and_meta(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        result = await client.call("search_hotels", {"city": "Melbourne", "nights": 2})
    assert result.text == "Found 1 hotel in Melbourne"
    assert result.data == {"hotels": [{"name": "Melbourne Grand", "nights": 2}]}
    assert result.meta == {"salon/x": 1}
    assert result.is_error is False
    wire = result.raw.model_dump(by_alias=True, exclude_none=True, mode="json")
    assert wire["content"] == [{"type": "text", "text": "Found 1 hotel in Melbourne"}]
    assert wire["structuredContent"] == {"hotels": [{"name": "Melbourne Grand", "nights": 2}]}
    assert wire["_meta"]["salon/x"] == 1


async def test_returned_dict_becomes_structured_content_and_json_text(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        result = await client.call("book_hotel", {"name": "Grand"})
    assert result.data == {"booked": "Grand", "confirmation": "ABC123"}
    assert json.loads(result.text) == result.data
    assert result.meta is None


async def test_returned_pydantic_model_becomes_structured_content(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        result = await client.call("best_hotel")
    assert result.data == {"name": "Grand", "stars": 5}
    assert json.loads(result.text) == {"name": "Grand", "stars": 5}


async def test_returned_string_is_text_only(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        result = await client.call("hello")
    assert result.text == "hello"
    assert result.data is None
    assert result.raw.structured_content is None


async def test_tool_result_marked_as_error_reaches_the_host_as_error(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        result = await client.call("cancel_booking", {"confirmation": "XYZ"})
    assert result.is_error is True
    assert result.text == "No booking XYZ"


async def test_crashing_tool_is_an_error_result_that_hides_the_exception_text(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        result = await client.call("broken")
    assert result.is_error is True
    assert "broken" in result.text
    assert "on fire" not in result.text


async def test_arguments_that_break_the_schema_are_an_error_result(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        result = await client.call("search_hotels", {"nights": 2})
    assert result.is_error is True
    assert "city" in result.text


async def test_content_blocks_and_full_results_pass_through(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()

    @app.tool(read_only=True, destructive=False, open_world=False)
    def picture() -> list[ImageContent | TextContent]:
        """A picture and a caption."""
        return [
            ImageContent(type="image", data="iVBORw0KGgo=", mime_type="image/png"),
            TextContent(type="text", text="a caption"),
        ]

    @app.tool(read_only=True, destructive=False, open_world=False)
    def raw() -> CallToolResult:
        """A hand-built result."""
        return CallToolResult(
            content=[TextContent(type="text", text="raw")], structured_content={"raw": True}
        )

    async with AppTestClient(app) as client:
        pictured = await client.call("picture")
        handmade = await client.call("raw")
    assert [block.type for block in pictured.content] == ["image", "text"]
    assert pictured.text == "a caption"
    assert handmade.text == "raw"
    assert handmade.data == {"raw": True}


async def test_async_tool_receives_the_mcp_context(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()

    @app.tool(read_only=True, destructive=False, open_world=False)
    async def whoami(ctx: Context, greeting: str = "hi") -> str:
        """Name the server."""
        return f"{greeting} from {ctx.mcp_server.name}"

    async with AppTestClient(app) as client:
        tool = await client.tool("whoami")
        result = await client.call("whoami", {"greeting": "hello"})
    assert "ctx" not in tool.input_schema["properties"]
    assert result.text == "hello from test-app"


@pytest.mark.parametrize("mode", ["legacy", "2026-07-28"])
async def test_results_have_the_same_shape_in_both_protocol_eras(hotels_app: SalonApp, mode: str) -> None:
    async with AppTestClient(hotels_app, mode=mode) as client:
        result = await client.call("search_hotels", {"city": "Oslo"})
    assert (result.text, result.data, result.meta) == (
        "Found 1 hotel in Oslo",
        {"hotels": [{"name": "Oslo Grand", "nights": 1}]},
        {"salon/x": 1},
    )


def test_tool_result_converts_without_a_server() -> None:
    wire = ToolResult(text="t", data=[1, 2], meta={"k": "v"}).to_call_tool_result()
    assert wire.model_dump(by_alias=True, exclude_none=True, mode="json") == {
        "_meta": {"k": "v"},
        "content": [{"type": "text", "text": "t"}],
        "structuredContent": [1, 2],
        "isError": False,
        "resultType": "complete",
    }
