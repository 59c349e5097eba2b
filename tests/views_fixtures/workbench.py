"""A plain MCP Apps view written against the protocol directly (no widget kit), for the lifecycle tests.

`open_bench` (read-only) and `order_part` (a write: the person is asked first) both render the view. The
view writes every host notification it gets into its own DOM (`li[data-kind]`); its buttons read the
app's `notes` resource, share context with the model, and navigate the view's frame away. When the host
tears it down, it calls `note_teardown` (visible to views only) before answering, so a test can see the
teardown happened. Every call that reaches the app is logged (calllog.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from salon.sdk import SalonApp, ToolResult
from tests.views_fixtures import calllog

VIEW_URI = "ui://workbench/bench.html"
NOTES_URI = "ui://workbench/notes.txt"
NOTES = "Bench notes: the blue sofa needs new legs."

app = SalonApp("workbench", title="Workbench", description="A workshop's parts and orders.", version="1.0.0")
app.add_view(
    VIEW_URI,
    html=(Path(__file__).parent / "workbench_view.html").read_text(encoding="utf-8"),
    title="Workbench",
)


@app.tool(read_only=True, destructive=False, open_world=False, view=VIEW_URI)
def open_bench() -> ToolResult:
    """Open the workbench."""
    calllog.record("workbench", "open_bench", {})
    return ToolResult(text="Workbench open.", data={"parts": ["leg", "screw"]})


@app.tool(read_only=False, destructive=False, open_world=True, view=VIEW_URI, title="Order a part")
def order_part(part: str) -> ToolResult:
    """Order a part from the supplier."""
    calllog.record("workbench", "order_part", {"part": part})
    return ToolResult(text=f"Ordered {part}.", data={"ordered": part})


@app.tool(read_only=True, destructive=False, open_world=False, visibility=["app"])
def note_teardown(reason: str) -> ToolResult:
    """Record that the host tore the view down."""
    calllog.record("workbench", "note_teardown", {"reason": reason})
    return ToolResult(text="noted")


# A plain resource on the built server (tools and views are declared above, before it is built).
@app.mcp.resource(NOTES_URI, mime_type="text/plain")
def notes() -> str:
    return NOTES


if __name__ == "__main__":
    app.run()
