"""`create_app`: the ASGI application, composed once.

    routes      /healthz, the pages, /static, the JSON API (api.py)
    middleware  security headers (pure ASGI)
    lifespan    owns the `Host`: opens it from settings (unless one is given) and closes it on shutdown

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
from salon.web import api
from salon.web.errors import EXCEPTION_HANDLERS
from salon.web.middleware import SecurityHeadersMiddleware
from salon.web.pages import STATIC, Pages, healthz

if TYPE_CHECKING:
    from salon.host.runtime import Host


def create_app(settings: Settings, *, host: Host | None = None) -> Starlette:
    """The Salon web application for `settings`, serving `host` or a host it opens itself."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if host is not None:
            yield
            return
        # Imported here so that composing the app (and serving an injected host) never loads the store.
        from salon.host.runtime import Host

        owned = await Host.open(settings)
        app.state.host = owned
        try:
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
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeadersMiddleware)],
        exception_handlers=dict(EXCEPTION_HANDLERS),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.host = host
    return app
