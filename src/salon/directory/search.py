"""Finding apps in the directory: search by meaning with the router, browse by category.

`DirectorySearch` keeps a `salon.router.Router` over the published apps: for each app's newest
published version, one entry per tool (its name, description and parameters, as the review fetched
them) and one entry for the app itself (display name and descriptions, with the manifest's
`should_route` test cases as shipped examples). A query is routed over the tools, and the ranking is
folded into apps: an app scores as its best entry.

The index follows the store, not this process's memory: before each query it compares the versions
table's signature (row count, last change) with the one it indexed, and if another worker published
or yanked something it updates only the apps whose published version changed. Versions are
immutable, so an app's entries and card are computed once per version.

The vectors are persisted (`store.directory_index`): one row per entry of a version, holding the
router's dense row for it and a digest of what produced it (the texts the router embeds for the
entry, the embedder, the index's row format). The first worker to index a version embeds it and
writes its rows; every later start, and every other worker, loads them instead of embedding, so a
restart costs reading the store rather than embedding the whole directory. A row whose digest no
longer matches (another embedder, changed synthetic requests) is embedded again and replaced. When
an app publishes a new version, entries that did not change keep the row already in memory.

Two workers that start together on a store without rows both embed and both write the same rows;
from then on every start loads them.

Embedding is CPU work; indexing and routing run in a worker thread so the event loop stays free.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import anyio.to_thread
import numpy as np

from salon.directory.listing import AppCard, card, manifest_of
from salon.directory.manifest import AppManifest
from salon.directory.states import VersionState
from salon.errors import StoreError
from salon.router import Embedder, Router, ToolEntry
from salon.router.embedding import Matrix, single_blas_thread
from salon.router.index import FORMAT_VERSION, enrichment_texts, tool_text
from salon.store import Store
from salon.store.directory_records import AppVersion
from salon.store.router_index import IndexedEntry

logger = logging.getLogger("salon.directory.search")

SUGGEST_MIN_SCORE = 0.6
"""A suggestion needs the router's gate to say an app fits and the app's fused score (cosine plus
scaled BM25) at least this high: a conversation is interrupted only for a clear fit."""

TOOLS_PER_APP_SEEN = 4
"""How many ranked entries to ask the router for per app wanted (apps have several entries)."""


@dataclass(frozen=True)
class SearchHit:
    card: AppCard
    score: float
    tool: str | None
    """The tool that matched best, or None when the app's own description did."""


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    no_app: bool
    """The router's gate: no published app fits the query well."""


def entries_for(version: AppVersion, manifest: AppManifest | None = None) -> list[ToolEntry]:
    """What the router indexes for one published version (`manifest`: its manifest, if parsed)."""
    manifest = manifest or manifest_of(version)
    about = card(version, manifest)
    tools = [
        ToolEntry(
            name=name,
            description=". ".join(p for p in (definition.get("title"), definition.get("description")) if p),
            app=version.app,
            parameters=definition.get("input_schema") or None,
        )
        for name, definition in sorted((version.tool_definitions or {}).items())
    ]
    own = about.name.rsplit("/", 1)[-1]
    while own in (version.tool_definitions or {}):
        own = f"{own}-app"
    blurb = ". ".join(
        p for p in (about.display_name, about.short_description, manifest.salon.long_description) if p
    )
    examples = tuple(manifest.salon.test_cases.should_route) if manifest.salon.test_cases else ()
    return [ToolEntry(name=own, description=blurb, app=version.app, examples=examples), *tools]


def entry_digest(entry: ToolEntry, embedder: Embedder, *, synthetic: bool) -> str:
    """What a stored row was computed from: the texts the router embeds for `entry`, the embedder,
    and the index's row format (how those texts' vectors make the row)."""
    texts = [tool_text(entry), *enrichment_texts(entry, synthetic=synthetic)]
    payload = json.dumps([FORMAT_VERSION, embedder.name, embedder.dimension, texts], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class _Plan:
    """One refresh's changes to the index: entries with rows at hand, entries to embed, and the
    rows to write to the store once they are known."""

    loaded: list[ToolEntry] = field(default_factory=list)
    loaded_rows: list[Matrix] = field(default_factory=list)
    embed: list[ToolEntry] = field(default_factory=list)
    unstored: list[tuple[str, ToolEntry, str]] = field(default_factory=list)
    """(version id, entry, digest) of the entries whose rows the store lacks."""
    reused: int = 0


@dataclass(frozen=True)
class IndexStats:
    """What the last refresh did: entries whose rows came from the store, kept from memory (an
    unchanged tool of a new version), embedded; and rows written to the store."""

    loaded: int = 0
    reused: int = 0
    embedded: int = 0
    stored: int = 0


class DirectorySearch:
    def __init__(self, store: Store, embedder: Embedder, *, synthetic: bool = True) -> None:
        self._store = store
        self._router = Router(embedder, synthetic=synthetic)
        self._indexed: dict[str, str] = {}
        """app → version id in the index"""
        self._cards: dict[str, AppCard] = {}
        """app → card of its indexed version"""
        self._tools: dict[str, frozenset[str]] = {}
        self._signature: tuple[int, datetime | None] | None = None
        self._lock = asyncio.Lock()
        self.last_refresh = IndexStats()

    def invalidate(self) -> None:
        """Look at the store again before the next query (this process published or yanked something)."""
        self._signature = None

    async def refresh(self) -> None:
        """Bring the index up to date with the store's published versions, loading stored rows and
        embedding (and storing) only what the store lacks."""
        async with self._lock:
            signature = await self._store.app_versions.signature()
            if signature == self._signature:
                return
            published = await self._store.app_versions.listed([VersionState.PUBLISHED], latest_only=True)
            current = {version.app: version for version in published}
            gone = [app for app in self._indexed if app not in current]
            changed = [v for app, v in current.items() if self._indexed.get(app) != v.id]
            stored = await self._store.directory_index.for_versions(v.id for v in changed) if changed else {}
            fresh, stats = await anyio.to_thread.run_sync(self._apply, gone, changed, stored)
            written = 0
            if fresh:
                try:
                    written = await self._store.directory_index.put(fresh)
                except StoreError as error:
                    # The index in memory is complete; only the next start pays for this.
                    logger.warning("Could not store the directory's search vectors: %s", error.message)
            self.last_refresh = IndexStats(stats.loaded, stats.reused, stats.embedded, written)
            self._signature = signature

    def _apply(
        self, gone: list[str], changed: list[AppVersion], stored: Mapping[str, Sequence[IndexedEntry]]
    ) -> tuple[list[IndexedEntry], IndexStats]:
        index = self._router.search_index
        for app in gone:
            index.remove_app(app)
            self._indexed.pop(app, None)
            self._cards.pop(app, None)
            self._tools.pop(app, None)
        plan = _Plan()
        manifests = {version.id: manifest_of(version) for version in changed}
        for version in changed:
            self._plan(version, entries_for(version, manifests[version.id]), stored.get(version.id, ()), plan)
        for version in changed:
            if version.app in self._indexed:
                index.remove_app(version.app)
        if plan.loaded:
            index.add_rows(plan.loaded, np.vstack(plan.loaded_rows))
        if plan.embed:
            # As the host does: BLAS on one thread, so embedding a whole directory leaves the event
            # loop a core (and on a busy two-core machine, one thread is also the faster).
            with single_blas_thread():
                index.add_tools(plan.embed)
        fresh: list[IndexedEntry] = []
        if plan.unstored:
            rows = index.rows([entry.key for _, entry, _ in plan.unstored])
            name = index.embedder.name
            for (version_id, entry, digest), row in zip(plan.unstored, rows, strict=True):
                fresh.append(
                    IndexedEntry(
                        version_id=version_id,
                        entry=entry.name,
                        digest=digest,
                        embedder=name,
                        vector=row.tobytes(),
                    )
                )
        for version in changed:
            self._indexed[version.app] = version.id
            self._cards[version.app] = card(version, manifests[version.id])
            self._tools[version.app] = frozenset(version.tool_definitions or {})
        loaded = len(plan.loaded) - plan.reused
        return fresh, IndexStats(loaded=loaded, reused=plan.reused, embedded=len(plan.embed))

    def _plan(
        self, version: AppVersion, entries: list[ToolEntry], stored: Sequence[IndexedEntry], plan: _Plan
    ) -> None:
        """Where each of `version`'s entries gets its row: the store, the index (the entry is unchanged
        from the app's previous version), or the embedder."""
        index = self._router.search_index
        embedder = index.embedder
        rows = {row.entry: row for row in stored}
        width = embedder.dimension * np.dtype(np.float32).itemsize
        for entry in entries:
            digest = entry_digest(entry, embedder, synthetic=index.synthetic)
            row = rows.get(entry.name)
            if row is not None and row.digest == digest and len(row.vector) == width:
                plan.loaded.append(entry)
                plan.loaded_rows.append(np.frombuffer(row.vector, dtype=np.float32))
                continue
            plan.unstored.append((version.id, entry, digest))
            slot = index.slot_of(entry.app, entry.name)
            if slot is not None and index.entry(slot) == entry:
                plan.loaded.append(entry)
                plan.loaded_rows.append(index.rows([entry.key])[0])
                plan.reused += 1
            else:
                plan.embed.append(entry)

    async def search(self, query: str, *, limit: int = 20, exclude: set[str] | None = None) -> SearchResult:
        """The published apps that best fit `query`, best first; `exclude` drops apps by name."""
        await self.refresh()
        if not query.strip() or not self._indexed:
            return SearchResult([], True)
        wanted = limit + len(exclude or ())
        result = await anyio.to_thread.run_sync(
            lambda: self._router.route(query, top_k=min(wanted * TOOLS_PER_APP_SEEN, 400))
        )
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for candidate in result.ranked:
            app = candidate.app
            if app is None or app in seen or app not in self._cards or (exclude and app in exclude):
                continue
            seen.add(app)
            about = self._cards[app]
            tool = candidate.name if candidate.name in self._tools[app] else None
            hits.append(SearchHit(about, candidate.score, tool))
            if len(hits) == limit:
                break
        return SearchResult(hits, result.no_app)

    async def suggest(self, message: str, *, installed: set[str]) -> SearchHit | None:
        """A published app the person has not installed that clearly fits `message`, or None."""
        result = await self.search(message, limit=1, exclude=installed)
        if result.no_app or not result.hits or result.hits[0].score < SUGGEST_MIN_SCORE:
            return None
        return result.hits[0]

    async def browse(self, category: str | None = None) -> list[AppCard]:
        """Published apps (one card each), in one category or all, by display name."""
        await self.refresh()
        cards = [c for c in self._cards.values() if category is None or category in c.categories]
        return sorted(cards, key=lambda c: (c.display_name.lower(), c.name))

    async def categories(self) -> dict[str, int]:
        """Each category with how many published apps are in it."""
        await self.refresh()
        counts: dict[str, int] = {}
        for about in self._cards.values():
            for category in about.categories:
                counts[category] = counts.get(category, 0) + 1
        return dict(sorted(counts.items()))
