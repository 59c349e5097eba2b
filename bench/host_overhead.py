"""Host overhead per tool call, against a raw `mcp.Client` call to the same app on loopback.

Baseline: `mcp.Client(url).call_tool(...)` on an open connection — the least any host can do.
Salon: one whole turn through `Host.run_turn` with a scripted model that proposes the same call and
then a one-line reply. Two figures come out of each turn:
- the tool call: from the `tool_call` event to the `tool_result` event — policy, the call through
  Salon's connection, the call and its result stored (durably) — compared with the raw call;
- the whole turn: storing the message, ranking tools, two model steps, validation, the call, and
  storing the call, the result and the reply. The model costs nothing here.
Both run alternately in one process against the same app server.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from mcp import Client

from bench.harness import Summary, example_app_over_http, print_table
from salon.host import AppEndpoint, Host
from salon.host.models.base import ModelRequest
from salon.host.models.scripted import ScriptedProvider
from salon.settings import Settings

ARGUMENTS: dict[str, Any] = {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3}


def _call_then_reply(request: ModelRequest) -> Any:
    if request.messages and request.messages[-1].role == "tool":
        return "Here they are."
    return [{"name": "hotels__search_hotels", "arguments": ARGUMENTS}]


async def run(iterations: int, database_url: str | None) -> dict[str, Summary]:
    with tempfile.TemporaryDirectory() as tmp, example_app_over_http("hotels", Path(tmp) / "app") as url:
        settings = Settings(data_dir=Path(tmp), database_url=database_url)
        host = await Host.open(settings, provider=ScriptedProvider(_call_then_reply))
        await host.install_app(AppEndpoint(name="hotels", transport="http", url=url))
        conversation = await host.create_conversation()
        raw: list[float] = []
        calls: list[float] = []
        turns: list[float] = []
        async with Client(url) as client:
            for i in range(iterations + 10):
                start = time.perf_counter()
                result = await client.call_tool("search_hotels", ARGUMENTS)
                raw_elapsed = time.perf_counter() - start
                if result.is_error:
                    raise RuntimeError(f"baseline call failed: {result.content}")
                if i % 20 == 0:
                    conversation = await host.create_conversation()
                start = time.perf_counter()
                stamps: dict[str, float] = {}
                async for event in host.run_turn(conversation.id, "hotels in Melbourne"):
                    stamps.setdefault(event.type, time.perf_counter())
                turn_elapsed = time.perf_counter() - start
                if "tool_result" not in stamps:
                    raise RuntimeError(f"the Salon turn made no call: {list(stamps)}")
                if i >= 10:  # warm-up
                    raw.append(raw_elapsed)
                    calls.append(stamps["tool_result"] - stamps["tool_call"])
                    turns.append(turn_elapsed)
        await host.aclose()
    return {
        "raw": Summary.of("raw mcp.Client call", raw),
        "call": Summary.of("Salon tool call", calls),
        "turn": Summary.of("Salon turn with that call", turns),
    }


def report(results: dict[str, Summary], store: str) -> None:
    raw, call, turn = results["raw"], results["call"], results["turn"]
    print_table(
        f"Host overhead per tool call ({store}, {raw.samples} calls each, interleaved)",
        [
            ("raw mcp.Client call p50 / p95", f"{raw.p50_ms:.2f} ms / {raw.p95_ms:.2f} ms"),
            ("Salon tool call p50 / p95", f"{call.p50_ms:.2f} ms / {call.p95_ms:.2f} ms"),
            (
                "added per call p50 / p95",
                f"{call.p50_ms - raw.p50_ms:.2f} ms / {call.p95_ms - raw.p95_ms:.2f} ms",
            ),
            ("ratio p50 (call / raw)", f"{call.p50_ms / raw.p50_ms:.2f}x"),
            ("whole Salon turn p50 / p95", f"{turn.p50_ms:.2f} ms / {turn.p95_ms:.2f} ms"),
        ],
    )


def main(argv: list[str] | None = None) -> None:
    import asyncio

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temp dir")
    args = parser.parse_args(argv)
    report(
        asyncio.run(run(args.iterations, args.database_url)), "PostgreSQL" if args.database_url else "SQLite"
    )


if __name__ == "__main__":
    main()
