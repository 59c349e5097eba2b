"""MiniLM's forward pass as an ONNX graph run by ONNX Runtime: the same model, in a fraction of the time.

The numpy forward spends a query in a few dozen BLAS products of a dozen rows each, where OpenBLAS is
far from its peak, plus one Python round trip per operation; ONNX Runtime's kernels are tuned for
these shapes and run the whole graph in one call.

The graph is written here, node by node, for the shipped `model.safetensors`: no exported file, no
hub download, no torch. It computes what the numpy forward computes, in float32: word + position +
type-0 embeddings and layer norm; six post-norm encoder layers (query, key and value projections,
softmax attention with padding masked by -1e9, exact GELU); mean pooling over the real tokens; L2
normalisation. Inputs are `input_ids` (int64) and `attention_mask` (float32), both `(batch,
length)`; the output `embedding` is `(batch, hidden)`. Tokens are flattened to `(batch * length,
hidden)` between attentions so that every projection is one `Gemm` over the weights as stored
(`(out, in)`, `transB=1`).

The weights never pass through Python: every weight in the graph is an external-data reference
(offset and length) into `model.safetensors` itself, whose tensors are raw little-endian arrays
after a JSON header. ONNX Runtime reads them from the file into memory it owns, so building a
session takes a fraction of a second, keeps one copy of the weights (plus the packed copies of the
projection matrices its GEMM kernels use), and needs no cache file.

`onnx` (to write the graph) and `onnxruntime` (to run it) are imported only when a graph is built;
`available()` says whether both are installed, and `MiniLMEmbedder` falls back to numpy when not.
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from salon.errors import ConfigurationError

Matrix = npt.NDArray[np.float32]

OPSET = 20
IR_VERSION = 9


def available() -> bool:
    """Whether `onnx` and `onnxruntime` are both installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))


@dataclass(frozen=True)
class StoredTensor:
    """Where a tensor's bytes lie in a `.safetensors` file."""

    dtype: str
    shape: tuple[int, ...]
    offset: int
    length: int


def safetensors_layout(path: Path) -> dict[str, StoredTensor]:
    """The tensors of a `.safetensors` file by name, from its header alone (nothing else is read)."""
    with path.open("rb") as stream:
        (header_length,) = struct.unpack("<Q", stream.read(8))
        header = json.loads(stream.read(header_length))
    base = 8 + header_length
    layout: dict[str, StoredTensor] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        layout[name] = StoredTensor(info["dtype"], tuple(info["shape"]), base + begin, end - begin)
    return layout


class _GraphWriter:
    """Accumulates nodes, small constants (stored in the graph) and weights (referenced in the file)."""

    def __init__(self, weights_path: Path, layout: dict[str, StoredTensor], prefix: str) -> None:
        from onnx import TensorProto, helper, numpy_helper

        self._tensor = TensorProto
        self._helper = helper
        self._numpy_helper = numpy_helper
        self._file = weights_path.name
        self._layout = layout
        self._prefix = prefix
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._counter = 0

    def _name(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def const(self, value: float | int | list[int], dtype: type[np.generic] = np.float32) -> str:
        name = self._name("c")
        self.initializers.append(self._numpy_helper.from_array(np.array(value, dtype=dtype), name))
        return name

    def weight(self, name: str, *, rows: int | None = None) -> str:
        """The stored tensor `name` (its first `rows` rows only, if given), as float32."""
        stored = self._layout.get(self._prefix + name)
        if stored is None:
            raise ConfigurationError(f"{self._file} has no tensor {self._prefix + name}")
        kinds = {"F32": self._tensor.FLOAT, "F16": self._tensor.FLOAT16}
        if stored.dtype not in kinds:
            raise ConfigurationError(f"{self._file}: tensor {name} has unsupported dtype {stored.dtype}")
        shape = list(stored.shape)
        length = stored.length
        if rows is not None:
            length = length // shape[0] * rows
            shape = [rows, *shape[1:]] if rows > 1 else shape[1:]
        tensor = self._tensor()
        tensor.name = name
        tensor.data_type = kinds[stored.dtype]
        tensor.dims.extend(shape)
        tensor.data_location = self._tensor.EXTERNAL
        for key, value in (("location", self._file), ("offset", str(stored.offset)), ("length", str(length))):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        self.initializers.append(tensor)
        if stored.dtype == "F32":
            return name
        return self.op("Cast", name, to=self._tensor.FLOAT)

    def op(self, kind: str, *inputs: str, output: str | None = None, **attributes: Any) -> str:
        result = output or self._name("t")
        self.nodes.append(self._helper.make_node(kind, list(inputs), [result], **attributes))
        return result

    def model(self, hidden: int) -> bytes:
        helper, tensor = self._helper, self._tensor
        graph = helper.make_graph(
            self.nodes,
            "minilm",
            [
                helper.make_tensor_value_info("input_ids", tensor.INT64, ["batch", "length"]),
                helper.make_tensor_value_info("attention_mask", tensor.FLOAT, ["batch", "length"]),
            ],
            [helper.make_tensor_value_info("embedding", tensor.FLOAT, ["batch", hidden])],
            self.initializers,
        )
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="salon"
        )
        model.ir_version = IR_VERSION
        serialised: bytes = model.SerializeToString()
        return serialised


def build_graph(weights_path: Path, *, heads: int, layers: int, eps: float) -> bytes:
    """The serialised graph of the forward pass over the BERT weights in `weights_path` (a
    `.safetensors` file; its tensor names may carry a `bert.` prefix). External data in the graph is
    relative to the file's directory."""
    layout = safetensors_layout(weights_path)
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in layout else ""
    g = _GraphWriter(weights_path, layout, prefix)

    def linear(x: str, name: str) -> str:
        return g.op("Gemm", x, g.weight(name + ".weight"), g.weight(name + ".bias"), transB=1)

    def layer_norm(x: str, name: str) -> str:
        scale, shift = g.weight(name + ".weight"), g.weight(name + ".bias")
        return g.op("LayerNormalization", x, scale, shift, axis=-1, epsilon=eps)

    word_table = layout.get(prefix + "embeddings.word_embeddings.weight")
    if word_table is None:
        raise ConfigurationError(f"{weights_path} has no embeddings.word_embeddings.weight: not a BERT model")
    hidden = word_table.shape[1]
    width = hidden // heads

    # Embeddings: word + position (0..length-1) + token type 0, then layer norm.
    length = g.op("Shape", "input_ids", start=1, end=2)
    positions = g.op(
        "Range", g.const(0, np.int64), g.op("Squeeze", length, g.const([0], np.int64)), g.const(1, np.int64)
    )
    words = g.op("Gather", g.weight("embeddings.word_embeddings.weight"), "input_ids")
    placed = g.op("Gather", g.weight("embeddings.position_embeddings.weight"), positions)
    summed = g.op(
        "Add", g.op("Add", words, placed), g.weight("embeddings.token_type_embeddings.weight", rows=1)
    )
    x = g.op("Reshape", layer_norm(summed, "embeddings.LayerNorm"), g.const([-1, hidden], np.int64))

    # Padding gets -1e9 before the softmax, as in the numpy forward: shape (batch, 1, 1, length).
    additive = g.op(
        "Unsqueeze",
        g.op("Mul", g.op("Sub", g.const(1.0), "attention_mask"), g.const(-1e9)),
        g.const([1, 2], np.int64),
    )
    by_head = g.op("Concat", g.const([-1], np.int64), length, g.const([heads, width], np.int64), axis=0)
    flat = g.const([-1, hidden], np.int64)
    scale = g.const(1.0 / math.sqrt(width))
    for i in range(layers):
        p = f"encoder.layer.{i}."

        def heads_of(part: str, perm: list[int], x: str = x, p: str = p) -> str:
            projected = linear(x, p + f"attention.self.{part}")
            return g.op("Transpose", g.op("Reshape", projected, by_head), perm=perm)

        q = heads_of("query", [0, 2, 1, 3])  # (batch, heads, length, width)
        k = heads_of("key", [0, 2, 3, 1])  # (batch, heads, width, length)
        v = heads_of("value", [0, 2, 1, 3])
        scores = g.op("Add", g.op("MatMul", g.op("Mul", q, scale), k), additive)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), flat)
        attended = linear(context, p + "attention.output.dense")
        x = layer_norm(g.op("Add", x, attended), p + "attention.output.LayerNorm")
        inner = g.op("Gelu", linear(x, p + "intermediate.dense"), approximate="none")
        x = layer_norm(g.op("Add", x, linear(inner, p + "output.dense")), p + "output.LayerNorm")

    # Mean over the real tokens, then unit length (an all-zero row stays zero).
    tokens = g.op(
        "Reshape", x, g.op("Concat", g.op("Shape", "input_ids"), g.const([hidden], np.int64), axis=0)
    )
    axis1 = g.const([1], np.int64)
    mask = g.op("Unsqueeze", "attention_mask", g.const([-1], np.int64))
    total = g.op("ReduceSum", g.op("Mul", tokens, mask), axis1, keepdims=0)
    counts = g.op("Max", g.op("ReduceSum", "attention_mask", axis1, keepdims=1), g.const(1.0))
    pooled = g.op("Div", total, counts)
    norm = g.op("Max", g.op("ReduceL2", pooled, g.const([-1], np.int64), keepdims=1), g.const(1e-30))
    g.op("Div", pooled, norm, output="embedding")
    return g.model(hidden)


class OnnxForward:
    """The graph of `build_graph` in an ONNX Runtime session on `threads` intra-op threads.

    One thread is the default: a query is a dozen tokens, and on a busy two-core machine a second
    thread mostly waits for the first (the same reason `single_blas_thread` exists).
    """

    def __init__(self, weights_path: Path, *, heads: int, layers: int, eps: float, threads: int = 1) -> None:
        import onnxruntime
        from onnxruntime.capi import onnxruntime_pybind11_state as ort_errors

        graph = build_graph(weights_path, heads=heads, layers=layers, eps=eps)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # No arena: one batch of long texts would otherwise keep its peak memory for the session's
        # life, and single queries ran no slower without it.
        options.enable_cpu_mem_arena = False
        # Idle worker threads sleep instead of spinning: other processes share the cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry(
            "session.model_external_initializers_file_folder_path", str(weights_path.resolve().parent)
        )
        try:
            self._session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except (
            ort_errors.Fail,
            ort_errors.InvalidGraph,
            ort_errors.InvalidArgument,
            ort_errors.InvalidProtobuf,
            ort_errors.NoSuchFile,
            ort_errors.RuntimeException,
        ) as exc:
            raise ConfigurationError(
                f"ONNX Runtime could not load MiniLM from {weights_path}: {exc}; "
                "use MiniLMEmbedder(backend='numpy') to run without it"
            ) from exc

    def __call__(self, token_ids: npt.NDArray[np.int64], mask: Matrix) -> Matrix:
        (result,) = self._session.run(["embedding"], {"input_ids": token_ids, "attention_mask": mask})
        out: Matrix = np.asarray(result, dtype=np.float32)
        return out
