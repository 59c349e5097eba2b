"""The sandbox origin: where app views run, apart from the chat page.

    GET /proxy.html          the sandbox proxy page (outer iframe); it loads /proxy.js
    GET /proxy.js            the proxy's script (static/sandbox/proxy.js)
    GET /views/{id}.html     one view's HTML (inner iframe), with the CSP its app declared

Nothing else: no API, no cookies, no other files. The chat page embeds `/proxy.html` from this origin,
and the proxy creates the view's iframe without `allow-same-origin`, so a view runs in an opaque origin
and can reach neither the proxy, the page, nor any storage (docs/views-contract.md).

A view's response carries its `Content-Security-Policy` as a header (built by
`salon.host.view_policy` from the app's declarations: a `<meta>` inside the document could be removed
by the document), a `Permissions-Policy` granting only the features it declared, and no referrer. An
OpenAI-era view (`text/html+skybridge`) gets the `window.openai` compatibility shim
(static/sandbox/openai-shim.js) as the first script of its `<head>`, so it runs before the view's own.

`serve_sandbox` runs this app on `settings.sandbox_port` inside the process that serves the chat origin,
sharing its `Host`: `salon serve` is one process with two origins.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import salon
from salon.errors import ConfigurationError, SalonError
from salon.settings import Settings
from salon.web.pages import STATIC

if TYPE_CHECKING:
    from salon.host.runtime import Host

logger = logging.getLogger("salon.web.sandbox")

SANDBOX_STATIC: Final = STATIC / "sandbox"
PROXY_SCRIPT: Final = SANDBOX_STATIC / "proxy.js"
OPENAI_SHIM: Final = SANDBOX_STATIC / "openai-shim.js"

PROXY_CSP: Final = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "frame-src 'self'",
        "style-src 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
)

PROXY_HTML: Final = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Salon view sandbox</title>
<style>html,body{{margin:0;padding:0;width:100%;height:100%;overflow:hidden;background:transparent}}\
iframe{{display:block;width:100%;height:100%;border:0}}</style>
</head>
<body>
<script src="/proxy.js?v={salon.__version__}"></script>
</body>
</html>
"""

_BASE_HEADERS: Final = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-cache",
    "content-security-policy": "default-src 'none'",
}
_VIEW_ID = re.compile(r"[0-9a-f]{16,64}")
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_HTML = re.compile(r"<html(?:\s[^>]*)?>", re.IGNORECASE)
_DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)


def inject_first_script(html: str, script: str) -> str:
    """`html` with `script` inline as the first element of its `<head>` (a head is added if missing)."""
    tag = "<script>" + re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE) + "</script>"
    head = _HEAD.search(html)
    if head is not None:
        return html[: head.end()] + tag + html[head.end() :]
    root = _HTML.search(html)
    if root is not None:
        return html[: root.end()] + "<head>" + tag + "</head>" + html[root.end() :]
    doctype = _DOCTYPE.match(html)
    at = doctype.end() if doctype is not None else 0
    return html[:at] + "<head>" + tag + "</head>" + html[at:]


class _Asset:
    """A file of the browser side, read when it changes (so a rebuilt shim needs no restart)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: float | None = None
        self._text = ""

    def read(self) -> str | None:
        try:
            stamp = self.path.stat().st_mtime
            if stamp != self._stamp:
                self._text = self.path.read_text(encoding="utf-8")
                self._stamp = stamp
        except OSError:
            return None
        return self._text


class _SandboxHeaders:
    """Pure ASGI: every response of the sandbox origin gets the base headers it does not set itself,
    and none sets a cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                del headers["set-cookie"]
                for name, value in _BASE_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_sandbox_app(settings: Settings, *, host: Host) -> Starlette:
    """The sandbox origin's ASGI app, serving the views of `host`."""
    proxy_script = _Asset(PROXY_SCRIPT)
    shim = _Asset(OPENAI_SHIM)

    async def proxy_html(request: Request) -> Response:
        return HTMLResponse(PROXY_HTML, headers={"content-security-policy": PROXY_CSP})

    async def proxy_js(request: Request) -> Response:
        text = proxy_script.read()
        if text is None:
            return PlainTextResponse("The sandbox proxy script is missing from this installation.", 503)
        return Response(text, media_type="text/javascript; charset=utf-8")

    async def view(request: Request) -> Response:
        view_id = request.path_params["view_id"]
        if not _VIEW_ID.fullmatch(view_id):
            raise HTTPException(404)
        resolved = await host.views.catalog.by_id(view_id)
        if resolved is None:
            raise HTTPException(404)
        html = resolved.html
        if resolved.kind == "skybridge":
            script = shim.read()
            if script is None:
                return PlainTextResponse(
                    "The window.openai compatibility shim is missing from this installation.", 503
                )
            html = inject_first_script(html, script)
        return HTMLResponse(
            html,
            headers={
                "content-security-policy": resolved.policy.csp,
                "permissions-policy": resolved.policy.permissions_policy,
                "cache-control": "no-store",
            },
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        return PlainTextResponse("Not found" if status == 404 else "Refused", status)

    async def failed(request: Request, exc: Exception) -> Response:
        if isinstance(exc, SalonError):
            return PlainTextResponse(exc.message, 503)
        logger.exception("sandbox request %s failed", request.url.path, exc_info=exc)
        return PlainTextResponse("Salon hit an unexpected error serving this view.", 500)

    app = Starlette(
        routes=[
            Route("/proxy.html", proxy_html, methods=["GET"]),
            Route("/proxy.js", proxy_js, methods=["GET"]),
            Route("/views/{view_id}.html", view, methods=["GET"]),
        ],
        middleware=[Middleware(_SandboxHeaders)],
        exception_handlers={HTTPException: not_found, SalonError: failed, Exception: failed},
    )
    app.state.settings = settings
    return app


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot serve the views' sandbox origin on {host}:{port} ({exc.strerror or exc}). Free the "
            "port or choose another with SALON_SANDBOX_PORT."
        ) from exc


@asynccontextmanager
async def serve_sandbox(settings: Settings, host: Host) -> AsyncIterator[None]:
    """Serve the sandbox origin on `settings.sandbox_port` for as long as the block runs."""
    import uvicorn

    config = uvicorn.Config(
        create_sandbox_app(settings, host=host),
        host=settings.host,
        port=settings.sandbox_port,
        lifespan="off",
        ws="none",
        log_level="warning",
    )
    config.load()
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)
    listener = _bind(settings.host, settings.sandbox_port)
    try:
        # Started step by step rather than with `serve()`, which would take over the process's signal
        # handlers from the server of the chat origin.
        await server.startup(sockets=[listener])
        running = asyncio.get_running_loop().create_task(server.main_loop(), name="salon-sandbox")
        try:
            yield
        finally:
            server.should_exit = True
            await running
            await server.shutdown(sockets=[listener])
    finally:
        listener.close()


__all__ = ["PROXY_CSP", "create_sandbox_app", "inject_first_script", "serve_sandbox"]
