"""`View`: components composed into one self-contained MCP Apps document.

`View.render()` returns one HTML document with everything inline: the kit's stylesheet, the view's
declaration as JSON (`<script type="application/json">`, never executed), and the runtime script written
once in this package (`runtime/`, one part per concern, joined in file-name order inside one function
scope). Nothing is fetched, no `eval`, no `new Function`, so the document works
under the strict sandbox policy a host builds from an empty `_meta.ui.csp` (inline script and style
allowed, no network). Images are loaded only from `data:` URLs or the view's declared resource domains;
anything else is drawn as a generated placeholder.

The document holds no data. At run time the runtime speaks MCP Apps as the View (JSON-RPC 2.0 over
`window.parent.postMessage`): `ui/initialize`, then `ui/notifications/initialized`; it renders from the
`structuredContent` of `ui/notifications/tool-result`, calls tools for bound buttons and forms, follows the
host's theme variables, display mode and locale, and reports its size. The full list of what it sends and
handles, with parameter shapes, is at the top of `runtime/01-bridge.js`.

View state (what the person left open, a carousel's position, a player's progress) is kept through a
Salon extension filling the gap MCP Apps leaves: the runtime reads the saved state from
`hostContext.salon.viewState` in the `ui/initialize` result and saves it with the request
`ui/salon/set-state` `{"state": {...}}`; inside a host that provides `window.openai`, it is mirrored to
`window.openai.setWidgetState` as well.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from salon.errors import ConfigurationError
from salon.sdk.widgets.components import DISPLAY_MODES, Component, DisplayMode, NodeIds

PROTOCOL_VERSION = "2026-01-26"
"""The MCP Apps protocol version the runtime asks for in `ui/initialize`."""

SPEC_ELEMENT_ID = "salon-view-spec"


@cache
def _asset(name: str) -> str:
    return resources.files("salon.sdk.widgets").joinpath(name).read_text(encoding="utf-8")


@cache
def _runtime() -> str:
    """The runtime's parts joined in name order inside one strict-mode function scope: the parts share
    its private names (the model, the renderer table) and nothing leaks onto `window`."""
    folder = resources.files("salon.sdk.widgets").joinpath("runtime")
    parts = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".js")), key=lambda entry: entry.name
    )
    body = "\n".join(part.read_text(encoding="utf-8") for part in parts)
    return '(function () {\n  "use strict";\n\n' + body + "\n})();\n"


class View:
    """A view made of components, rendered to one MCP Apps HTML document.

        View(
            Heading("Hotels in {city}"),
            Carousel(items="hotels", card=Card(title="{name}", ...)),
            title="Hotel results",
            display_modes=("inline", "fullscreen"),
        )

    `display_modes` are the modes the view supports (it always starts inline); the runtime declares them in
    `ui/initialize` and shows a button for each other mode the host also offers. `loading` is shown until
    the tool result arrives.
    """

    def __init__(
        self,
        *body: Component,
        title: str,
        display_modes: Sequence[DisplayMode] = ("inline",),
        loading: str = "Loading…",
        lang: str = "en",
    ) -> None:
        if not body:
            raise ConfigurationError(
                f"View {title!r} has no components; pass them first: View(Card(...), title=...)."
            )
        for component in body:
            if not isinstance(component, Component):
                raise ConfigurationError(
                    f"View {title!r}: {component!r} is not a widget component (Card, Carousel, List, ...)."
                )
        modes = list(display_modes)
        unknown = [mode for mode in modes if mode not in DISPLAY_MODES]
        if unknown or "inline" not in modes or len(set(modes)) != len(modes):
            raise ConfigurationError(
                f"View {title!r}: display_modes={modes!r} must list each mode once, include 'inline' "
                f"(every view starts there) and use only {', '.join(DISPLAY_MODES)}."
            )
        if not title.strip():
            raise ConfigurationError("A View needs a title (the document's <title>, read by screen readers).")
        self.body: tuple[Component, ...] = tuple(body)
        self.title = title
        self.display_modes: tuple[DisplayMode, ...] = tuple(modes)
        self.loading = loading
        self.lang = lang

    def __repr__(self) -> str:
        return f"View({self.title!r}, components={len(self.body)}, display_modes={list(self.display_modes)})"

    def tools(self) -> set[str]:
        """The app tools the view's buttons and forms call (the app checks that each exists)."""
        found: set[str] = set()
        for component in self.body:
            found |= component.tools()
        return found

    def spec(
        self,
        *,
        app_name: str = "salon-view",
        app_version: str = "0.0.0",
        resource_domains: Sequence[str] = (),
    ) -> dict[str, Any]:
        """The JSON declaration the runtime renders from."""
        ids = NodeIds()
        return {
            "protocolVersion": PROTOCOL_VERSION,
            "appInfo": {"name": app_name, "version": app_version},
            "title": self.title,
            "displayModes": list(self.display_modes),
            "resourceDomains": list(resource_domains),
            "loading": self.loading,
            "body": [component.node(ids) for component in self.body],
        }

    def render(
        self,
        *,
        app_name: str = "salon-view",
        app_version: str = "0.0.0",
        resource_domains: Sequence[str] = (),
    ) -> str:
        """The whole HTML document. `resource_domains` are the origins images may load from (the same list
        as the view's declared `_meta.ui.csp.resourceDomains`)."""
        spec = self.spec(app_name=app_name, app_version=app_version, resource_domains=resource_domains)
        return _DOCUMENT.format(
            lang=html.escape(self.lang, quote=True),
            title=html.escape(self.title),
            css=_asset("view.css"),
            spec_id=SPEC_ELEMENT_ID,
            spec=_script_json(spec),
            loading=html.escape(self.loading),
            runtime=_runtime(),
        )


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<' (so no '</script>' or '<!--'), no raw line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_DOCUMENT = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}</style>
<script type="application/json" id="{spec_id}">{spec}</script>
</head>
<body data-state="loading">
<main id="salon-root" aria-busy="true"><p class="sv-status" role="status">{loading}</p></main>
<script>
{runtime}</script>
</body>
</html>
"""

__all__ = ["PROTOCOL_VERSION", "View"]
