"""A tiny app built with the SDK, launched as a child process by the transport tests (stdio and HTTP)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from salon.sdk import SalonApp, ToolResult

app = SalonApp("tiny", title="Tiny", description="A tiny test app.", version="0.0.1")


@app.tool(read_only=True, destructive=False, open_world=False, view="ui://tiny/greeting.html")
def greet(name: Annotated[str, Field(description="Who to greet")]) -> ToolResult:
    """Greet someone by name."""
    return ToolResult(text=f"Hello, {name}!", data={"name": name}, meta={"salon/greeted": 1})


app.add_view("ui://tiny/greeting.html", html="<!doctype html><title>Greeting</title>")


if __name__ == "__main__":
    app.run()
