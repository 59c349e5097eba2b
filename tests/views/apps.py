"""Apps with views for the views tests, built with the SDK and served over Streamable HTTP.

`make_studio_app` is an MCP Apps app: a model-visible search with a view (with declared CSP,
permissions and trusted link domains), an app-only refresh, a write that needs confirmation, and a tool
that reports whether the host negotiated MCP Apps. `make_legacy_app` is written the OpenAI way: a
`text/html+skybridge` template named by `openai/outputTemplate`, a `widgetAccessible` tool and one that is
not. `make_other_app` is a second app whose tool a view must not reach.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.apps import client_supports_apps
from mcp.server.mcpserver import Context
from pydantic import Field

from salon.sdk import SalonApp, ToolResult

VIEW_URI = "ui://studio/board.html"
VIEW_HTML = "<!doctype html><html><head><title>Board</title></head><body><p>board</p></body></html>"
LEGACY_URI = "ui://widget/legacy.html"
LEGACY_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><div id=root></div></body></html>"
)
SKYBRIDGE = "text/html+skybridge"


def make_studio_app(received: list[tuple[str, dict[str, Any]]]) -> SalonApp:
    app = SalonApp("studio", title="Studio", description="Plan a mood board.", version="2.0.0")

    @app.tool(read_only=True, destructive=False, open_world=False, view=VIEW_URI, title="Find pieces")
    def find_pieces(query: Annotated[str, Field(description="What to look for")]) -> ToolResult:
        """Find pieces for a mood board."""
        received.append(("find_pieces", {"query": query}))
        return ToolResult(
            text=f"3 pieces for {query}", data={"pieces": ["a", "b", "c"]}, meta={"cursor": "p2"}
        )

    @app.tool(read_only=True, destructive=False, open_world=False, visibility=["app"])
    def more_pieces(cursor: str) -> ToolResult:
        """The next page of pieces (for the view)."""
        received.append(("more_pieces", {"cursor": cursor}))
        return ToolResult(text="2 more", data={"pieces": ["d", "e"]}, meta={"cursor": "end"})

    @app.tool(read_only=True, destructive=False, open_world=False, visibility=["model"])
    def summarise_board() -> ToolResult:
        """Summarise the board (for the model only)."""
        received.append(("summarise_board", {}))
        return ToolResult(text="A calm board.")

    @app.tool(read_only=False, destructive=False, open_world=False, title="Pin piece")
    def pin_piece(piece: str) -> ToolResult:
        """Pin a piece to the board."""
        received.append(("pin_piece", {"piece": piece}))
        return ToolResult(text=f"Pinned {piece}.", data={"pinned": piece})

    @app.tool(read_only=False, destructive=False, open_world=True, view=VIEW_URI, title="Share board")
    def share_board(piece: str) -> ToolResult:
        """Share a piece of the board with the studio's followers."""
        received.append(("share_board", {"piece": piece}))
        return ToolResult(text=f"Shared {piece}.", data={"pieces": [piece]})

    app.add_view(
        VIEW_URI,
        html=VIEW_HTML,
        csp={"connectDomains": ["https://api.studio.example", "https://x.example; script-src *"]},
        permissions={"clipboardWrite": {}},
        prefers_border=True,
    )

    @app.mcp.tool(name="negotiated", annotations=None)
    def negotiated(ctx: Context) -> str:
        """Whether the host said it renders MCP Apps views."""
        return "yes" if client_supports_apps(ctx) else "no"

    return app


def make_legacy_app(received: list[tuple[str, dict[str, Any]]]) -> SalonApp:
    app = SalonApp("legacy", title="Legacy", description="A ChatGPT-era app.", version="1.0.0")

    @app.tool(
        read_only=True,
        destructive=False,
        open_world=False,
        meta={"openai/outputTemplate": LEGACY_URI, "openai/widgetAccessible": True},
    )
    def show_list(topic: str) -> ToolResult:
        """Show a list about a topic."""
        received.append(("show_list", {"topic": topic}))
        return ToolResult(text=f"A list about {topic}", data={"items": [topic]})

    @app.tool(read_only=True, destructive=False, open_world=False, meta={"openai/widgetAccessible": False})
    def private_lookup() -> ToolResult:
        """Look something up (never from the widget)."""
        received.append(("private_lookup", {}))
        return ToolResult(text="secret")

    @app.mcp.resource(
        LEGACY_URI,
        mime_type=SKYBRIDGE,
        meta={
            "openai/widgetCSP": {"resource_domains": ["https://cdn.legacy.example"], "connect_domains": []},
            "openai/widgetDomain": "https://legacy.example",
        },
    )
    def legacy_template() -> str:
        return LEGACY_HTML

    return app


def make_other_app(received: list[tuple[str, dict[str, Any]]]) -> SalonApp:
    app = SalonApp("other", title="Other", description="Another app.", version="1.0.0")

    @app.tool(read_only=True, destructive=False, open_world=False)
    def other_tool() -> ToolResult:
        """Another app's tool."""
        received.append(("other_tool", {}))
        return ToolResult(text="other")

    return app
