"""Declaring tools: the hints are required, mistakes name their fix, annotations reach the wire."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from salon.errors import ConfigurationError, ToolDefinitionError
from salon.sdk import AppTestClient, SalonApp


def search_hotels(city: str) -> str:
    """Search hotels in a city."""
    return city


def test_tool_without_any_hint_is_refused_with_the_exact_fix(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()
    with pytest.raises(ToolDefinitionError) as caught:
        app.tool()(search_hotels)
    message = str(caught.value)
    assert "'search_hotels'" in message
    assert (
        "add read_only=True, destructive=False, open_world=False to @app.tool(...) on 'search_hotels'"
        in message
    )
    assert caught.value.code == "tool_definition"


@pytest.mark.parametrize("missing", ["read_only", "destructive", "open_world"])
def test_tool_missing_one_hint_names_only_that_hint(
    app_factory: Callable[[], SalonApp], missing: str
) -> None:
    hints = {"read_only": True, "destructive": False, "open_world": False}
    del hints[missing]
    with pytest.raises(ToolDefinitionError, match=f"does not declare {missing}\\.") as caught:
        app_factory().tool(**hints)(search_hotels)  # type: ignore[arg-type]
    assert f"add {missing}=" in str(caught.value)


def test_read_only_and_destructive_together_are_refused(app_factory: Callable[[], SalonApp]) -> None:
    with pytest.raises(ToolDefinitionError, match="contradict") as caught:
        app_factory().tool(read_only=True, destructive=True, open_world=False)(search_hotels)
    assert "'search_hotels'" in str(caught.value)


def test_hint_that_is_not_a_boolean_is_refused(app_factory: Callable[[], SalonApp]) -> None:
    with pytest.raises(ToolDefinitionError, match="must be True or False"):
        app_factory().tool(read_only="yes", destructive=False, open_world=False)(search_hotels)  # type: ignore[arg-type]


def test_bare_decorator_without_arguments_is_refused(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()
    with pytest.raises(ToolDefinitionError, match=r"@app.tool\(read_only=\.\.\., destructive"):
        app.tool(search_hotels)


def test_two_tools_with_one_name_are_refused(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()
    app.tool(read_only=True, destructive=False, open_world=False)(search_hotels)
    with pytest.raises(ToolDefinitionError, match="already has a tool named 'search_hotels'"):
        app.tool(read_only=True, destructive=False, open_world=False)(search_hotels)


def test_meta_may_not_carry_the_ui_key_the_sdk_owns(app_factory: Callable[[], SalonApp]) -> None:
    with pytest.raises(ToolDefinitionError, match=r"view='ui://\.\.\.'"):
        app_factory().tool(read_only=True, destructive=False, open_world=False, meta={"ui": {}})(
            search_hotels
        )


def test_visibility_outside_model_and_app_is_refused(app_factory: Callable[[], SalonApp]) -> None:
    with pytest.raises(ToolDefinitionError, match="visibility"):
        app_factory().tool(
            read_only=True,
            destructive=False,
            open_world=False,
            visibility=["everyone"],  # type: ignore[list-item]
        )(search_hotels)


def test_declarations_after_the_server_is_built_are_refused(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()
    assert app.mcp is app.mcp
    with pytest.raises(ConfigurationError, match="Declare every tool and view before"):
        app.tool(read_only=True, destructive=False, open_world=False)(search_hotels)


def test_decorator_returns_the_function_unchanged(app_factory: Callable[[], SalonApp]) -> None:
    decorated = app_factory().tool(read_only=True, destructive=False, open_world=False)(search_hotels)
    assert decorated is search_hotels
    assert decorated("Oslo") == "Oslo"


async def test_declared_hints_are_sent_as_mcp_annotations(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        search = await client.tool("search_hotels")
        cancel = await client.tool("cancel_booking")
    assert search.annotations is not None
    assert search.annotations.model_dump(by_alias=True, exclude_none=True) == {
        "title": "Search hotels",
        "readOnlyHint": True,
        "destructiveHint": False,
        "idempotentHint": True,
        "openWorldHint": False,
    }
    assert search.title == "Search hotels"
    assert cancel.annotations is not None
    assert cancel.annotations.destructive_hint is True
    assert cancel.annotations.read_only_hint is False


async def test_description_defaults_to_the_docstring_and_parameters_become_the_schema(
    hotels_app: SalonApp,
) -> None:
    async with AppTestClient(hotels_app) as client:
        search = await client.tool("search_hotels")
    assert search.description == "Search hotels in a city."
    assert search.input_schema["required"] == ["city"]
    assert search.input_schema["properties"]["city"]["description"] == "City to search"
    assert search.input_schema["properties"]["nights"]["default"] == 1
    assert search.output_schema is None


async def test_activity_and_view_are_written_to_the_tool_meta(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        search = await client.tool("search_hotels")
        book = await client.tool("book_hotel")
    assert search.meta == {
        "ui": {"resourceUri": "ui://hotels/results.html"},
        "salon/activity": "Searching hotels…",
    }
    assert book.meta is None


async def test_visibility_and_extra_meta_are_merged_into_the_tool_meta(
    app_factory: Callable[[], SalonApp],
) -> None:
    app = app_factory()
    app.tool(
        read_only=True,
        destructive=False,
        open_world=False,
        visibility=["app"],
        meta={"salon/tag": "x"},
        name="refresh",
        description="Refresh the list.",
    )(search_hotels)
    async with AppTestClient(app) as client:
        refresh = await client.tool("refresh")
    assert refresh.description == "Refresh the list."
    assert refresh.meta == {"salon/tag": "x", "ui": {"visibility": ["app"]}}
