"""`Directory`: submitting app versions, the automated review, reviewers' decisions, publishing.

    submit(manifest, server, owner)     draft → submitted; the automated review starts in the background
    (review finishes)                   submitted → in_review, with the report and the tools' fingerprints
    approve / reject(id, reviewer, …)   in_review → approved | rejected, with reasons the developer sees
    publish / deprecate / yank          approved → published → deprecated | yanked

Every move is checked by `states.check_transition`, made atomic by the store (`app_versions.move`),
and written to the audit log with who made it. The tools' fingerprints are fixed when the review
fetches them and never change afterwards: what a reviewer approved is what people install, and the
host refuses a live server that drifts from it (`salon.directory.pinning`).

Reviews run as tasks owned by this object; `wait_for_reviews()` waits for the running ones (the CLI
and tests use it) and `aclose()` cancels them. A worker that dies mid-review leaves the version in
`submitted`; `resume_reviews()` (run at start) reviews those again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from salon.directory.manifest import AppManifest
from salon.directory.review_seam import Reviewer, ReviewOutcome, ServerLocation, failed_outcome
from salon.directory.states import IN_REVIEW_STATES, VersionState, check_transition
from salon.errors import DirectoryError, SalonError
from salon.host.fingerprint import fingerprint, tool_definition
from salon.store import Store
from salon.store.directory_records import AppVersion

logger = logging.getLogger("salon.directory")

AUTOMATED_REVIEW = "automated-review"
"""The actor the audit log names for the automated review's moves."""

S = VersionState


def namespace_of(name: str) -> str:
    """The publisher namespace of a registry name: `io.example` for `io.example/hotels`."""
    return name.split("/", 1)[0]


class Directory:
    def __init__(self, store: Store, *, reviewer: Reviewer | None = None) -> None:
        self.store = store
        self._reviewer = reviewer
        self._reviews: dict[str, asyncio.Task[None]] = {}
        self._listeners: list[Any] = []

    def on_change(self, listener: Any) -> None:
        """Call `listener()` after any version is published, deprecated or yanked (search reindexes)."""
        self._listeners.append(listener)

    # -- developers ----------------------------------------------------------------------------
    async def submit(self, manifest: AppManifest, server: ServerLocation, *, owner: str) -> AppVersion:
        """Submit `manifest`'s version for review. A draft or rejected version of the same number is
        replaced and submitted again; any other existing version is `version_exists`."""
        name, version = manifest.server.name, manifest.server.version
        if namespace_of(name) != owner:
            raise DirectoryError(
                f"{owner!r} cannot submit {name!r}: apps are named in their publisher's namespace, so "
                f"the name must start with '{owner}/'.",
                code="not_owner",
            )
        await self.store.listings.ensure(name, owner)
        body = manifest.to_server_json()
        where = server.model_dump(exclude_none=True)
        existing = {v.version: v for v in await self.store.app_versions.for_app(name)}
        current = existing.get(version)
        if current is None:
            current = await self.store.app_versions.create(name, version, body, where)
        elif current.state in (S.DRAFT, S.REJECTED):
            current = await self.store.app_versions.replace(current.id, body, where)
        else:
            raise DirectoryError(
                f"Version {version} of {name} is {current.state}; a version never changes once submitted "
                "and reviewed, so bump the version in the manifest.",
                code="version_exists",
            )
        return await self.submit_version(current.id, actor=owner)

    async def submit_version(self, version_id: str, *, actor: str) -> AppVersion:
        """Send a draft (or a rejected version, unchanged) to review."""
        current = await self.store.app_versions.get(version_id)
        check_transition(current.state, S.SUBMITTED)
        moved = await self.store.app_versions.move(current.id, current.state, S.SUBMITTED, claim=True)
        await self._audit(moved, actor, "submit", current.state)
        self._start_review(moved.id)
        return moved

    # -- the automated review ------------------------------------------------------------------
    def _start_review(self, version_id: str) -> None:
        task = asyncio.get_running_loop().create_task(self._review(version_id), name=f"review-{version_id}")
        self._reviews[version_id] = task
        task.add_done_callback(lambda _: self._reviews.pop(version_id, None))

    async def resume_reviews(self) -> int:
        """Review again the versions a stopped worker left in `submitted`; returns how many."""
        pending = [
            v for v in await self.store.app_versions.in_states([S.SUBMITTED]) if v.id not in self._reviews
        ]
        for version in pending:
            self._start_review(version.id)
        return len(pending)

    async def wait_for_reviews(self) -> None:
        """Wait for the reviews this object is running (each is bounded by the review's own limits)."""
        while self._reviews:
            await asyncio.gather(*self._reviews.values(), return_exceptions=True)

    async def _review(self, version_id: str) -> None:
        version = await self.store.app_versions.get(version_id)
        outcome = await self._outcome(version)
        definitions = {spec.name: tool_definition(spec) for spec in outcome.tools}
        fingerprints = {spec.name: fingerprint(spec) for spec in outcome.tools}
        try:
            moved = await self.store.app_versions.move(
                version_id,
                S.SUBMITTED,
                S.IN_REVIEW,
                report=outcome.report,
                tool_definitions=definitions,
                fingerprints=fingerprints,
            )
        except SalonError as error:
            logger.warning("review of %s could not be recorded: %s", version_id, error.message)
            return
        errors = sum(1 for f in outcome.report.get("findings", []) if f.get("severity") == "error")
        summary = "passed" if outcome.passed else f"failed with {errors} error(s)"
        await self._audit(
            moved, AUTOMATED_REVIEW, "review", S.SUBMITTED, reason=f"Automated review {summary}."
        )

    async def _outcome(self, version: AppVersion) -> ReviewOutcome:
        manifest = AppManifest.from_server_json(version.manifest)
        server = ServerLocation.model_validate(version.server)
        reviewer = self._reviewer
        if reviewer is None:
            from salon.directory.automated import AutomatedReviewer

            reviewer = self._reviewer = AutomatedReviewer()
        try:
            return await reviewer(manifest, server)
        except asyncio.CancelledError:
            raise
        except SalonError as error:
            return failed_outcome(
                manifest, "review.could_not_run", f"The review could not run: {error.message}", _RETRY
            )
        except Exception as error:  # a crashing check must still leave a report for the reviewers
            logger.exception("the automated review of %s %s crashed", version.app, version.version)
            return failed_outcome(
                manifest, "review.crashed", f"The review crashed ({type(error).__name__}: {error}).", _RETRY
            )

    # -- reviewers -----------------------------------------------------------------------------
    async def approve(self, version_id: str, *, reviewer: str, reasons: str = "") -> AppVersion:
        """Approve a version in review. One whose automated review found errors cannot be approved."""
        current = await self.store.app_versions.get(version_id)
        check_transition(current.state, S.APPROVED)
        if not (current.report or {}).get("passed", False):
            raise DirectoryError(
                f"The automated review of {current.app} {current.version} found errors; a version that "
                "fails it cannot be approved. Reject it with reasons; the developer can fix and resubmit.",
                code="review_failed",
            )
        return await self._decide(current, S.APPROVED, reviewer, reasons or "Approved.")

    async def reject(self, version_id: str, *, reviewer: str, reasons: str) -> AppVersion:
        """Reject a version in review; `reasons` (required) are shown to the developer."""
        if not reasons.strip():
            raise DirectoryError(
                "Say why the version is rejected: the developer sees the reasons and needs them to fix it.",
                code="reasons_required",
            )
        current = await self.store.app_versions.get(version_id)
        check_transition(current.state, S.REJECTED)
        return await self._decide(current, S.REJECTED, reviewer, reasons.strip())

    async def _decide(self, current: AppVersion, target: S, reviewer: str, reasons: str) -> AppVersion:
        moved = await self.store.app_versions.move(
            current.id,
            current.state,
            target,
            release=True,
            reasons=reasons,
            reviewed_at=self.store.app_versions.now(),
        )
        await self._audit(
            moved, reviewer, "approve" if target is S.APPROVED else "reject", current.state, reasons
        )
        return moved

    async def queue(self) -> list[AppVersion]:
        """Versions being reviewed, oldest first: the automated review running, then awaiting a reviewer."""
        return await self.store.app_versions.in_states(sorted(IN_REVIEW_STATES))

    # -- publishing ----------------------------------------------------------------------------
    async def publish(self, version_id: str, *, actor: str) -> AppVersion:
        current = await self.store.app_versions.get(version_id)
        check_transition(current.state, S.PUBLISHED)
        published_at = current.published_at or self.store.app_versions.now()
        moved = await self.store.app_versions.move(
            current.id, current.state, S.PUBLISHED, published_at=published_at
        )
        await self._audit(moved, actor, "publish", current.state)
        self._changed()
        return moved

    async def deprecate(self, version_id: str, *, actor: str, reason: str = "") -> AppVersion:
        return await self._retire(version_id, S.DEPRECATED, actor, reason)

    async def yank(self, version_id: str, *, actor: str, reason: str) -> AppVersion:
        """Withdraw a version: it leaves the directory, and installs of it stop being called."""
        if not reason.strip():
            raise DirectoryError(
                "Say why the version is yanked; people who installed it see the reason.",
                code="reasons_required",
            )
        return await self._retire(version_id, S.YANKED, actor, reason.strip())

    async def _retire(self, version_id: str, target: S, actor: str, reason: str) -> AppVersion:
        current = await self.store.app_versions.get(version_id)
        check_transition(current.state, target)
        moved = await self.store.app_versions.move(
            current.id, current.state, target, reasons=reason or current.reasons
        )
        action = "yank" if target is S.YANKED else "deprecate"
        await self._audit(moved, actor, action, current.state, reason)
        self._changed()
        return moved

    # -- plumbing ------------------------------------------------------------------------------
    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    async def _audit(
        self, version: AppVersion, actor: str, action: str, from_state: str, reason: str | None = None
    ) -> None:
        await self.store.audit.record(
            version.app,
            actor,
            action,
            version=version.version,
            from_state=from_state,
            to_state=version.state,
            reason=reason,
        )

    async def aclose(self) -> None:
        for task in list(self._reviews.values()):
            task.cancel()
        if self._reviews:
            await asyncio.gather(*self._reviews.values(), return_exceptions=True)


_RETRY = "Check that the server is running and reachable at the submitted location, then submit again."
