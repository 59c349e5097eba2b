"""The web part: the ASGI application (chat page, apps page, JSON API, streamed turns).

`create_app(settings)` is the whole surface; see `salon.web.app` for how it is composed.
"""

from salon.web.app import create_app

__all__ = ["create_app"]
