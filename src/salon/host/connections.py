"""The host's connections to apps: one shared MCP client per app, and what happens when an app misbehaves.

    pool = AppConnections(call_timeout=30.0, connect_timeout=10.0)
    pool.add(AppEndpoint(name="hotels", transport="http", url="http://127.0.0.1:8801/mcp"))
    conn = await pool.get("hotels")                   # connects on first use
    outcome = await conn.call_tool("search_hotels", {"city": "Melbourne"}, retry_safe=True)

Connecting uses `mcp.Client(mode="auto")`: the 2026-07-28 `server/discover` probe, falling back to the
legacy `initialize` handshake, so apps of both eras work. `conn.protocol_version` says which was agreed.
The client advertises the MCP Apps extension (`io.modelcontextprotocol/ui`, `text/html;profile=mcp-app`),
so apps send their views.

What the caller can rely on:

- **Nothing hangs.** Connecting is bounded by `connect_timeout`. Each request is bounded by `call_timeout`,
  and every progress notification the app sends moves that deadline forward, so a slow tool that reports
  progress may run as long as it keeps reporting. The call runs in an anyio cancel scope whose deadline
  moves; `mcp`'s own fixed read timeout is not used. A timed-out request is cancelled at the app.
- **Apps restart.** When a request fails because the connection broke (the process died, the server went
  away, a legacy-era session is unknown after a restart), the client is closed and a new one made. The
  request is sent again once when it cannot have reached the app (a refused connection, an unknown
  session), or when the caller said it is safe to repeat (`retry_safe=True`, for read-only tools). Otherwise
  the caller gets `AppUnavailableError` saying the call may or may not have happened, so nothing is done
  twice. A later call reconnects lazily.
- **One exception tree.** Every failure is an `AppError` naming the app:
  `AppUnavailableError` (cannot reach or start it), `AppTimeoutError` (no answer in time),
  `AppProtocolError` (an answer that breaks the protocol: malformed JSON-RPC, a result of the wrong shape),
  and plain `AppError` with code `app_rejected` (the app answered with a JSON-RPC error, such as an unknown
  tool). A tool that fails on its own terms is not an exception: `CallOutcome.is_error` is true.
- **No orphans.** `aclose()` ends stdio apps' processes (stdin closed, then SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import asyncio
import base64
import sys
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar

import anyio
import mcp_types as types
from mcp.client import Transport, advertise
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.server.apps import APP_MIME_TYPE
from mcp.server.apps import EXTENSION_ID as APPS_EXTENSION
from mcp.shared.dispatcher import ProgressFnT
from mcp.shared.exceptions import MCPError
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS
from pydantic import ValidationError

from salon import __version__
from salon.errors import AppError, AppProtocolError, AppTimeoutError, AppUnavailableError, NotFoundError
from salon.host._link import Link, connect_error, leaf_exceptions
from salon.host.endpoints import AppEndpoint, CallOutcome, ProgressCallback, ResourceContent
from salon.host.tools import ToolSpec

_T = TypeVar("_T")

_LIST_PAGE_CAP: Final = 100
"""A paginator that never ends cannot hang `list_tools`."""

_CONNECTION_CLOSED: Final = types.CONNECTION_CLOSED
_HTTP_ERROR: Final = (types.INTERNAL_ERROR, "Server returned an error response")
"""How the Streamable HTTP client reports an error status without a JSON-RPC body (a crash, a proxy's 502)."""
_MALFORMED: Final = frozenset({types.PARSE_ERROR})


def _seconds(value: float) -> str:
    return f"{value:g} s"


class _Broken(Exception):
    """A request failed because the connection broke; `reached` says whether the app may have seen it."""

    def __init__(self, reached: bool, detail: str) -> None:
        super().__init__(detail)
        self.reached = reached
        self.detail = detail


class AppConnection:
    """The host's connection to one app, shared by every conversation; safe for concurrent calls."""

    def __init__(
        self, endpoint: AppEndpoint, *, call_timeout: float = 30.0, connect_timeout: float = 10.0
    ) -> None:
        if call_timeout <= 0 or connect_timeout <= 0:
            raise ValueError("call_timeout and connect_timeout must be positive numbers of seconds")
        self.endpoint = endpoint
        self.call_timeout = call_timeout
        self.connect_timeout = connect_timeout
        self._link: Link | None = None
        self._lock: anyio.Lock | None = None
        self._closed = False

    @property
    def name(self) -> str:
        return self.endpoint.name

    @property
    def protocol_version(self) -> str | None:
        """The protocol version agreed with the app (`2026-07-28` or a legacy one); None until connected."""
        link = self._link
        if link is None or not link.ready.is_set():
            return None
        return link.client.protocol_version

    @property
    def server_version(self) -> str | None:
        """The version the app reports for itself (`serverInfo.version`), None until connected or unsaid."""
        link = self._link
        if link is None or not link.ready.is_set():
            return None
        info = link.client.server_info
        return info.version if info is not None else None

    async def start(self) -> None:
        """Connect now rather than on the first call. Raises `AppUnavailableError` saying what to check."""
        await self._ensure_link()

    async def list_tools(self) -> list[ToolSpec]:
        """Every tool the app offers, following pagination."""

        async def send(link: Link, progress: ProgressFnT) -> list[ToolSpec]:
            tools: list[ToolSpec] = []
            cursor: str | None = None
            for _ in range(_LIST_PAGE_CAP):
                page = await link.client.list_tools(cursor=cursor, cache_mode="bypass")
                tools.extend(ToolSpec.from_mcp(self.name, tool) for tool in page.tools)
                cursor = page.next_cursor
                if cursor is None:
                    break
            return tools

        return await self._request("list its tools", send, retry_safe=True, on_progress=None)

    async def call_tool(
        self,
        name: str,
        arguments: dict[str, Any] | None = None,
        *,
        on_progress: ProgressCallback | None = None,
        retry_safe: bool = False,
    ) -> CallOutcome:
        """Call one tool. `retry_safe=True` lets it be sent again after a broken connection (read-only)."""

        async def send(link: Link, progress: ProgressFnT) -> types.CallToolResult:
            return await link.client.call_tool(name, arguments or {}, progress_callback=progress)

        result = await self._request(name, send, retry_safe=retry_safe, on_progress=on_progress)
        text = "\n".join(block.text for block in result.content if isinstance(block, types.TextContent))
        return CallOutcome(
            text=text,
            structured=result.structured_content,
            meta=dict(result.meta or {}),
            is_error=result.is_error,
        )

    async def listed_meta(self, uri: str) -> dict[str, Any]:
        """The `_meta` that `resources/list` gives for `uri` (empty when the app lists it without one, or
        does not list it at all: servers may leave view-only resources out of the listing)."""

        async def send(link: Link, progress: ProgressFnT) -> dict[str, Any]:
            cursor: str | None = None
            while True:
                page = await link.client.list_resources(cursor=cursor, cache_mode="bypass")
                for resource in page.resources:
                    if str(resource.uri) == uri:
                        return dict(resource.meta or {})
                cursor = page.next_cursor
                if cursor is None:
                    return {}

        return await self._request(f"list its resources for {uri}", send, retry_safe=True, on_progress=None)

    async def read_resource(self, uri: str) -> ResourceContent:
        """Read one resource, such as a view's HTML."""

        async def send(link: Link, progress: ProgressFnT) -> types.ReadResourceResult:
            return await link.client.read_resource(uri, cache_mode="bypass")

        result = await self._request(f"read {uri}", send, retry_safe=True, on_progress=None)
        if not result.contents:
            raise AppProtocolError(
                self.name, f"The {self.name} app answered the read of {uri} with no contents."
            )
        item = next((c for c in result.contents if str(c.uri) == uri), result.contents[0])
        meta = dict(item.meta or {})
        if isinstance(item, types.TextResourceContents):
            return ResourceContent(uri=uri, mime_type=item.mime_type, text=item.text, meta=meta)
        try:
            data = base64.b64decode(item.blob, validate=True)
        except ValueError as exc:
            raise AppProtocolError(self.name, f"The {self.name} app sent {uri} as invalid base64.") from exc
        if (item.mime_type or "").startswith("text/"):
            return ResourceContent(
                uri=uri, mime_type=item.mime_type, text=data.decode(errors="replace"), meta=meta
            )
        return ResourceContent(uri=uri, mime_type=item.mime_type, blob=data, meta=meta)

    def refuse_new_calls(self) -> None:
        """Make later calls raise `AppUnavailableError`; calls in flight finish. `aclose` still has to run."""
        self._closed = True

    async def aclose(self) -> None:
        """Close the connection (ending a stdio app's process). Later calls raise `AppUnavailableError`."""
        self._closed = True
        link, self._link = self._link, None
        if link is not None:
            await link.close()

    # -- connecting ---------------------------------------------------------------------------------------

    def _transport(self) -> Transport:
        endpoint = self.endpoint
        if endpoint.transport == "http":
            return streamable_http_client(str(endpoint.url))
        command = endpoint.command or []
        params = StdioServerParameters(
            command=command[0], args=command[1:], env=dict(endpoint.env) or None, cwd=endpoint.cwd
        )
        return stdio_client(params, errlog=sys.stderr)

    async def _ensure_link(self) -> Link:
        if self._closed:
            raise AppUnavailableError(
                self.name,
                f"The connection to the {self.name} app was closed; open a new one to call it again.",
            )
        link = self._link
        if link is not None and link.usable:
            return link
        if self._lock is None:
            self._lock = anyio.Lock()
        async with self._lock:
            link = self._link
            if link is not None and link.usable:
                return link
            if link is not None:
                self._link = None
                await link.close()
            self._link = await self._connect()
            return self._link

    async def _connect(self) -> Link:
        link = Link(
            self._transport(),
            client_options={
                "mode": "auto",
                "cache": None,
                "client_info": types.Implementation(name="salon", version=__version__),
                # MCP Apps: tools may answer with views (`client_supports_apps` is true in the app).
                "extensions": [advertise(APPS_EXTENSION, {"mimeTypes": [APP_MIME_TYPE]})],
            },
        )
        try:
            link.start(self.name)
            with anyio.move_on_after(self.connect_timeout):
                await link.settled.wait()
        except BaseException:
            await link.close()
            raise
        if link.ready.is_set():
            return link
        await link.close()
        raise self._connect_failure(link)

    def _connect_failure(self, link: Link) -> AppUnavailableError:
        endpoint, name = self.endpoint, self.name
        where = (
            f"at {endpoint.target}" if endpoint.transport == "http" else f"started with `{endpoint.target}`"
        )
        failure = link.failure
        if failure is None:
            check = (
                "Check that it is an MCP server and is not stuck starting up."
                if endpoint.transport == "http"
                else "Run the command yourself to see whether it starts and speaks MCP on stdout."
            )
            message = (
                f"The {name} app {where} did not finish connecting within {_seconds(self.connect_timeout)}."
            )
            return AppUnavailableError(name, f"{message} {check}")
        if connect_error(failure) is not None:
            message = f"Could not connect to the {name} app {where}: the connection was refused."
            return AppUnavailableError(name, f"{message} Check that the app is running and the URL is right.")
        causes = "; ".join(f"{type(e).__name__}: {e}" for e in leaf_exceptions(failure))
        if endpoint.transport == "stdio" and any(isinstance(e, OSError) for e in leaf_exceptions(failure)):
            check = "Check that the program is installed and on PATH, and that cwd exists."
        elif endpoint.transport == "stdio":
            check = "Run the command yourself to see its error output."
        else:
            check = "Check that the URL is the app's MCP endpoint and that the app is healthy."
        return AppUnavailableError(name, f"Could not connect to the {name} app {where} ({causes}). {check}")

    async def _discard(self, link: Link) -> None:
        if self._link is link:
            self._link = None
        await link.close()

    # -- requests -----------------------------------------------------------------------------------------

    async def _request(
        self,
        what: str,
        send: Callable[[Link, ProgressFnT], Awaitable[_T]],
        *,
        retry_safe: bool,
        on_progress: ProgressCallback | None,
    ) -> _T:
        retried = False
        while True:
            link = await self._ensure_link()
            try:
                return await self._send_once(link, what, send, on_progress)
            except _Broken as broken:
                await self._discard(link)
                reached = broken.reached and not link.never_reached_app()
                if not retried and (retry_safe or not reached):
                    retried = True
                    continue
                if reached and not retry_safe:
                    raise AppUnavailableError(
                        self.name,
                        f"The connection to the {self.name} app broke during {what} ({broken.detail}). "
                        "It was not sent again because it may change things: check with the app whether it "
                        "took effect.",
                    ) from None
                raise AppUnavailableError(
                    self.name,
                    f"The connection to the {self.name} app broke during {what} ({broken.detail}) and "
                    f"did not recover. Check that the app at {self.endpoint.target} is running.",
                ) from None

    async def _send_once(
        self,
        link: Link,
        what: str,
        send: Callable[[Link, ProgressFnT], Awaitable[_T]],
        on_progress: ProgressCallback | None,
    ) -> _T:
        timeout = self.call_timeout
        with anyio.CancelScope(deadline=anyio.current_time() + timeout) as scope:

            async def reset_deadline(progress: float, total: float | None, message: str | None) -> None:
                scope.deadline = anyio.current_time() + timeout
                if on_progress is not None:
                    await on_progress(progress, total, message)

            try:
                return await send(link, reset_deadline)
            except MCPError as exc:
                raise self._translate(exc, link, what) from None
            except ValidationError as exc:
                raise AppProtocolError(
                    self.name,
                    f"The {self.name} app answered {what} with a result that breaks the MCP protocol "
                    f"({exc.error_count()} problems, first: {_first_error(exc)}). The app needs fixing.",
                ) from None
        junk = f" It also wrote output that is not JSON-RPC ({link.junk[0]})." if link.junk else ""
        raise AppTimeoutError(
            self.name,
            f"The {self.name} app did not answer {what} within {_seconds(timeout)}, and sent no progress "
            f"in that time. The request was cancelled; the app may be overloaded or stuck.{junk}",
        )

    def _translate(self, exc: MCPError, link: Link, what: str) -> Exception:
        if exc.code == _CONNECTION_CLOSED:
            return _Broken(reached=True, detail="connection closed")
        if (exc.code, exc.message) == _HTTP_ERROR:
            return _Broken(reached=True, detail="the app's HTTP server answered with an error status")
        if exc.code == types.INVALID_REQUEST and "session" in exc.message.lower() and _legacy(link):
            # A legacy-era server that restarted has forgotten the session (a 404), and ran nothing.
            return _Broken(
                reached=False, detail="the app no longer knows this session; it probably restarted"
            )
        if exc.code in _MALFORMED:
            return AppProtocolError(
                self.name, f"The {self.name} app answered {what} with malformed JSON-RPC ({exc.message})."
            )
        return AppError(
            self.name,
            f"The {self.name} app refused {what}: {exc.message} (JSON-RPC error {exc.code}).",
            code="app_rejected",
        )


def _legacy(link: Link) -> bool:
    return link.ready.is_set() and link.client.protocol_version in HANDSHAKE_PROTOCOL_VERSIONS


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    location = ".".join(str(part) for part in error.get("loc", ())) or "result"
    return f"{location}: {error.get('msg', 'invalid')}"


class AppConnections:
    """Every app the host talks to, by name: one shared `AppConnection` each, started on first use."""

    def __init__(self, *, call_timeout: float = 30.0, connect_timeout: float = 10.0) -> None:
        self.call_timeout = call_timeout
        self.connect_timeout = connect_timeout
        self._endpoints: dict[str, AppEndpoint] = {}
        self._connections: dict[str, AppConnection] = {}
        self._retired: list[AppConnection] = []
        self._closing: set[asyncio.Task[None]] = set()

    def add(self, endpoint: AppEndpoint) -> None:
        """Register an app. Adding a changed endpoint under the same name replaces the old one."""
        if self._endpoints.get(endpoint.name) == endpoint:
            return
        self.remove(endpoint.name)
        self._endpoints[endpoint.name] = endpoint

    def remove(self, name: str) -> None:
        """Forget an app. Its connection refuses new calls at once and closes in the background."""
        self._endpoints.pop(name, None)
        connection = self._connections.pop(name, None)
        if connection is None:
            return
        connection.refuse_new_calls()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._retired.append(connection)
            return
        task = loop.create_task(connection.aclose(), name=f"salon-close-{name}")
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def endpoint(self, name: str) -> AppEndpoint:
        try:
            return self._endpoints[name]
        except KeyError:
            raise NotFoundError(f"No app named {name!r} is registered; add its endpoint first.") from None

    def names(self) -> list[str]:
        return sorted(self._endpoints)

    def __contains__(self, name: object) -> bool:
        return name in self._endpoints

    async def get(self, name: str) -> AppConnection:
        """The connection to `name`, connected if it was not (`NotFoundError`, `AppUnavailableError`)."""
        endpoint = self.endpoint(name)
        connection = self._connections.get(name)
        if connection is None:
            connection = AppConnection(
                endpoint, call_timeout=self.call_timeout, connect_timeout=self.connect_timeout
            )
            self._connections[name] = connection
        await connection.start()
        return connection

    async def aclose(self) -> None:
        """Close every connection (ending stdio apps' processes)."""
        connections = [*self._connections.values(), *self._retired]
        self._connections.clear()
        self._retired.clear()
        for connection in connections:
            await connection.aclose()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


__all__ = [
    "AppConnection",
    "AppConnections",
    "AppEndpoint",
    "CallOutcome",
    "ProgressCallback",
    "ResourceContent",
]
