"""`run_review`: the automated review the directory runs, and `salon app check` runs locally.

    report = await run_review(ReviewTarget.parse("examples/apps/hotels"))
    report = await run_review(ReviewTarget(manifest=manifest, url="https://example.com/mcp"))
    report = await run_review(ReviewTarget(path=Path("my-app")), options=ReviewOptions(browser=False))

A `ReviewTarget` names the manifest and how to reach the live server: a URL (Streamable HTTP), or a
local app folder, started over stdio with this Python running the folder's `server.py` — the way
`salon apps add NAME --command "python server.py"` runs it. The review then

1. loads the manifest (a `ManifestError` becomes findings: each wrong field, with the fix);
2. connects through the host's own client (`salon.host.connections`), timing `initialize` and
   `tools/list`; lists the tools, reads each view they name, and calls the read-only tools that take
   no arguments to measure a real result (nothing that writes is ever called);
3. runs every registered check (`CheckRegistry.default()` unless `checks=` is given) over what was
   fetched, skipping — and saying so in the report — those whose needs were not met.

A check that raises is reported as an error finding of that check: an app never passes because a
check could not decide. The review always returns a report; only a bad target raises.
"""

from __future__ import annotations

import base64
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from salon.directory.manifest import MANIFEST_FILE, AppManifest, load_manifest
from salon.errors import AppError, ConfigurationError, ManifestError
from salon.host.connections import AppConnection
from salon.host.endpoints import AppEndpoint
from salon.review.context import (
    MAX_RESULT_BYTES,
    ReviewContext,
    ReviewOptions,
    SampleCall,
    ViewDocument,
    tool_wire,
)
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding, RenderedView, ReviewReport

SERVER_FILE = "server.py"

ManifestSource = AppManifest | Path | Mapping[str, Any]


@dataclass(frozen=True)
class ReviewTarget:
    """What to review: the manifest, and the live server as exactly one of `url` (an MCP endpoint),
    `path` (a local app folder, or its `salon.json`) or `endpoint` (an `AppEndpoint`). With `path` and
    no `manifest`, the folder's `salon.json` is the manifest; with no manifest at all the review fails
    `manifest.valid`."""

    manifest: ManifestSource | None = None
    url: str | None = None
    path: Path | str | None = None
    endpoint: AppEndpoint | None = None

    def __post_init__(self) -> None:
        given = [where for where in (self.url, self.path, self.endpoint) if where is not None]
        if len(given) != 1:
            raise ConfigurationError(
                "a review target needs exactly one of url= (a running MCP server), path= (an app folder) "
                "or endpoint="
            )
        if self.url is not None:
            object.__setattr__(self, "endpoint", _remote(self.url))
        elif self.path is not None:
            folder, manifest = _local(Path(self.path))
            object.__setattr__(self, "endpoint", folder)
            if self.manifest is None:
                object.__setattr__(self, "manifest", manifest)

    @property
    def server(self) -> AppEndpoint:
        """How the review reaches the server (always set once the target is built)."""
        if self.endpoint is None:  # unreachable: __post_init__ sets it
            raise ConfigurationError("this review target has no server")
        return self.endpoint

    @classmethod
    def local(cls, folder: Path, manifest: ManifestSource | None = None) -> ReviewTarget:
        """An app folder: `server.py` run over stdio with this Python, `salon.json` beside it."""
        return cls(manifest=manifest, path=folder)

    @classmethod
    def remote(cls, url: str, manifest: ManifestSource | None = None) -> ReviewTarget:
        return cls(manifest=manifest, url=url)

    @classmethod
    def parse(cls, where: str | Path, manifest: ManifestSource | None = None) -> ReviewTarget:
        """A URL, an app folder, or an app's `salon.json` (its folder's `server.py` is the server)."""
        text = str(where)
        if text.startswith(("http://", "https://")):
            return cls(manifest=manifest, url=text)
        return cls(manifest=manifest, path=Path(where))


def _remote(url: str) -> AppEndpoint:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(f"{url!r} is not an http(s) MCP endpoint, e.g. https://example.com/mcp")
    return AppEndpoint(name=_endpoint_name(parts.hostname or "app"), transport="http", url=url)


def _local(path: Path) -> tuple[AppEndpoint, Path]:
    """The stdio endpoint for an app folder (or its manifest file), and the manifest's path."""
    if path.is_file():
        folder, manifest = path.resolve().parent, path
    elif path.is_dir():
        folder = path.resolve()
        manifest = folder / MANIFEST_FILE
    else:
        raise ConfigurationError(f"{path} is neither an app folder, a manifest file nor an http(s) URL.")
    server = folder / SERVER_FILE
    if not server.is_file():
        raise ConfigurationError(
            f"{folder} has no {SERVER_FILE}; give the app's folder (with {SERVER_FILE} and "
            f"{MANIFEST_FILE}) or the URL of its running MCP server."
        )
    endpoint = AppEndpoint(
        name=_endpoint_name(folder.name),
        transport="stdio",
        command=[sys.executable, str(server)],
        cwd=str(folder),
    )
    return endpoint, manifest


def _endpoint_name(text: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "_.-" else "-" for c in text).strip("-_.")
    return (cleaned or "app")[:64]


async def run_review(
    target: ReviewTarget,
    *,
    checks: CheckRegistry | None = None,
    options: ReviewOptions | None = None,
) -> ReviewReport:
    """Review `target` (see the module docstring)."""
    started = time.perf_counter()
    options = options or ReviewOptions()
    registry = checks if checks is not None else CheckRegistry.default()
    context = ReviewContext(app=target.server.name, options=options)
    _load_manifest(context, target.manifest)
    await _fetch(context, target.server)

    findings: list[Finding] = []
    run: list[str] = []
    skipped: dict[str, str] = {}
    for check in registry:
        reason = _unmet(check, context)
        if reason is not None:
            skipped[check.id] = reason
            continue
        run.append(check.id)
        try:
            findings.extend(await check.run(check, context))
        except Exception as error:  # a plugin's bug must fail the review, not pass it
            findings.append(
                Finding(
                    check_id=check.id,
                    severity="error",
                    message="This check failed before it could decide, so the review cannot pass.",
                    fix="Report the details to the check's author; run the review again once it is fixed.",
                    details=[f"{type(error).__name__}: {error}"],
                )
            )
    manifest = context.manifest
    return ReviewReport(
        app=manifest.server.name if manifest else context.app,
        version=manifest.server.version if manifest else (context.server_version or "unknown"),
        findings=findings,
        tool_definitions=context.tool_definitions,
        checks_run=run,
        checks_skipped=skipped,
        duration_s=round(time.perf_counter() - started, 3),
        rendered_views=_rendered(context),
    )


def _rendered(context: ReviewContext) -> list[RenderedView]:
    return [
        RenderedView(
            uri=uri, screenshot="data:image/png;base64," + base64.b64encode(result.screenshot_png).decode()
        )
        for uri, result in sorted((context.renders or {}).items())
        if result.screenshot_png
    ]


def _load_manifest(context: ReviewContext, source: ManifestSource | None) -> None:
    if source is None:
        context.manifest_error = ManifestError(
            "No manifest was given.", code="manifest_unreadable", problems=[("", "missing")]
        )
        return
    try:
        context.manifest = source if isinstance(source, AppManifest) else load_manifest(source)
        context.app = context.manifest.server.name
    except ManifestError as error:
        context.manifest_error = error


def _unmet(check: Check, context: ReviewContext) -> str | None:
    options = context.options
    if "manifest" in check.needs and context.manifest is None:
        return "the manifest could not be read"
    if "server" in check.needs and not context.server_ok:
        return "the server did not answer"
    if "browser" in check.needs and not options.browser:
        return "the browser check was turned off"
    if "router" in check.needs and not options.routing:
        return "the routing check was turned off"
    return None


async def _fetch(context: ReviewContext, endpoint: AppEndpoint) -> None:
    options = context.options
    connection = AppConnection(
        endpoint,
        call_timeout=max(options.list_limit_s, options.call_limit_s),
        connect_timeout=options.connect_limit_s,
    )
    try:
        began = time.perf_counter()
        await connection.start()
        context.connect_s = time.perf_counter() - began
        context.server_version = connection.server_version
        began = time.perf_counter()
        tools = await connection.list_tools()
        context.list_s = time.perf_counter() - began
        context.tools = tools
        context.tool_definitions = [tool_wire(spec) for spec in tools]
        for spec in tools:
            uri = spec.view_uri
            if uri is not None:
                context.views.setdefault(uri, ViewDocument(uri=uri, tools=[])).tools.append(spec.name)
        for view in context.views.values():
            try:
                resource = await connection.read_resource(view.uri)
            except AppError as error:
                view.error = error.message
                continue
            view.mime_type, view.html, view.meta = resource.mime_type, resource.text, dict(resource.meta)
        if options.sample_calls:
            for spec in tools:
                if spec.hints.read_only is True and not spec.input_schema.get("required"):
                    context.samples[spec.name] = await _sample(connection, spec.name)
    except AppError as error:
        context.server_error = error.message
    finally:
        await connection.aclose()


async def _sample(connection: AppConnection, tool: str) -> SampleCall:
    began = time.perf_counter()
    try:
        outcome = await connection.call_tool(tool, {}, retry_safe=True)
    except AppError as error:
        return SampleCall(tool=tool, seconds=time.perf_counter() - began, error=error.message)
    body = {"content": outcome.text, "structuredContent": outcome.structured}
    size = len(json.dumps(body, ensure_ascii=False, default=str).encode())
    result: dict[str, Any] = {"content": [{"type": "text", "text": outcome.text}] if outcome.text else []}
    if outcome.structured is not None:
        result["structuredContent"] = outcome.structured
    return SampleCall(
        tool=tool,
        result_bytes=size,
        content_bytes=len(outcome.text.encode()),
        seconds=time.perf_counter() - began,
        is_error=outcome.is_error,
        result=result if size <= MAX_RESULT_BYTES and not outcome.is_error else None,
    )


__all__ = ["ReviewTarget", "run_review"]
