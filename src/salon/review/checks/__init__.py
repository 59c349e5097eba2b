"""Salon's own review checks, one module per group, registered through the same hook as a plugin's.

    listing.py     the manifest: valid, privacy policy, support contact, test cases
    server.py      the server answers in time and lists well-formed tools
    hints.py       behaviour hints declared; write tools not marked read-only
    poisoning.py   instructions to the model, markup, invisible text, cross-tool requests, impersonation
    privacy.py     no transcript parameters; parameters match the declared personal data
    schema.py      schema sanity, sizes, declared limits, sample result sizes
    views.py       views readable, CSP declared, rendered in Chromium without CSP violations
    routing.py     test cases route as declared through the real router

`register` is the entry point `core` of the group `salon.review_checks` (see `salon.review.registry`).
"""

from __future__ import annotations

from salon.review.checks import hints, listing, poisoning, privacy, routing, schema, server, views
from salon.review.registry import CheckRegistry

GROUPS = (listing, server, hints, poisoning, privacy, schema, views, routing)


def register(registry: CheckRegistry) -> None:
    """Register every core check, group by group."""
    for group in GROUPS:
        group.register(registry)


__all__ = ["GROUPS", "register"]
