"""Rendering views in headless Chromium the way the host does, and catching CSP violations.

Each view is served exactly as the sandbox origin serves it (`salon.web.sandbox`): its HTML with the
`Content-Security-Policy` and `Permissions-Policy` that `salon.host.view_policy` builds from what the
app declared, the `window.openai` shim injected first into OpenAI-era views, inside an iframe with the
host's `sandbox` attribute (an opaque origin). A small stand-in for the host page answers the MCP Apps
handshake (`ui/initialize`, then `tool-input` and `tool-result`) so the view runs its own code.

Nothing leaves the machine: every request is intercepted. The two review origins are answered locally
and every other request — the view reaching for its declared domains too — is aborted, so a review
never touches the network. A request to an *undeclared* origin is refused by the CSP before it gets
that far, and each refusal is recorded (`securitypolicyviolation` events from every frame, and
Chromium's own console report), which is what the `views.csp_violation` check reads.

Waits are bounded: each view gets `VIEW_WAIT_MS` to finish the handshake and settle.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from typing import Any, Final

from salon.errors import ConfigurationError
from salon.host.view_policy import ViewPolicy
from salon.host.views import SANDBOX
from salon.web.sandbox import OPENAI_SHIM, inject_first_script

DEFAULT_CHROMIUM: Final = "/usr/bin/chromium"
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEW_WAIT_MS: Final = 8_000
HOST_ORIGIN: Final = "https://host.review.invalid"
SANDBOX_ORIGIN: Final = "https://sandbox.review.invalid"
_MARK: Final = "salon-review-violation:"

# Runs first in every frame: report each CSP violation on the console, where Playwright sees it.
_RECORDER: Final = (
    "document.addEventListener('securitypolicyviolation', (e) => console.error("
    + json.dumps(_MARK)
    + " + JSON.stringify({directive: e.effectiveDirective || e.violatedDirective, "
    "blocked: String(e.blockedURI || ''), sample: String(e.sample || '')})), true);"
)

_HOST_PAGE: Final = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<iframe id="view" sandbox="%(sandbox)s" allow="%(allow)s" src="%(src)s"
 style="width:800px;height:600px;border:0"></iframe>
<script>
const frame = document.getElementById("view");
const post = (message) => frame.contentWindow.postMessage(message, "*");
window.reviewState = {initialized: false};
window.addEventListener("message", (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data || {};
  if (m.jsonrpc !== "2.0") return;
  if (m.method === "ui/initialize" && m.id !== undefined) {
    post({jsonrpc: "2.0", id: m.id, result: {protocolVersion: "2026-01-26",
      hostInfo: {name: "Salon review", version: "1"},
      hostCapabilities: {logging: {}, sandbox: {permissions: %(allow_json)s}},
      hostContext: {theme: "light", displayMode: "inline", availableDisplayModes: ["inline"],
        locale: "en-US", timeZone: "UTC", platform: "web"}}});
  } else if (m.method === "ui/notifications/initialized") {
    post({jsonrpc: "2.0", method: "ui/notifications/tool-input", params: {arguments: {}}});
    post({jsonrpc: "2.0", method: "ui/notifications/tool-result", params: %(result)s});
    window.reviewState.initialized = true;
  } else if (m.id !== undefined && m.method) {
    post({jsonrpc: "2.0", id: m.id, error: {code: -32601, message: "Not available during review"}});
  }
});
</script></body></html>"""


@dataclass
class RenderResult:
    violations: list[str] = field(default_factory=list)
    """`"<directive> blocked <url>"` for each CSP refusal."""
    script_errors: list[str] = field(default_factory=list)
    error: str | None = None
    """Why the view could not be rendered at all (the browser failed)."""
    screenshot_png: bytes | None = None
    """The view as rendered (the reviewer sees it in the review queue)."""


@dataclass(frozen=True)
class ViewToRender:
    uri: str
    html: str
    skybridge: bool
    policy: ViewPolicy
    tool_result: dict[str, Any] = field(default_factory=dict)


def chromium_path(configured: str | None = None) -> str:
    path = configured or os.environ.get("SALON_CHROMIUM") or DEFAULT_CHROMIUM
    if not os.path.isfile(path):
        raise ConfigurationError(
            f"Chromium is not at {path}; the view check renders views in it. Install Debian's chromium "
            "(scripts/ensure-chromium.sh), point SALON_CHROMIUM at a Chromium binary, or turn the "
            "browser check off (salon app check --no-browser)."
        )
    return path


async def render_views(views: list[ViewToRender], *, chromium: str | None = None) -> dict[str, RenderResult]:
    """Render each view once in one headless Chromium; see the module docstring."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    executable = chromium_path(chromium)
    results: dict[str, RenderResult] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for number, view in enumerate(views):
                result = results[view.uri] = RenderResult()
                context = await browser.new_context(java_script_enabled=True)
                try:
                    await _render(context, view, number, result)
                except PlaywrightError as error:
                    result.error = str(error).splitlines()[0][:300]
                finally:
                    await context.close()
        finally:
            await browser.close()
    return results


async def _render(context: Any, view: ViewToRender, number: int, result: RenderResult) -> None:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    html = view.html
    if view.skybridge:
        html = inject_first_script(html, OPENAI_SHIM.read_text(encoding="utf-8"))
    view_url = f"{SANDBOX_ORIGIN}/views/{number}.html"
    host_page = _HOST_PAGE % {
        "sandbox": SANDBOX,
        "allow": view.policy.allow.replace('"', ""),
        "allow_json": json.dumps(view.policy.allow),
        "src": view_url,
        "result": json.dumps(view.tool_result or {"content": []}).replace("</", "<\\/"),
    }

    async def answer(route: Any) -> None:
        url = route.request.url
        if url == f"{HOST_ORIGIN}/":
            await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=host_page)
        elif url == view_url:
            await route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                body=html,
                headers={
                    "content-security-policy": view.policy.csp,
                    "permissions-policy": view.policy.permissions_policy,
                    "referrer-policy": "no-referrer",
                },
            )
        else:
            await route.abort("blockedbyclient")

    await context.route("**/*", answer)
    await context.add_init_script(script=_RECORDER)
    page = await context.new_page()
    page.set_default_timeout(VIEW_WAIT_MS)

    def on_console(message: Any) -> None:
        text = message.text
        if text.startswith(_MARK):
            try:
                body = json.loads(text[len(_MARK) :])
            except ValueError:
                return
            entry = f"{body.get('directive')} blocked {body.get('blocked') or body.get('sample') or 'inline'}"
            if entry not in result.violations:
                result.violations.append(entry)

    page.on("console", on_console)
    page.on("pageerror", lambda error: result.script_errors.append(str(error)[:300]))
    await page.goto(f"{HOST_ORIGIN}/", wait_until="load")
    # A view that never speaks the protocol (an OpenAI-era one) just loads.
    with contextlib.suppress(PlaywrightTimeout):
        await page.wait_for_function("window.reviewState.initialized === true", timeout=VIEW_WAIT_MS)
    await page.wait_for_load_state("networkidle", timeout=VIEW_WAIT_MS)
    # Let the frames flush their last violation reports before the page is closed.
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)))")
    with contextlib.suppress(PlaywrightTimeout):
        result.screenshot_png = await page.screenshot(type="png", full_page=True)


__all__ = ["RenderResult", "ViewToRender", "chromium_path", "render_views"]
