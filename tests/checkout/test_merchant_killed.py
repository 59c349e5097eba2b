"""The merchant's process is killed right after the payment provider charged, before it wrote the order
or answered. The host tells the person it cannot know yet; after the merchant restarts, confirming
again finishes the same payment. One charge in the provider's database, one order."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from salon.host import events
from salon.host.checkout import CheckoutFlow, MerchantConfig, MerchantRegistry
from salon.payments import LocalTestProvider, Wallet
from salon.payments.wallet import PERSON
from salon.store import Store
from tests.checkout.conftest import ADDRESS, API_KEY, MERCHANT_ID, WEBHOOK_SECRET, card
from tests.conftest import free_port

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def merchant_process(
    directory: Path, port: int, *, die_after_charge: bool
) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        sys.executable,
        "-m",
        "tests.checkout.merchant_process",
        "--dir",
        str(directory),
        "--port",
        str(port),
    ]
    if die_after_charge:
        command.append("--die-after-charge")
    process = subprocess.Popen(command, cwd=ROOT)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the merchant process exited with {process.returncode} while starting")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/.well-known/acp.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the merchant process did not start within 90 s")
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def charges(directory: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(directory / "psp.db") as connection:
        return [(str(s), int(a)) for s, a in connection.execute("SELECT status, amount FROM psp_charges")]


async def test_a_merchant_killed_after_charging_is_reported_truthfully_and_recovered_with_one_charge(
    tmp_path: Path,
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    store = await Store.open(f"sqlite:///{tmp_path / 'salon.db'}")
    provider = await LocalTestProvider.open(f"sqlite:///{tmp_path / 'psp.db'}")
    wallet = Wallet(store, provider)
    await wallet.add_card(PERSON, card())
    config = MerchantConfig.model_validate(
        {
            "name": "shop",
            "api_base_url": base,
            "bearer_token": API_KEY,
            "webhook_secret": WEBHOOK_SECRET,
            "merchant_id": MERCHANT_ID,
        }
    )
    registry = MerchantRegistry([config])
    flow = CheckoutFlow(store, registry, wallet)
    try:
        with merchant_process(tmp_path, port, die_after_charge=True) as process:
            async with httpx.AsyncClient(base_url=base) as client:
                created = await client.post(
                    "/checkout_sessions",
                    json={
                        "currency": "usd",
                        "line_items": [{"id": "prd-0001", "quantity": 1}],
                        "capabilities": {},
                        "fulfillment_details": {
                            "name": "Ada",
                            "email": "ada@example.com",
                            "address": ADDRESS,
                        },
                    },
                    headers={
                        "Authorization": f"Bearer {API_KEY}",
                        "API-Version": "2026-04-17",
                        "Idempotency-Key": "c1",
                    },
                )
            assert created.status_code == 201, created.text
            session_id = created.json()["id"]
            pointer = {"salon/acp": {"api_base_url": base, "checkout_session_id": session_id}}
            shown = await flow.present(app="shop", meta=pointer)
            assert isinstance(shown, events.CheckoutRequired)

            unknown = await flow.confirm(shown.checkout_id)

            assert process.wait(timeout=10) == 137
        assert isinstance(unknown, events.CheckoutRefused), unknown
        assert unknown.charged is None
        assert "may or may not have charged you" in unknown.message
        assert charges(tmp_path) == [("succeeded", shown.card["total"])]

        with merchant_process(tmp_path, port, die_after_charge=False):
            recovered = await flow.confirm(shown.checkout_id)

        assert isinstance(recovered, events.OrderConfirmed), recovered
        assert charges(tmp_path) == [("succeeded", shown.card["total"])]
        assert [p.status for p in await wallet.purchases(PERSON)] == ["confirmed"]
    finally:
        await registry.aclose()
        await provider.aclose()
        await store.aclose()
