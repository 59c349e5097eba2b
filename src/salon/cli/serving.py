"""`salon serve` and `salon demo`.

`demo` is the offline first run: it installs the bundled example apps (each a stdio MCP server run
with this Python) into the data dir, skipping those already there, and serves the web app. No network,
no account, no keys.

Both serve two origins from one process: the chat page and API on `port`, and the sandbox origin that
renders app views on `sandbox_port` (default: port + 1), sharing one host.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.text import Text

import salon
from salon.cli.environment import CliEnv, env_of, fail, run, using_host
from salon.errors import AppError, ConfigurationError
from salon.host.endpoints import AppEndpoint
from salon.settings import Settings

if TYPE_CHECKING:
    from salon.host.runtime import Host

DEMO_APPS = ("hotels", "music", "shop", "units")
DEMO_PROMPT = "find me a hotel in Melbourne for 3 nights from December 3"


def examples_dir() -> Path:
    """The repository's `examples/apps`, found next to the package in a source checkout."""
    return Path(salon.__file__).resolve().parents[2] / "examples" / "apps"


def demo_endpoints(directory: Path, data_dir: Path | None = None) -> list[AppEndpoint]:
    """The example apps as stdio endpoints; with `data_dir`, their own state (bookings, the play
    queue) lives under it, next to Salon's database, instead of in the system's temp directory."""
    if not directory.is_dir():
        raise ConfigurationError(
            f"The example apps are not at {directory}; `salon demo` runs from a source checkout of Salon "
            "(git clone, then `pip install -e .`). Install apps yourself with `salon apps add`."
        )
    endpoints = []
    for name in DEMO_APPS:
        server = directory / name / "server.py"
        if server.is_file():
            endpoints.append(
                AppEndpoint(
                    name=name,
                    transport="stdio",
                    command=[sys.executable, str(server)],
                    cwd=str(server.parent),
                    env={"SALON_EXAMPLE_DATA_DIR": str((data_dir / "example-apps").resolve())}
                    if data_dir
                    else {},
                )
            )
    if not endpoints:
        raise ConfigurationError(f"No example app has a server.py under {directory}.")
    return endpoints


async def install_demo_apps(host: Host, endpoints: list[AppEndpoint], console: Console) -> None:
    installed = {summary.name for summary in await host.list_apps()}
    for endpoint in endpoints:
        if endpoint.name in installed:
            console.print(Text(f"  ✓ {endpoint.name} (already installed)", style="dim"))
            continue
        try:
            summary = await host.install_app(endpoint)
        except AppError as error:
            console.print(Text(f"  ✗ {endpoint.name}: {error.message}", style="red"))
            continue
        console.print(Text(f"  ✓ {summary.title} ({len(summary.tools)} tools)", style="green"))


def _serve(env: CliEnv, settings: Settings, *, announce: str | None, open_browser: bool) -> None:
    from salon.web import create_app

    url = f"http://{settings.host}:{settings.port}"
    console = Console(highlight=False)
    console.print(
        Text.assemble(("Salon is running at ", "bold"), (url, "bold underline cyan"), announce or "")
    )
    console.print(Text(f"App views are served from {settings.sandbox_origin}", style="dim"))

    def ready() -> None:
        if open_browser:
            env.open_browser(url)

    env.serve(create_app(settings, serve_sandbox=True), settings.host, settings.port, ready)


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(None, "--host", help="Interface to listen on (default 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", help="Port to listen on (default 8760)."),
    sandbox_port: int | None = typer.Option(
        None, "--sandbox-port", help="Port of the origin that serves app views (default: port + 1)."
    ),
) -> None:
    """Serve the chat page, the JSON API, and the sandbox origin for app views."""
    env = env_of(ctx)
    overrides = {
        key: value
        for key, value in (("host", host), ("port", port), ("sandbox_port", sandbox_port))
        if value is not None
    }
    _serve(env, env.settings(**overrides), announce=None, open_browser=False)


def demo(
    ctx: typer.Context,
    port: int | None = typer.Option(None, "--port", help="Port to listen on (default 8760)."),
    no_open: bool = typer.Option(False, "--no-open", help="Do not open a browser."),
    no_serve: bool = typer.Option(
        False, "--no-serve", help="Only install the example apps (then use `salon chat`)."
    ),
) -> None:
    """Install the example apps into the data dir and serve Salon, offline."""
    env = env_of(ctx)
    settings = env.settings(**({"port": port} if port is not None else {}))
    try:
        endpoints = demo_endpoints(examples_dir(), settings.data_dir)
    except ConfigurationError as error:
        raise fail(f"Error: {error.message}") from None
    console = Console(highlight=False)
    console.print(Text(f"Installing the example apps into {settings.data_dir}/", style="bold"))

    async def work(host: Host) -> None:
        await install_demo_apps(host, endpoints, console)

    run(using_host(env, settings, work))
    if no_serve:
        console.print(Text.assemble("Try: ", (f'salon chat "{DEMO_PROMPT}"', "bold")))
        return
    _serve(env, settings, announce=f" — open it and try: {DEMO_PROMPT}", open_browser=not no_open)
