"""The life of an app version in the directory, as a state machine.

    draft ──submit──▶ submitted ──review done──▶ in_review ──approve──▶ approved ──publish──▶ published
      ▲                                             │                                          │
      └────────── (a rejected version can be        └──reject──▶ rejected                       ├─▶ deprecated
                   fixed and submitted again)                                                   └─▶ yanked

`submitted` means the automated review is running; `in_review` means its report is attached and a
reviewer decides. An app has at most one version in `submitted` or `in_review` at a time (the store's
`reviewing` claim enforces it across workers). From `approved` on, a version is immutable: its
manifest and its tool definitions' fingerprints are what people consent to, and the host refuses a
live server whose tools no longer match them.

`check_transition` is the single place that says which moves are allowed; every refusal is a
`DirectoryError` with code `invalid_transition` and a message naming what is possible from there.
"""

from __future__ import annotations

from enum import StrEnum

from salon.errors import DirectoryError


class VersionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    PUBLISHED = "published"
    DEPRECATED = "deprecated"
    YANKED = "yanked"


S = VersionState

TRANSITIONS: dict[VersionState, frozenset[VersionState]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.IN_REVIEW}),
    S.IN_REVIEW: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.PUBLISHED, S.YANKED}),
    S.REJECTED: frozenset({S.SUBMITTED}),
    S.PUBLISHED: frozenset({S.DEPRECATED, S.YANKED}),
    S.DEPRECATED: frozenset({S.PUBLISHED, S.YANKED}),
    S.YANKED: frozenset(),
}
"""Allowed moves. Deprecated can be published again (an un-deprecation); yanked is final."""

IN_REVIEW_STATES: frozenset[VersionState] = frozenset({S.SUBMITTED, S.IN_REVIEW})
"""The states that hold the app's single review slot."""

EDITABLE_STATES: frozenset[VersionState] = frozenset({S.DRAFT, S.REJECTED})
"""The only states in which a version's manifest or server may change."""

LISTED_STATES: frozenset[VersionState] = frozenset({S.PUBLISHED, S.DEPRECATED})
"""Versions the public registry API lists (deprecated ones with their status)."""

INSTALLABLE_STATES: frozenset[VersionState] = frozenset({S.PUBLISHED})

_LABELS = {
    S.DRAFT: "draft",
    S.SUBMITTED: "submitted (automated review running)",
    S.IN_REVIEW: "in review",
    S.APPROVED: "approved",
    S.REJECTED: "rejected",
    S.PUBLISHED: "published",
    S.DEPRECATED: "deprecated",
    S.YANKED: "yanked",
}


def label(state: VersionState | str) -> str:
    """The state in plain words, for pages and messages."""
    return _LABELS[VersionState(state)]


def check_transition(current: VersionState | str, target: VersionState | str) -> None:
    """Raise `DirectoryError` (`invalid_transition`) unless `current → target` is allowed."""
    try:
        source, destination = VersionState(current), VersionState(target)
    except ValueError as error:
        raise DirectoryError(
            f"{error}; the states are {', '.join(s.value for s in VersionState)}.",
            code="invalid_state",
        ) from None
    allowed = TRANSITIONS[source]
    if destination in allowed:
        return
    if allowed:
        possible = ", ".join(sorted(s.value for s in allowed))
        hint = f"From {source.value} it can only become: {possible}."
    else:
        hint = f"{source.value.capitalize()} is final; submit a new version instead."
    raise DirectoryError(
        f"A version that is {label(source)} cannot become {destination.value}. {hint}",
        code="invalid_transition",
    )
