"""Review checks and how they are registered: one hook, used by the core and by plugins alike.

A `Check` is one rule with a stable id (`hints.declared`), a default severity, a stable message and a
fix. Its `run` is `async def run(check, context) -> list[Finding]`; `check.found(subject, details)`
makes a finding with the check's own wording. `needs` names what the check reads — `manifest`,
`server` (the live server answered), `browser` (headless Chromium), `router` (the real router) — and
the runner skips a check whose needs are not met, saying why in the report.

Registering. A plugin ships a function `register(registry: CheckRegistry) -> None` and names it in
its package metadata under the entry-point group `salon.review_checks`:

    [project.entry-points."salon.review_checks"]
    my_checks = "my_package.review:register"

`CheckRegistry.default()` loads every entry point of that group. Salon's own checks are the entry
point `core = "salon.review.checks:register"` of the `salon` distribution — the same hook. (When
Salon runs from a source tree whose installed metadata predates that entry point, `default()` calls
the core's `register` itself so a review never silently runs with no checks.)
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Literal

from salon.errors import ConfigurationError
from salon.review.report import Finding, Severity

if TYPE_CHECKING:
    from salon.review.context import ReviewContext

logger = logging.getLogger("salon.review")

ENTRY_POINT_GROUP = "salon.review_checks"
CORE_ENTRY_POINT = "core"

Need = Literal["manifest", "server", "browser", "router"]
NEEDS: frozenset[str] = frozenset({"manifest", "server", "browser", "router"})
CheckFn = Callable[["Check", "ReviewContext"], Awaitable[list[Finding]]]


@dataclass(frozen=True)
class Check:
    """One review rule. `message` and `fix` are its stable wording (see `salon.review.report`)."""

    id: str
    severity: Severity
    message: str
    fix: str
    run: CheckFn
    needs: frozenset[str] = field(default_factory=frozenset)
    """Any of `NEEDS`."""

    def __post_init__(self) -> None:
        group, dot, name = self.id.partition(".")
        if not (group and dot and name) or not self.id.replace(".", "").replace("_", "").isalnum():
            raise ConfigurationError(
                f"check id {self.id!r} must be 'group.name' in lower-case letters, digits and '_', "
                "e.g. 'hints.declared'"
            )
        if not self.needs <= NEEDS:
            raise ConfigurationError(
                f"check {self.id!r} needs {sorted(self.needs - NEEDS)}, which the runner does not provide; "
                f"use some of {sorted(NEEDS)}"
            )
        if not self.message or not self.fix:
            raise ConfigurationError(f"check {self.id!r} needs a message and a fix")

    def found(
        self,
        subject: str | None = None,
        details: Iterable[str] = (),
        *,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this check, in its own words."""
        return Finding(
            check_id=self.id,
            severity=severity or self.severity,
            message=self.message,
            fix=self.fix,
            subject=subject,
            details=[d[:500] for d in details],
        )


class CheckRegistry:
    """The checks a review runs, in registration order; ids are unique."""

    def __init__(self, checks: Iterable[Check] = ()) -> None:
        self._checks: dict[str, Check] = {}
        self.plugins: list[str] = []
        """Names of the entry points loaded into this registry."""
        for check in checks:
            self.register(check)

    def register(self, check: Check) -> None:
        if check.id in self._checks:
            raise ConfigurationError(
                f"a review check with id {check.id!r} is already registered; give yours another id"
            )
        self._checks[check.id] = check

    def register_all(self, checks: Iterable[Check]) -> None:
        for check in checks:
            self.register(check)

    def unregister(self, check_id: str) -> None:
        self._checks.pop(check_id, None)

    def get(self, check_id: str) -> Check | None:
        return self._checks.get(check_id)

    def ids(self) -> list[str]:
        return list(self._checks)

    def __iter__(self) -> Iterator[Check]:
        return iter(list(self._checks.values()))

    def __len__(self) -> int:
        return len(self._checks)

    def load_entry_points(self, group: str = ENTRY_POINT_GROUP) -> None:
        """Call every `register(registry)` named under `group`; a broken plugin is a configuration error."""
        for point in sorted(entry_points(group=group), key=lambda p: (p.name != CORE_ENTRY_POINT, p.name)):
            if point.name in self.plugins:
                continue
            try:
                hook = point.load()
            except (ImportError, AttributeError) as error:
                raise ConfigurationError(
                    f"the review-check plugin {point.name!r} ({point.value}) cannot be loaded: {error}. "
                    "Fix or uninstall the package that declares it."
                ) from error
            if not callable(hook):
                raise ConfigurationError(
                    f"the review-check plugin {point.name!r} ({point.value}) is not a "
                    "register(registry) function"
                )
            hook(self)
            self.plugins.append(point.name)

    @classmethod
    def default(cls) -> CheckRegistry:
        """Salon's checks and every installed plugin's (see the module docstring)."""
        registry = cls()
        registry.load_entry_points()
        if CORE_ENTRY_POINT not in registry.plugins:
            from salon.review.checks import register

            logger.info("the salon.review_checks entry points are not installed; registering core checks")
            register(registry)
            registry.plugins.insert(0, CORE_ENTRY_POINT)
        return registry


__all__ = ["ENTRY_POINT_GROUP", "Check", "CheckFn", "CheckRegistry", "Need"]
