from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from salon.router import ToolEntry
from salon.router.request_cache import RequestCache
from salon.router.written_requests import ModelRequestWriter

from .test_eval_routing_command import TOOLS, app, tiny_sets


def figures(output: str, label: str) -> list[str]:
    """The ranking cells (R@1 … COMP@5) of one set's row in the routing table."""
    row = next(line for line in output.splitlines() if line.startswith(f"│ {label} "))
    return [cell.strip() for cell in row.split("│")[4:8]]


def test_cached_written_requests_change_the_sets_they_are_asked_for_and_no_other(tmp_path: Path) -> None:
    data = tiny_sets(tmp_path / "data")
    model_dir = tmp_path / "model"
    cache_file = tmp_path / "written.jsonl"
    # Each tool's requests are another tool's query: if the index reads them, rankings get worse.
    swapped = {
        "search_hotels": "will it rain in Oslo tomorrow",
        "get_forecast": "put on some jazz by Miles Davis",
        "play_song": "find me a hotel in Rome",
    }
    cache = RequestCache(cache_file, ModelRequestWriter(model_dir).identity)
    for row in TOOLS:
        name = str(row["name"])
        cache.put(ToolEntry(name, str(row["description"])), [swapped.get(name, "convert some money")])
    before = cache_file.read_bytes()
    base = ["--data-dir", str(data), "--embedder", "hash", "--model-dir", str(model_dir)]
    written = [*base, "--generated-requests", str(cache_file)]

    templates = CliRunner().invoke(app, base)
    replaced = CliRunner().invoke(app, [*written, "--requests", "generated"])
    assert templates.exit_code == 0, templates.output
    assert replaced.exit_code == 0, replaced.output

    assert figures(replaced.output, "MetaTool single") != figures(templates.output, "MetaTool single")
    assert figures(replaced.output, "Seal-Tools") == figures(templates.output, "Seal-Tools")
    assert cache_file.read_bytes() == before  # every tool was cached: nothing written, no model loaded
