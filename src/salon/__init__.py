"""Salon: an open, self-hostable platform for apps inside conversations.

The package is laid out by the parts of the design, data flowing one way:

    sdk        what app developers import (an MCP server with views)
    host       the runtime of a conversation: turn loop, models, app connections, policy
    store      persistence (SQLAlchemy 2 + Alembic)
    web        the ASGI application (chat page, JSON API, streaming)
    cli        the `salon` command
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
