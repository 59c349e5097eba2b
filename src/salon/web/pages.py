"""The HTML pages: the chat (`/`, `/c/{id}`), the installed apps (`/apps`) and payments (`/payments`).

Pages are plain HTML files under `templates/`; all behaviour lives in `/static/*.js` and renders from
the JSON API, so the strict CSP (no inline script) holds and the pages work offline. The only
substitution is `{{asset_version}}`, which busts browser caches across releases.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

import salon

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_PAGE_HEADERS = {"Cache-Control": "no-store"}


class Pages:
    """Loads each template once, when the app is composed."""

    def __init__(self, directory: Path = TEMPLATES) -> None:
        self._html = {
            name: (directory / f"{name}.html")
            .read_text(encoding="utf-8")
            .replace("{{asset_version}}", salon.__version__)
            for name in ("chat", "apps", "payments")
        }

    async def chat(self, request: Request) -> Response:
        return HTMLResponse(self._html["chat"], headers=_PAGE_HEADERS)

    async def apps(self, request: Request) -> Response:
        return HTMLResponse(self._html["apps"], headers=_PAGE_HEADERS)

    async def payments(self, request: Request) -> Response:
        return HTMLResponse(self._html["payments"], headers=_PAGE_HEADERS)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.chat, methods=["GET"]),
            Route("/c/{conversation_id}", self.chat, methods=["GET"]),
            Route("/apps", self.apps, methods=["GET"]),
            Route("/payments", self.payments, methods=["GET"]),
        ]


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok", headers=_PAGE_HEADERS)
