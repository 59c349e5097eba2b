"""Completed checkouts per second through the merchant's ACP API, with idempotency, on SQLite and on
PostgreSQL; p50 / p95 latency of `complete`.

Each checkout is what an agent does: POST /checkout_sessions (with an address, so the session is
ready), then POST /checkout_sessions/{id}/complete with a delegated token, each POST with its own
Idempotency-Key (stored in the merchant's database); a complete answered 503 (the provider's own
SQLite file was busy) or 409 is retried with the same key, as an agent would, and counted. Requests
go through the real ASGI app in-process (no socket), `--concurrency` at a time. Tokens are minted
before the clock starts (that is the host's and the provider's work, not the merchant's). The payment
provider is the local test provider on its own SQLite file in both runs, so the difference between
the columns is the merchant's database.

After the run the bench checks what must hold: one succeeded charge and one order per session.

    .venv/bin/python -m bench.commerce [--checkouts 200] [--concurrency 8] [--postgres URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from bench.harness import Summary, print_table
from salon.commerce import FeedCatalog, Merchant, MerchantPolicy, ShippingRate, TaxTable, create_merchant_app
from salon.commerce.acp.feed import Availability, Price, Product, Variant
from salon.payments import Allowance, CardDetails, DelegatePaymentRequest
from salon.payments.local import LocalTestProvider

API_KEY = "bench_key"
HEADERS = {"Authorization": f"Bearer {API_KEY}", "API-Version": "2026-04-17"}
POLICY = MerchantPolicy(
    name="Bench Shop",
    merchant_id="acct_bench",
    currency="usd",
    shipping=(ShippingRate("standard", "Standard", 500, 3, 5),),
    tax=TaxTable(default_rate=Decimal("0.08")),
    permalink_base="https://bench.example/orders",
)
ADDRESS = {
    "name": "Bench",
    "line_one": "1 Loop Rd",
    "city": "Austin",
    "state": "TX",
    "country": "US",
    "postal_code": "78701",
}


def _catalog() -> FeedCatalog:
    products = [
        Product(
            id=f"p{index}",
            variants=[
                Variant(
                    id=f"item_{index}",
                    title=f"Item {index}",
                    price=Price(amount=1000 + index, currency="USD"),
                    availability=Availability(available=True),
                )
            ],
        )
        for index in range(50)
    ]
    return FeedCatalog(products)


async def _bounded(concurrency: int, jobs: list[Callable[[], Awaitable[float]]]) -> tuple[float, list[float]]:
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Callable[[], Awaitable[float]]) -> float:
        async with gate:
            return await job()

    start = time.perf_counter()
    latencies = await asyncio.gather(*(one(job) for job in jobs))
    return time.perf_counter() - start, list(latencies)


async def run(merchant_url: str, checkouts: int, concurrency: int, folder: Path) -> dict[str, Any]:
    provider = await LocalTestProvider.open(f"sqlite:///{folder / 'psp.db'}")
    merchant = await Merchant.open(merchant_url, catalog=_catalog(), policy=POLICY, provider=provider)
    app = create_merchant_app(merchant, api_keys=[API_KEY], deliver_webhooks=False)
    sessions: list[dict[str, Any]] = []
    retries: list[str] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:

        def create(index: int) -> Callable[[], Awaitable[float]]:
            async def job() -> float:
                body = {
                    "currency": "usd",
                    "line_items": [{"id": f"item_{index % 50}", "quantity": 1 + index % 3}],
                    "capabilities": {},
                    "fulfillment_details": {"email": "b@example.com", "address": ADDRESS},
                }
                start = time.perf_counter()
                response = await client.post(
                    "/checkout_sessions", json=body, headers={**HEADERS, "Idempotency-Key": uuid.uuid4().hex}
                )
                elapsed = time.perf_counter() - start
                if response.status_code != 201:
                    raise RuntimeError(response.text)
                sessions.append(response.json())
                return elapsed

            return job

        create_wall, create_latencies = await _bounded(concurrency, [create(i) for i in range(checkouts)])
        method = await provider.tokenize_card(
            CardDetails(number="4242424242424242", exp_month=12, exp_year=2099)  # type: ignore[arg-type]
        )
        tokens = {}
        for session in sessions:
            total = next(row["amount"] for row in session["totals"] if row["type"] == "total")
            minted = await provider.delegate_payment(
                DelegatePaymentRequest(
                    allowance=Allowance(
                        max_amount=total,
                        currency="usd",
                        checkout_session_id=session["id"],
                        merchant_id=POLICY.merchant_id,
                        expires_at=datetime.now(UTC) + timedelta(minutes=30),
                    ),
                    payment_method_id=method.id,
                )
            )
            tokens[session["id"]] = minted.id

        def complete(session: dict[str, Any]) -> Callable[[], Awaitable[float]]:
            async def job() -> float:
                body = {
                    "payment_data": {
                        "handler_id": "card_tokenized",
                        "instrument": {
                            "type": "card",
                            "credential": {"type": "spt", "token": tokens[session["id"]]},
                        },
                    }
                }
                key = uuid.uuid4().hex
                start = time.perf_counter()
                for _ in range(5):
                    response = await client.post(
                        f"/checkout_sessions/{session['id']}/complete",
                        json=body,
                        headers={**HEADERS, "Idempotency-Key": key},
                    )
                    if response.status_code not in (409, 503):
                        break
                    # What an agent does with a 503 (provider busy) or 409: retry with the same key.
                    retries.append(response.json()["code"])
                elapsed = time.perf_counter() - start
                if response.status_code != 200 or response.json()["status"] != "completed":
                    raise RuntimeError(response.text)
                return elapsed

            return job

        complete_wall, complete_latencies = await _bounded(concurrency, [complete(s) for s in sessions])
    orders = 0
    for session in sessions:
        orders += await merchant.orders.for_session(session["id"]) is not None
    await merchant.aclose()
    await provider.aclose()
    with sqlite3.connect(folder / "psp.db") as connection:
        charges = connection.execute(
            "SELECT count(*) FROM psp_charges WHERE status = 'succeeded'"
        ).fetchone()[0]
    return {
        "checkouts_per_s": checkouts / (create_wall + complete_wall),
        "completes_per_s": checkouts / complete_wall,
        "create": Summary.of("create", create_latencies),
        "complete": Summary.of("complete", complete_latencies),
        "orders": orders,
        "charges": int(charges),
        "retries": len(retries),
    }


def _fresh_postgres(base_url: str) -> tuple[str, Callable[[], None]]:
    import psycopg
    from psycopg import sql

    name = f"bench_merchant_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    return base_url.rsplit("/", 1)[0] + f"/{name}", drop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checkouts", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("SALON_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL URL whose server may create a scratch database",
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sqlite"
        folder.mkdir()
        results["SQLite"] = asyncio.run(
            run(f"sqlite:///{folder / 'merchant.db'}", args.checkouts, args.concurrency, folder)
        )
        if not args.no_postgres:
            url, drop = _fresh_postgres(args.postgres)
            folder = Path(tmp) / "postgres"
            folder.mkdir()
            try:
                results["PostgreSQL"] = asyncio.run(run(url, args.checkouts, args.concurrency, folder))
            finally:
                drop()
    rows: list[tuple[str, str]] = []
    for name, result in results.items():
        rows += [
            (f"{name}: checkouts/s (create + complete)", f"{result['checkouts_per_s']:.1f}"),
            (f"{name}: completes/s", f"{result['completes_per_s']:.1f}"),
            (
                f"{name}: create p50 / p95",
                f"{result['create'].p50_ms:.1f} ms / {result['create'].p95_ms:.1f} ms",
            ),
            (
                f"{name}: complete p50 / p95",
                f"{result['complete'].p50_ms:.1f} ms / {result['complete'].p95_ms:.1f} ms",
            ),
            (f"{name}: orders / succeeded charges", f"{result['orders']} / {result['charges']}"),
            (f"{name}: completes retried (same key) after 409/503", str(result["retries"])),
        ]
    if len(results) == 2:
        sqlite_, postgres = results["SQLite"], results["PostgreSQL"]
        rows.append(
            (
                "PostgreSQL / SQLite complete p50",
                f"{postgres['complete'].p50_ms / sqlite_['complete'].p50_ms:.2f}x",
            )
        )
    print_table(
        f"{args.checkouts} ACP checkouts, {args.concurrency} at a time, Idempotency-Key on every POST", rows
    )
    bad = [
        name
        for name, result in results.items()
        if not result["orders"] == result["charges"] == args.checkouts
    ]
    if bad:
        raise SystemExit(f"exactly-once check failed for {', '.join(bad)}")


if __name__ == "__main__":
    main()
