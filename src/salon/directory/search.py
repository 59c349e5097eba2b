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

Embedding is CPU work; indexing and routing run in a worker thread so the event loop stays free.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import anyio.to_thread

from salon.directory.listing import AppCard, card, manifest_of
from salon.directory.states import VersionState
from salon.router import Embedder, Router, ToolEntry
from salon.store import Store
from salon.store.directory_records import AppVersion

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


def entries_for(version: AppVersion) -> list[ToolEntry]:
    """What the router indexes for one published version."""
    manifest = manifest_of(version)
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

    def invalidate(self) -> None:
        """Look at the store again before the next query (this process published or yanked something)."""
        self._signature = None

    async def refresh(self) -> None:
        """Bring the index up to date with the store's published versions."""
        async with self._lock:
            signature = await self._store.app_versions.signature()
            if signature == self._signature:
                return
            published = await self._store.app_versions.listed([VersionState.PUBLISHED], latest_only=True)
            current = {version.app: version for version in published}
            gone = [app for app in self._indexed if app not in current]
            changed = [v for app, v in current.items() if self._indexed.get(app) != v.id]
            updates = [(v, entries_for(v), card(v)) for v in changed]
            await anyio.to_thread.run_sync(self._apply, gone, updates)
            self._signature = signature

    def _apply(self, gone: list[str], updates: list[tuple[AppVersion, list[ToolEntry], AppCard]]) -> None:
        for app in gone:
            self._router.remove(app)
            self._indexed.pop(app, None)
            self._cards.pop(app, None)
            self._tools.pop(app, None)
        fresh = [
            entry for version, entries, _ in updates if version.app not in self._indexed for entry in entries
        ]
        if fresh:
            self._router.add(fresh)
        for version, entries, about in updates:
            if version.app in self._indexed:
                self._router.update(version.app, entries)
            self._indexed[version.app] = version.id
            self._cards[version.app] = about
            self._tools[version.app] = frozenset(version.tool_definitions or {})

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
