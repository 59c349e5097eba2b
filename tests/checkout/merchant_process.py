"""The test merchant as its own process, for faults that need a process to die:

    python -m tests.checkout.merchant_process --dir DIR --port PORT [--die-after-charge]

With `--die-after-charge` the process exits (as if killed) right after the payment provider recorded a
charge, before the merchant writes the order or answers: the hardest moment for exactly-once."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import uvicorn

from salon.payments import Charge, LocalTestProvider
from tests.checkout.merchant_server import MerchantServer

LEASE_S = 1.0
"""Short, so a restarted merchant may take over a completion the dead one left in progress soon."""


class DyingProvider(LocalTestProvider):
    async def charge(self, **kwargs: Any) -> Charge:
        await super().charge(**kwargs)
        os._exit(137)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--die-after-charge", action="store_true")
    args = parser.parse_args()
    provider_class = DyingProvider if args.die_after_charge else LocalTestProvider
    app = MerchantServer(args.dir, provider_class=provider_class, lease=LEASE_S)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", lifespan="on")


if __name__ == "__main__":
    main()
