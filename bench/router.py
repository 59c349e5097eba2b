"""Router at directory scale: 10,000 apps / 100,000 tools, built from word lists, deterministic.

    python -m bench.router [--apps 10000] [--tools-per-app 10] [--queries 300]

Prints the index build time, memory (RSS: the process now and at its peak, and what each part
added), query embedding p50/p95 with the numpy forward and with ONNX Runtime side by side (each
query embedded by both, in alternating order, in the same run), and route latency p50/p95 per
query end to end (query embedding, app prefilter, BM25, dense scoring, fusion, gate) with either
forward, plus the scoring alone, and for messages of two requests (two of the queries as two
sentences: the message and each sentence are embedded and scored), against one request.

Embedding 100,000 tool texts with MiniLM on 2 CPU cores takes long, so the tools' vectors are
cached under `.cache/bench-router/` (keyed by the directory size) after the first run, or taken
from the hashing embedder (`--directory-vectors hash`, what `python -m bench` runs: same shape and
search cost, rankings not meaningful); the build time printed says whether embedding was included.
Synthetic requests are off at this scale (one dense row per tool): the figures are for the
dense + BM25 + gate path. Queries are always embedded with MiniLM.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np

from salon.router import Embedder, FakeEmbedder, MiniLMEmbedder, Router, RouterIndex, ToolEntry
from salon.router.embedding import Matrix


def _words(text: str) -> list[str]:
    return text.split()


VERBS = _words(
    "search find book cancel list create update delete get play track convert compare schedule send share "
)
OBJECTS = _words(
    "hotel flight song playlist invoice order recipe forecast ticket appointment meeting photo "
    "document contract parcel car bike stock coin podcast movie course exercise meal "
    "prescription lead campaign repository issue server domain payment subscription reminder "
    "note task expense budget map route "
)
DOMAINS = _words(
    "travel music finance health cooking sports weather shopping education legal realestate "
    "gaming news fitness crypto marketing devops design science pets gardening fashion auto "
    "energy insurance "
)
QUALIFIERS = _words("nearby cheap premium daily weekly local global personal shared recent upcoming popular ")
CACHE = Path(".cache/bench-router")


def directory(apps: int, tools_per_app: int) -> list[ToolEntry]:
    rng = random.Random(20260101)
    entries = []
    for a in range(apps):
        domain = rng.choice(DOMAINS)
        app = f"{domain}-{rng.choice(OBJECTS)}-{a}"
        for _ in range(tools_per_app):
            verb, obj, qual = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)
            name = f"{verb}_{qual}_{obj}"
            if any(e.name == name and e.app == app for e in entries[-tools_per_app:]):
                name = f"{name}_{len(entries)}"
            description = (
                f"{verb.capitalize()} {qual} {obj}s for {domain} with {rng.choice(OBJECTS)} details."
            )
            entries.append(ToolEntry(name, description, app=app, parameters={obj: {"type": "string"}}))
    return entries


def queries(count: int) -> list[str]:
    rng = random.Random(7)
    return [
        f"can you {rng.choice(VERBS)} a {rng.choice(QUALIFIERS)} {rng.choice(OBJECTS)} "
        f"for my {rng.choice(DOMAINS)}"
        for _ in range(count)
    ]


class CachedEmbedder(Embedder):
    """MiniLM with a disk cache of the directory's vectors (the bench rebuilds the same texts)."""

    def __init__(self, inner: Embedder, cache_file: Path, directory: Embedder | None = None) -> None:
        self.inner, self.cache_file = inner, cache_file
        self.directory = directory
        self.name, self.dimension = inner.name, inner.dimension
        self.embedded = 0

    def embed(self, texts: Sequence[str]) -> Matrix:
        if len(texts) > 1000:
            if self.directory is not None:
                return self.directory.embed(texts)
            if self.cache_file.exists():
                cached: Matrix = np.load(self.cache_file)
                if len(cached) == len(texts):
                    return cached
            vectors = self.inner.embed(texts)
            self.embedded += len(texts)
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            np.save(self.cache_file, vectors)
            return vectors
        return self.inner.embed(texts)


def _rss_mib() -> float:
    """The process's resident memory now (Linux; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Timings:
    """Wall-clock and CPU (this thread's) milliseconds of one kind of call."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, call: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        call()
        self.cpu.append((time.thread_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)

    def summary(self, baseline: _Timings | None = None) -> str:
        p50, p95 = statistics.median(self.wall), float(np.percentile(self.wall, 95))
        text = (
            f"{self.label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms; CPU p50 {statistics.median(self.cpu):.1f} ms"
        )
        if baseline is not None:
            ratio = statistics.median(baseline.wall) / p50
            text += f" ({ratio:.1f}x faster at p50)" if ratio >= 1 else f" ({1 / ratio:.1f}x the time at p50)"
        return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--tools-per-app", type=int, default=10)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--directory-vectors",
        choices=["minilm", "hash"],
        default="minilm",
        help="hash: the directory's vectors come from the hashing fake (same shape, same search cost, "
        "seconds instead of minutes to build; rankings are then not meaningful, timings are)",
    )
    args = parser.parse_args()

    entries = directory(args.apps, args.tools_per_app)
    key = hashlib.sha256(f"{args.apps}x{args.tools_per_app}".encode()).hexdigest()[:12]
    rss_start = _rss_mib()
    numpy_model = MiniLMEmbedder(backend="numpy")
    rss_numpy = _rss_mib()
    model = MiniLMEmbedder()
    rss_model = _rss_mib()
    print(f"query embedder: MiniLM on {model.backend} (numpy forward timed beside it)")
    print(
        f"RSS: {rss_start:.0f} MiB at start; numpy MiniLM +{rss_numpy - rss_start:.0f} MiB; "
        f"{model.backend} MiniLM +{rss_model - rss_numpy:.0f} MiB"
    )
    sample = [f"{e.name}: {e.description}" for e in entries[:256]]
    started = time.perf_counter()
    model.embed(sample)
    throughput = len(sample) / (time.perf_counter() - started)
    print(f"MiniLM ({model.backend}) throughput: {throughput:.0f} tool texts/s")

    stand_in = FakeEmbedder(model.dimension) if args.directory_vectors == "hash" else None
    embedder = CachedEmbedder(model, CACHE / f"vectors-{key}.npy", stand_in)
    numpy_embedder = CachedEmbedder(numpy_model, CACHE / f"vectors-{key}.npy", stand_in)
    rss_before = _rss_mib()
    started = time.perf_counter()
    index = RouterIndex(embedder, synthetic=False)
    index.add_tools(entries)
    build_s = time.perf_counter() - started
    router = Router(embedder, search_index=index)
    numpy_router = Router(numpy_embedder, search_index=index)
    rss_after = _rss_mib()
    how = (
        "directory vectors from the hashing fake, MiniLM embedding excluded"
        if stand_in is not None
        else "including embedding"
        if embedder.embedded
        else "vectors from cache, embedding excluded"
    )
    print(f"tools: {len(index):,} in {len(index.apps()):,} apps")
    print(
        f"index build: {build_s:.1f} s ({how}; embedding all would take ~{len(entries) / throughput:.0f} s)"
    )

    texts = queries(args.queries)
    for text in texts[:10]:
        router.route(text)
        numpy_router.route(text)
    embed_numpy = _Timings("query embedding, numpy")
    embed_fast = _Timings(f"query embedding, {model.backend}")
    route_numpy = _Timings("route end to end, numpy embedding")
    route_fast = _Timings(f"route end to end, {model.backend} embedding")
    scoring = _Timings("  of which scoring (route_embedded)")
    route_two = _Timings(f"route end to end, {model.backend}, messages of two requests")
    for i, text in enumerate(texts):
        # Alternate which one goes first, so that neither always runs with warmer caches.
        embeds = [(numpy_model, embed_numpy), (model, embed_fast)]
        for forward, timings in embeds if i % 2 else embeds[::-1]:
            timings.time(partial(forward.embed, [text]))
        embedded = router.embed([text])[0]
        scoring.time(partial(router.route_embedded, embedded, top_k=10))
        routes = [(numpy_router, route_numpy), (router, route_fast)]
        for routing, timings in routes if i % 2 else routes[::-1]:
            timings.time(partial(routing.route, text, top_k=10))
        # Two requests in one message: each sentence is embedded and scored too (request_parts).
        two = f"{text}. Then {texts[(i + 1) % len(texts)]}."
        route_two.time(partial(router.route, two, top_k=10))
    print(
        f"over {len(texts)} queries, {len(index):,} tools (CPU: the calling thread's, all these run on it):"
    )
    for line in (
        embed_numpy.summary(),
        embed_fast.summary(embed_numpy),
        route_numpy.summary(),
        route_fast.summary(route_numpy),
        scoring.summary(),
        route_two.summary(route_fast),
    ):
        print("  " + line)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"RSS: {rss_after:.0f} MiB with both models and the index (the index added "
        f"{rss_after - rss_before:.0f} MiB); peak {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
