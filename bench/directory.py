"""Directory search at scale: 10,000 published apps, built from word lists, deterministic.

    python -m bench.directory [--apps 10000] [--queries 300] [--directory-vectors hash|minilm]

Fills a SQLite store with published app versions (a valid manifest and 2–4 reviewed tools each),
builds `DirectorySearch` from the store the way a worker does at its first query, then times, side by
side over the same queries:

- directory search (`DirectorySearch.search`: the staleness check against the store, query
  embedding, the router's hybrid ranking, folding tools into apps, 20 app cards),
- browse by category (`DirectorySearch.browse`),
- the registry API's name search (`GET /v0.1/servers?search=`: a substring match in SQL), the
  baseline an MCP registry offers.

Embedding 40,000+ entry texts with MiniLM on 2 CPU cores takes tens of minutes, so by default the
index's vectors come from the hashing embedder (same shape, same search cost; rankings are then not
meaningful, timings are) while queries are embedded by MiniLM, as in production.
`--directory-vectors minilm` embeds everything for real.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine

from salon.directory import registry
from salon.directory.manifest import load_manifest
from salon.directory.search import DirectorySearch
from salon.host.fingerprint import fingerprint, tool_definition
from salon.host.tools import ToolHints, ToolSpec
from salon.router import Embedder, FakeEmbedder, MiniLMEmbedder
from salon.router.embedding import Matrix
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


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "salon.db"
        store = await Store.open(f"sqlite:///{path}")
        started = time.perf_counter()
        fill(path, args.apps)
        print(
            f"published apps: {args.apps:,} (generated and stored in {time.perf_counter() - started:.1f} s)"
        )
        model = MiniLMEmbedder()
        embedder: Embedder = model if args.directory_vectors == "minilm" else StandIn(model)
        search = DirectorySearch(store, embedder)
        started = time.perf_counter()
        await search.refresh()
        how = "MiniLM" if args.directory_vectors == "minilm" else "hashing stand-in vectors"
        print(f"index built from the store in {time.perf_counter() - started:.1f} s ({how})")

        texts = queries(args.queries)
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
        print(f"\n{len(texts)} queries, side by side:")
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
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--directory-vectors", choices=["hash", "minilm"], default="hash")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
