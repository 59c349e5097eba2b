"""`salon app check [PATH|URL]`: run locally exactly the automated review the directory runs.

    salon app check                               the app in the current folder (server.py, salon.json)
    salon app check examples/apps/hotels          an app folder, or its salon.json
    salon app check https://example.com/mcp --manifest salon.json
    salon app check PATH --json report.json --html report.html --no-browser

It calls `salon.review.run_review` with the default checks (Salon's and installed plugins'), prints
what failed, why and how to fix it, and exits 1 when any finding is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from salon.cli.environment import fail, run
from salon.errors import SalonError
from salon.review.report import SEVERITIES, ReviewReport

_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def print_report(report: ReviewReport, console: Console) -> None:
    """The report for a terminal: a verdict line, then each finding with its fix."""
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    verdict = Text(
        "PASSED" if report.passed else "FAILED", style="bold green" if report.passed else "bold red"
    )
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    console.print(
        Text.assemble(
            "Automated review of ",
            (f"{report.app} {report.version}", "bold"),
            ": ",
            verdict,
            f" — {counts['error']} errors, {counts['warning']} warnings, "
            f"{len(report.checks_run)} checks in {report.duration_s:.1f} s",
        )
    )
    if report.findings:
        table = Table(show_lines=True, expand=True)
        table.add_column("", no_wrap=True)
        table.add_column("check", no_wrap=True)
        table.add_column("what failed, and why")
        table.add_column("how to fix")
        for finding in sorted(report.findings, key=lambda f: (order[f.severity], f.check_id)):
            what = Text(finding.message)
            if finding.subject:
                what = Text.assemble((finding.subject, "bold"), ": ", finding.message)
            for detail in finding.details:
                what.append("\n  " + detail, style="dim")
            table.add_row(
                Text(finding.severity, style=_STYLE[finding.severity]),
                finding.check_id,
                what,
                finding.fix,
            )
        console.print(table)
    for check_id, reason in report.checks_skipped.items():
        console.print(Text(f"not run: {check_id} ({reason})", style="dim"))


def check(
    where: Annotated[
        str, typer.Argument(help="The app's folder or salon.json, or the URL of its running MCP server.")
    ] = ".",
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="The manifest (salon.json) when WHERE is a URL or another file."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the report as JSON to this file.")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Also write the report as a self-contained HTML page.")
    ] = None,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="Render views in headless Chromium.")
    ] = True,
    routing: Annotated[
        bool, typer.Option("--routing/--no-routing", help="Route the test cases through the router.")
    ] = True,
) -> None:
    """Run the directory's automated review on an app; exit 1 if it finds errors."""
    from salon.review import ReviewOptions, ReviewTarget, run_review

    try:
        target = ReviewTarget.parse(where, manifest)
    except SalonError as error:
        raise fail(f"Error: {error.message}") from None
    report = run(run_review(target, options=ReviewOptions(browser=browser, routing=routing)))
    print_report(report, Console(highlight=False, soft_wrap=False))
    if json_out is not None:
        json_out.write_text(report.to_json() + "\n", encoding="utf-8")
    if html_out is not None:
        html_out.write_text(report.to_html(), encoding="utf-8")
    if not report.passed:
        raise typer.Exit(1)


__all__ = ["check", "print_report"]
