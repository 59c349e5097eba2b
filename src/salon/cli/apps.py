"""`salon apps add | list | remove | approve`: the installed apps, as on the web apps page."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from salon.cli.environment import env_of, fail, run, using_host
from salon.host.endpoints import AppEndpoint

if TYPE_CHECKING:
    from salon.host.catalog import AppSummary
    from salon.host.runtime import Host

apps = typer.Typer(help="Install, list, remove apps and approve changed tools.", no_args_is_help=True)

_STATUS_STYLE = {"ready": "green", "unavailable": "red", "changed": "yellow"}


def _tool_line(summary: AppSummary) -> Text:
    line = Text()
    for index, tool in enumerate(summary.tools):
        if index:
            line.append(", ")
        line.append(tool.name)
        kind = "read-only" if tool.read_only and not tool.needs_confirmation else "asks first"
        line.append(
            f" ({kind}{', changed' if tool.changed else ''})", style="yellow" if tool.changed else "dim"
        )
    return line


def endpoint_for(name: str, url: str | None, command: str | None) -> AppEndpoint:
    if (url is None) == (command is None):
        raise fail("Give exactly one of --url (an HTTP app) or --command (a local app run over stdio).")
    try:
        if url is not None:
            return AppEndpoint(name=name, transport="http", url=url)
        argv = shlex.split(command or "")
        if not argv:
            raise fail("--command must name a program to run, e.g. --command 'python server.py'.")
        return AppEndpoint(name=name, transport="stdio", command=argv)
    except ValueError as error:
        details = (
            "; ".join(item["msg"].removeprefix("Value error, ") for item in error.errors())
            if isinstance(error, ValidationError)
            else str(error)
        )
        raise fail(f"Cannot add {name!r}: {details}.") from None


@apps.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="A short name for the app, e.g. hotels."),
    url: str | None = typer.Option(
        None, "--url", help="The app's Streamable HTTP endpoint, e.g. http://127.0.0.1:8000/mcp."
    ),
    command: str | None = typer.Option(
        None, "--command", help="A command that runs the app over stdio, e.g. 'python server.py'."
    ),
    title: str | None = typer.Option(None, "--title", help="The name people see; default: from NAME."),
) -> None:
    """Install an app: connect, list its tools, and approve their current definitions."""
    endpoint = endpoint_for(name, url, command)
    env = env_of(ctx)

    async def work(host: Host) -> AppSummary:
        return await host.install_app(endpoint, title=title)

    summary = run(using_host(env, env.settings(), work))
    console = Console(highlight=False)
    console.print(
        Text(
            f"Installed {summary.title} ({summary.name}, {summary.transport}) "
            f"with {len(summary.tools)} tools."
        )
    )
    if summary.tools:
        console.print(Text("  ") + _tool_line(summary))


@apps.command("list")
def list_(ctx: typer.Context) -> None:
    """Show the installed apps, their status and tools."""
    env = env_of(ctx)

    async def work(host: Host) -> list[AppSummary]:
        return await host.list_apps()

    summaries = run(using_host(env, env.settings(), work))
    console = Console(highlight=False)
    if not summaries:
        console.print("No apps installed; run `salon demo` or `salon apps add NAME --url URL`.")
        return
    table = Table(show_edge=False, box=None, header_style="bold")
    for column in ("App", "Status", "Reached at", "Tools"):
        table.add_column(column)
    for summary in summaries:
        where = summary.url or " ".join(summary.command or [])
        status = Text(summary.status, style=_STATUS_STYLE.get(summary.status, ""))
        if summary.message:
            status.append(f"\n{summary.message}", style="dim")
        table.add_row(Text(f"{summary.title}\n{summary.name}"), status, Text(where), _tool_line(summary))
    console.print(table)


@apps.command("remove")
def remove(ctx: typer.Context, name: str = typer.Argument(..., help="The app to remove.")) -> None:
    """Remove an installed app."""
    env = env_of(ctx)

    async def work(host: Host) -> None:
        await host.remove_app(name)

    run(using_host(env, env.settings(), work))
    Console(highlight=False).print(Text(f"Removed {name}."))


@apps.command("approve")
def approve(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The app whose tool changed."),
    tool: str = typer.Argument(..., help="The changed tool to approve again."),
) -> None:
    """Approve the new definition of a tool that changed since it was installed."""
    env = env_of(ctx)

    async def work(host: Host) -> None:
        await host.approve_tool_change(name, tool)

    run(using_host(env, env.settings(), work))
    Console(highlight=False).print(Text(f"Approved the new definition of {name}.{tool}."))
