"""An append-only log of the tool calls a fixture app received, at `$SALON_FIXTURE_LOG` (one JSON a line).

A test reads it to prove that a call the host should have refused never reached the app.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ENV = "SALON_FIXTURE_LOG"


def record(app: str, tool: str, arguments: dict[str, Any]) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as log:
        log.write(json.dumps({"app": app, "tool": tool, "arguments": arguments}) + "\n")


def read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
