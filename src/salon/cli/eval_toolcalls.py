"""`salon eval toolcalls`: exact-call accuracy, correct abstentions and latency of the offline brain."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from salon.errors import SalonError
from salon.evaluation.toolcalls import (
    CaseResult,
    EvaluationDataError,
    Summary,
    ToolCallCase,
    evaluate,
    load_cases,
    output_row,
)
from salon.host.models.registry import create_provider

DEFAULT_FILE = Path("../shared/eval/toolcalls/bfcl_live/dev.jsonl")
"""Relative to the repository root, where the shared evaluation data sits beside the checkout."""


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{1000 * value:.0f} ms"


async def _run(
    tiers: list[str], cases: list[ToolCallCase], now: datetime, out: Path | None, err: Console
) -> list[Summary]:
    summaries: list[Summary] = []
    for tier in tiers:
        provider = create_provider(tier)
        try:
            with Progress(
                TextColumn(f"[bold]{tier}[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task(tier, total=len(cases))

                def advance(_: CaseResult, task_id: TaskID = task, bar: Progress = progress) -> None:
                    bar.advance(task_id)

                summaries.append(await evaluate(provider, cases, now=now, tier=tier, on_result=advance))
        finally:
            await provider.aclose()
        if out is not None:
            target = out if len(tiers) == 1 else out.with_name(f"{out.stem}.{tier}{out.suffix}")
            with target.open("w", encoding="utf-8") as handle:
                for result in summaries[-1].results:
                    handle.write(json.dumps(output_row(result), ensure_ascii=False) + "\n")
    return summaries


def toolcalls(
    file: Annotated[
        Path,
        typer.Option("--file", help="Rows of the BFCL format: id, messages, tools, answer (JSON Lines)."),
    ] = DEFAULT_FILE,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help='Write {"id", "calls": [{"name", "arguments"}]} per row; with several tiers, '
            "one file per tier (OUT.TIER.jsonl).",
        ),
    ] = None,
    tier: Annotated[
        list[str] | None,
        typer.Option(
            "--tier",
            help="Model provider to evaluate: embedded (the default), needle, tiered, or a registered kind. "
            "Repeat to compare.",
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N rows.")] = None,
) -> None:
    """Score the offline brain's tool calls: exact-call accuracy, correct abstentions, latency."""
    err = Console(stderr=True)
    try:
        cases = load_cases(file, limit=limit)
    except FileNotFoundError:
        err.print(f"[red]No evaluation file at {file}[/red]; pass --file PATH (rows of the BFCL format).")
        raise typer.Exit(2) from None
    except EvaluationDataError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    now = datetime.now().astimezone()
    try:
        summaries = asyncio.run(_run(tier or ["embedded"], cases, now, out, err))
    except SalonError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    table = Table(title=f"Tool calls: {file.name} ({len(cases)} rows)")
    for column in ("tier", "exact calls", "correct abstentions", "p50", "p95"):
        table.add_column(column, justify="left" if column == "tier" else "right")
    for summary in summaries:
        table.add_row(
            summary.tier,
            f"{_percent(summary.call_accuracy)} ({summary.exact_calls}/{summary.call_rows})",
            f"{_percent(summary.abstention_rate)} ({summary.correct_abstentions}/{summary.abstention_rows})",
            _ms(summary.latency(0.5)),
            _ms(summary.latency(0.95)),
        )
    Console().print(table)
