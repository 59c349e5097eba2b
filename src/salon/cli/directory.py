"""`salon app submit` and `salon directory …`: the directory from the terminal.

    salon app submit PATH [--server URL]      submit PATH's salon.json; the review runs, its report prints
    salon directory import FILE|DIR [--submit] import published server.json files (as drafts)
    salon directory queue                     versions waiting for review
    salon directory show ID                   one version: state, report, reasons
    salon directory approve|reject ID --reasons TEXT
    salon directory publish|deprecate|yank ID [--reasons TEXT]
    salon directory audit [--app NAME]        the audit log

These commands open the database directly, so whoever runs them is the operator (the audit log names
them `operator`); over the web, reviewers and publishers authenticate with tokens instead.
`submit` waits for the automated review and exits 1 when it failed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from salon.cli.environment import env_of, fail, run
from salon.settings import Settings

T = TypeVar("T")
OPERATOR = "operator"

directory_group = typer.Typer(
    help="Review, publish and import apps in this Salon's directory.", no_args_is_help=True
)


async def _with_directory(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    from salon.directory.service import Directory
    from salon.store import Store

    store = await Store.open(settings.resolved_database_url)
    directory = Directory(store)
    try:
        return await work(directory)
    finally:
        await directory.aclose()
        await store.aclose()


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _print_version(version: Any) -> None:
    console = _console()
    console.print(Text(f"{version.app} {version.version} — {version.state} (id {version.id})", style="bold"))
    report = version.report or {}
    for finding in report.get("findings", []):
        severity = finding.get("severity", "info")
        style = {"error": "red", "warning": "yellow"}.get(severity, "dim")
        subject = f" [{finding['subject']}]" if finding.get("subject") else ""
        check = finding.get("checkId") or finding.get("check_id") or ""
        console.print(Text(f"  {severity:7} {check}{subject}: {finding.get('message', '')}", style=style))
        if finding.get("fix"):
            console.print(Text(f"          fix: {finding['fix']}", style="dim"))
    if report:
        console.print(Text("  automated review " + ("passed" if report.get("passed") else "failed")))
    if version.reasons:
        console.print(Text(f"  reviewer: {version.reasons}"))


def submit(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The app's folder (with salon.json) or its salon.json file.")],
    server: str | None = typer.Option(
        None, "--server", help="The running server's MCP URL; default: run the app in PATH locally."
    ),
) -> None:
    """Submit an app version to this Salon's directory and print the automated review's report."""
    from salon.directory.manifest import load_manifest
    from salon.directory.review_seam import ServerLocation
    from salon.directory.service import namespace_of

    manifest_file = path / "salon.json" if path.is_dir() else path
    folder = path if path.is_dir() else path.parent
    env = env_of(ctx)

    async def work(directory: Any) -> Any:
        manifest = load_manifest(manifest_file)
        location = ServerLocation(url=server) if server else ServerLocation(path=str(folder.resolve()))
        version = await directory.submit(manifest, location, owner=namespace_of(manifest.server.name))
        await directory.wait_for_reviews()
        return await directory.store.app_versions.get(version.id)

    try:
        version = run(_with_directory(env.settings(), work))
    except ValueError as error:
        raise fail(f"Error: {error}") from None
    _print_version(version)
    if not (version.report or {}).get("passed"):
        raise typer.Exit(1)


@directory_group.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="A server.json file, a registry list body, or a folder of them.")
    ],
    send: bool = typer.Option(False, "--submit", help="Send each imported version to review at once."),
) -> None:
    """Import published server.json files as drafts (they are reviewed before anyone can install them)."""
    from salon.directory.importer import import_files

    async def work(directory: Any) -> Any:
        report = await import_files(directory, source, submit=send)
        if send:
            await directory.wait_for_reviews()
        return report

    report = run(_with_directory(env_of(ctx).settings(), work))
    console = _console()
    for line in report.imported:
        console.print(Text(f"imported {line}", style="green"))
    for line in report.skipped:
        console.print(Text(f"skipped  {line}", style="yellow"))
    console.print(Text(f"{len(report.imported)} imported, {len(report.skipped)} skipped."))


@directory_group.command("queue")
def queue(ctx: typer.Context) -> None:
    """List the versions waiting for review."""

    async def work(directory: Any) -> Any:
        return await directory.queue()

    versions = run(_with_directory(env_of(ctx).settings(), work))
    if not versions:
        _console().print("Nothing is waiting for review.")
        return
    table = Table(show_edge=False, box=None, header_style="bold")
    table.add_column("Id", no_wrap=True)
    for column in ("App", "Version", "State", "Automated review"):
        table.add_column(column, overflow="fold")
    for v in versions:
        verdict = "running" if v.report is None else ("passed" if v.report.get("passed") else "failed")
        table.add_row(v.id, v.app, v.version, v.state, verdict)
    _console().print(table)


@directory_group.command("show")
def show(ctx: typer.Context, version_id: str = typer.Argument(..., help="The version's id.")) -> None:
    """Show one version: its state, the automated review's findings, the reviewer's reasons."""

    async def work(directory: Any) -> Any:
        return await directory.store.app_versions.get(version_id)

    _print_version(run(_with_directory(env_of(ctx).settings(), work)))


def _mover(action: str) -> Callable[..., None]:
    def command(
        ctx: typer.Context,
        version_id: str = typer.Argument(..., help="The version's id (see `salon directory queue`)."),
        reasons: str = typer.Option(
            "", "--reasons", help="Why; the developer (and, for yank, people) see it."
        ),
    ) -> None:
        async def work(directory: Any) -> Any:
            if action == "approve":
                return await directory.approve(version_id, reviewer=OPERATOR, reasons=reasons)
            if action == "reject":
                return await directory.reject(version_id, reviewer=OPERATOR, reasons=reasons)
            if action == "publish":
                return await directory.publish(version_id, actor=OPERATOR)
            if action == "deprecate":
                return await directory.deprecate(version_id, actor=OPERATOR, reason=reasons)
            return await directory.yank(version_id, actor=OPERATOR, reason=reasons)

        _print_version(run(_with_directory(env_of(ctx).settings(), work)))

    command.__doc__ = {
        "approve": "Approve a version in review (its automated review must have passed).",
        "reject": "Reject a version in review, with reasons the developer sees.",
        "publish": "Publish an approved version: it is listed and installable.",
        "deprecate": "Deprecate a published version: still listed, marked deprecated.",
        "yank": "Withdraw a version: unlisted, and installs of it stop being called.",
    }[action]
    return command


for _action in ("approve", "reject", "publish", "deprecate", "yank"):
    directory_group.command(_action)(_mover(_action))


@directory_group.command("audit")
def audit(
    ctx: typer.Context, app: str | None = typer.Option(None, "--app", help="Only this app's entries.")
) -> None:
    """Show the audit log, newest first: who moved which version where, and why."""

    async def work(directory: Any) -> Any:
        return await directory.store.audit.list(app=app)

    entries = run(_with_directory(env_of(ctx).settings(), work))
    table = Table(show_edge=False, box=None, header_style="bold")
    for column in ("When", "Who", "What", "App", "From → to", "Why"):
        table.add_column(column)
    for e in entries:
        moved = f"{e.from_state or '—'} → {e.to_state or '—'}" if (e.from_state or e.to_state) else ""
        table.add_row(
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            f"{e.app} {e.version or ''}",
            moved,
            e.reason or "",
        )
    _console().print(table)
