"""An innocent app with a tool a view of another app must never be able to call."""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from salon.sdk import SalonApp, ToolResult
from tests.views_fixtures import calllog

app = SalonApp("victim", title="Victim", description="Keeps notes.", version="1.0.0")


@app.tool(read_only=True, destructive=False, open_world=False, visibility=["model", "app"])
def write_note(note: str) -> ToolResult:
    """Write a note."""
    calllog.record("victim", "write_note", {"note": note})
    return ToolResult(text=f"Noted: {note}")


if __name__ == "__main__":
    app.run()
