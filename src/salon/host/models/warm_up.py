"""Providers that load their model ahead of the first request, and the host's one call to start them.

The heavy tier assembles and checks 1.1 GB of weights and loads them before it can answer; done on
the first message, the first person to write waits for all of it. A provider that can do this work
ahead has `start_warm_up()`: it returns at once and does the work in the background, and a request
that arrives first waits for it. The host calls `start_warm_up(provider)` when it starts.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class WarmsUp(Protocol):
    def start_warm_up(self) -> None:
        """Begin loading in the background; return at once."""


def start_warm_up(provider: object) -> bool:
    """Start `provider`'s warm-up if it has one; whether it did."""
    if isinstance(provider, WarmsUp):
        provider.start_warm_up()
        return True
    return False
