"""How the directory runs the automated review: a narrow seam over `salon.review.run_review`.

`Reviewer` is one async call: given a version's manifest and where its server is, return a
`ReviewOutcome` — the report as JSON, whether it passed, and the tools as the review fetched them
(which the directory fingerprints and freezes at approval). `AutomatedReviewer` is the real one; it is
also what `salon app check` runs, so a developer sees the directory's verdict before submitting.

A review that cannot run at all (the server is down, the manifest cannot be read) still produces an
outcome: a failed report with one error finding that says why, so the version reaches the reviewers'
queue with an explanation instead of hanging in `submitted`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, model_validator

from salon.directory.manifest import AppManifest
from salon.host.endpoints import AppEndpoint
from salon.host.tools import ToolSpec


class ServerLocation(BaseModel):
    """Where a version's live server is: an MCP endpoint URL, or a local app folder (run over stdio
    with this Python, `server.py` in the folder, as the example apps are)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str | None = None
    path: str | None = None

    @model_validator(mode="after")
    def _one_place(self) -> ServerLocation:
        if (self.url is None) == (self.path is None):
            raise ValueError(
                "give exactly one of 'url' (a running MCP server) or 'path' (a local app folder)"
            )
        if self.url is not None:
            parts = urlsplit(self.url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(
                    "'url' must be an http:// or https:// MCP endpoint, e.g. https://example.com/mcp"
                )
        return self

    def endpoint(self, name: str) -> AppEndpoint:
        """How the host reaches this server when a person installs it under `name`."""
        if self.url is not None:
            return AppEndpoint(name=name, transport="http", url=self.url)
        folder = Path(self.path or ".").resolve()
        return AppEndpoint(
            name=name, transport="stdio", command=[sys.executable, str(folder / "server.py")], cwd=str(folder)
        )


@dataclass(frozen=True)
class ReviewOutcome:
    report: dict[str, Any]
    passed: bool
    tools: list[ToolSpec] = field(default_factory=list)


class Reviewer(Protocol):
    async def __call__(self, manifest: AppManifest, server: ServerLocation) -> ReviewOutcome: ...


def failed_outcome(manifest: AppManifest, check_id: str, message: str, fix: str) -> ReviewOutcome:
    """A report for a review that could not run: one error finding saying why and what to do."""
    server = manifest.server
    report = {
        "app": server.name,
        "version": server.version,
        "passed": False,
        "findings": [
            {"checkId": check_id, "severity": "error", "message": message, "fix": fix, "subject": None}
        ],
        "toolDefinitions": [],
        "durationS": 0.0,
    }
    return ReviewOutcome(report=report, passed=False, tools=[])


def tool_specs(app: str, fetched: Any) -> list[ToolSpec]:
    """The review's `tool_definitions` (MCP tool objects or their JSON) as the host's `ToolSpec`s."""
    import mcp.types as mcp_types

    specs: list[ToolSpec] = []
    for item in fetched or []:
        if isinstance(item, ToolSpec):
            specs.append(item)
            continue
        tool = item if isinstance(item, mcp_types.Tool) else mcp_types.Tool.model_validate(item)
        specs.append(ToolSpec.from_mcp(app, tool))
    return specs
