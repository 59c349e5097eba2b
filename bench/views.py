"""Views in Chromium: time from a tool's result to the view showing it, and memory per open view.

Setup: `salon` (chat origin + sandbox origin, the embedded model, SQLite) and the example hotels app
over stdio; one conversation holding N hotel searches, each answered with the hotels carousel view;
Debian's Chromium (or `SALON_CHROMIUM`) driven by Playwright.

Latency is measured inside the page with `performance.now()`, by the bridge itself (static/bridge/ keeps
marks per view): from the moment the bridge has the call's result (a `view` event, or a reload) to

- rendered: the view answered a `ping` the host sent right after `ui/notifications/tool-result`
  (messages arrive in order, so the view has handled the result: the widget kit renders synchronously);
- laid out: the view's first `ui/notifications/size-changed` after that (the layout of the result,
  reported from a ResizeObserver, i.e. just before it is painted).

Each sample tears a view down and mounts it again (`GET /api/views/{id}`, the proxy frame, the view's
HTML from the sandbox origin, the handshake, the result), so every one is a full cold render of the
frames with the HTTP cache of a warm browser. Memory: the proportional set size (PSS, from
/proc/PID/smaps_rollup) of all of Chromium's renderer processes with N views open, minus the same with
the views torn down, divided by N (median of three rounds). On loopback the chat origin and the sandbox
origin are one site (127.0.0.1), so Chromium may keep the views in the page's renderer processes; with
the sandbox on its own host name, site isolation would add a process per view site.

    python -m bench.views [--renders 60] [--views 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.harness import EXAMPLES, Summary, free_port, print_table
from salon.settings import Settings
from salon.web import create_app

CHROMIUM = os.environ.get("SALON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEARCH = "find me a hotel in Melbourne for 3 nights from December 3"
WAIT_S = 30.0

REMOUNT = """async (callId) => {
  const old = SalonViews.get(callId);
  if (old) await old.teardown("bench");
  const slot = document.querySelector(`section.tool[data-call-id="${CSS.escape(callId)}"] .tool-body`);
  // On screen, as a new view is: Chromium does not lay out frames that are out of view.
  slot.scrollIntoView({ block: "end" });
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the view did not render within 10 s")), 10000);
    const onPainted = (bridge) => { clearTimeout(timer); resolve(bridge.metric); };
    SalonViews.mount(callId, slot, { onPainted });
  });
}"""


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """`salon serve` in a background thread: the chat origin on settings.port, the sandbox beside it."""
    import uvicorn

    config = uvicorn.Config(
        create_app(settings, serve_sandbox=True), host="127.0.0.1", port=settings.port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("salon did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def conversation_with_views(url: str, views: int) -> str:
    with httpx.Client(base_url=url, timeout=120) as client:
        installed = client.post(
            "/api/apps",
            json={"name": "hotels", "command": [sys.executable, str(EXAMPLES / "hotels" / "server.py")]},
        )
        installed.raise_for_status()
        conversation: str = client.post("/api/conversations", json={}).json()["id"]
        for _ in range(views):
            turn = client.post(f"/api/conversations/{conversation}/turns", json={"text": SEARCH})
            turn.raise_for_status()
            if '"type": "view"' not in turn.text and '"type":"view"' not in turn.text:
                raise RuntimeError(
                    "the search turn produced no view; is the views part of the host in place?"
                )
        return conversation


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            found.append(child)
            todo.append(child)
    return found


def renderer_pss_kib() -> tuple[int, int]:
    """(total PSS in KiB, process count) of the Chromium renderer processes started by this process."""
    total = count = 0
    for pid in _descendants(os.getpid()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"--type=renderer" not in cmdline:
                continue
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
                count += 1
                break
    return total, count


async def settle_memory(page: Any) -> tuple[int, int]:
    """Renderer PSS once the process count has stopped changing (bounded), after a GC in the page."""
    client = await page.context.new_cdp_session(page)
    await client.send("HeapProfiler.collectGarbage")
    previous = renderer_pss_kib()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        await page.wait_for_timeout(250)
        current = renderer_pss_kib()
        if current[1] == previous[1] and abs(current[0] - previous[0]) < 1024:
            return current
        previous = current
    return previous


async def measure(url: str, conversation: str, renders: int, views: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(WAIT_S * 1000)
            await page.goto(f"{url}/c/{conversation}")
            painted = "(n) => SalonViews.metrics.filter((m) => m.renderedAt !== null).length >= n"
            await page.wait_for_function(painted, arg=views)
            ids: list[str] = await page.evaluate("[...new Set(SalonViews.metrics.map((m) => m.callId))]")

            samples: list[dict[str, float]] = []
            for index in range(renders):
                samples.append(await page.evaluate(REMOUNT, ids[index % len(ids)]))

            def span(end: str, start: str = "mountedAt") -> list[float]:
                return [
                    (s[end] - s[start]) / 1000
                    for s in samples
                    if s.get(end) is not None and s.get(start) is not None
                ]

            rows: list[tuple[str, str]] = []
            for label, seconds in [
                ("result -> view rendered it", span("renderedAt")),
                ("result -> first layout of it", span("paintedAt")),
                ("  of which: API + proxy frame up", span("proxyReadyAt")),
                ("  of which: view loaded + handshake", span("readyAt", "proxyReadyAt")),
                ("  of which: result handled", span("renderedAt", "readyAt")),
            ]:
                if seconds:
                    summary = Summary.of(label, seconds)
                    figures = f"p50 {summary.p50_ms:7.1f} ms   p95 {summary.p95_ms:7.1f} ms"
                    rows.append((label, f"{figures}   (n={summary.samples})"))
            print_table(f"Tool result to view on screen, hotels carousel, Chromium ({renders} renders)", rows)

            rounds: list[tuple[int, int, int, int]] = []
            for _ in range(3):
                opened, opened_count = await settle_memory(page)
                await page.evaluate("SalonViews.teardownAll('bench')")
                closed, _ = await settle_memory(page)
                rounds.append((opened - closed, opened, closed, opened_count))
                await page.reload()
                await page.wait_for_function(painted, arg=views)
            rounds.sort()
            delta, opened, closed, processes = rounds[len(rounds) // 2]
            print_table(
                f"Memory per open view ({len(ids)} views open vs torn down; median of {len(rounds)} rounds)",
                [
                    (
                        "renderer PSS, views open",
                        f"{opened / 1024:8.1f} MiB in {processes} renderer processes",
                    ),
                    ("renderer PSS, views closed", f"{closed / 1024:8.1f} MiB"),
                    ("per open view", f"{delta / len(ids) / 1024:8.1f} MiB"),
                    (
                        "per open view, all rounds",
                        ", ".join(f"{d / len(ids) / 1024:.1f}" for d, *_ in rounds) + " MiB",
                    ),
                ],
            )
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--renders", type=int, default=60, help="view renders to time (at least 50 for p95)")
    parser.add_argument("--views", type=int, default=10, help="views open at once for the memory figure")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"Chromium is not at {CHROMIUM}; install Debian's chromium or set SALON_CHROMIUM.")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), model="embedded", port=free_port(), sandbox_port=free_port())
        with serve(settings) as url:
            conversation = conversation_with_views(url, args.views)
            asyncio.run(measure(url, conversation, args.renders, args.views))


if __name__ == "__main__":
    main()
