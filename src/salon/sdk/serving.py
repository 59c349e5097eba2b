"""Serving an app: Streamable HTTP for both protocol eras, stdio, and the `python server.py` command line.

`MCPServer.streamable_http_app` already answers both eras on one endpoint: a request whose
`Mcp-Protocol-Version` header names a 2026-07-28-era version goes to the stateless path (`server/discover`,
per-request `_meta`, no session), and everything else, the `initialize` handshake included, to the
2025-era session manager. Salon keeps that session manager stateful (the default), so legacy clients
keep their server→client streams; modern clients never create a session.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import uvicorn
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette

if TYPE_CHECKING:
    from salon.sdk.app import SalonApp

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_PATH = "/mcp"


def http_app(
    server: MCPServer[Any],
    *,
    path: str = DEFAULT_PATH,
    host: str = DEFAULT_HOST,
    json_response: bool = False,
    transport_security: TransportSecuritySettings | None = None,
) -> Starlette:
    """The Starlette app serving `server` over Streamable HTTP at `path` (see the module docstring)."""
    return server.streamable_http_app(
        streamable_http_path=path,
        json_response=json_response,
        transport_security=transport_security,
        host=host,
    )


def build_parser(app_name: str) -> argparse.ArgumentParser:
    """The command line of an app's server script."""
    parser = argparse.ArgumentParser(
        prog=app_name, description=f"Serve the {app_name!r} app over MCP (stdio by default)."
    )
    parser.add_argument(
        "--transport",
        choices=["stdio", "http"],
        default="stdio",
        help="stdio (for a host that launches the app) or http (Streamable HTTP); default: stdio",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"HTTP bind address (default: {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"HTTP port (default: {DEFAULT_PORT})")
    parser.add_argument("--path", default=DEFAULT_PATH, help=f"HTTP endpoint path (default: {DEFAULT_PATH})")
    parser.add_argument(
        "--log-level",
        choices=["debug", "info", "warning", "error"],
        default="info",
        help="log level of the server and of the mcp library (default: info)",
    )
    return parser


def run(app: SalonApp, argv: Sequence[str] | None = None) -> None:
    """Parse `argv` (default: `sys.argv[1:]`) and serve `app` until interrupted."""
    args = build_parser(app.name).parse_args(None if argv is None else list(argv))
    logging.getLogger("mcp").setLevel(args.log_level.upper())
    if args.transport == "stdio":
        app.mcp.run("stdio")
        return
    asgi = app.http_app(path=args.path, host=args.host)
    config = uvicorn.Config(asgi, host=args.host, port=args.port, log_level=args.log_level, ws="none")
    uvicorn.Server(config).run()


__all__ = ["build_parser", "http_app", "run"]
