"""The version state machine: which moves exist, and how a forbidden one is refused."""

from __future__ import annotations

from itertools import pairwise

import pytest

from salon.directory.states import TRANSITIONS, VersionState, check_transition
from salon.errors import DirectoryError

S = VersionState

PATH = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.DEPRECATED, S.YANKED]


def test_the_happy_path_from_draft_to_yanked_is_allowed() -> None:
    for current, target in pairwise(PATH):
        check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.DRAFT, S.PUBLISHED),
        (S.SUBMITTED, S.APPROVED),
        (S.IN_REVIEW, S.PUBLISHED),
        (S.REJECTED, S.APPROVED),
        (S.PUBLISHED, S.DRAFT),
        (S.APPROVED, S.IN_REVIEW),
    ],
)
def test_a_skipped_or_backward_move_is_an_invalid_transition(current: S, target: S) -> None:
    with pytest.raises(DirectoryError) as caught:
        check_transition(current, target)
    assert caught.value.code == "invalid_transition"
    assert "can only become" in caught.value.message


def test_yanked_is_final_and_says_to_submit_a_new_version() -> None:
    assert TRANSITIONS[S.YANKED] == frozenset()
    with pytest.raises(DirectoryError) as caught:
        check_transition(S.YANKED, S.PUBLISHED)
    assert "new version" in caught.value.message


def test_an_unknown_state_is_named_in_the_error() -> None:
    with pytest.raises(DirectoryError) as caught:
        check_transition("limbo", S.DRAFT)
    assert caught.value.code == "invalid_state"


def test_an_approved_version_can_never_return_to_an_editable_state() -> None:
    reachable: set[S] = set()
    frontier = [S.APPROVED]
    while frontier:
        state = frontier.pop()
        for nxt in TRANSITIONS[state]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert not reachable & {S.DRAFT, S.REJECTED, S.SUBMITTED, S.IN_REVIEW}
