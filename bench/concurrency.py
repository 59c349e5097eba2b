"""100 concurrent conversations, each making one tool call: all complete, none lost.

One Host (one process) runs N conversations at once against the hotels example app over Streamable
HTTP with a scripted model. Reports wall time, turns per second, and the peak memory (RSS) of the
host process, then checks the store: every conversation has its call, succeeded, and its reply.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import Summary, example_app_over_http, peak_rss_mib, print_table
from salon.host import AppEndpoint, Host
from salon.host.models.base import ModelRequest
from salon.host.models.scripted import ScriptedProvider
from salon.settings import Settings


def _call_then_reply(request: ModelRequest) -> Any:
    if request.messages and request.messages[-1].role == "tool":
        return "Done."
    return [
        {
            "name": "hotels__search_hotels",
            "arguments": {"city": "Sydney", "check_in": "2026-12-10", "nights": 2},
        }
    ]


async def run(conversations: int, database_url: str | None) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp, example_app_over_http("hotels", Path(tmp) / "app") as url:
        host = await Host.open(
            Settings(data_dir=Path(tmp), database_url=database_url),
            provider=ScriptedProvider(_call_then_reply),
        )
        await host.install_app(AppEndpoint(name="hotels", transport="http", url=url))
        ids = [(await host.create_conversation()).id for _ in range(conversations)]
        rss_before = peak_rss_mib()
        latencies: list[float] = []

        async def one(cid: str) -> list[str]:
            start = time.perf_counter()
            kinds = [event.type async for event in host.run_turn(cid, "hotels in Sydney")]
            latencies.append(time.perf_counter() - start)
            return kinds

        start = time.perf_counter()
        outcomes = await asyncio.gather(*(one(cid) for cid in ids), return_exceptions=True)
        wall = time.perf_counter() - start
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        complete = 0
        for cid in ids:
            calls = await host.store.tool_calls.list_for_conversation(cid)
            messages = await host.store.messages.list(cid)
            if [c.status for c in calls] == ["succeeded"] and [m.role for m in messages][-1] == "assistant":
                complete += 1
        await host.aclose()
    turns = Summary.of("turn", latencies) if latencies else None
    rows = [
        ("conversations", str(conversations)),
        ("completed with call + reply stored", f"{complete} / {conversations}"),
        ("errors", str(len(failures)) + (f" (first: {failures[0]!r})" if failures else "")),
        ("wall time", f"{wall:.2f} s"),
        ("throughput", f"{conversations / wall:.1f} turns/s"),
        (
            "peak RSS of the host process",
            f"{peak_rss_mib():.0f} MiB (before the burst: {rss_before:.0f} MiB)",
        ),
    ]
    if turns:
        rows.append(("turn latency p50 / p95 under load", f"{turns.p50_ms:.0f} ms / {turns.p95_ms:.0f} ms"))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temp dir")
    args = parser.parse_args(argv)
    rows = asyncio.run(run(args.conversations, args.database_url))
    store = "PostgreSQL" if args.database_url else "SQLite"
    print_table(f"{args.conversations} concurrent conversations, one tool call each ({store})", rows)


if __name__ == "__main__":
    main()
