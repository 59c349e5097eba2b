"""`SalonApp.add_widget` serves a View as an MCP Apps resource with a declared CSP, and checks its tools."""

from __future__ import annotations

import pytest
from mcp.server.apps import APP_MIME_TYPE
from mcp_types import TextResourceContents

from salon.errors import ToolDefinitionError
from salon.sdk import AppTestClient, SalonApp, ToolResult, ViewCsp
from salon.sdk.widgets import Button, List, View

VIEW_URI = "ui://music/search.html"


def music_app(*, visibility: list[str] | None = None, declare_queue_add: bool = True) -> SalonApp:
    app = SalonApp("music", version="2.0.0")

    @app.tool(read_only=True, destructive=False, open_world=False, view=VIEW_URI)
    def search_music(query: str) -> ToolResult:
        """Search tracks."""
        return ToolResult(text="1 track", data={"tracks": [{"id": "trk-1", "title": query}]})

    if declare_queue_add:

        @app.tool(read_only=False, destructive=False, open_world=False, visibility=visibility)  # type: ignore[arg-type]
        def queue_add(track_id: str) -> str:
            """Queue a track."""
            return f"queued {track_id}"

    view = View(
        List(
            items="tracks",
            title="{title}",
            actions=[Button("Add", tool="queue_add", arguments={"track_id": "{id}"})],
        ),
        title="Music search",
    )
    app.add_widget(VIEW_URI, view, csp=ViewCsp(resource_domains=["https://art.example"]))
    return app


async def test_a_widget_is_served_as_mcp_app_html_with_a_fully_declared_csp() -> None:
    async with AppTestClient(music_app()) as client:
        html = await client.read_view(VIEW_URI)
        read = await client.client.read_resource(VIEW_URI)
        tool = await client.tool("search_music")
    [contents] = read.contents
    assert isinstance(contents, TextResourceContents)
    assert contents.mime_type == APP_MIME_TYPE
    assert contents.meta == {
        "ui": {
            "csp": {
                "connectDomains": [],
                "resourceDomains": ["https://art.example"],
                "frameDomains": [],
                "baseUriDomains": [],
            }
        }
    }
    assert html.startswith("<!doctype html>")
    assert '"appInfo":{"name":"music","version":"2.0.0"}' in html
    assert (tool.meta or {})["ui"]["resourceUri"] == VIEW_URI


async def test_a_widget_without_csp_declares_empty_domain_lists() -> None:
    app = SalonApp("plain")

    @app.tool(read_only=True, destructive=False, open_world=False, view="ui://plain/v.html")
    def show() -> str:
        """Show."""
        return "shown"

    app.add_widget("ui://plain/v.html", View(List(items="rows", title="{name}"), title="Rows"))
    async with AppTestClient(app) as client:
        read = await client.client.read_resource("ui://plain/v.html")
    [contents] = read.contents
    assert (contents.meta or {})["ui"]["csp"] == {
        "connectDomains": [],
        "resourceDomains": [],
        "frameDomains": [],
        "baseUriDomains": [],
    }


def test_a_widget_calling_a_tool_the_app_lacks_fails_the_build_with_the_fix() -> None:
    app = music_app(declare_queue_add=False)
    with pytest.raises(ToolDefinitionError, match=r"calling tool 'queue_add'.*Declare it with @app\.tool"):
        _ = app.mcp


def test_a_widget_calling_a_tool_hidden_from_views_fails_the_build() -> None:
    app = music_app(visibility=["model"])
    with pytest.raises(ToolDefinitionError, match="add 'app' to its visibility"):
        _ = app.mcp


def test_own_html_still_works_beside_widgets() -> None:
    app = music_app()
    app.add_view("ui://music/raw.html", html="<!doctype html><p>mine</p>")
    assert app.views["ui://music/raw.html"].html == "<!doctype html><p>mine</p>"
    assert app.views[VIEW_URI].html.count("<html") == 1
