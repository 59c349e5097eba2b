from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rich.console import Console
from starlette.applications import Starlette
from typer.testing import CliRunner

from salon.cli import CliEnv, cli
from salon.cli.serving import demo_endpoints, install_demo_apps
from salon.errors import ConfigurationError
from tests.web.fakehost import FakeHost

from .conftest import Cli


def test_serve_composes_the_web_app_on_the_given_interface(salon: Cli) -> None:
    result = salon("serve", "--host", "0.0.0.0", "--port", "9999")

    assert result.exit_code == 0, result.output
    [(app, host, port)] = salon.served.calls
    assert isinstance(app, Starlette)
    assert (host, port) == ("0.0.0.0", 9999)
    assert "Salon is running at http://0.0.0.0:9999" in result.stdout
    assert salon.served.opened == []


def test_demo_endpoints_run_each_example_server_with_this_python(tmp_path: Path) -> None:
    for name in ("hotels", "units"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "server.py").write_text("")

    endpoints = demo_endpoints(tmp_path)

    assert [endpoint.name for endpoint in endpoints] == ["hotels", "units"]
    assert endpoints[0].command == [sys.executable, str(tmp_path / "hotels" / "server.py")]
    assert endpoints[0].transport == "stdio"


def test_demo_apps_keep_their_state_in_the_salon_data_dir(tmp_path: Path) -> None:
    (tmp_path / "apps" / "hotels").mkdir(parents=True)
    (tmp_path / "apps" / "hotels" / "server.py").write_text("")

    [endpoint] = demo_endpoints(tmp_path / "apps", tmp_path / "data")

    assert endpoint.env == {"SALON_EXAMPLE_DATA_DIR": str((tmp_path / "data" / "example-apps").resolve())}


def test_demo_without_the_examples_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not at"):
        demo_endpoints(tmp_path / "missing")


async def test_demo_install_skips_apps_already_installed(tmp_path: Path) -> None:
    (tmp_path / "hotels").mkdir()
    (tmp_path / "hotels" / "server.py").write_text("")
    host = FakeHost()
    endpoints = demo_endpoints(tmp_path)
    console = Console(record=True, width=100)

    await install_demo_apps(host, endpoints, console)
    await install_demo_apps(host, endpoints, console)

    assert len(host.installed) == 1
    assert "(already installed)" in console.export_text()


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"], obj=CliEnv())

    for command in ("serve", "demo", "chat", "apps", "app"):
        assert command in result.stdout
