"""`Router`: rank tools (and their apps) for a message, or say that no app fits.

Scoring, per tool: `fused = dense + LEXICAL_WEIGHT * bm25 / max_bm25` — the cosine with the
tool's dense row, plus BM25 scaled to the query's best lexical match so that the two are on one
scale whatever the directory. Ties break on (app, name), so rankings are deterministic.

App first: above `PREFILTER_TOOLS` tools, only the tools of the `PREFILTER_APPS` apps whose
centroid is nearest the query, plus the `PREFILTER_LEXICAL` best BM25 matches, are scored. A tool
can also be lifted by `APP_WEIGHT` times the best score in its app; on Seal-Tools (fields as apps)
0.1 changed nothing and 0.3 cost 0.5 nDCG@5, so it is off by default.

A message of several requests is also scored part by part (`salon.router.request_parts`): a part
lifts the tools it matches clearly, and each part's best tool keeps a place in the first five.

The "no app" decision is `salon.router.gate`'s logistic model over the same scores.

Tried and dropped (dev; MetaTool single R@1 / R@5, Seal-Tools R@5 / nDCG@5; the default is
62.2 / 82.4, 99.0 / 77.0):
- A linear query adapter learned from the directory's own template requests (ridge regression
  towards the identity, strength 0.03, fit on at most 4,096 tools: 0.8 s for Seal-Tools): 63.3 /
  82.7, 99.0 / 77.3, MetaTool COMP@5 50.4 → 55.0, no-app AUROC 0.747 → 0.752, awareness 0.870 →
  0.866. Not kept: the store holds one row per tool, so after a restart the map could not be
  refit from stored rows and routing would change across restarts; a point of R@1 does not pay
  for a second stored artefact. Variants (strength 0.1, 0.01, 0.002; the tool's row as target)
  were weaker; whitening by the within-tool covariance lost (R@1 57.8–61.0).
- Rocchio feedback, the query moved towards the mean of its k best rows: k 3, β 0.3: 61.9 / 81.8,
  97.7 / 69.5.
- A least-squares classifier over the requests blended into the cosine at 0.1: 62.5 / 82.6 (with
  the adapter), 98.6 / 76.3; at 0.3 worse.
- Token-level late interaction (ColBERT-style MaxSim over MiniLM's contextual token states of the
  query and of the tool's text) added to the fused score, on the first 300 MetaTool queries: R@1
  46.0 → 47.0 at best (weight 0.05), R@5 80.7 → 81.0 at 0.1 and 79.3 at 0.4; a row per token would
  also multiply the index about forty-fold.
- A hubness penalty (CSLS: the mean cosine of a tool's row with its k nearest other rows,
  subtracted at β): MetaTool R@1 62.2 → 61.9 / 61.1 at β 0.1 / 0.3 (k 5; k 10 alike), Seal-Tools
  R@1 89.7 → 89.4 at 0.1.
- Lexical expansion, BM25 of the terms two of the three best dense tools share, added at 0.3:
  63.0 / 82.8, 98.9 / 76.4 (Seal-Tools R@1 90.1 → 89.1, with the adapter); at 1.0 worse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from salon.router import gate, request_parts
from salon.router.embedding import Embedder, single_blas_thread
from salon.router.entries import ToolEntry
from salon.router.index import RouterIndex
from salon.router.text import terms

LEXICAL_WEIGHT = 0.15
"""Weight of max-normalised BM25 against the dense score (tuned on the dev splits)."""
APP_WEIGHT = 0.0
"""Weight of the best score of a tool's app (app-first ranking)."""
PREFILTER_TOOLS = 20_000
"""Above this many tools, only the tools of the nearest apps (and the best lexical matches) are
scored densely: app-first search keeps a query near a millisecond of dense work at 100,000 tools."""
PREFILTER_APPS = 300
PREFILTER_LEXICAL = 500
K1_PLUS_ONE = 2.2


@dataclass(frozen=True)
class Candidate:
    name: str
    app: str | None
    score: float


@dataclass(frozen=True, eq=False)
class EmbeddedQuery:
    """A message and its embedding, with its request parts' when it asks for several things."""

    text: str
    vector: npt.NDArray[np.float32]
    parts: tuple[tuple[str, npt.NDArray[np.float32]], ...] = ()


@dataclass(frozen=True)
class RouteResult:
    ranked: list[Candidate]
    no_app: bool
    no_app_score: float
    features: gate.GateFeatures | None = field(default=None, compare=False, repr=False)


class Router:
    """Indexes tools and routes messages to them. See the module docstring for the scoring."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        search_index: RouterIndex | None = None,
        synthetic: bool = True,
        prefilter_tools: int = PREFILTER_TOOLS,
    ) -> None:
        self.embedder = embedder
        self.prefilter_tools = prefilter_tools
        self.search_index = (
            search_index if search_index is not None else RouterIndex(embedder, synthetic=synthetic)
        )

    # -- indexing ----------------------------------------------------------------------------
    def index(self, entries: Iterable[ToolEntry]) -> None:
        """Index `entries` from scratch (replacing whatever was indexed)."""
        fresh = RouterIndex(
            self.embedder, synthetic=self.search_index.synthetic, written=self.search_index.written
        )
        fresh.add_tools(entries)
        self.search_index = fresh

    def add(self, entries: Iterable[ToolEntry]) -> None:
        self.search_index.add_tools(entries)

    def remove(self, app: str) -> None:
        self.search_index.remove_app(app)

    def update(self, app: str, entries: Sequence[ToolEntry]) -> None:
        self.search_index.update_app(app, entries)

    def save(self, path: Path) -> None:
        self.search_index.save(path)

    @classmethod
    def load(cls, path: Path, embedder: Embedder) -> Router:
        return cls(embedder, search_index=RouterIndex.load(path, embedder))

    # -- routing -----------------------------------------------------------------------------
    def embed(self, queries: Sequence[str]) -> list[EmbeddedQuery]:
        """Each message embedded whole, and its request parts (`salon.router.request_parts`)
        where it has several, in one call to the embedder."""
        split = [request_parts.request_parts(q) for q in queries]
        texts = [text for query, parts in zip(queries, split, strict=True) for text in (query, *parts)]
        vectors = self.embedder.embed(texts)
        embedded: list[EmbeddedQuery] = []
        row = 0
        for query, parts in zip(queries, split, strict=True):
            own = tuple((text, vectors[row + 1 + i]) for i, text in enumerate(parts))
            embedded.append(EmbeddedQuery(query, vectors[row], own))
            row += 1 + len(parts)
        return embedded

    def route(self, query: str, top_k: int = 10, *, exclude: Iterable[int] = ()) -> RouteResult:
        """The `top_k` best tools for `query` and the gate's verdict. `exclude` drops slots
        (the evaluation's leave-gold-out runs use it)."""
        with single_blas_thread():
            return self._route(self.embed([query])[0], top_k, exclude)

    def route_embedded(
        self, query: EmbeddedQuery, top_k: int = 10, *, exclude: Iterable[int] = ()
    ) -> RouteResult:
        """`route` with the message already embedded (`embed`)."""
        with single_blas_thread():
            return self._route(query, top_k, exclude)

    def _route(self, query: EmbeddedQuery, top_k: int, exclude: Iterable[int]) -> RouteResult:
        # Callers hold BLAS on one thread: a query's products are matrix-vector ones over a few MB,
        # and on a busy two-core machine a second thread waits for a core far longer than it saves
        # (100k tools: 45 ms p50 on two threads, 11 ms on one, same run).
        index = self.search_index
        query_terms = terms(query.text)
        lexical = index.lexical.scores(query_terms, index.capacity)
        # The message, then its parts, as columns: one gather of the candidates' rows serves all.
        vectors = (
            np.stack([query.vector, *(vector for _, vector in query.parts)], axis=1)
            if query.parts
            else query.vector
        )
        candidates = self._candidates(vectors, lexical, exclude)
        if len(candidates) == 0:
            return RouteResult([], True, 1.0)
        dense_all = index.dense_scores_of(vectors, candidates)
        dense = dense_all[:, 0] if query.parts else dense_all
        lexical = lexical[candidates]
        top_lexical = float(lexical.max())
        fused = _fused(dense, lexical)
        if APP_WEIGHT:
            fused = fused + np.float32(APP_WEIGHT) * self._app_best(candidates, fused)
        score = fused
        if query.parts:
            parts = [
                _fused(dense_all[:, column], index.lexical.scores(terms(text), index.capacity)[candidates])
                for column, (text, _) in enumerate(query.parts, start=1)
            ]
            score = request_parts.keep_part_bests(request_parts.combined_scores(fused, parts), parts, top_k)
        order = _top(score, candidates, top_k, index)
        ranked = [
            Candidate(name=entry.name, app=entry.app, score=float(score[i]))
            for i in order
            if (entry := index.entry(int(candidates[i]))) is not None
        ]
        # The gate judges the whole message.
        features = self._features(query_terms, candidates, dense, lexical, fused, top_lexical)
        no_app_score = gate.no_app_score(features)
        return RouteResult(ranked, no_app_score >= gate.THRESHOLD, no_app_score, features)

    def _candidates(
        self, vectors: npt.NDArray[np.float32], lexical: npt.NDArray[np.float32], exclude: Iterable[int]
    ) -> npt.NDArray[np.int64]:
        """Every live slot, or at directory scale the tools of the apps nearest the message or any
        of its parts (`vectors`' columns) plus the message's best lexical matches (a part's words
        are the message's), so that a tool named exactly as asked is never lost to its app's
        centroid."""
        index = self.search_index
        live = index.live_slots()
        if len(live) > self.prefilter_tools:
            matched = np.flatnonzero(lexical)
            if len(matched) > PREFILTER_LEXICAL:
                matched = matched[
                    np.argpartition(-lexical[matched], PREFILTER_LEXICAL - 1)[:PREFILTER_LEXICAL]
                ]
            # A mask over the slots gives the sorted union without sorting (np.union1d sorts).
            chosen = np.zeros(index.capacity, dtype=bool)
            chosen[index.app_candidates(vectors, PREFILTER_APPS)] = True
            chosen[matched] = True
            live = np.flatnonzero(chosen)
        excluded = np.fromiter(exclude, dtype=np.int64)
        if len(excluded):
            live = live[~np.isin(live, excluded)]
        return live

    def _features(
        self,
        query_terms: list[str],
        candidates: npt.NDArray[np.int64],
        dense: npt.NDArray[np.float32],
        lexical: npt.NDArray[np.float32],
        fused: npt.NDArray[np.float32],
        top_lexical: float,
    ) -> gate.GateFeatures:
        count = len(dense)
        # The ten best dense scores, best first (a partition, then a sort of ten).
        head = -np.sort(-dense if count <= 10 else np.partition(-dense, 9)[:10])
        dense_top = float(head[0])
        dense_margin = float(head[0] - head[1]) if count > 1 else dense_top
        dense_gap10 = float(head[0] - head[-1]) if count > 1 else dense_top
        best = int(np.argmax(fused))
        lexicon = self.search_index.lexical
        ideal = sum(lexicon.idf(t) for t in dict.fromkeys(query_terms)) * (K1_PLUS_ONE)
        cover = min(1.0, top_lexical / ideal) if ideal > 0 else 0.0
        spread = float(dense.std())
        z = (dense_top - float(dense.mean())) / spread if spread > 0 else 0.0
        agree = 1.0 if top_lexical > 0 and int(np.argmax(dense)) == int(np.argmax(lexical)) else 0.0
        return gate.GateFeatures(
            dense_top=dense_top,
            dense_margin=dense_margin,
            fused_top=float(fused[best]),
            lexical_cover=cover,
            dense_z=z,
            top_cover=lexicon.coverage(query_terms, int(candidates[best])),
            agree=agree,
            dense_gap10=dense_gap10,
        )

    def _app_best(
        self, candidates: npt.NDArray[np.int64], fused: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        """For each candidate, the best fused score among the candidates of its app."""
        apps: dict[str | None, int] = {}
        ids = np.fromiter(
            (
                apps.setdefault(e.app if (e := self.search_index.entry(int(s))) else None, len(apps))
                for s in candidates
            ),
            dtype=np.int64,
            count=len(candidates),
        )
        best = np.full(len(apps), -np.inf, dtype=np.float32)
        np.maximum.at(best, ids, fused)
        result: npt.NDArray[np.float32] = best[ids]
        return result


def _fused(dense: npt.NDArray[np.float32], lexical: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The dense score plus `LEXICAL_WEIGHT` times BM25 scaled to its best among the candidates."""
    top_lexical = float(lexical.max()) if len(lexical) else 0.0
    scaled = lexical / top_lexical if top_lexical > 0 else lexical
    result: npt.NDArray[np.float32] = dense + np.float32(LEXICAL_WEIGHT) * scaled
    return result


def _top(
    scores: npt.NDArray[np.float32], candidates: npt.NDArray[np.int64], k: int, index: RouterIndex
) -> list[int]:
    """Positions (into `scores`) of the `k` best, ties broken on (app, name) so that the ranking
    does not depend on slot numbers."""
    k = min(k, len(scores))
    if k <= 0:
        return []
    if k < len(scores):
        # Keep everything tied with the k-th score, so the tie-break sees all of them.
        kth = np.partition(-scores, k - 1)[k - 1]
        positions = np.flatnonzero(-scores <= kth)
    else:
        positions = np.arange(len(scores))

    def key(position: int) -> tuple[float, str, str]:
        entry = index.entry(int(candidates[position]))
        return (-float(scores[position]), (entry.app or "") if entry else "", entry.name if entry else "")

    return sorted((int(p) for p in positions), key=key)[:k]
