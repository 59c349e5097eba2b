"""A view's `_meta.ui` may be declared on the `resources/list` entry as well as on the content item
(MCP Apps draft): the host reads both, and for each key the content item wins."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import mcp_types
from mcp.server.apps import APP_MIME_TYPE
from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.resources import TextResource
from pydantic import AnyUrl

from salon.host.endpoints import AppEndpoint
from salon.host.models.scripted import ScriptedProvider
from salon.host.runtime import Host
from salon.settings import Settings
from tests.conftest import serve_asgi

VIEW = "ui://atlas/map.html"
LISTED_UI = {
    "csp": {"connectDomains": ["https://tiles.atlas.example"]},
    "permissions": {"geolocation": {}},
    "prefersBorder": True,
}


class ListingOnlyServer(MCPServer[Any]):
    """Serves its view's content with only `prefersBorder: false`; the rest is on the listing entry."""

    async def read_resource(
        self, uri: AnyUrl | str, context: Context[Any, Any] | None = None
    ) -> Iterable[ReadResourceContents] | mcp_types.InputRequiredResult:
        read = await super().read_resource(uri, context)
        assert not isinstance(read, mcp_types.InputRequiredResult)
        contents: list[ReadResourceContents] = list(read)
        [content] = contents
        return [
            ReadResourceContents(content.content, content.mime_type, meta={"ui": {"prefersBorder": False}})
        ]


def make_atlas() -> MCPServer[Any]:
    server = ListingOnlyServer("atlas")
    server.add_resource(
        TextResource(uri=VIEW, name="map", mime_type=APP_MIME_TYPE, meta={"ui": LISTED_UI}, text="<p>map</p>")
    )

    @server.tool(meta={"ui": {"resourceUri": VIEW}})
    def show_map(place: str) -> str:
        """Show a place on the map."""
        return f"map of {place}"

    return server


async def test_the_listing_entry_declares_what_the_content_item_leaves_out(tmp_path: Path) -> None:
    with serve_asgi(make_atlas().streamable_http_app()) as url:
        host = await Host.open(Settings(data_dir=tmp_path, model="scripted"), provider=ScriptedProvider([]))
        try:
            await host.install_app(AppEndpoint(name="atlas", transport="http", url=url + "/mcp"))
            view = await host._view_catalog.resolve("atlas", VIEW)
        finally:
            await host.aclose()

    assert "connect-src https://tiles.atlas.example;" in view.policy.csp
    assert "geolocation" in view.policy.allow
    assert view.policy.prefers_border is False, "the content item's own value wins"
