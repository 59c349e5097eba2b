"""Salon's app SDK: what an app developer imports.

A thin layer over the official `mcp` server (`MCPServer` and its MCP Apps extension):

    SalonApp         an app: tools that must state their hints, `ui://` views, one MCP server
    ToolResult       a tool's answer: text for the model, data for the view, meta for the view only
    AppTestClient    drive an app in-process through a real MCP client, in an app's own tests
    CallResult       what `AppTestClient.call` returns
    ViewCsp          the domains a view may reach (MCP Apps `_meta.ui.csp`)
    ViewPermissions  the browser permissions a view asks for (MCP Apps `_meta.ui.permissions`)

Views without JavaScript: the widget kit in `salon.sdk.widgets` (Card, Carousel, Form, ... composed into a
`View`, registered with `SalonApp.add_widget`).

Declaration mistakes raise `salon.errors.ToolDefinitionError` or `salon.errors.ConfigurationError` with
the fix in the message. The SDK brings no database and no web framework beyond what `mcp` brings.
"""

from salon.sdk.app import SalonApp
from salon.sdk.results import ToolResult
from salon.sdk.testing import AppTestClient, CallResult
from salon.sdk.views import ViewCsp, ViewPermissions

__all__ = ["AppTestClient", "CallResult", "SalonApp", "ToolResult", "ViewCsp", "ViewPermissions"]
