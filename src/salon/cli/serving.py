"""`salon serve` and `salon demo`.

`demo` is the offline first run: it installs the bundled example apps (each a stdio MCP server run
with this Python) into the data dir, skipping those already there, and serves the web app. No network,
no account, no keys. The shop sells through its own ACP merchant, which the demo runs as a separate
process beside the host and registers with it (`salon.cli.demo_shop`): checkout in the conversation
works out of the box, paid with the local test provider's cards. `serve` in a data dir the demo set up
runs that merchant too.

Both serve two origins from one process: the chat page and API on `port`, and the sandbox origin that
renders app views on `sandbox_port` (default: port + 1), sharing one host.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Collection, Iterator, Mapping
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
    from salon.cli.demo_shop import DemoMerchant
    from salon.host.runtime import Host

DEMO_APPS = ("hotels", "music", "shop", "units")
DEMO_PROMPT = "find me a hotel in Melbourne for 3 nights from December 3"
CHECKOUT_PROMPT = "I need a compact carry-on under $200"
DEMO_CARD_SHOWN = "4242 4242 4242 4242"


def examples_dir() -> Path:
    """The repository's `examples/apps`, found next to the package in a source checkout."""
    return Path(salon.__file__).resolve().parents[2] / "examples" / "apps"


def demo_endpoints(
    directory: Path, data_dir: Path | None = None, app_env: Mapping[str, Mapping[str, str]] | None = None
) -> list[AppEndpoint]:
    """The example apps as stdio endpoints; with `data_dir`, their own state (bookings, the play
    queue) lives under it, next to Salon's database, instead of in the system's temp directory.
    `app_env` adds environment variables per app (the shop's merchant URL and key)."""
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
                    env={
                        **(
                            {"SALON_EXAMPLE_DATA_DIR": str((data_dir / "example-apps").resolve())}
                            if data_dir
                            else {}
                        ),
                        **(app_env or {}).get(name, {}),
                    },
                )
            )
    if not endpoints:
        raise ConfigurationError(f"No example app has a server.py under {directory}.")
    return endpoints


async def install_demo_apps(
    host: Host, endpoints: list[AppEndpoint], console: Console, *, refresh: Collection[str] = ()
) -> None:
    """Install each endpoint not installed yet; those named in `refresh` are installed again (their
    configuration changed, e.g. the shop's merchant moved to another port)."""
    installed = {summary.name for summary in await host.list_apps()}
    for endpoint in endpoints:
        if endpoint.name in installed and endpoint.name not in refresh:
            console.print(Text(f"  ✓ {endpoint.name} (already installed)", style="dim"))
            continue
        try:
            summary = await host.install_app(endpoint)
        except AppError as error:
            console.print(Text(f"  ✗ {endpoint.name}: {error.message}", style="red"))
            continue
        console.print(Text(f"  ✓ {summary.title} ({len(summary.tools)} tools)", style="green"))


def _serve(
    env: CliEnv,
    settings: Settings,
    *,
    announce: str | None,
    open_browser: bool,
    merchant: DemoMerchant | None = None,
) -> None:
    from salon.web import create_app

    url = f"http://{settings.host}:{settings.port}"
    console = Console(highlight=False)
    console.print(
        Text.assemble(("Salon is running at ", "bold"), (url, "bold underline cyan"), announce or "")
    )
    console.print(Text(f"App views are served from {settings.sandbox_origin}", style="dim"))
    if merchant is not None:
        _announce_checkout(console, merchant)

    def ready() -> None:
        if open_browser:
            env.open_browser(url)

    env.serve(create_app(settings, serve_sandbox=True), settings.host, settings.port, ready)


def _announce_checkout(console: Console, merchant: DemoMerchant) -> None:
    from salon.cli.demo_shop import test_cards_line

    console.print(
        Text.assemble(
            ("Checkout is available: ", "bold"),
            f"the Travel Shop sells through its own ACP merchant at {merchant.url}. Try: ",
            (f'"{CHECKOUT_PROMPT}"', "bold"),
            ", buy one, and confirm the checkout card.",
        )
    )
    console.print(Text(f"Test cards (any future expiry, any CVC): {test_cards_line()}", style="dim"))


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Let SIGTERM unwind the stack (so `finally` stops the demo merchant) instead of ending the process
    on the spot. uvicorn handles SIGTERM itself while it serves, then raises it again once it has shut
    down: this handler receives it then."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(signum: int, _: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _open_demo_merchant(settings: Settings) -> DemoMerchant | None:
    """The shop's merchant for this data dir, its port reserved; None (with a line saying why) when it
    cannot run."""
    from salon.cli.demo_shop import DemoMerchant

    try:
        return DemoMerchant.open(settings, examples_dir())
    except OSError as error:
        Console(stderr=True).print(
            Text(f"Checkout is off: the shop's merchant cannot listen ({error}).", style="yellow")
        )
        return None


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
    settings = env.settings(**overrides)
    with demo_checkout(env, settings, take_over=True) as (settings, merchant), _sigterm_unwinds():
        _serve(env, settings, announce=None, open_browser=False, merchant=merchant)


@contextlib.contextmanager
def demo_checkout(
    env: CliEnv, settings: Settings, *, take_over: bool
) -> Iterator[tuple[Settings, DemoMerchant | None]]:
    """`settings` with the demo shop's merchant configured and its process running, for as long as
    the block runs, where `salon demo` set it up in this data dir (the shop is installed against
    it); `settings` as they are elsewhere.

    Where the merchant's port is taken (another Salon process of this data dir runs it), `serve`
    (`take_over`) starts one on a new port and points the shop at it; `chat` leaves the running one
    alone and goes on without checkout."""
    from salon.cli.demo_shop import is_set_up

    merchant = _open_demo_merchant(settings) if is_set_up(settings.data_dir) else None
    try:
        if merchant is not None and merchant.moved and not take_over:
            merchant.close()
            merchant = None
        if merchant is not None:
            settings = merchant.configure(settings)
            if merchant.moved:
                _reinstall_shop(env, settings, merchant)
            merchant.start()
        yield settings, merchant
    finally:
        if merchant is not None:
            merchant.close()


def _reinstall_shop(env: CliEnv, settings: Settings, merchant: DemoMerchant) -> None:
    """Give the installed shop app its merchant's new URL."""
    try:
        endpoints = demo_endpoints(examples_dir(), settings.data_dir, {"shop": merchant.app_env()})
    except ConfigurationError:
        return
    shop = [endpoint for endpoint in endpoints if endpoint.name == "shop"]

    async def work(host: Host) -> None:
        if "shop" in {summary.name for summary in await host.list_apps()}:
            await install_demo_apps(host, shop, Console(highlight=False), refresh={"shop"})

    run(using_host(env, settings, work))


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
    merchant = _open_demo_merchant(settings)
    try:
        with _sigterm_unwinds():
            _demo(env, settings, merchant, no_open=no_open, no_serve=no_serve)
    finally:
        if merchant is not None:
            merchant.close()


def _demo(
    env: CliEnv, settings: Settings, merchant: DemoMerchant | None, *, no_open: bool, no_serve: bool
) -> None:
    if merchant is not None:
        settings = merchant.configure(settings)
    try:
        endpoints = demo_endpoints(
            examples_dir(), settings.data_dir, {"shop": merchant.app_env()} if merchant else None
        )
    except ConfigurationError as error:
        raise fail(f"Error: {error.message}") from None
    console = Console(highlight=False)
    console.print(Text(f"Installing the example apps into {settings.data_dir}/", style="bold"))

    async def work(host: Host) -> None:
        refresh = {"shop"} if merchant is not None and merchant.moved else set()
        await install_demo_apps(host, endpoints, console, refresh=refresh)
        if merchant is not None and await merchant.add_demo_card(host):
            console.print(Text(f"  ✓ test card {DEMO_CARD_SHOWN} added to your wallet", style="green"))

    run(using_host(env, settings, work))
    if no_serve:
        console.print(Text.assemble("Try: ", (f'salon chat "{DEMO_PROMPT}"', "bold")))
        return
    if merchant is not None:
        # After the install, which created the payment provider's database the merchant shares.
        merchant.start()
    _serve(
        env,
        settings,
        announce=f" — open it and try: {DEMO_PROMPT}",
        open_browser=not no_open,
        merchant=merchant,
    )
