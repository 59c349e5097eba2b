from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from salon.cli.route import route

app = typer.Typer()
app.command()(route)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_route_command_writes_one_ranked_row_per_query(tmp_path: Path) -> None:
    directory = write_jsonl(
        tmp_path / "dir.jsonl",
        [
            {"name": "search_hotels", "description": "Search hotels in a city.", "app": "hotels"},
            {"name": "get_forecast", "description": "Weather forecast for a city.", "field": "Weather"},
            {"name": "play_song", "description": "Play a song.", "parameters": {"title": {"type": "str"}}},
        ],
    )
    queries = write_jsonl(
        tmp_path / "q.jsonl",
        [{"id": "q1", "query": "weather forecast in Oslo"}, {"id": 7, "query": "hotels"}],
    )
    out = tmp_path / "out.jsonl"

    result = CliRunner().invoke(
        app,
        [
            "--directory",
            str(directory),
            "--queries",
            str(queries),
            "--top",
            "2",
            "--out",
            str(out),
            "--embedder",
            "hash",
        ],
    )

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["q1", 7]
    for row in rows:
        assert set(row) == {"id", "ranked", "scores", "no_app", "no_app_score"}
        assert len(row["ranked"]) == len(row["scores"]) == 2
        assert row["scores"] == sorted(row["scores"], reverse=True)
        assert isinstance(row["no_app"], bool)
        assert 0.0 <= row["no_app_score"] <= 1.0
    assert rows[0]["ranked"][0] == "get_forecast"
    assert rows[1]["ranked"][0] == "search_hotels"


def test_route_command_names_the_bad_line_of_a_broken_directory(tmp_path: Path) -> None:
    directory = tmp_path / "dir.jsonl"
    directory.write_text('{"name": "a", "description": "b"}\nnot json\n')
    queries = write_jsonl(tmp_path / "q.jsonl", [{"id": 1, "query": "x"}])
    result = CliRunner().invoke(
        app,
        [
            "--directory",
            str(directory),
            "--queries",
            str(queries),
            "--out",
            str(tmp_path / "o"),
            "--embedder",
            "hash",
        ],
    )
    assert result.exit_code != 0
    assert "dir.jsonl:2" in result.output
