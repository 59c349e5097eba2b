"""Directory search at scale: 10,000 published apps, built from word lists, deterministic.

    python -m bench.directory [--apps 10000] [--starts 3] [--queries 300] [--directory-vectors hash|minilm]

Fills SQLite stores with published app versions (a valid manifest and 2–4 reviewed tools each), then:

1. A worker's first search after it starts, at 1,000 apps and at `--apps`, side by side: cold (the
   store holds no search vectors: every entry is embedded, and the rows are written) and warm (the
   rows a previous start wrote are loaded, nothing is embedded). Each start is a fresh process
   (`--starts` of each, interleaved); timed from building `DirectorySearch` to the first result,
   with the process's resident memory before, after, and at its peak.
2. Steady state, over the same queries side by side, on the warm store:
   - directory search (`DirectorySearch.search`: the staleness check against the store, query
     embedding, the router's hybrid ranking, folding tools into apps, 20 app cards),
   - browse by category (`DirectorySearch.browse`),
   - the registry API's name search (`GET /v0.1/servers?search=`: a substring match in SQL), the
     baseline an MCP registry offers.

Embedding 40,000+ entries' texts with MiniLM on 2 CPU cores takes hours, so by default the index's
vectors come from the hashing embedder (same shape, same search cost; rankings are then not
meaningful, timings are) while queries are embedded by MiniLM, as in production: a cold start
measured so is a lower bound. The bench also times MiniLM on a sample of the directory's texts and
prints what a real cold start would spend embedding. `--directory-vectors minilm` embeds
everything for real.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine

from salon.directory import registry
from salon.directory.manifest import load_manifest
from salon.directory.search import DirectorySearch, entries_for
from salon.directory.states import VersionState
from salon.host.fingerprint import fingerprint, tool_definition
from salon.host.tools import ToolHints, ToolSpec
from salon.router import Embedder, FakeEmbedder, MiniLMEmbedder
from salon.router.embedding import Matrix, single_blas_thread
from salon.router.index import enrichment_texts, tool_text
from salon.store import Store
from salon.store.schema import directory_listings, directory_versions

META = "io.modelcontextprotocol.registry/publisher-provided"
VERBS = [
    "search",
    "find",
    "book",
    "cancel",
    "list",
    "create",
    "update",
    "track",
    "convert",
    "compare",
    "schedule",
    "send",
    "share",
    "plan",
]
OBJECTS = [
    "hotel",
    "flight",
    "song",
    "playlist",
    "invoice",
    "order",
    "recipe",
    "forecast",
    "ticket",
    "appointment",
    "meeting",
    "photo",
    "document",
    "parcel",
    "car",
    "stock",
    "podcast",
    "movie",
    "course",
    "meal",
    "lead",
    "repository",
    "payment",
    "subscription",
    "reminder",
    "note",
    "task",
    "expense",
    "budget",
    "route",
]
QUALIFIERS = [
    "nearby",
    "cheap",
    "premium",
    "daily",
    "weekly",
    "local",
    "shared",
    "recent",
    "upcoming",
    "popular",
]
CATEGORIES = [
    "travel",
    "music",
    "shopping",
    "productivity",
    "finance",
    "food-and-drink",
    "education",
    "weather",
]


def _tools(rng: random.Random, app: str, obj: str) -> list[ToolSpec]:
    tools = []
    for n in range(rng.randint(2, 4)):
        verb, qual = rng.choice(VERBS), rng.choice(QUALIFIERS)
        other = obj if n == 0 else rng.choice(OBJECTS)
        tools.append(
            ToolSpec(
                app=app,
                name=f"{verb}_{other}s_{n}",
                title=f"{verb.capitalize()} {other}s",
                description=f"{verb.capitalize()} {qual} {other}s and return their details.",
                input_schema={"type": "object", "properties": {other: {"type": "string"}}},
                hints=ToolHints(
                    read_only=verb in ("search", "find", "list", "track", "compare"), destructive=False
                ),
            )
        )
    return tools


def manifest_body(n: int, rng: random.Random, tools: Sequence[ToolSpec]) -> dict[str, Any]:
    obj, qual = rng.choice(OBJECTS), rng.choice(QUALIFIERS)
    name = f"io.bench-{n % 97}/{obj}-{n}"
    return {
        "name": name,
        "title": f"{obj.capitalize()} {n}",
        "description": f"{qual.capitalize()} {obj}s at your fingertips.",
        "version": "1.0.0",
        "remotes": [{"type": "streamable-http", "url": f"https://apps.example/{n}/mcp"}],
        "_meta": {
            META: {
                "dev.salon/app": {
                    "displayName": f"{obj.capitalize()} {n}",
                    "categories": [CATEGORIES[n % len(CATEGORIES)]],
                    "shortDescription": f"{qual.capitalize()} {obj}s",
                    "longDescription": f"Everything about {qual} {obj}s: "
                    + ", ".join(t.title or "" for t in tools),
                    "privacyPolicyUrl": f"https://apps.example/{n}/privacy",
                    "supportContact": f"support{n}@apps.example",
                    "data": [
                        {"tool": t.name, "dataTypes": ["none"], "purpose": "No personal data."} for t in tools
                    ],
                    "countries": ["*"],
                    "testCases": {
                        "shouldRoute": [f"{rng.choice(VERBS)} a {qual} {obj}" for _ in range(5)],
                        "shouldNotRoute": ["tell me a joke", "what time is it", "hello there"],
                    },
                }
            }
        },
    }


def fill(path: Path, apps: int) -> None:
    """Write `apps` published versions straight into the tables (one transaction; the store's own
    methods would take one per row)."""
    rng = random.Random(20261122)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    listings, versions = [], []
    for n in range(apps):
        obj = rng.choice(OBJECTS)
        tools = _tools(rng, f"app-{n}", obj)
        body = load_manifest(manifest_body(n, rng, tools)).to_server_json()
        at = now + timedelta(seconds=n)
        listings.append(
            {"name": body["name"], "owner": body["name"].split("/")[0], "reviewing": None, "created_at": at}
        )
        versions.append(
            {
                "id": f"{n:032x}",
                "app": body["name"],
                "version": "1.0.0",
                "state": "published",
                "manifest": body,
                "server": {"url": body["remotes"][0]["url"]},
                "report": {"passed": True, "findings": []},
                "tool_definitions": {t.name: tool_definition(t) for t in tools},
                "fingerprints": {t.name: fingerprint(t) for t in tools},
                "reasons": "Approved.",
                "created_at": at,
                "updated_at": at,
                "reviewed_at": at,
                "published_at": at,
            }
        )
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(directory_listings.insert(), listings)
        connection.execute(directory_versions.insert(), versions)
    engine.dispose()


class StandIn(Embedder):
    """The index's texts (large batches) from the hashing embedder, queries from MiniLM."""

    def __init__(self, query: Embedder) -> None:
        self.query = query
        self.bulk = FakeEmbedder(query.dimension)
        self.name, self.dimension = query.name, query.dimension

    def embed(self, texts: Sequence[str]) -> Matrix:
        return self.query.embed(texts) if len(texts) == 1 else self.bulk.embed(texts)


def queries(count: int) -> list[str]:
    rng = random.Random(7)
    return [f"{rng.choice(VERBS)} a {rng.choice(QUALIFIERS)} {rng.choice(OBJECTS)}" for _ in range(count)]


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return f"{label:<34} p50 {statistics.median(ms):8.2f} ms   p95 {float(np.percentile(ms, 95)):8.2f} ms"


@dataclass(frozen=True)
class Start:
    """One worker start: seconds to the first search's result, what the index did, memory (MiB)."""

    seconds: float
    loaded: int
    embedded: int
    stored: int
    rss_before: float
    rss_after: float
    rss_peak: float


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _embedder(kind: str) -> tuple[Embedder, MiniLMEmbedder]:
    model = MiniLMEmbedder()
    return (model if kind == "minilm" else StandIn(model)), model


async def _first_search(path: Path, kind: str) -> Start:
    embedder, model = _embedder(kind)
    model.embed(["warm the model up"])
    store = await Store.open(f"sqlite:///{path}")
    try:
        before = _rss_mib()
        started = time.perf_counter()
        search = DirectorySearch(store, embedder)
        result = await search.search("book a cheap hotel", limit=20)
        seconds = time.perf_counter() - started
        if not result.hits:
            raise RuntimeError("the first search found nothing")
        stats = search.last_refresh
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return Start(seconds, stats.loaded, stats.embedded, stats.stored, before, _rss_mib(), peak)
    finally:
        await store.aclose()


def _start_in_child(path: Path, kind: str, results: multiprocessing.Queue[Start]) -> None:
    results.put(asyncio.run(_first_search(path, kind)))


def start_once(path: Path, kind: str) -> Start:
    """A worker's start in a fresh process (so no start sees another's memory or caches)."""
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[Start] = context.Queue()
    child = context.Process(target=_start_in_child, args=(path, kind, results))
    child.start()
    try:
        return results.get(timeout=3600)
    finally:
        child.join()


def copy_database(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


async def new_store(path: Path, apps: int) -> None:
    """A migrated SQLite store at `path` with `apps` published versions and no search vectors."""
    store = await Store.open(f"sqlite:///{path}")
    await store.aclose()
    fill(path, apps)


async def minilm_rate(path: Path, sample: int) -> tuple[float, int]:
    """MiniLM's texts per second on `sample` of the directory's entry texts, and how many texts the
    whole directory at `path` embeds."""
    store = await Store.open(f"sqlite:///{path}")
    try:
        published = await store.app_versions.listed([VersionState.PUBLISHED], latest_only=True)
    finally:
        await store.aclose()
    texts = [
        text
        for version in published
        for entry in entries_for(version)
        for text in (tool_text(entry), *enrichment_texts(entry))
    ]
    model = MiniLMEmbedder()
    model.embed(texts[:8])
    chosen = random.Random(3).sample(texts, min(sample, len(texts)))
    started = time.perf_counter()
    with single_blas_thread():  # as DirectorySearch embeds
        for start in range(0, len(chosen), 64):
            model.embed(chosen[start : start + 64])
    return len(chosen) / (time.perf_counter() - started), len(texts)


def startup(sizes: Sequence[int], starts: int, kind: str, sample: int, workdir: Path) -> Path:
    """Part 1; returns the warm store of the largest size for part 2."""
    how = "MiniLM" if kind == "minilm" else "hashing stand-in vectors, queries by MiniLM"
    print(f"first search after a start ({how}); {starts} starts of each, interleaved, fresh processes")
    warm = workdir / "warm.db"
    for apps in sizes:
        base, cold, warm = (workdir / f"{name}-{apps}.db" for name in ("base", "cold", "warm"))
        started = time.perf_counter()
        asyncio.run(new_store(base, apps))
        print(
            f"\npublished apps: {apps:,} (generated and stored in {time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        colds: list[Start] = []
        warms: list[Start] = []
        for n in range(starts):
            copy_database(base, cold)
            colds.append(start_once(cold, kind))
            if n == 0:
                copy_database(cold, warm)
            warms.append(start_once(warm, kind))
        rows = [
            ("first search, cold (p50)", _seconds(colds), _what(colds[0])),
            ("first search, warm (p50)", _seconds(warms), _what(warms[0])),
        ]
        for label, figure, what in rows:
            print(f"  {label:<26} {figure}   {what}", flush=True)
        ratio = statistics.median(s.seconds for s in colds) / statistics.median(s.seconds for s in warms)
        print(f"  cold / warm, p50: {ratio:.1f}x", flush=True)
        for label, runs in (("cold", colds), ("warm", warms)):
            growth = statistics.median(s.rss_after - s.rss_before for s in runs)
            peak = statistics.median(s.rss_peak - s.rss_before for s in runs)
            print(f"  memory, {label}: index resident +{growth:.0f} MiB, peak +{peak:.0f} MiB (p50)")
        if kind != "minilm" and sample:
            rate, total = asyncio.run(minilm_rate(base, sample))
            print(
                f"  MiniLM here: {rate:.1f} texts/s on {sample} of the directory's {total:,} texts; "
                f"a real cold start would embed for about {total / rate / 60:.0f} min"
            )
    return warm


def _seconds(runs: Sequence[Start]) -> str:
    values = sorted(s.seconds for s in runs)
    return f"{statistics.median(values):7.1f} s (min {values[0]:.1f}, max {values[-1]:.1f})"


def _what(run: Start) -> str:
    return f"loaded {run.loaded:,}, embedded {run.embedded:,}, stored {run.stored:,} entries"


async def steady(path: Path, apps: int, count: int, kind: str) -> None:
    """Part 2, on the warm store at `path`."""
    store = await Store.open(f"sqlite:///{path}")
    embedder, model = _embedder(kind)
    search = DirectorySearch(store, embedder)
    await search.refresh()
    texts = queries(count)
    for text in texts[:5]:
        await search.search(text)
    searched, browsed, named, embedded = [], [], [], []
    for n, text in enumerate(texts):
        started = time.perf_counter()
        result = await search.search(text, limit=20)
        searched.append(time.perf_counter() - started)
        assert result.hits
        started = time.perf_counter()
        model.embed([text])
        embedded.append(time.perf_counter() - started)
        started = time.perf_counter()
        await search.browse(CATEGORIES[n % len(CATEGORIES)])
        browsed.append(time.perf_counter() - started)
        started = time.perf_counter()
        await registry.list_servers(store, search=text.split()[-1], limit=20)
        named.append(time.perf_counter() - started)
    print(f"\n{len(texts)} queries at {apps:,} apps, side by side:")
    print(summary("directory search (by meaning)", searched))
    print(summary("  of which query embedding", embedded))
    print(summary("browse one category", browsed))
    print(summary("registry name search (baseline)", named))
    ratio = statistics.median(searched) / statistics.median(named)
    print(f"search by meaning / name search, p50: {ratio:.1f}x")
    await store.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--starts", type=int, default=3, help="cold and warm starts of each size")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--directory-vectors", choices=["hash", "minilm"], default="hash")
    parser.add_argument(
        "--minilm-sample", type=int, default=64, help="texts to time MiniLM on (0: skip the estimate)"
    )
    args = parser.parse_args()
    sizes = sorted({min(1000, args.apps), args.apps})
    with tempfile.TemporaryDirectory() as tmp:
        warm = startup(sizes, args.starts, args.directory_vectors, args.minilm_sample, Path(tmp))
        asyncio.run(steady(warm, args.apps, args.queries, args.directory_vectors))


if __name__ == "__main__":
    main()
