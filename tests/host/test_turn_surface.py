"""`salon.host.turn` is a package of parts (runner, rounds, gate, calls); its public names stay where
the host and the views API import them from."""

from __future__ import annotations

from typing import get_args

import salon.host.turn
from salon.host.turn import Decision, TurnRunner
from salon.host.turn.runner import TurnRunner as RunnerOfThePart


def test_the_turn_package_exports_only_the_runner_and_the_decision_type() -> None:
    assert salon.host.turn.__all__ == ["Decision", "TurnRunner"]
    assert TurnRunner is RunnerOfThePart
    assert get_args(Decision) == ("approve", "always", "deny")
