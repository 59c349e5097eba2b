"""How long an example app takes to start over stdio: from spawning its process to its tool list, as
the host connects to it (the host gives up after `connect_timeout`, 10 s by default).

Three columns, interleaved in one run so the machine's load colours them alike:

    units            the no-UI utility app: the SDK's own start cost (the floor for any app)
    shop             the shop as it ships: the merchant kit is imported only when a checkout starts
    shop, eager kit  the shop with the merchant kit (salon.commerce: SQLAlchemy, Alembic, the payment
                     provider) imported before the app starts, as the shop did before it was made lazy

It also reports each column's CPU seconds (the child's user + system time), which load does not
stretch the way it stretches wall time: on a machine with more runnable work than cores, wall time is
roughly CPU time times the load.

    .venv/bin/python -m bench.app_start [--samples 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import EXAMPLES, Summary, print_table
from salon.host.connections import AppConnections
from salon.host.endpoints import AppEndpoint

EAGER = (
    "import runpy, sys, salon.commerce; sys.argv = [sys.argv[1]]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


def _endpoint(label: str, data_dir: Path) -> AppEndpoint:
    env = {"SALON_EXAMPLE_DATA_DIR": str(data_dir)}
    if label == "units":
        server = EXAMPLES / "units" / "server.py"
        return AppEndpoint(name="units", transport="stdio", command=[sys.executable, str(server)], env=env)
    server = EXAMPLES / "shop" / "server.py"
    if label == "shop":
        return AppEndpoint(name="shop", transport="stdio", command=[sys.executable, str(server)], env=env)
    return AppEndpoint(
        name="shop", transport="stdio", command=[sys.executable, "-c", EAGER, str(server)], env=env
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def _start_once(endpoint: AppEndpoint) -> tuple[float, float]:
    connections = AppConnections(connect_timeout=120)
    connections.add(endpoint)
    cpu = _children_cpu()
    started = time.perf_counter()
    connection = await connections.get(endpoint.name)
    await connection.list_tools()
    elapsed = time.perf_counter() - started
    await connections.aclose()  # the child is reaped here, so its CPU time is counted
    return elapsed, _children_cpu() - cpu


async def run(samples: int) -> None:
    labels = ("units", "shop", "shop, eager kit")
    wall: dict[str, list[float]] = {label: [] for label in labels}
    cpu: dict[str, list[float]] = {label: [] for label in labels}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(samples):
            for label in labels:
                seconds, cpu_seconds = await _start_once(_endpoint(label, Path(folder)))
                wall[label].append(seconds)
                cpu[label].append(cpu_seconds)
    summaries = {label: Summary.of(label, wall[label]) for label in labels}
    floor = summaries["units"].p50_ms
    rows = []
    for label in labels:
        summary = summaries[label]
        cpu_p50 = sorted(cpu[label])[len(cpu[label]) // 2]
        rows.append(
            (
                label,
                f"p50 {summary.p50_ms / 1000:.2f} s, p95 {summary.p95_ms / 1000:.2f} s wall · "
                f"{cpu_p50:.2f} s CPU · {summary.p50_ms / floor:.2f}× units",
            )
        )
    eager, lazy = summaries["shop, eager kit"].p50_ms, summaries["shop"].p50_ms
    rows.append(("shop vs eager kit", f"{lazy / eager:.2f}× the start time ({samples} samples each)"))
    print_table(f"App start over stdio, spawn → tools listed (load {os.getloadavg()[0]:.1f})", rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.samples))


if __name__ == "__main__":
    main()
