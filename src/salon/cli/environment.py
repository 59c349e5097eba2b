"""What every command needs, gathered in one object passed as click's `ctx.obj`.

`CliEnv` holds the ways the CLI reaches the outside world: opening a `Host`, serving an ASGI app,
opening a browser. `main()` uses the real ones; tests pass their own with `CliRunner.invoke(..., obj=...)`
instead of patching globals. `run` drives a command's coroutine and turns a `SalonError` into one red
line on stderr and exit code 1.
"""

from __future__ import annotations

import asyncio
import webbrowser
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text
from starlette.types import ASGIApp

from salon.errors import AppError, SalonError
from salon.settings import Settings

if TYPE_CHECKING:
    from salon.host.runtime import Host

T = TypeVar("T")

OnReady = Callable[[], None]
Serve = Callable[[ASGIApp, str, int, OnReady | None], None]


async def open_real_host(settings: Settings) -> Host:
    from salon.host.runtime import Host

    return await Host.open(settings)


def serve_with_uvicorn(app: ASGIApp, host: str, port: int, on_ready: OnReady | None) -> None:
    import uvicorn

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started and on_ready is not None:
                on_ready()

    _Server(uvicorn.Config(app, host=host, port=port, log_level="info")).run()


def _open_browser(url: str) -> None:
    webbrowser.open(url)


@dataclass
class CliEnv:
    open_host: Callable[[Settings], Awaitable[Host]] = open_real_host
    serve: Serve = serve_with_uvicorn
    open_browser: Callable[[str], None] = _open_browser
    data_dir: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {**self.overrides, **overrides}
        if self.data_dir is not None:
            values.setdefault("data_dir", self.data_dir)
        return Settings(**values)


def env_of(ctx: typer.Context) -> CliEnv:
    env = ctx.find_object(CliEnv)
    if env is None:
        env = CliEnv()
        ctx.obj = env
    return env


async def using_host(env: CliEnv, settings: Settings, work: Callable[[Host], Awaitable[T]]) -> T:
    """Open a host for `settings`, run `work` with it, and always close it."""
    host = await env.open_host(settings)
    try:
        return await work(host)
    finally:
        await host.aclose()


def fail(message: str) -> typer.Exit:
    """Print one red line on stderr; return the exit to raise."""
    Console(stderr=True, soft_wrap=True).print(Text(message, style="bold red"))
    return typer.Exit(1)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(coroutine)
    except SalonError as error:
        prefix = f"{error.app}: " if isinstance(error, AppError) else ""
        raise fail(f"Error: {prefix}{error.message}") from None
