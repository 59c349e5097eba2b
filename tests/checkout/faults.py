"""An HTTP transport between the host and the merchant that fails on purpose, the way networks and
processes do: a connection refused before the merchant sees the request, an answer lost after the
merchant acted on it, or the host process dying right after the merchant answered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx


class HostKilled(BaseException):
    """The host process died (nothing after this point of the host runs)."""


Rule = Callable[[httpx.Request], bool]


def completes(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path.endswith("/complete")


class FaultyTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        refuse: Rule = lambda request: False,
        lose_answer: Rule = lambda request: False,
        kill_host_after: Rule = lambda request: False,
        before: Callable[[httpx.Request], Awaitable[None]] | None = None,
    ) -> None:
        self.inner = inner
        self.refuse = refuse
        self.lose_answer = lose_answer
        self.kill_host_after = kill_host_after
        self.before = before
        self.sent: list[tuple[str, str, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url.path, request.headers.get("Idempotency-Key")))
        if self.refuse(request):
            raise httpx.ConnectError("connection refused", request=request)
        if self.before is not None:
            await self.before(request)
        response = await self.inner.handle_async_request(request)
        if self.kill_host_after(request):
            raise HostKilled
        if self.lose_answer(request):
            await response.aread()
            raise httpx.ReadError("connection reset before the answer arrived", request=request)
        return response
