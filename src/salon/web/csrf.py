"""`CrossSiteRequestGuard`: the chat origin acts only on requests from its own pages.

The chat API changes the world on a POST (it approves confirmations, installs apps, completes
checkouts), and a browser will send a "simple" cross-site POST without asking first. So every unsafe
request (POST, PUT, PATCH, DELETE) that a browser marks as coming from another site is refused with 403
`cross_site_request` before it reaches a route:

- `Sec-Fetch-Site: cross-site` or `same-site`. "Same site" matters: the sandbox origin that runs app
  views differs from the chat origin only by port, which makes it the same site, and a view must never
  reach the chat API directly (it goes through the page, which checks what it may do).
- Otherwise (a browser that sends no fetch metadata), an `Origin` whose host and port differ from the
  request's `Host`, or the opaque origin `null` that sandboxed frames send.

Requests with neither header (the CLI, scripts, a merchant's webhook) are not browser requests made on
a person's behalf by another site, and pass. The JSON body rule in `web/api.py` (only
`application/json`) adds the browser's CORS preflight as a second wall.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FOREIGN_SITES = frozenset({"cross-site", "same-site"})


def _netloc(origin: str) -> str | None:
    if origin == "null":
        return None
    parts = urlsplit(origin)
    if not parts.hostname:
        return None
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.hostname.lower()}:{port}"


def _host_netloc(host: str, scheme: str) -> str | None:
    return _netloc(f"{scheme}://{host}") if host else None


def is_cross_site(scope: Scope) -> bool:
    """Whether a browser sent this request from a page of another origin."""
    headers = Headers(scope=scope)
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site.strip().lower() in _FOREIGN_SITES
    origin = headers.get("origin")
    if origin is None:
        return False
    own = _host_netloc(headers.get("host", ""), scope.get("scheme", "http"))
    theirs = _netloc(origin.strip())
    return theirs is None or own is None or theirs != own


class CrossSiteRequestGuard:
    """Refuses unsafe requests a browser sent from another site (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS and is_cross_site(scope):
            response = JSONResponse(
                {
                    "error": {
                        "code": "cross_site_request",
                        "message": "This request came from another site's page; Salon acts only on "
                        "requests from its own pages. Use the chat page, the CLI or an API client.",
                    }
                },
                status_code=403,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
