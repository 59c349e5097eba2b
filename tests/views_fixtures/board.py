"""A ChatGPT-era app, written the way OpenAI's Apps SDK documents it and nothing else.

Its view is a `text/html+skybridge` resource named by `_meta["openai/outputTemplate"]`; the view's
script knows only `window.openai` (toolOutput, widgetState, setWidgetState, callTool, theme and the
`openai:set_globals` event). `add_card` is reachable from the view through `openai/widgetAccessible`.
Salon must run it unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

from tests.views_fixtures import calllog

TEMPLATE = "ui://widget/board.html"
HTML = (Path(__file__).parent / "board_view.html").read_text(encoding="utf-8")

server: MCPServer[Any] = MCPServer("board")


@server.resource(TEMPLATE, mime_type="text/html+skybridge", meta={"openai/widgetPrefersBorder": True})
def board_widget() -> str:
    return HTML


@server.tool(
    title="Show the board",
    annotations=ToolAnnotations(readOnlyHint=True, destructiveHint=False, openWorldHint=False),
    meta={
        "openai/outputTemplate": TEMPLATE,
        "openai/widgetAccessible": True,
        "openai/toolInvocation/invoking": "Opening the board…",
        "openai/toolInvocation/invoked": "Board ready",
    },
)
def show_board() -> dict[str, Any]:
    """Show the team's task board."""
    calllog.record("board", "show_board", {})
    return {"cards": [{"title": "Write the spec"}, {"title": "Ship it"}]}


@server.tool(
    title="Add a card",
    annotations=ToolAnnotations(readOnlyHint=True, destructiveHint=False, openWorldHint=False),
    meta={"openai/widgetAccessible": True, "openai/visibility": "private"},
)
def add_card(title: str) -> dict[str, Any]:
    """Add a card to the board."""
    calllog.record("board", "add_card", {"title": title})
    return {"card": {"title": title}}


if __name__ == "__main__":
    server.run()
