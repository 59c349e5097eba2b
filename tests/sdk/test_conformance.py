"""An app built with salon.sdk passes the official MCP conformance suite's required server scenarios.

Runs scripts/conformance.sh, which installs Node 22 and the pinned suite under .tools/ on first use (npm
needs the network then), serves conformance/everything_app.py and runs the 2026-07-28 requirement set with
conformance/baseline.yml as the expected failures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "conformance.sh"


@pytest.mark.conformance
@pytest.mark.subprocess
@pytest.mark.timeout(900)
def test_sdk_app_passes_the_required_conformance_scenarios() -> None:
    for tool in ("bash", "curl", "npm"):
        if shutil.which(tool) is None:
            pytest.fail(f"the conformance run needs {tool!r} on PATH")
    completed = subprocess.run(
        ["bash", str(SCRIPT)],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = completed.stdout[completed.stdout.rfind("=== SUMMARY ===") :]
    assert completed.returncode == 0, f"{summary}\n{completed.stderr[-4000:]}"
    assert "Baseline check passed" in completed.stdout, summary
