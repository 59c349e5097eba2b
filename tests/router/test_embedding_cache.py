from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from salon.router import FakeEmbedder
from salon.router.embedding import CachedEmbedder, Matrix


class CountingEmbedder(FakeEmbedder):
    """The hashing fake, remembering every text it was asked to embed."""

    def __init__(self, dimension: int = 64) -> None:
        super().__init__(dimension)
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> Matrix:
        self.seen.extend(texts)
        return super().embed(texts)


def test_cached_vectors_equal_the_inner_embedders_in_order(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path)
    texts = ["book a hotel", "play jazz", "book a hotel"]
    np.testing.assert_array_equal(cached.embed(texts), FakeEmbedder(64).embed(texts))
    assert inner.seen == ["book a hotel", "play jazz"]


def test_a_flushed_cache_serves_a_new_process_without_embedding(tmp_path: Path) -> None:
    first = CachedEmbedder(CountingEmbedder(), tmp_path)
    expected = first.embed(["book a hotel", "play jazz"])
    first.flush()
    inner = CountingEmbedder()
    second = CachedEmbedder(inner, tmp_path)
    np.testing.assert_array_equal(second.embed(["play jazz", "book a hotel"]), expected[::-1])
    assert inner.seen == []
    second.embed(["a new text"])
    assert inner.seen == ["a new text"]


def test_a_cache_is_never_served_to_another_model(tmp_path: Path) -> None:
    wide = CachedEmbedder(CountingEmbedder(64), tmp_path)
    wide.embed(["book a hotel"])
    wide.aclose()
    narrow_inner = CountingEmbedder(32)
    narrow = CachedEmbedder(narrow_inner, tmp_path)
    assert narrow.embed(["book a hotel"]).shape == (1, 32)
    assert narrow_inner.seen == ["book a hotel"]
