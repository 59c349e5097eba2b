"""The offline brain on the BFCL live dev set: exact calls, correct abstentions, latency per tier.

    python -m bench.toolcalls [--file F.jsonl] [--limit N] [--tier embedded --tier needle ...]

Runs each tier over the same rows in one process, side by side, and prints exact-call accuracy on
rows with an answer, the correct-abstention rate on rows without, and seconds per item (median and
95th percentile) with each tier's latency as a ratio to the first tier's. Tiers whose optional
package is not installed (needle, tiered) are reported as skipped rather than failing the run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from datetime import datetime
from pathlib import Path

from bench.harness import ROOT, print_table
from salon.errors import SalonError
from salon.evaluation.toolcalls import Summary, evaluate, load_cases
from salon.host.models.registry import create_provider

DEFAULT_FILE = ROOT.parent / "shared" / "eval" / "toolcalls" / "bfcl_live" / "dev.jsonl"


async def _run(tier: str, file: Path, limit: int | None) -> Summary:
    provider = create_provider(tier)
    try:
        cases = load_cases(file, limit=limit)
        return await evaluate(provider, cases, now=datetime.now().astimezone(), tier=tier)
    finally:
        await provider.aclose()


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--tier", action="append", default=None)
    args = parser.parse_args()
    tiers: list[str] = args.tier or ["embedded", "needle", "tiered"]
    baseline_p50: float | None = None
    for tier in tiers:
        try:
            summary = asyncio.run(_run(tier, args.file, args.limit))
        except SalonError as exc:
            print_table(f"{tier}: skipped", [("reason", str(exc).split(";")[0])])
            continue
        seconds = [r.seconds for r in summary.results]
        abstained = f"{summary.correct_abstentions}/{summary.abstention_rows}"
        p50 = statistics.median(seconds)
        baseline_p50 = baseline_p50 or p50
        print_table(
            f"{tier} on {args.file.name} ({len(seconds)} rows)",
            [
                ("exact calls", f"{_pct(summary.call_accuracy)} ({summary.exact_calls}/{summary.call_rows})"),
                (
                    "correct abstentions",
                    f"{_pct(summary.abstention_rate)} ({abstained})",
                ),
                ("p50 per item", f"{1000 * p50:.1f} ms"),
                ("p95 per item", f"{1000 * (summary.latency(0.95) or 0.0):.1f} ms"),
                (f"p50 vs {tiers[0]}", f"{p50 / baseline_p50:.1f}x"),
            ],
        )


if __name__ == "__main__":
    main()
