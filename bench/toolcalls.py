"""The offline brain on the BFCL live dev set: exact calls, correct abstentions, latency per tier.

    python -m bench.toolcalls [--file F.jsonl] [--limit N | --sample N [--seed S]]
                              [--tier embedded --tier needle ...] [--set key=value ...] [--out F.jsonl]

Runs each tier over the same rows in one process, side by side, and prints exact-call accuracy on
rows with an answer, the correct-abstention rate on rows without, seconds per item (median and
95th percentile) with each tier's latency as a ratio to the first tier's, and the process's peak
resident memory after the tier (cumulative: run one tier per process to compare memory). Tiers
whose optional package is not installed (needle, tiered, llama, heavy) are reported as skipped
rather than failing the run.

- `--sample N --seed S` takes a seeded random sample of N rows (kept in file order), so slow tiers
  can be compared on the same few rows: the heavy tier's figures are quoted on `--sample 60 --seed 0`.
- `--set key=value` passes an option to every tier's provider factory (the value is read as JSON
  when it parses, else kept as text): `--set keep_tools=0` turns the heavy tier's tool shortlist off.
- Providers that can warm up (`warm_up()`: the heavy tier loads its weights) do so before the clock
  starts, and the time it took is printed; without it the first row would carry the model load.
- `--out` writes one row per item: `{"tier", "id", "correct", "expects_call", "seconds", "calls"}`.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import random
import statistics
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.harness import ROOT, peak_rss_mib, print_table
from salon.errors import SalonError
from salon.evaluation.toolcalls import Summary, ToolCallCase, evaluate, load_cases, output_row
from salon.host.models.registry import create_provider

DEFAULT_FILE = ROOT.parent / "shared" / "eval" / "toolcalls" / "bfcl_live" / "dev.jsonl"


def sample_cases(cases: list[ToolCallCase], size: int, seed: int) -> list[ToolCallCase]:
    """`size` rows drawn with `random.Random(seed)`, in file order (all rows when there are fewer)."""
    if size >= len(cases):
        return cases
    chosen = sorted(random.Random(seed).sample(range(len(cases)), size))
    return [cases[i] for i in chosen]


def _option(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--set takes key=value, not {text!r}")
    try:
        return key, json.loads(raw)
    except json.JSONDecodeError:
        return key, raw


async def _run(tier: str, cases: list[ToolCallCase], options: dict[str, Any]) -> tuple[Summary, float]:
    provider = create_provider(tier, **options)
    try:
        warm_up = getattr(provider, "warm_up", None)
        started = time.perf_counter()
        if warm_up is not None:
            pending = warm_up()
            if inspect.isawaitable(pending):
                await pending
        warmed = time.perf_counter() - started
        summary = await evaluate(provider, cases, now=datetime.now().astimezone(), tier=tier)
        return summary, warmed
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
    parser.add_argument("--sample", type=int, default=None, help="a seeded random sample of N rows")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tier", action="append", default=None)
    parser.add_argument("--set", dest="options", action="append", type=_option, default=[])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    tiers: list[str] = args.tier or ["embedded", "needle", "tiered"]
    options = dict(args.options)
    cases = load_cases(args.file, limit=args.limit)
    if args.sample is not None:
        cases = sample_cases(cases, args.sample, args.seed)
    rows_label = f"{len(cases)} rows" + (f", seed {args.seed}" if args.sample is not None else "")
    baseline_p50: float | None = None
    written: list[dict[str, Any]] = []
    for tier in tiers:
        try:
            summary, warmed = asyncio.run(_run(tier, cases, options))
        except SalonError as exc:
            print_table(f"{tier}: skipped", [("reason", str(exc).split(";")[0])])
            continue
        seconds = [r.seconds for r in summary.results]
        abstained = f"{summary.correct_abstentions}/{summary.abstention_rows}"
        p50 = statistics.median(seconds)
        baseline_p50 = baseline_p50 or p50
        print_table(
            f"{tier} on {args.file.name} ({rows_label})",
            [
                ("exact calls", f"{_pct(summary.call_accuracy)} ({summary.exact_calls}/{summary.call_rows})"),
                (
                    "correct abstentions",
                    f"{_pct(summary.abstention_rate)} ({abstained})",
                ),
                ("p50 per item", f"{1000 * p50:.1f} ms"),
                ("p95 per item", f"{1000 * (summary.latency(0.95) or 0.0):.1f} ms"),
                (f"p50 vs {tiers[0]}", f"{p50 / baseline_p50:.1f}x"),
                ("warm-up (not timed above)", f"{warmed:.1f} s"),
                ("peak RSS so far", f"{peak_rss_mib():.0f} MiB"),
            ],
        )
        written.extend(
            {
                "tier": tier,
                **output_row(r),
                "correct": r.correct,
                "expects_call": r.expects_call,
                "seconds": round(r.seconds, 3),
            }
            for r in summary.results
        )
    if args.out is not None:
        args.out.write_text("".join(json.dumps(row, default=str) + "\n" for row in written), encoding="utf-8")


if __name__ == "__main__":
    main()
