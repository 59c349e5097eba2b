from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from salon.errors import ConfigurationError
from salon.router import MiniLMEmbedder, onnx_bert
from salon.router.embedding import Backend, default_model_dir

VARIED = [
    "book a hotel in Paris",
    "",
    "?",
    "Play Bohemian Rhapsody by Queen, then queue something similar!!!",
    "Größe der Wohnung in München – bitte bis Freitag prüfen",
    "東京の明日の天気を教えてください",
    "¿Dónde está la estación de tren más cercana? 🚆",
    "مرحبا، أريد حجز طاولة لشخصين",
    "convert 1,250.75 EUR to USD at today's rate (ISO 4217)",
    "def get_weather(city: str) -> dict: return {'city': city}",
    "a much longer request that goes on and on about travel plans and budgets " * 30,
]


def _minilm(model_dir: Path | None = None, backend: Backend = "auto") -> MiniLMEmbedder:
    try:
        return MiniLMEmbedder(model_dir, backend=backend)
    except (
        ConfigurationError
    ) as error:  # `make test` installs the weights and runtime; missing is a set-up bug
        pytest.fail(error.message)


@pytest.fixture(scope="module")
def onnx_minilm() -> MiniLMEmbedder:
    return _minilm(backend="onnx")


@pytest.fixture(scope="module")
def numpy_minilm() -> MiniLMEmbedder:
    return _minilm(backend="numpy")


def test_onnx_runtime_is_the_default_forward_when_installed() -> None:
    assert onnx_bert.available()
    assert _minilm().backend == "onnx"


def test_onnx_and_numpy_forwards_give_the_same_vectors_text_by_text(
    onnx_minilm: MiniLMEmbedder, numpy_minilm: MiniLMEmbedder
) -> None:
    for text in VARIED:
        fast, reference = onnx_minilm.embed([text])[0], numpy_minilm.embed([text])[0]
        assert float(fast @ reference) >= 0.9999, text
        np.testing.assert_allclose(fast, reference, atol=1e-4)


def test_onnx_and_numpy_forwards_agree_on_a_padded_batch(
    onnx_minilm: MiniLMEmbedder, numpy_minilm: MiniLMEmbedder
) -> None:
    fast, reference = onnx_minilm.embed(VARIED), numpy_minilm.embed(VARIED)
    assert fast.shape == reference.shape == (len(VARIED), 384)
    assert fast.dtype == np.float32
    cosines = (fast * reference).sum(axis=1)
    assert cosines.min() >= 0.9999
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_onnx_forward_is_deterministic_and_independent_of_the_batch(onnx_minilm: MiniLMEmbedder) -> None:
    first = onnx_minilm.embed(["play some jazz"])[0]
    again = onnx_minilm.embed(["play some jazz"])[0]
    np.testing.assert_array_equal(first, again)
    batched = onnx_minilm.embed([VARIED[-1], "play some jazz"])[1]
    np.testing.assert_allclose(first, batched, atol=1e-5)


def test_minilm_falls_back_to_numpy_when_onnx_runtime_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_bert, "available", lambda: False)
    embedder = _minilm()
    assert embedder.backend == "numpy"
    assert embedder.embed(["book a hotel"]).shape == (1, 384)


def test_asking_for_onnx_without_onnx_runtime_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onnx_bert, "available", lambda: False)
    with pytest.raises(ConfigurationError, match="pip install onnx onnxruntime"):
        MiniLMEmbedder(backend="onnx")


def test_an_unknown_backend_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="'auto', 'onnx' or 'numpy'"):
        MiniLMEmbedder(backend="torch")  # type: ignore[arg-type]


def _copy_with_bert_prefix(source: Path, target: Path) -> None:
    """The model files in `target`, with the weights' tensor names prefixed `bert.` (as exported
    from a `BertModel` wrapped in another module)."""
    target.mkdir()
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(source / name, target / name)
    data = (source / "model.safetensors").read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    renamed = {("bert." + k if k != "__metadata__" else k): v for k, v in header.items()}
    encoded = json.dumps(renamed).encode()
    encoded += b" " * (-len(encoded) % 8)
    with (target / "model.safetensors").open("wb") as stream:
        stream.write(struct.pack("<Q", len(encoded)))
        stream.write(encoded)
        stream.write(data[8 + length :])


def test_onnx_forward_reads_weights_from_any_model_directory_and_prefixed_names(
    tmp_path: Path, onnx_minilm: MiniLMEmbedder
) -> None:
    copy = tmp_path / "model"
    _copy_with_bert_prefix(default_model_dir(), copy)
    moved = _minilm(copy, backend="onnx")
    np.testing.assert_array_equal(moved.embed(VARIED[:4]), onnx_minilm.embed(VARIED[:4]))


@pytest.mark.parametrize(
    ("tensor", "message"),
    [("embeddings.word_embeddings.weight", "has no tensor"), ("pooler.dense.weight", "not a BERT model")],
)
def test_a_weights_file_missing_a_tensor_is_a_configuration_error(
    tmp_path: Path, tensor: str, message: str
) -> None:
    copy = tmp_path / "model"
    copy.mkdir()
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(default_model_dir() / name, copy / name)
    header = json.dumps({tensor: {"dtype": "F32", "shape": [2, 384], "data_offsets": [0, 3072]}}).encode()
    header += b" " * (-len(header) % 8)
    (copy / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + bytes(3072))
    with pytest.raises(ConfigurationError, match=message):
        MiniLMEmbedder(copy, backend="onnx")
