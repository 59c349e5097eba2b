"""`AppTestClient`: drive an app in-process, through a real MCP client, the way a host would.

    async with AppTestClient(app) as client:
        tools = await client.list_tools()
        result = await client.call("search_hotels", {"city": "Melbourne"})
        assert result.data["hotels"]
        html = await client.read_view("ui://hotels/results.html")

The client is `mcp.Client` connected to `app.mcp` in the same process (no sockets, no subprocess); by
default it speaks the 2026-07-28 protocol and advertises MCP Apps support, so tools that branch on
`client_supports_apps(ctx)` take their view path. `mode="legacy"` tests the 2025-era handshake instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any

from mcp.client import Client, advertise
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID
from mcp_types import CallToolResult, ContentBlock, TextContent, TextResourceContents, Tool

from salon.errors import AppProtocolError
from salon.sdk.app import SalonApp

_PROTOCOL_META_PREFIX = "io.modelcontextprotocol/"


@dataclass(frozen=True, slots=True)
class CallResult:
    """A tool's answer as an app's test reads it: the three parts of a result, plus the raw wire object."""

    text: str
    """The text content blocks, joined by newlines (what the model reads)."""
    data: Any
    """`structuredContent` (what the view renders), or None."""
    meta: dict[str, Any] | None
    """The result's `_meta` as the app set it (view only), or None; keys the protocol itself stamps
    (`io.modelcontextprotocol/...`) are left out here and kept on `raw`."""
    is_error: bool
    content: list[ContentBlock]
    raw: CallToolResult

    @classmethod
    def from_wire(cls, result: CallToolResult) -> CallResult:
        text = "\n".join(block.text for block in result.content if isinstance(block, TextContent))
        meta = {k: v for k, v in (result.meta or {}).items() if not k.startswith(_PROTOCOL_META_PREFIX)}
        return cls(
            text=text,
            data=result.structured_content,
            meta=meta or None,
            is_error=bool(result.is_error),
            content=list(result.content),
            raw=result,
        )


class AppTestClient:
    """An in-process MCP client for one `SalonApp`; use it as an async context manager."""

    def __init__(self, app: SalonApp, *, mode: str = "auto", supports_views: bool = True) -> None:
        self.app = app
        extensions = [advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})] if supports_views else None
        self._client = Client(app.mcp, mode=mode, extensions=extensions)

    @property
    def client(self) -> Client:
        """The underlying `mcp.Client`, for anything this class does not wrap (prompts, resources...)."""
        return self._client

    async def __aenter__(self) -> AppTestClient:
        await self._client.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.__aexit__(exc_type, exc, tb)

    async def list_tools(self) -> list[Tool]:
        """Every tool the app lists, all pages."""
        tools: list[Tool] = []
        cursor: str | None = None
        while True:
            page = await self._client.list_tools(cursor=cursor)
            tools.extend(page.tools)
            cursor = page.next_cursor
            if not cursor:
                return tools

    async def tool(self, name: str) -> Tool:
        """The listed definition of one tool; `LookupError` if the app does not list it."""
        for tool in await self.list_tools():
            if tool.name == name:
                return tool
        raise LookupError(f"App {self.app.name!r} lists no tool named {name!r}.")

    async def call(self, name: str, arguments: dict[str, Any] | None = None) -> CallResult:
        """Call a tool; a failing tool comes back as `is_error=True`, as a host would see it."""
        return CallResult.from_wire(await self._client.call_tool(name, arguments or {}))

    async def read_view(self, uri: str) -> str:
        """The HTML of a `ui://` view; `AppProtocolError` if the resource is not an MCP Apps view."""
        result = await self._client.read_resource(uri)
        for contents in result.contents:
            if isinstance(contents, TextResourceContents):
                if contents.mime_type != APP_MIME_TYPE:
                    raise AppProtocolError(
                        self.app.name,
                        f"Resource {uri!r} is served as {contents.mime_type!r}, not {APP_MIME_TYPE!r}; "
                        f"register it with app.add_view() so hosts render it.",
                    )
                return contents.text
        raise AppProtocolError(self.app.name, f"Resource {uri!r} has no text contents, so it is not a view.")


__all__ = ["AppTestClient", "CallResult"]
