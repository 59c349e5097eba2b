from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import typer
from typer.testing import CliRunner

from salon.cli.eval_routing import routing

app = typer.Typer()
app.command()(routing)

TOOLS = [
    {"name": "search_hotels", "description": "Search hotels in a city for given dates."},
    {"name": "get_forecast", "description": "Get the weather forecast for a city."},
    {"name": "play_song", "description": "Play a song or an album by an artist."},
    {"name": "convert_currency", "description": "Convert an amount between two currencies."},
]
QUERIES = [
    {"id": "a", "query": "find me a hotel in Rome", "tools": ["search_hotels"]},
    {"id": "b", "query": "will it rain in Oslo tomorrow", "tools": ["get_forecast"]},
    {"id": "c", "query": "put on some jazz by Miles Davis", "tools": ["play_song"]},
]


def write_jsonl(path: Path, rows: Sequence[Mapping[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def tiny_sets(root: Path) -> Path:
    for folder in ("metatool", "sealtools"):
        write_jsonl(root / folder / "directory.jsonl", TOOLS)
    write_jsonl(root / "metatool" / "dev_single.jsonl", QUERIES)
    write_jsonl(
        root / "metatool" / "dev_multi.jsonl",
        [
            {
                "id": "m",
                "query": "hotel in Rome and the weather there",
                "tools": ["search_hotels", "get_forecast"],
            }
        ],
    )
    write_jsonl(
        root / "metatool" / "dev_awareness.jsonl",
        [
            {"id": "w1", "query": "what is love", "needs_app": False},
            {"id": "w2", "query": "hotel", "needs_app": True},
        ],
    )
    write_jsonl(root / "sealtools" / "dev.jsonl", QUERIES)
    return root


def test_eval_routing_with_a_cache_dir_reports_the_same_figures_and_reuses_the_vectors(
    tmp_path: Path,
) -> None:
    data = tiny_sets(tmp_path / "data")
    cache = tmp_path / "cache"
    arguments = ["--data-dir", str(data), "--embedder", "hash", "--cache-dir", str(cache)]

    first = CliRunner().invoke(app, arguments)
    assert first.exit_code == 0, first.output
    stored = list(cache.glob("*.npz"))
    assert len(stored) == 1
    written = stored[0].stat().st_mtime_ns

    second = CliRunner().invoke(app, arguments)
    assert second.exit_code == 0, second.output
    plain = CliRunner().invoke(app, arguments[:4])
    assert plain.exit_code == 0, plain.output

    def figures(output: str) -> list[list[str]]:
        """Each table row's cells up to the latency columns, which vary from run to run."""
        return [line.split("│")[1:7] for line in output.splitlines() if "│" in line]

    assert figures(first.output) == figures(second.output) == figures(plain.output)
    assert "MetaTool single" in first.output
    assert stored[0].stat().st_mtime_ns == written  # nothing new to embed, nothing rewritten
