from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from salon.cli import CliEnv, cli
from salon.settings import Settings
from tests.web.fakehost import FakeHost


class Served:
    """Records what `salon serve`/`demo` would have served, instead of binding a socket."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, str, int]] = []
        self.opened: list[str] = []

    def serve(self, app: Any, host: str, port: int, on_ready: Any) -> None:
        self.calls.append((app, host, port))
        if on_ready is not None:
            on_ready()


class Cli:
    def __init__(self, host: FakeHost, data_dir: Path) -> None:
        self.host = host
        self.data_dir = data_dir
        self.served = Served()
        self.settings_seen: list[Settings] = []

    async def _open(self, settings: Settings) -> FakeHost:
        self.settings_seen.append(settings)
        return self.host

    def __call__(self, *args: str, input: str | None = None) -> Result:
        env = CliEnv(
            open_host=self._open,  # type: ignore[arg-type]
            serve=self.served.serve,
            open_browser=self.served.opened.append,
        )
        return CliRunner().invoke(cli, ["--data-dir", str(self.data_dir), *args], obj=env, input=input)


@pytest.fixture
def host() -> FakeHost:
    return FakeHost()


@pytest.fixture
def salon(host: FakeHost, tmp_path: Path) -> Cli:
    return Cli(host, tmp_path / "data")


@pytest.fixture
def with_hotels(salon: Cli) -> Cli:
    result = salon("apps", "add", "hotels", "--command", "python hotels/server.py")
    assert result.exit_code == 0, result.output
    return salon
