from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import Cli


def test_new_app_scaffold_has_a_test_that_passes(salon: Cli, tmp_path: Path) -> None:
    result = salon("app", "new", "trip-notes", "--dir", str(tmp_path / "apps"))
    assert result.exit_code == 0, result.output
    target = tmp_path / "apps" / "trip-notes"
    assert {path.name for path in target.iterdir()} == {"server.py", "test_app.py", "README.md"}
    assert 'SalonApp(\n    "trip-notes"' in (target / "server.py").read_text()

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "ignore::DeprecationWarning",
            str(target),
        ],
        cwd=target,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_new_app_refuses_a_bad_name_or_a_non_empty_folder(salon: Cli, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("")

    bad = salon("app", "new", "Bad Name", "--dir", str(tmp_path))
    taken = salon("app", "new", "taken", "--dir", str(tmp_path))

    assert bad.exit_code == 1
    assert "not a usable app name" in bad.stderr
    assert taken.exit_code == 1
    assert "already exists" in taken.stderr
