"""The automated review's time per app: `run_review` on each example app, with and without the browser.

Each round reviews every example app (hotels, music, shop, units) from its folder — the server started
over stdio, tools listed, views read, read-only tools sampled, every core check run — once with the
browser check (views rendered in Debian's Chromium, or `SALON_CHROMIUM`) and once without, the two
interleaved so machine noise falls on both alike. The MiniLM model is loaded once before timing, as in
a long-running directory service (that one-off cost is printed on its own); every review then starts
cold otherwise: it loads the saved reference index and embeds its own app's tools and test cases with
no memo of earlier reviews. Figures: the median over apps and rounds, per app, and the ratio.

    python -m bench.review [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence

from bench.harness import EXAMPLES, Summary, print_table
from salon.review import ReviewOptions, ReviewTarget, run_review
from salon.review.checks.routing import _default_embedder
from salon.router import Embedder
from salon.router.embedding import Matrix

APPS = ("hotels", "music", "shop", "units")


class Cold(Embedder):
    """The loaded model under a new identity, so the review's shared router state (memo, reference
    index) is built afresh for it, as for the first review in a process."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension

    def embed(self, texts: Sequence[str]) -> Matrix:
        return self.inner.embed(texts)


async def measure(rounds: int) -> None:
    began = time.perf_counter()
    embedder = _default_embedder()
    embedder.embed(["warm up"])
    warm_s = time.perf_counter() - began
    times: dict[bool, dict[str, list[float]]] = {True: {a: [] for a in APPS}, False: {a: [] for a in APPS}}
    failures: list[str] = []
    for _ in range(rounds):
        for app in APPS:
            for browser in (True, False):
                options = ReviewOptions(browser=browser, embedder=Cold(embedder))
                started = time.perf_counter()
                report = await run_review(ReviewTarget.parse(EXAMPLES / app), options=options)
                times[browser][app].append(time.perf_counter() - started)
                if not report.passed:
                    failures.append(f"{app}: {sorted(report.check_ids('error'))}")
    rows = [("load the MiniLM model, once", f"{warm_s:8.2f} s")]
    medians = {}
    for browser in (True, False):
        label = "with browser" if browser else "without browser"
        everything = [t for per_app in times[browser].values() for t in per_app]
        summary = Summary.of(label, everything)
        medians[browser] = summary.p50_ms / 1000
        rows.append(
            (f"{label}: median per app", f"{medians[browser]:8.2f} s (p95 {summary.p95_ms / 1000:.2f} s)")
        )
        for app in APPS:
            rows.append((f"  {app}", f"{statistics.median(times[browser][app]):8.2f} s"))
    rows.append(
        (
            "browser check adds",
            f"{medians[True] - medians[False]:8.2f} s per app (x{medians[True] / medians[False]:.2f})",
        )
    )
    print_table(f"Automated review, time per app ({rounds} rounds x {len(APPS)} apps)", rows)
    if failures:
        print("\nreviews that failed (the figures above still count them):")
        for line in failures:
            print(f"  {line}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="reviews of each app, with and without browser")
    args = parser.parse_args(argv)
    asyncio.run(measure(args.rounds))


if __name__ == "__main__":
    main()
