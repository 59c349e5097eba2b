"""Fixtures for the example apps' tests: a private data folder per test, and launching an app over stdio.

The example apps live in the repository's `examples` package, outside the installed `salon`
distribution, so the repository root must be importable here as it is for `python -m examples...`.
"""

from __future__ import annotations

import json
import runpy
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

import salon

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from examples.apps.storage import DATA_DIR_ENV  # noqa: E402

APPS_DIR = REPO_ROOT / "examples" / "apps"
# The child gets only a minimal environment from the stdio client; it is handed the same `salon` the tests
# import.
SALON_ROOT = Path(salon.__file__).resolve().parents[1]

StdioApp = Callable[[str], AbstractAsyncContextManager[Client]]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes bookings and queues to its own folder."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def _load_committed(app_name: str, filename: str) -> Any:
    return json.loads((APPS_DIR / app_name / "data" / filename).read_text(encoding="utf-8"))


def _run_generator(app_name: str) -> Any:
    return runpy.run_path(str(APPS_DIR / app_name / "data" / "generate.py"))["generate"]()


@pytest.fixture
def committed_data() -> Callable[[str, str], Any]:
    """Read a committed data file of an app: `committed_data("hotels", "hotels.json")`."""
    return _load_committed


@pytest.fixture
def regenerated_data() -> Callable[[str], Any]:
    """Run an app's data generator script now and return what its `generate()` makes."""
    return _run_generator


@pytest.fixture
def stdio_app(data_dir: Path) -> StdioApp:
    """Start `python examples/apps/<name>/server.py` as a child process and connect to it over stdio."""

    @asynccontextmanager
    async def launch(app_name: str) -> AsyncIterator[Client]:
        params = StdioServerParameters(
            command=sys.executable,
            args=[str(APPS_DIR / app_name / "server.py")],
            env={"PYTHONPATH": str(SALON_ROOT), DATA_DIR_ENV: str(data_dir)},
        )
        async with Client(params) as client:
            yield client

    return launch
