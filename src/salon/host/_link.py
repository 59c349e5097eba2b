"""One live MCP client for one app, owned by a task of its own.

`mcp.Client` holds anyio task groups and cancel scopes from `__aenter__` to `__aexit__`, and those must be
left by the task that entered them. The host opens a connection in whichever request first needs the app
and closes it from another (a reconnect, the application's shutdown), so each client lives inside a
dedicated owner task: the task enters the client, reports that it is ready, waits to be told to stop, and
leaves it. Calls are made from any task; they only talk to the client's streams.

The owner task also keeps what the host needs to judge a failure afterwards: whether the app closed the
connection (end of stream), the exception that ended the client, and lines the app wrote that were not
JSON-RPC.

The owner is an asyncio task: the host runs on asyncio (uvicorn, the CLI), and anyio has no way to start a
task outside a task group.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, Protocol

import anyio
import httpx2
from mcp.client import Client, Transport

CLOSE_TIMEOUT = 10.0
"""Seconds to wait for a client to shut down (a stdio app gets stdin closed, then SIGTERM, then SIGKILL)."""


def leaf_exceptions(exc: BaseException) -> list[BaseException]:
    """The exceptions inside (possibly nested) exception groups, or `[exc]`."""
    if isinstance(exc, BaseExceptionGroup):
        leaves: list[BaseException] = []
        for inner in exc.exceptions:
            leaves.extend(leaf_exceptions(inner))
        return leaves
    return [exc]


class _Receiving(Protocol):
    async def receive(self) -> Any: ...
    async def aclose(self) -> None: ...


class _WatchedReadStream:
    """The transport's read stream, seen through: records end of stream and items that are errors."""

    def __init__(self, inner: _Receiving, link: Link) -> None:
        self._inner = inner
        self._link = link

    @property
    def last_context(self) -> Any:
        # The dispatcher runs handlers in the sender's context when the stream carries one.
        return getattr(self._inner, "last_context", None)

    async def receive(self) -> Any:
        try:
            item = await self._inner.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError, anyio.BrokenResourceError):
            self._link.ended.set()
            raise
        if isinstance(item, Exception):
            self._link.junk.append(f"{type(item).__name__}: {item}")
        return item

    async def aclose(self) -> None:
        await self._inner.aclose()

    def __aiter__(self) -> _WatchedReadStream:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def __aenter__(self) -> _WatchedReadStream:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class Link:
    """One `mcp.Client` and the task that owns it. Single use: a reconnect makes a new `Link`."""

    def __init__(self, transport: Transport, *, client_options: dict[str, Any]) -> None:
        self.client = Client(self._watched(transport), **client_options)
        self.ready = anyio.Event()
        self.settled = anyio.Event()
        """Set once the client is ready or the owner task has ended, whichever is first."""
        self.done = anyio.Event()
        self.ended = anyio.Event()
        """Set when the app's side of the connection closed (a stdio app exited, a stream ended)."""
        self.failure: BaseException | None = None
        self.junk: list[str] = []
        self._stop = anyio.Event()
        self._scope = anyio.CancelScope()
        self._task: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def _watched(self, transport: Transport) -> AsyncIterator[tuple[Any, Any]]:
        async with transport as (read_stream, write_stream):
            yield _WatchedReadStream(read_stream, self), write_stream

    def start(self, name: str) -> None:
        self._task = asyncio.get_running_loop().create_task(self._own(), name=f"salon-app-{name}")

    async def _own(self) -> None:
        try:
            with self._scope:
                async with self.client:
                    self.ready.set()
                    self.settled.set()
                    await self._stop.wait()
        except Exception as exc:  # the owner has no caller to raise to; callers read `failure`
            self.failure = exc
        finally:
            self.done.set()
            self.settled.set()

    @property
    def usable(self) -> bool:
        return self.ready.is_set() and not self.done.is_set() and not self.ended.is_set()

    def never_reached_app(self) -> bool:
        """Whether the client died of a refused connection, so a request in flight cannot have arrived."""
        if self.failure is None:
            return False
        return all(isinstance(e, httpx2.ConnectError) for e in leaf_exceptions(self.failure))

    async def close(self) -> None:
        """Stop the client and wait (bounded, shielded) for its transport and any child process to end."""
        with anyio.CancelScope(shield=True):
            self._stop.set()
            if not self.ready.is_set():
                self._scope.cancel()
            with anyio.move_on_after(CLOSE_TIMEOUT):
                await self.done.wait()
            if not self.done.is_set():
                self._scope.cancel()
                with anyio.move_on_after(CLOSE_TIMEOUT):
                    await self.done.wait()


def connect_error(exc: BaseException) -> httpx2.ConnectError | None:
    """The refused connection inside `exc`, if that is what it is."""
    for leaf in leaf_exceptions(exc):
        if isinstance(leaf, httpx2.ConnectError):
            return leaf
    return None


__all__ = ["CLOSE_TIMEOUT", "Link", "connect_error", "leaf_exceptions"]
