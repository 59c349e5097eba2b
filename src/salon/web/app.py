"""`create_app`: the ASGI application, composed once.

    routes      /healthz, the pages, /static, the JSON API (api.py), the views API (views_api.py),
                the directory's pages, JSON API and MCP Registry API (directory_pages.py, directory_api.py)
    middleware  security headers (pure ASGI); the page may frame only the sandbox origin
    lifespan    owns the `Host`: opens it from settings (unless one is given) and closes it on shutdown;
                with `serve_sandbox=True` it also serves the sandbox origin (sandbox.py) on
                `settings.sandbox_port`, sharing the host

A host passed in by the caller stays the caller's: requests use it from the start (no lifespan needed, as
in tests), and it is not closed on shutdown. Handlers reach the host through `app.state.host`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from salon.settings import Settings
from salon.web import api, checkout_api, directory_api, payments_api, views_api
from salon.web.csrf import CrossSiteRequestGuard
from salon.web.directory_pages import DirectoryPages
from salon.web.errors import EXCEPTION_HANDLERS
from salon.web.middleware import CONTENT_SECURITY_POLICY, SecurityHeadersMiddleware
from salon.web.pages import STATIC, Pages, healthz

if TYPE_CHECKING:
    from salon.host.runtime import Host


def chat_csp(settings: Settings) -> str:
    """The chat page's CSP: its own, plus framing the sandbox origin (and nothing else)."""
    return f"{CONTENT_SECURITY_POLICY}; frame-src {settings.sandbox_origin}"


def create_app(settings: Settings, *, host: Host | None = None, serve_sandbox: bool = False) -> Starlette:
    """The Salon web application for `settings`, serving `host` or a host it opens itself.

    `serve_sandbox=True` also serves the sandbox origin for views (`salon serve` does); tests compose
    `create_sandbox_app(settings, host=...)` themselves.
    """

    @asynccontextmanager
    async def with_sandbox(serving: Host) -> AsyncIterator[None]:
        if not serve_sandbox:
            yield
            return
        from salon.web.sandbox import serve_sandbox as serve

        async with serve(settings, serving):
            yield

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The directory's reviews stop before the host (and its store) closes.
        async with owned_host(app), directory_api.closing(app):
            yield

    @asynccontextmanager
    async def owned_host(app: Starlette) -> AsyncIterator[None]:
        if host is not None:
            async with with_sandbox(host):
                yield
            return
        # Imported here so that composing the app (and serving an injected host) never loads the store.
        from salon.host.runtime import Host

        owned = await Host.open(settings)
        app.state.host = owned
        try:
            async with with_sandbox(owned):
                yield
        finally:
            app.state.host = None
            await owned.aclose()

    pages = Pages()
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        *pages.routes(),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
        *api.routes(),
        *views_api.routes(),
        *DirectoryPages().routes(),
        *directory_api.routes(),
        *payments_api.routes(),
        *checkout_api.routes(),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeadersMiddleware, csp=chat_csp(settings)),
            Middleware(CrossSiteRequestGuard),
        ],
        exception_handlers=dict(EXCEPTION_HANDLERS),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.host = host
    return app
