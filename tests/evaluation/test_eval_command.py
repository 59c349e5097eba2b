"""`salon eval toolcalls` scores a file through a tier, prints the figures and writes the calls."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from salon.cli.eval_toolcalls import toolcalls

CONVERT = {
    "name": "convert_currency",
    "description": "Convert an amount of money from one currency to another.",
    "parameters": {
        "type": "dict",
        "required": ["amount", "from_currency", "to_currency"],
        "properties": {
            "amount": {"type": "float", "description": "The amount to convert"},
            "from_currency": {"type": "string", "description": "Currency to convert from"},
            "to_currency": {"type": "string", "description": "Currency to convert to"},
        },
    },
}


def command() -> typer.Typer:
    app = typer.Typer()
    app.command()(toolcalls)

    @app.callback()
    def _root() -> None:
        """Group, so that the command keeps its name."""

    return app


def write_rows(path: Path) -> None:
    rows = [
        {
            "id": "convert",
            "messages": [{"role": "user", "content": "Convert 120 EUR to USD please"}],
            "tools": [CONVERT],
            "answer": [
                {"convert_currency": {"amount": [120.0], "from_currency": ["EUR"], "to_currency": ["USD"]}}
            ],
        },
        {
            "id": "poem",
            "messages": [{"role": "user", "content": "Write me a poem about autumn leaves"}],
            "tools": [CONVERT],
            "answer": [],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_the_embedded_tier_is_scored_and_its_calls_written(tmp_path: Path) -> None:
    rows, out = tmp_path / "rows.jsonl", tmp_path / "out.jsonl"
    write_rows(rows)
    result = CliRunner().invoke(command(), ["toolcalls", "--file", str(rows), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "embedded" in result.output
    assert "(1/1)" in result.output
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [w["id"] for w in written] == ["convert", "poem"]
    assert written[1]["calls"] == []


def test_a_missing_file_says_how_to_point_at_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(command(), ["toolcalls", "--file", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "--file" in result.output
