"""Time for the merchant: Unix seconds from a clock the tests can move.

Leases, key retention and webhook backoff all read `Clock.now()`; `ManualClock` is the deterministic
clock tests and benchmarks use to step past a lease without sleeping.
"""

from __future__ import annotations

import time
import uuid


class Clock:
    def now(self) -> float:
        return time.time()


class ManualClock(Clock):
    """A clock that stands still until `advance` moves it."""

    def __init__(self, start: float = 1_790_000_000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds


def new_id(prefix: str) -> str:
    """An opaque id such as `cs_3f2a…`: a prefix naming the kind, then 24 random hex digits."""
    return f"{prefix}_{uuid.uuid4().hex[:24]}"


__all__ = ["Clock", "ManualClock", "new_id"]
