"""Shared bench plumbing: running an example app as a real server process, and summarising timings.

Timings are taken side by side in one run (baseline and Salon interleaved), and reported as medians
and 95th percentiles with the ratio between them: the machine is noisy, so only ratios within one run
mean much.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "apps"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def example_app_over_http(name: str, data_dir: Path) -> Iterator[str]:
    """Run `examples/apps/NAME/server.py` over Streamable HTTP on a loopback port; yields its MCP URL."""
    port = free_port()
    env = {**os.environ, "SALON_EXAMPLE_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLES / name / "server.py"), "--transport", "http", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url, timeout=0.5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the {name} example app did not start on port {port}") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass(frozen=True)
class Summary:
    label: str
    samples: int
    p50_ms: float
    p95_ms: float

    @classmethod
    def of(cls, label: str, seconds: list[float]) -> Summary:
        ordered = sorted(seconds)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return cls(label, len(ordered), statistics.median(ordered) * 1000, p95 * 1000)


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"\n{title}")
    print("-" * len(title))
    for key, value in rows:
        print(f"  {key.ljust(width)}  {value}")


def peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
