"""Views: ui:// resources served as MCP Apps HTML, bound to tools, checked when the server is built."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from mcp_types import TextResourceContents

from salon.errors import AppProtocolError, ConfigurationError, ToolDefinitionError
from salon.sdk import AppTestClient, SalonApp, ViewCsp

from .conftest import RESULTS_HTML, RESULTS_VIEW


async def test_view_is_served_as_mcp_app_html_with_its_csp(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        html = await client.read_view(RESULTS_VIEW)
        listing = await client.client.list_resources()
        read = await client.client.read_resource(RESULTS_VIEW)
    assert html == RESULTS_HTML
    [resource] = listing.resources
    assert (resource.uri, resource.mime_type) == (RESULTS_VIEW, APP_MIME_TYPE)
    [contents] = read.contents
    assert isinstance(contents, TextResourceContents)
    assert contents.meta == {"ui": {"csp": {"connectDomains": ["https://api.example.com"]}}}


async def test_app_with_views_advertises_the_mcp_apps_extension(hotels_app: SalonApp) -> None:
    async with AppTestClient(hotels_app) as client:
        extensions = client.client.server_capabilities.extensions
    assert extensions is not None
    assert EXTENSION_ID in extensions


async def test_app_without_views_does_not_advertise_mcp_apps(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()

    @app.tool(read_only=True, destructive=False, open_world=False)
    def ping() -> str:
        """Ping."""
        return "pong"

    async with AppTestClient(app) as client:
        extensions = client.client.server_capabilities.extensions or {}
    assert EXTENSION_ID not in extensions


def test_tool_naming_a_missing_view_fails_the_build_with_the_fix(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()

    @app.tool(read_only=True, destructive=False, open_world=False, view="ui://test-app/missing.html")
    def show() -> str:
        """Show."""
        return "shown"

    app.add_view("ui://test-app/other.html", html="<p>other</p>")
    with pytest.raises(ToolDefinitionError) as caught:
        _ = app.mcp
    message = str(caught.value)
    assert "'show'" in message
    assert "app.add_view('ui://test-app/missing.html', html=...)" in message
    assert "'ui://test-app/other.html'" in message


def test_view_may_be_added_after_the_tool_that_shows_it(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()
    app.tool(read_only=True, destructive=False, open_world=False, view="ui://test-app/v.html", name="x")(
        lambda: "x"
    )
    app.add_view("ui://test-app/v.html", html="<p>v</p>")
    assert app.mcp.name == "test-app"


def test_tool_view_must_be_a_ui_uri(app_factory: Callable[[], SalonApp]) -> None:
    with pytest.raises(ToolDefinitionError, match="ui://"):
        app_factory().tool(read_only=True, destructive=False, open_world=False, view="https://x/v.html")(len)


def test_view_uri_must_use_the_ui_scheme(app_factory: Callable[[], SalonApp]) -> None:
    with pytest.raises(ConfigurationError, match="ui:// scheme"):
        app_factory().add_view("https://example.com/v.html", html="<p>v</p>")


def test_view_is_added_once(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()
    app.add_view("ui://test-app/v.html", html="<p>v</p>")
    with pytest.raises(ConfigurationError, match="already has a view"):
        app.add_view("ui://test-app/v.html", html="<p>again</p>")


def test_csp_with_an_unknown_key_is_refused_instead_of_ignored(app_factory: Callable[[], SalonApp]) -> None:
    with pytest.raises(ConfigurationError, match="unknown key"):
        app_factory().add_view("ui://test-app/v.html", html="<p>v</p>", csp={"connect_domain": ["https://x"]})


async def test_view_settings_reach_the_resource_meta(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()
    app.add_view(
        "ui://test-app/v.html",
        html="<p>v</p>",
        csp=ViewCsp(resource_domains=["https://cdn.example.com"]),
        permissions={"clipboardWrite": {}},
        prefers_border=True,
        domain="test-app.example.com",
    )
    async with AppTestClient(app) as client:
        read = await client.client.read_resource("ui://test-app/v.html")
    assert read.contents[0].meta == {
        "ui": {
            "csp": {"resourceDomains": ["https://cdn.example.com"]},
            "permissions": {"clipboardWrite": {}},
            "domain": "test-app.example.com",
            "prefersBorder": True,
        }
    }


async def test_reading_a_resource_that_is_not_a_view_says_so(app_factory: Callable[[], SalonApp]) -> None:
    app = app_factory()

    @app.mcp.resource("test://plain", mime_type="text/plain")
    def plain() -> str:
        return "plain"

    async with AppTestClient(app) as client:
        with pytest.raises(AppProtocolError, match="not 'text/html;profile=mcp-app'"):
            await client.read_view("test://plain")
