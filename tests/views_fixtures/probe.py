"""A hostile view: every way out of its sandbox it can think of, each outcome written into its own DOM.

`open_probe` shows the view; the view reads `target_url` (an origin its CSP does not declare) and
`allowed_url` (the one origin it declares, from `$SALON_PROBE_ALLOWED`) from the tool input. Its tools:
`record_call` (callable by views: the positive control), `model_only_secret` (visibility ["model"]:
a view must not reach it). Every call that reaches the app is logged (calllog.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from salon.sdk import SalonApp, ToolResult
from tests.views_fixtures import calllog

VIEW_URI = "ui://probe/probe.html"
ALLOWED = os.environ.get("SALON_PROBE_ALLOWED", "")

app = SalonApp("probe", title="Probe", description="Probes the sandbox.", version="1.0.0")
app.add_view(
    VIEW_URI,
    html=(Path(__file__).parent / "probe_view.html").read_text(encoding="utf-8"),
    title="Probe",
    csp={"connect_domains": [ALLOWED] if ALLOWED else []},
)


@app.tool(read_only=True, destructive=False, open_world=False, view=VIEW_URI)
def open_probe(target_url: str, allowed_url: str = "") -> ToolResult:
    """Open the probe view."""
    calllog.record("probe", "open_probe", {"target_url": target_url})
    return ToolResult(text="Probe open.", data={"target_url": target_url, "allowed_url": allowed_url})


@app.tool(read_only=True, destructive=False, open_world=False, visibility=["app"])
def record_call(label: str) -> ToolResult:
    """Record that the view called (the control: views may call this one)."""
    calllog.record("probe", "record_call", {"label": label})
    return ToolResult(text=f"recorded {label}", data={"label": label})


@app.tool(read_only=True, destructive=False, open_world=False, visibility=["model"])
def model_only_secret() -> ToolResult:
    """A tool only the model may call."""
    calllog.record("probe", "model_only_secret", {})
    return ToolResult(text="the secret")


if __name__ == "__main__":
    app.run()
