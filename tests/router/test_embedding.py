from __future__ import annotations

import numpy as np
import pytest

from salon.errors import ConfigurationError
from salon.router import FakeEmbedder, MiniLMEmbedder
from salon.router.embedding import PADDING_TOKENS, similar_length_batches


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    try:
        return MiniLMEmbedder()
    except ConfigurationError as error:  # `make test` installs the weights; missing is a set-up bug
        pytest.fail(error.message)


def test_minilm_vectors_are_unit_length(minilm: MiniLMEmbedder) -> None:
    vectors = minilm.embed(["book a hotel in Paris", "", "a much longer sentence " * 40])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_minilm_puts_paraphrases_closer_than_unrelated_text(minilm: MiniLMEmbedder) -> None:
    a, b, c = minilm.embed(
        [
            "How do I reserve a hotel room in Paris?",
            "Book me a room at a Paris hotel",
            "The stock market fell today",
        ]
    )
    assert float(a @ b) > 0.6
    assert float(a @ c) < 0.2


def test_minilm_embeds_a_text_the_same_alone_and_in_a_batch(minilm: MiniLMEmbedder) -> None:
    alone = minilm.embed(["play some jazz"])[0]
    batched = minilm.embed(["a far longer text that forces padding in the batch", "play some jazz"])[1]
    np.testing.assert_allclose(alone, batched, atol=1e-5)


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    first = FakeEmbedder().embed(["weather in Oslo", "weather in Oslo", ""])
    np.testing.assert_array_equal(first[0], first[1])
    assert abs(float(np.linalg.norm(first[0])) - 1.0) < 1e-6
    assert float(np.linalg.norm(first[2])) == 0.0


def test_batches_hold_texts_of_nearly_one_length_up_to_the_batch_size() -> None:
    lengths = [3, 40, 4, 5, 41, 160, 12, 12, 12]
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    chunks = similar_length_batches(order, lengths, batch_size=2)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(lengths)))
    for chunk in chunks:
        assert len(chunk) <= 2
        assert max(lengths[i] for i in chunk) - min(lengths[i] for i in chunk) <= PADDING_TOKENS
    # The three-token text and the 160-token one never share a batch's padding.
    assert [len(c) for c in similar_length_batches(order, lengths, batch_size=64)] == [3, 3, 2, 1]
