"""Run every benchmark: `python -m bench [--quick] [--postgres URL]`."""

from __future__ import annotations

import argparse

from bench import concurrency, host_overhead


def main() -> None:
    parser = argparse.ArgumentParser(description="Salon benchmarks (figures, not pass/fail).")
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for a smoke run")
    parser.add_argument("--postgres", default=None, help="also run against this PostgreSQL URL")
    args = parser.parse_args()
    iterations = "50" if args.quick else "300"
    host_overhead.main(["--iterations", iterations])
    concurrency.main(["--conversations", "100"])
    if args.postgres:
        host_overhead.main(["--iterations", iterations, "--database-url", args.postgres])
        concurrency.main(["--conversations", "100", "--database-url", args.postgres])


if __name__ == "__main__":
    main()
