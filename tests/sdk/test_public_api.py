"""The SDK's public surface is deliberate: adding or removing a name is a decision, so a test pins it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import salon
import salon.sdk


def test_sdk_exports_exactly_its_public_names() -> None:
    assert sorted(salon.sdk.__all__) == [
        "AppTestClient",
        "CallResult",
        "SalonApp",
        "ToolResult",
        "ViewCsp",
        "ViewPermissions",
    ]
    for name in salon.sdk.__all__:
        assert getattr(salon.sdk, name) is not None


def test_importing_the_sdk_loads_no_database_model_client_or_cli() -> None:
    # A fresh interpreter: this test run has long since imported everything.
    src = str(Path(salon.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)}
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, salon.sdk; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    imported = {name.split(".")[0] for name in probe.stdout.split()}
    assert not {"sqlalchemy", "alembic", "openai", "typer"} & imported
    assert not any(
        name.startswith(("salon.store", "salon.host", "salon.web")) for name in probe.stdout.split()
    )
