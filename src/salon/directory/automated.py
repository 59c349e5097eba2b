"""`AutomatedReviewer`: the directory's `Reviewer`, running `salon.review.run_review` — the same review
`salon app check` runs — and handing its report, verdict and fetched tools to the directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salon.directory.manifest import AppManifest
from salon.directory.review_seam import ReviewOutcome, ServerLocation, tool_specs

if TYPE_CHECKING:
    from salon.review import CheckRegistry, ReviewOptions


class AutomatedReviewer:
    def __init__(self, *, checks: CheckRegistry | None = None, options: ReviewOptions | None = None) -> None:
        """`checks`: the checks to run (default: every registered one); `options`: the review's limits."""
        self._checks = checks
        self._options = options

    async def __call__(self, manifest: AppManifest, server: ServerLocation) -> ReviewOutcome:
        from salon.review import ReviewTarget, run_review

        if server.url is not None:
            target = ReviewTarget(manifest=manifest, url=server.url)
        else:
            target = ReviewTarget(manifest=manifest, path=Path(server.path or "."))
        report = await run_review(target, checks=self._checks, options=self._options)
        return ReviewOutcome(
            report=report.wire(),
            passed=report.passed,
            tools=tool_specs(manifest.server.name, report.tool_definitions),
        )
