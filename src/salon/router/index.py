"""The router's index: dense rows, BM25 postings and the entries they came from, kept in slots.

Each tool owns a slot, and each slot one dense row: the normalised sum of the embedding of the
tool's own text (split name and description) and the mean embedding of its enrichment texts
(synthetic requests and shipped examples). One row per tool keeps query time a single
matrix-vector product, and with MiniLM it ranks best. Measured on the dev splits (MetaTool single
R@1 / R@5; the centroid 62.2 / 82.4), scoring a tool by its texts separately did not pay: the best
text (max-sim) 59.1 / 81.1, the mean of the best two 59.3 / 81.6, a soft-max at temperature 0.05
59.3 / 81.9, own-text cosine plus the best request 60.8 / 82.3; the centroid plus a quarter of
max-sim 62.5 / 82.9 but MetaTool multi R@5 95.4 → 92.4, at ten rows per tool. Centring rows on the
directory mean, subtracting a tool's nearest neighbours, down-weighting requests close to other
tools' and requests stripped of their framing moved R@1 by at most ±0.4, or lost; an app-level
vector cost Seal-Tools nDCG@5 (77.0 → 76.3 at weight 0.1). The BM25 document weights the split name
over the description, app, parameters and shipped examples.

Changes are local: `add_tools` embeds only the new tools; `remove_app` frees the app's slots
(zeroing their rows); `update_app` re-embeds only the tools whose entry changed. Free slots are
reused, so the matrix never grows past the largest directory it has held. `add_rows` adds tools
with rows read back from `rows` earlier (the directory keeps them in its store), embedding nothing.

`save(path)` writes `vectors.npy` (float32, one row per slot) and `entries.json` (the entries by
slot, the embedder's name, the format version); `load` reads them back without embedding anything
(BM25 postings are rebuilt from the entries, which is fast).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from salon.errors import ConfigurationError
from salon.router.embedding import Embedder, Matrix
from salon.router.enrich import synthetic_requests
from salon.router.entries import ToolEntry
from salon.router.lexical import LexicalIndex
from salon.router.text import split_identifier, terms

if TYPE_CHECKING:
    from salon.router.request_cache import WrittenRequests

FORMAT_VERSION = 1

NAME_WEIGHT = 2.0
APP_WEIGHT = 0.5
PARAMETER_WEIGHT = 0.3
ENRICHMENT_WEIGHT = 0.0
"""BM25 term weights per field (description words count 1). Synthetic requests repeat the tool's
own words, so they add nothing lexically (measured on dev); shipped examples do count."""
EXAMPLE_WEIGHT = 0.5


def _parameter_text(parameters: Mapping[str, Any] | None) -> str:
    if not parameters:
        return ""
    properties = parameters.get("properties")
    fields = properties if isinstance(properties, dict) else parameters
    parts: list[str] = []
    for name, spec in fields.items():
        parts.append(split_identifier(str(name)))
        if isinstance(spec, dict) and isinstance(spec.get("description"), str):
            parts.append(spec["description"])
    return " ".join(parts)


def tool_text(entry: ToolEntry) -> str:
    """The text embedded as the tool's own row."""
    return f"{split_identifier(entry.name)}: {entry.description}".strip()


def enrichment_texts(
    entry: ToolEntry, *, synthetic: bool = True, written: WrittenRequests | None = None
) -> list[str]:
    """Shipped examples, then requests the model wrote (`written`, when it has some for this tool),
    then template requests (unless `synthetic` is off or the written ones replace them)."""
    texts = list(entry.examples)
    by_model = written.requests_for(entry) if written is not None else None
    if by_model:
        texts.extend(by_model)
    if synthetic and not (by_model and written is not None and written.replaces_templates):
        texts.extend(synthetic_requests(entry.name, entry.description, entry.parameters))
    return list(dict.fromkeys(texts))


def lexical_bag(entry: ToolEntry) -> dict[str, float]:
    bag: defaultdict[str, float] = defaultdict(float)
    for term in terms(entry.name):
        bag[term] += NAME_WEIGHT
    for term in terms(entry.description):
        bag[term] += 1.0
    if entry.app:
        for term in terms(entry.app.replace("/", " ")):
            bag[term] += APP_WEIGHT
    for term in terms(_parameter_text(entry.parameters)):
        bag[term] += PARAMETER_WEIGHT
    for example in entry.examples:
        for term in terms(example):
            bag[term] += EXAMPLE_WEIGHT
    return bag


class RouterIndex:
    """Entries, their dense rows and their BM25 postings; see the module docstring."""

    def __init__(
        self, embedder: Embedder, *, synthetic: bool = True, written: WrittenRequests | None = None
    ) -> None:
        self.embedder = embedder
        self.synthetic = synthetic
        self.written = written
        """Requests written by the local model, used where it wrote some (`salon.router.request_cache`)."""
        self.lexical = LexicalIndex()
        self._entries: list[ToolEntry | None] = []
        self._slots: dict[tuple[str | None, str], int] = {}
        self._free: list[int] = []
        self._vectors: Matrix = np.zeros((0, embedder.dimension), dtype=np.float32)
        self._live_cache: npt.NDArray[np.int64] | None = None
        self._apps_cache: tuple[Matrix, list[npt.NDArray[np.int64]]] | None = None

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._slots)

    @property
    def capacity(self) -> int:
        """Number of slots (live and free); score arrays are this long."""
        return len(self._entries)

    def entry(self, slot: int) -> ToolEntry | None:
        return self._entries[slot]

    def slot_of(self, app: str | None, name: str) -> int | None:
        return self._slots.get((app, name))

    def entries(self) -> list[ToolEntry]:
        return [e for e in self._entries if e is not None]

    def apps(self) -> list[str]:
        return sorted({e.app for e in self._entries if e is not None and e.app is not None})

    def live_mask(self) -> npt.NDArray[np.bool_]:
        """A fresh boolean array, True for slots that hold a tool."""
        mask = np.zeros(self.capacity, dtype=bool)
        if self._slots:
            mask[self.live_slots()] = True
        return mask

    def dense_scores(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Cosine of `query` with every slot's row (0 for free slots)."""
        scores: npt.NDArray[np.float32] = self._vectors[: self.capacity] @ query
        return scores

    def dense_scores_of(
        self, query: npt.NDArray[np.float32], slots: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]:
        """Cosine of `query` with the rows of `slots` only (`query` a vector, or several as the
        columns of a matrix: one gather of the rows serves them all)."""
        if len(slots) * 2 > self.capacity:
            # Most of the matrix: one contiguous product beats gathering the rows first.
            every: npt.NDArray[np.float32] = self._vectors[: self.capacity] @ query
            return every[slots]
        scores: npt.NDArray[np.float32] = self._vectors[slots] @ query
        return scores

    def app_candidates(self, query: npt.NDArray[np.float32], top_apps: int) -> npt.NDArray[np.int64]:
        """Slots of the tools of the `top_apps` apps whose centroid is nearest to `query` (app-first
        search: a directory-scale index scores a few thousand tools instead of all of them). With
        several queries as the columns of a matrix, the union over them (an app once)."""
        centroids, app_slots = self._app_view()
        if len(app_slots) == 0:
            return np.zeros(0, dtype=np.int64)
        scores = (centroids @ query).reshape(len(app_slots), -1)
        keep = min(top_apps, len(app_slots))
        best = np.unique(np.argpartition(-scores, keep - 1, axis=0)[:keep])
        return np.concatenate([app_slots[i] for i in best])

    def live_slots(self) -> npt.NDArray[np.int64]:
        """The slots that hold a tool (cached until the next change; do not modify)."""
        if self._live_cache is None:
            self._live_cache = np.fromiter(self._slots.values(), dtype=np.int64, count=len(self._slots))
        return self._live_cache

    def _app_view(self) -> tuple[Matrix, list[npt.NDArray[np.int64]]]:
        if self._apps_cache is None:
            grouped: dict[str | None, list[int]] = {}
            for (app, _), slot in self._slots.items():
                grouped.setdefault(app, []).append(slot)
            app_slots = [np.asarray(sorted(slots), dtype=np.int64) for slots in grouped.values()]
            centroids = np.zeros((len(app_slots), self.embedder.dimension), dtype=np.float32)
            for i, slots in enumerate(app_slots):
                centroids[i] = self._vectors[slots].mean(axis=0)
            norms = np.linalg.norm(centroids, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            self._apps_cache = (centroids / norms, app_slots)
        return self._apps_cache

    # -- changing ----------------------------------------------------------------------------
    def add_tools(self, entries: Iterable[ToolEntry]) -> None:
        """Add (or replace) tools; only these tools are embedded."""
        batch = list({e.key: e for e in entries}.values())
        for entry in batch:
            if entry.key in self._slots:
                self._release(self._slots.pop(entry.key))
        texts: list[str] = []
        spans: list[tuple[int, int, int]] = []
        for entry in batch:
            slot = self._take_slot(entry)
            self.lexical.add(slot, lexical_bag(entry))
            start = len(texts)
            texts.append(tool_text(entry))
            texts.extend(enrichment_texts(entry, synthetic=self.synthetic, written=self.written))
            spans.append((slot, start, len(texts)))
        if not texts:
            return
        embedded = self.embedder.embed(texts)
        self._grow(self.capacity)
        for slot, start, end in spans:
            row = embedded[start].copy()
            if end - start > 1:
                row += embedded[start + 1 : end].mean(axis=0)
            norm = float(np.linalg.norm(row))
            self._vectors[slot] = row / norm if norm > 0 else row

    def add_rows(self, entries: Sequence[ToolEntry], rows: Matrix) -> None:
        """Add (or replace) tools whose dense rows were computed before (read with `rows` from an
        index with the same embedder and `FORMAT_VERSION`, then stored): nothing is embedded."""
        if rows.shape != (len(entries), self.embedder.dimension):
            raise ConfigurationError(
                f"add_rows got {len(entries)} entries and rows of shape {rows.shape}; it needs one row "
                f"of {self.embedder.dimension} floats per entry"
            )
        last = {entry.key: i for i, entry in enumerate(entries)}
        for key in last:
            if key in self._slots:
                self._release(self._slots.pop(key))
        slots: list[int] = []
        for i in last.values():
            slot = self._take_slot(entries[i])
            self.lexical.add(slot, lexical_bag(entries[i]))
            slots.append(slot)
        self._grow(self.capacity)
        self._vectors[slots] = rows[list(last.values())]

    def rows(self, keys: Sequence[tuple[str | None, str]]) -> Matrix:
        """The dense rows of these tools, in order (a copy); `KeyError` for a tool not indexed."""
        slots = [self._slots[key] for key in keys]
        return self._vectors[slots].astype(np.float32, copy=True)

    def remove_tools(self, keys: Iterable[tuple[str | None, str]]) -> None:
        for key in list(keys):
            slot = self._slots.pop(key, None)
            if slot is not None:
                self._release(slot)

    def remove_app(self, app: str) -> None:
        self.remove_tools([key for key in self._slots if key[0] == app])

    def update_app(self, app: str, entries: Sequence[ToolEntry]) -> None:
        """Make `app`'s tools exactly `entries`; unchanged tools keep their rows (no re-embedding)."""
        for entry in entries:
            if entry.app != app:
                raise ConfigurationError(f"update_app({app!r}) got a tool of app {entry.app!r}: {entry.name}")
        wanted = {e.key: e for e in entries}
        stale = [
            key
            for key, slot in self._slots.items()
            if key[0] == app and self._entries[slot] != wanted.get(key)
        ]
        self.remove_tools(stale)
        self.add_tools(e for key, e in wanted.items() if key not in self._slots)

    # -- persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        np.save(path / "vectors.npy", self._vectors[: self.capacity])
        meta = {
            "format": FORMAT_VERSION,
            "embedder": self.embedder.name,
            "dimension": self.embedder.dimension,
            "synthetic": self.synthetic,
            "entries": [None if e is None else _entry_json(e) for e in self._entries],
        }
        (path / "entries.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, path: Path, embedder: Embedder) -> RouterIndex:
        meta = json.loads((path / "entries.json").read_text())
        if meta.get("format") != FORMAT_VERSION:
            raise ConfigurationError(
                f"{path} holds a router index of format {meta.get('format')}; rebuild it"
            )
        if meta["embedder"] != embedder.name or meta["dimension"] != embedder.dimension:
            raise ConfigurationError(
                f"{path} was built with embedder {meta['embedder']!r}; load it with that embedder or rebuild"
            )
        index = cls(embedder, synthetic=bool(meta["synthetic"]))
        for slot, raw in enumerate(meta["entries"]):
            entry = None if raw is None else _entry_from_json(raw)
            index._entries.append(entry)
            if entry is None:
                index._free.append(slot)
            else:
                index._slots[entry.key] = slot
                index.lexical.add(slot, lexical_bag(entry))
        index._vectors = np.load(path / "vectors.npy")
        index._live_cache = index._apps_cache = None
        if len(index._vectors) != index.capacity:
            raise ConfigurationError(f"{path}: vectors.npy does not match entries.json; rebuild the index")
        return index

    # -- internals ---------------------------------------------------------------------------
    def _take_slot(self, entry: ToolEntry) -> int:
        self._live_cache = self._apps_cache = None
        if self._free:
            slot = self._free.pop()
            self._entries[slot] = entry
        else:
            slot = len(self._entries)
            self._entries.append(entry)
        self._slots[entry.key] = slot
        return slot

    def _release(self, slot: int) -> None:
        self._live_cache = self._apps_cache = None
        self._entries[slot] = None
        self._free.append(slot)
        self.lexical.remove(slot)
        if slot < len(self._vectors):
            self._vectors[slot] = 0.0

    def _grow(self, size: int) -> None:
        if size > len(self._vectors):
            grown = np.zeros(
                (max(size, 2 * len(self._vectors), 64), self.embedder.dimension), dtype=np.float32
            )
            grown[: len(self._vectors)] = self._vectors
            self._vectors = grown


def _entry_json(entry: ToolEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "description": entry.description,
        "app": entry.app,
        "parameters": dict(entry.parameters) if entry.parameters is not None else None,
        "examples": list(entry.examples),
    }


def _entry_from_json(raw: dict[str, Any]) -> ToolEntry:
    return ToolEntry(
        name=raw["name"],
        description=raw["description"],
        app=raw.get("app"),
        parameters=raw.get("parameters"),
        examples=tuple(raw.get("examples") or ()),
    )
