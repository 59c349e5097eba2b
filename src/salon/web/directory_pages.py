"""The directory's HTML pages. Like the other pages, plain templates whose behaviour lives in
`/static/directory.js`, rendering from the directory's JSON API (so the strict CSP holds).

    /directory                       home: categories, search box, apps
    /directory/apps/{ns}/{name}      an app's page, with install behind a consent screen
    /directory/installed/{app}       an installed directory app's permissions (revocable), uninstall
    /directory/review                the review queue and the audit log (asks for the reviewer token)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

import salon
from salon.web.pages import TEMPLATES

_PAGE_HEADERS = {"Cache-Control": "no-store"}
_PAGES = ("directory", "directory_app", "directory_permissions", "directory_review")


class DirectoryPages:
    def __init__(self, directory: Path = TEMPLATES) -> None:
        self._html = {
            name: (directory / f"{name}.html")
            .read_text(encoding="utf-8")
            .replace("{{asset_version}}", salon.__version__)
            for name in _PAGES
        }

    def _page(self, name: str) -> Callable[[Request], Awaitable[Response]]:
        html = self._html[name]

        async def render(request: Request) -> Response:
            return HTMLResponse(html, headers=_PAGE_HEADERS)

        return render

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/directory", self._page("directory"), methods=["GET"]),
            Route("/directory/apps/{namespace}/{name}", self._page("directory_app"), methods=["GET"]),
            Route("/directory/installed/{app}", self._page("directory_permissions"), methods=["GET"]),
            Route("/directory/review", self._page("directory_review"), methods=["GET"]),
        ]
