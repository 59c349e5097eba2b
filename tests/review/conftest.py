"""Paths and the shared embedder for the review tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from salon.review.checks.routing import _default_embedder
from salon.router import Embedder

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "apps"
EXAMPLE_APPS = ("hotels", "music", "shop", "units")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_APPS = FIXTURES / "apps"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled MiniLM model (the router's real embedder), loaded once per run."""
    return _default_embedder()
