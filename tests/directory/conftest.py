"""Fixtures for the directory tests: a store on each backend (the store tests' fixtures)."""

from __future__ import annotations

from tests.store.conftest import database_url, store

__all__ = ["database_url", "store"]
