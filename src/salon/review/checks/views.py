"""Views: every view a tool names is readable, declares its CSP, and renders in the sandbox without
CSP violations.

    views.readable        the `ui://` resource a tool names (`_meta.ui.resourceUri` or
                          `openai/outputTemplate`) can be read, and is an HTML view
                          (`text/html;profile=mcp-app`, or the OpenAI-era `text/html+skybridge`)
    views.csp_declared    its resource `_meta` declares a CSP (`ui.csp`, or `openai/widgetCSP`) — an
                          empty declaration is fine and means "no network", but it must be said
    views.csp_refused     a declared domain the host refuses (a wildcard, a keyword, a non-https
                          scheme…; see `salon.host.view_policy`), so the view will not get it
    views.csp_violation   rendered in headless Chromium under exactly the host's CSP (see
                          `salon.review.browser`), the view tried to load or connect to something its
                          declaration does not allow. The view gets a real result when one of its
                          tools was sampled (read-only, no required arguments), else an empty one.
    views.script_error    the view threw an uncaught error while rendering
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salon.host.view_policy import view_policy
from salon.host.views import view_kind
from salon.review.browser import RenderResult, ViewToRender, render_views
from salon.review.context import ReviewContext, ViewDocument
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding


def _renderable(view: ViewDocument) -> bool:
    return view.error is None and view.html is not None and view_kind(view.mime_type) is not None


def declares_csp(meta: Mapping[str, Any]) -> bool:
    ui = meta.get("ui")
    return (isinstance(ui, Mapping) and isinstance(ui.get("csp"), Mapping)) or isinstance(
        meta.get("openai/widgetCSP"), Mapping
    )


async def _readable(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for view in context.views.values():
        if view.error is not None:
            findings.append(check.found(view.uri, [view.error]))
        elif view_kind(view.mime_type) is None:
            findings.append(check.found(view.uri, [f"mimeType is {view.mime_type!r}"]))
    return findings


async def _csp_declared(check: Check, context: ReviewContext) -> list[Finding]:
    return [
        check.found(view.uri, [f"rendered by {', '.join(view.tools)}"])
        for view in context.views.values()
        if _renderable(view) and not declares_csp(view.meta)
    ]


async def _csp_refused(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for view in context.views.values():
        if _renderable(view):
            dropped = view_policy(view.meta).dropped
            if dropped:
                findings.append(check.found(view.uri, dropped))
    return findings


def _sample_result(context: ReviewContext, view: ViewDocument) -> dict[str, Any]:
    """A real result of one of the view's tools when the review sampled one (else an empty result)."""
    for tool in view.tools:
        sample = context.samples.get(tool)
        if sample is not None and sample.result is not None:
            return sample.result
    return {}


async def _rendered(context: ReviewContext) -> dict[str, RenderResult]:
    """Render every view once per review, shared by the two browser checks."""
    if context.renders is None:
        views = [
            ViewToRender(
                uri=view.uri,
                html=view.html or "",
                skybridge=view_kind(view.mime_type) == "skybridge",
                policy=view_policy(view.meta),
                tool_result=_sample_result(context, view),
            )
            for view in context.views.values()
            if _renderable(view)
        ]
        context.renders = await render_views(views, chromium=context.options.chromium) if views else {}
    return context.renders


async def _csp_violation(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for uri, result in (await _rendered(context)).items():
        if result.error:
            findings.append(check.found(uri, [f"the view could not be rendered: {result.error}"]))
        elif result.violations:
            findings.append(check.found(uri, result.violations))
    return findings


async def _script_error(check: Check, context: ReviewContext) -> list[Finding]:
    return [
        check.found(uri, result.script_errors)
        for uri, result in (await _rendered(context)).items()
        if result.script_errors
    ]


_SERVER = frozenset({"server"})
_BROWSER = frozenset({"server", "browser"})

CHECKS = [
    Check(
        id="views.readable",
        severity="error",
        message="A view the tools name cannot be read, or is not an HTML view.",
        fix="Serve the ui:// resource with mimeType text/html;profile=mcp-app (or text/html+skybridge).",
        run=_readable,
        needs=_SERVER,
    ),
    Check(
        id="views.csp_declared",
        severity="error",
        message="The view does not declare a Content Security Policy.",
        fix="Declare _meta.ui.csp on the view's resource, listing the domains it loads from "
        "(resourceDomains) and connects to (connectDomains); {} if none.",
        run=_csp_declared,
        needs=_SERVER,
    ),
    Check(
        id="views.csp_refused",
        severity="warning",
        message="Some domains the view declares are refused by the host and will not be allowed.",
        fix="Declare plain https origins (https://cdn.example.com), no wildcards of whole domains, "
        "keywords or other schemes.",
        run=_csp_refused,
        needs=_SERVER,
    ),
    Check(
        id="views.csp_violation",
        severity="error",
        message="Rendered in the sandbox, the view tried to load or connect to something its CSP does "
        "not allow.",
        fix="Declare each origin the view needs in _meta.ui.csp (resourceDomains for scripts, styles, "
        "images, fonts; connectDomains for fetch/XHR/WebSocket), or stop using it.",
        run=_csp_violation,
        needs=_BROWSER,
    ),
    Check(
        id="views.script_error",
        severity="warning",
        message="The view threw an error while rendering in the sandbox.",
        fix="Open the view with its tool's result in a browser and fix the error shown in the console.",
        run=_script_error,
        needs=_BROWSER,
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
