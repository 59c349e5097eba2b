"""`salon route`: route a file of queries against a directory file, for evaluation.

    salon route --directory DIR.jsonl --queries Q.jsonl --top 10 --out OUT.jsonl

Directory rows: `{"name", "description"}` with optional `"app"` (or `"field"`, used as the app),
`"parameters"` and `"examples"`. Query rows: `{"id", "query"}`. Output rows:
`{"id", "ranked": [names], "scores": [floats], "no_app": bool, "no_app_score": float}`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from salon.errors import ConfigurationError
from salon.router import Embedder, FakeEmbedder, MiniLMEmbedder, Router, ToolEntry


class EmbedderChoice(StrEnum):
    minilm = "minilm"
    hash = "hash"


def make_embedder(choice: EmbedderChoice) -> Embedder:
    return MiniLMEmbedder() if choice is EmbedderChoice.minilm else FakeEmbedder()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigurationError(f"cannot read {path}: {error.strerror}") from error
    rows = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ConfigurationError(f"{path}:{number} is not JSON: {error.msg}") from error
    return rows


def entry_from_row(row: dict[str, Any]) -> ToolEntry:
    if not isinstance(row.get("name"), str):
        raise ConfigurationError(f"a directory row needs a string 'name': {json.dumps(row)[:120]}")
    app = row.get("app") or row.get("field")
    return ToolEntry(
        name=row["name"],
        description=str(row.get("description") or ""),
        app=str(app) if app else None,
        parameters=row.get("parameters") if isinstance(row.get("parameters"), dict) else None,
        examples=tuple(str(x) for x in row.get("examples") or ()),
    )


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def route(
    directory: Annotated[Path, typer.Option("--directory", help="Directory JSONL: one tool per line.")],
    queries: Annotated[Path, typer.Option("--queries", help='Queries JSONL: {"id", "query"} per line.')],
    out: Annotated[Path, typer.Option("--out", help="Where to write one result row per query.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many tools to rank per query.")] = 10,
    embedder: Annotated[
        EmbedderChoice, typer.Option("--embedder", help="minilm (default) or hash (fast, for tests).")
    ] = EmbedderChoice.minilm,
) -> None:
    """Route every query of a file against a directory of tools and write the rankings."""
    try:
        entries = [entry_from_row(row) for row in read_jsonl(directory)]
        rows = read_jsonl(queries)
        router = Router(make_embedder(embedder))
    except ConfigurationError as error:
        raise typer.BadParameter(error.message) from None
    with progress_bar() as progress:
        task = progress.add_task("indexing", total=None)
        router.index(entries)
        progress.update(task, description="routing", total=len(rows), completed=0)
        with out.open("w", encoding="utf-8") as sink:
            for row in rows:
                result = router.route(str(row.get("query", "")), top_k=top)
                record = {
                    "id": row.get("id"),
                    "ranked": [c.name for c in result.ranked],
                    "scores": [round(c.score, 6) for c in result.ranked],
                    "no_app": result.no_app,
                    "no_app_score": round(result.no_app_score, 6),
                }
                sink.write(json.dumps(record) + "\n")
                progress.advance(task)
