"""The host's router: what indexing costs once, what a restart costs, what each message costs.

The four example apps are installed over stdio into a fresh data dir with the real MiniLM embedder
wrapped in a counter. Figures:
- install: the apps' tools embedded and stored (texts embedded, seconds), against a restart of the
  host on the same database, which must embed nothing (the baseline it is compared with is the
  cold build it avoids);
- one changed tool: texts embedded and seconds to bring the index up to date;
- per message: `routing.offer` (query embedding, hybrid scoring, gate, mention handling) over
  distinct messages, side by side with the query embedding alone (on one BLAS thread, as the host
  embeds, and on numpy's default threads), p50 / p95.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.harness import Summary, peak_rss_mib, print_table
from salon.cli.serving import demo_endpoints, examples_dir
from salon.host import Host
from salon.host.models.scripted import ScriptedProvider
from salon.host.routing import embed_single_threaded
from salon.router import Embedder, MiniLMEmbedder
from salon.router.embedding import Matrix
from salon.settings import Settings

MESSAGES = (
    "find me a hotel in {city} for {n} nights",
    "play something by {artist}",
    "convert {n} miles to km",
    "what time is it in {city}?",
    "find a carry-on suitcase under ${n}0",
    "cancel my booking BK-{n}",
    "tell me a joke about {city}",
    "@music play {artist}",
)
CITIES = ("Lisbon", "Tokyo", "Melbourne", "Oslo", "Lima")
ARTISTS = ("Queen", "Bowie", "Adele", "Björk", "Miles Davis")


class Counting(Embedder):
    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> Matrix:
        self.texts += len(texts)
        return self.inner.embed(texts)


def messages(count: int) -> list[str]:
    return [
        MESSAGES[i % len(MESSAGES)].format(
            city=CITIES[i % len(CITIES)], artist=ARTISTS[(i // 3) % len(ARTISTS)], n=i + 2
        )
        for i in range(count)
    ]


async def run(samples: int) -> list[tuple[str, str]]:
    model = MiniLMEmbedder()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        settings = Settings(data_dir=data)
        cold = Counting(model)
        host = await Host.open(settings, provider=ScriptedProvider([]), embedder=cold)
        start = time.perf_counter()
        for endpoint in demo_endpoints(examples_dir(), data):
            await host.install_app(endpoint)
        installed = time.perf_counter() - start
        live = await host._catalog.live_tools()
        start = time.perf_counter()
        await host.routing.sync(live)
        steady = time.perf_counter() - start
        tools = sum(len(host.routing.indexed(app)) for app in live.listed)
        await host.aclose()
        rows.append(("tools indexed (4 apps)", str(tools)))
        rows.append(
            ("install 4 apps: texts embedded / s", f"{cold.texts} / {installed:.2f} s (apps' start included)")
        )
        rows.append(("sync with nothing changed", f"{steady * 1000:.2f} ms"))

        warm = Counting(model)
        start = time.perf_counter()
        host = await Host.open(settings, provider=ScriptedProvider([]), embedder=warm)
        live = await host._catalog.live_tools()
        listed = time.perf_counter() - start
        start = time.perf_counter()
        await host.routing.sync(live)
        restored = time.perf_counter() - start
        rows.append(("restart: texts embedded", f"{warm.texts} (cold build: {cold.texts})"))
        rows.append(
            ("restart: index from the store", f"{restored * 1000:.1f} ms (opening + listing {listed:.2f} s)")
        )

        changed = live.tools[0].model_copy(update={"description": "Look for rooms to rent in any city."})
        live.tools[0] = changed
        warm.texts = 0
        start = time.perf_counter()
        await host.routing.sync(live)
        rows.append(
            ("one tool reworded: texts / ms", f"{warm.texts} / {(time.perf_counter() - start) * 1000:.1f} ms")
        )

        offers: list[float] = []
        embeds: list[float] = []
        threaded: list[float] = []
        for i, text in enumerate(messages(samples + 5)):
            start = time.perf_counter()
            model.embed([text + " (numpy's default threads)"])
            threaded_elapsed = time.perf_counter() - start
            start = time.perf_counter()
            embed_single_threaded(model, [text + " (baseline)"])
            embed_elapsed = time.perf_counter() - start
            start = time.perf_counter()
            await host.routing.offer(text, live)
            if i >= 5:
                offers.append(time.perf_counter() - start)
                embeds.append(embed_elapsed)
                threaded.append(threaded_elapsed)
        await host.aclose()
    offer, embed = Summary.of("offer", offers), Summary.of("embed", embeds)
    blas = Summary.of("threads", threaded)
    rows.append(("query embedding, BLAS threads p50 / p95", f"{blas.p50_ms:.2f} ms / {blas.p95_ms:.2f} ms"))
    rows.append(("query embedding, 1 thread p50 / p95", f"{embed.p50_ms:.2f} ms / {embed.p95_ms:.2f} ms"))
    rows.append(("routing.offer p50 / p95", f"{offer.p50_ms:.2f} ms / {offer.p95_ms:.2f} ms"))
    rows.append(("ratio p50 (offer / 1-thread embedding)", f"{offer.p50_ms / embed.p50_ms:.2f}x"))
    rows.append(("peak RSS", f"{peak_rss_mib():.0f} MiB"))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=60, help="messages routed (distinct texts)")
    args = parser.parse_args(argv)
    print_table(
        "Host routing: persisted, incremental index and per-message cost", asyncio.run(run(args.samples))
    )


if __name__ == "__main__":
    main()
