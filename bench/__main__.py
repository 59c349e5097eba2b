"""Run the benchmarks: `python -m bench [--quick] [--only NAME ...] [--postgres URL]`.

Each benchmark is its own module (`python -m bench.<name> --help` lists its options) and runs here in a
child process of its own, one after another, so one benchmark's memory and threads never colour the
next one's figures. Every module prints its figures with medians and, where it has one, the ratio to
its baseline measured in the same run. `--quick` uses small sizes for a smoke run; the figures quoted
in notes come from full runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Bench:
    name: str
    what: str
    full: tuple[str, ...]
    quick: tuple[str, ...]
    postgres: str | None = None
    """The option that points this benchmark at a PostgreSQL URL, if it takes one."""


BENCHES = (
    Bench(
        "host_overhead",
        "host overhead per tool call vs a raw MCP client call",
        ("--iterations", "300"),
        ("--iterations", "50"),
        "--database-url",
    ),
    Bench(
        "concurrency",
        "100 concurrent conversations",
        ("--conversations", "100"),
        ("--conversations", "20"),
        "--database-url",
    ),
    Bench(
        "host_routing",
        "routing in the host: index restore, sync, offer",
        ("--samples", "60"),
        ("--samples", "15"),
    ),
    Bench(
        "router",
        "router latency and memory at 10,000 apps / 100,000 tools",
        # The directory's vectors come from the hashing embedder (same shape and search cost; embedding
        # 100,000 tools with MiniLM on 2 cores takes hours); the queries are embedded with MiniLM.
        ("--directory-vectors", "hash"),
        ("--apps", "1000", "--queries", "100", "--directory-vectors", "hash"),
    ),
    Bench(
        "views",
        "tool result to the view's first layout in Chromium; memory per view",
        ("--renders", "60"),
        ("--renders", "10", "--views", "3"),
    ),
    Bench(
        "directory", "directory search with 10,000 published apps", (), ("--apps", "1000", "--queries", "50")
    ),
    Bench("review", "the automated review's time per app", ("--rounds", "3"), ("--rounds", "1")),
    Bench(
        "commerce",
        "completed checkouts per second with idempotency",
        (),
        ("--checkouts", "40", "--no-postgres"),
    ),
    Bench("app_start", "an example app's start: spawn to tools listed over stdio", (), ("--samples", "2")),
    Bench("toolcalls", "the offline brain on the BFCL live dev set", (), ("--limit", "100")),
)


def main() -> None:
    parser = argparse.ArgumentParser(description="Salon benchmarks (figures, not pass/fail).")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", action="append", choices=[b.name for b in BENCHES], help="run only these")
    parser.add_argument("--postgres", default=None, help="also run the store benchmarks against this URL")
    args = parser.parse_args()
    failed: list[str] = []
    for bench in BENCHES:
        if args.only and bench.name not in args.only:
            continue
        runs = [list(bench.quick if args.quick else bench.full)]
        if args.postgres and bench.postgres:
            runs.append([*runs[0], bench.postgres, args.postgres])
        for extra in runs:
            print(f"\n=== {bench.name}: {bench.what} {' '.join(extra)}".rstrip(), flush=True)
            if subprocess.run([sys.executable, "-m", f"bench.{bench.name}", *extra], check=False).returncode:
                failed.append(bench.name)
    if failed:
        raise SystemExit(f"These benchmarks did not finish: {', '.join(failed)}")


if __name__ == "__main__":
    main()
