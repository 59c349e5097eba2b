"""The CLI over the real `Host` (SQLite in a temporary data dir)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from salon.cli import CliEnv, cli


def _salon(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], obj=CliEnv())
    return result.exit_code, result.stdout, result.stderr


def test_fresh_data_dir_lists_no_apps(tmp_path: Path) -> None:
    code, out, _ = _salon(tmp_path, "apps", "list")

    assert code == 0
    assert "No apps installed" in out


def test_unknown_conversation_is_a_clean_error_with_the_real_host(tmp_path: Path) -> None:
    code, _, err = _salon(tmp_path, "chat", "--conversation", "missing", "hello")

    assert code == 1
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_removing_an_app_that_is_not_installed_fails_cleanly(tmp_path: Path) -> None:
    code, _, err = _salon(tmp_path, "apps", "remove", "ghost")

    assert code == 1
    assert "ghost" in err
