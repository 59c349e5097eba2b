"""What the checks of one review read: the manifest, the server's tools and views as fetched, timings.

The runner (`salon.review.runner`) fills a `ReviewContext` once — connects to the server, lists its
tools, reads every view they name, calls the read-only tools that need no arguments — and then runs
every check over it. Checks never talk to the server themselves, so each tool is listed once and a
review makes the same few requests whatever checks are registered; the browser and the router are
shared the same way (`ReviewOptions`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from salon.directory.manifest import AppManifest
from salon.errors import ManifestError
from salon.host.tools import ToolSpec

if TYPE_CHECKING:
    from salon.review.browser import RenderResult
    from salon.router import Embedder, RouteResult

DEFAULT_CONNECT_LIMIT_S = 10.0
"""A server that has not answered `initialize` (or `server/discover`) by then fails the review."""
DEFAULT_LIST_LIMIT_S = 5.0
"""A server that has not answered `tools/list` by then fails the review."""
SLOW_FRACTION = 0.5
"""An answer slower than this fraction of its limit is a warning."""
MAX_RESULT_BYTES = 256 * 1024
"""A sample result larger than this (content + structuredContent, as JSON) is an error."""
LARGE_RESULT_BYTES = 64 * 1024
"""…and larger than this, a warning: everything in `content` goes into the model's context."""


@dataclass(frozen=True)
class ReviewOptions:
    """How a review runs. `browser=False` skips the rendering check (the CSP declaration is still checked)."""

    browser: bool = True
    chromium: str | None = None
    """Path of the Chromium binary; default `SALON_CHROMIUM` or Debian's `/usr/bin/chromium`."""
    routing: bool = True
    embedder: Embedder | None = None
    """The router's embedder; default the bundled MiniLM model (the router people's requests go through)."""
    connect_limit_s: float = DEFAULT_CONNECT_LIMIT_S
    list_limit_s: float = DEFAULT_LIST_LIMIT_S
    call_limit_s: float = 10.0
    sample_calls: bool = True
    """Call read-only tools that need no arguments, to measure a real result's size."""


@dataclass
class ViewDocument:
    """One `ui://` view as the server returned it for `resources/read`."""

    uri: str
    tools: list[str]
    mime_type: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass
class SampleCall:
    """A read-only tool called with no arguments: how big its result was, and whether it failed."""

    tool: str
    result_bytes: int = 0
    content_bytes: int = 0
    seconds: float = 0.0
    is_error: bool = False
    error: str | None = None
    result: dict[str, Any] | None = None
    """The result as an MCP `CallToolResult` (kept when under `MAX_RESULT_BYTES`), which the browser
    check feeds to the tool's view so it renders real data."""


@dataclass
class ReviewContext:
    app: str
    """The name the review uses for the app (the manifest's `name`, else the endpoint's)."""
    manifest: AppManifest | None = None
    manifest_error: ManifestError | None = None
    tools: list[ToolSpec] = field(default_factory=list)
    tool_definitions: list[dict[str, Any]] = field(default_factory=list)
    views: dict[str, ViewDocument] = field(default_factory=dict)
    samples: dict[str, SampleCall] = field(default_factory=dict)
    server_error: str | None = None
    """Why the server could not be reached or listed; None when it answered."""
    connect_s: float | None = None
    list_s: float | None = None
    server_version: str | None = None
    options: ReviewOptions = field(default_factory=ReviewOptions)
    renders: dict[str, RenderResult] | None = None
    """Each view's rendering in Chromium, made once by the first check that needs it."""
    routes: list[tuple[str, bool, RouteResult]] | None = None
    """Each test case routed (request, should route, result), made once by the routing checks."""

    @property
    def server_ok(self) -> bool:
        return self.server_error is None


def tool_wire(spec: ToolSpec) -> dict[str, Any]:
    """A tool as the MCP `Tool` object the server listed (camelCase, annotations as hints)."""
    hints = spec.hints
    annotations = {
        key: value
        for key, value in (
            ("title", hints.title),
            ("readOnlyHint", hints.read_only),
            ("destructiveHint", hints.destructive),
            ("idempotentHint", hints.idempotent),
            ("openWorldHint", hints.open_world),
        )
        if value is not None
    }
    body: dict[str, Any] = {
        "name": spec.name,
        "description": spec.description,
        "inputSchema": spec.input_schema,
    }
    if spec.title:
        body["title"] = spec.title
    if spec.output_schema is not None:
        body["outputSchema"] = spec.output_schema
    if annotations:
        body["annotations"] = annotations
    if spec.meta:
        body["_meta"] = spec.meta
    return body


__all__ = [
    "LARGE_RESULT_BYTES",
    "MAX_RESULT_BYTES",
    "ReviewContext",
    "ReviewOptions",
    "SampleCall",
    "ViewDocument",
    "tool_wire",
]
