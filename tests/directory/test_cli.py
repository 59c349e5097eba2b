"""`salon app submit` and `salon directory …` against a real SQLite store, the real review and a
local example app (started over stdio the way `salon apps add` runs it), through the installed
`salon` command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

UNITS = Path(__file__).resolve().parents[2] / "examples" / "apps" / "units"


@dataclass(frozen=True)
class Result:
    exit_code: int
    output: str


def _run(data_dir: Path, *args: str) -> Result:
    """The real `salon` command in a child process (the review starts the app as its own child)."""
    salon = Path(sys.executable).parent / "salon"
    done = subprocess.run(
        [str(salon), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    return Result(done.returncode, done.stdout + done.stderr)


def test_a_submitted_app_goes_through_review_approval_and_publishing_with_an_audit_trail(
    tmp_path: Path,
) -> None:
    submitted = _run(tmp_path, "app", "submit", str(UNITS))
    assert submitted.exit_code == 0, submitted.output
    assert "in_review" in submitted.output
    assert "automated review passed" in submitted.output
    version_id = re.search(r"\(id ([0-9a-f]{32})\)", submitted.output)
    assert version_id is not None
    vid = version_id.group(1)

    early = _run(tmp_path, "directory", "publish", vid)
    assert early.exit_code == 1
    assert "can only become: approved, rejected" in early.output

    assert _run(tmp_path, "directory", "approve", vid, "--reasons", "Clear and minimal.").exit_code == 0
    published = _run(tmp_path, "directory", "publish", vid)
    assert "published" in published.output
    audit = _run(tmp_path, "directory", "audit").output
    for action in ("submit", "review", "approve", "publish"):
        assert action in audit


def test_import_keeps_reviewable_server_json_files_as_drafts_and_says_why_others_were_skipped(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    manifest = json.loads((UNITS / "salon.json").read_text(encoding="utf-8"))
    manifest["remotes"] = [{"type": "streamable-http", "url": "https://units.example/mcp"}]
    (folder / "units.json").write_text(json.dumps(manifest), encoding="utf-8")
    plain = {"name": "io.example/plain", "description": "No Salon section.", "version": "1.0.0"}
    (folder / "plain.json").write_text(json.dumps({"servers": [{"server": plain}]}), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")

    result = _run(tmp_path / "data", "directory", "import", str(folder))
    assert result.exit_code == 0, result.output
    assert f"imported {manifest['name']} {manifest['version']}" in result.output
    assert "plain.json#0: This server.json has no Salon section" in result.output
    assert "broken.json: cannot be read as JSON" in result.output
    assert "1 imported, 2 skipped" in result.output
    again = _run(tmp_path / "data", "directory", "import", str(folder / "units.json"))
    assert "bump the version" in again.output
