"""Checkout in `salon demo`: the shop example's merchant as a party of its own, beside the host.

The demo's shop app sells through the Agentic Commerce Protocol. Its merchant runs as a separate
server process (`examples/apps/shop/merchant.py`) on a loopback port, with its own database under the
data dir (`example-apps/shop/merchant.db`); the shop app (over stdio) creates checkout sessions there
(`SHOP_MERCHANT_URL`), and the host, configured with the same merchant, fetches, shows and pays them.

    merchant = DemoMerchant.open(settings, examples_dir())   # reserve the port, load or make the keys
    settings = merchant.configure(settings)                  # the host's commerce settings
    merchant.start()                                         # the merchant process
    ...
    merchant.close()                                         # stop it (SIGTERM, then SIGKILL)

What would be manual steps in a real deployment is set up here, once per data dir, and kept in
`demo-merchant.json` there (mode 0600): the host's bearer token at the merchant, the app's own key,
the secret the merchant signs order webhooks with, and the port (reused on the next start while it is
free, so the installed shop app's `SHOP_MERCHANT_URL` stays right; when it is not, the shop app is
installed again with the new one). The merchant delivers its order webhooks to this host's
`/api/commerce/webhooks/shop`.

The payment provider is one service that both parties talk to: the host's wallet mints delegated
tokens in it, the merchant charges them. In the demo it is the local test provider's database of the
host (`payments_database_url`, by default `payments.db` in the data dir), which the merchant opens too
(`SHOP_PAYMENTS_DATABASE_URL`).

The merchant's socket is bound here and handed to the process (`--fd`): the port is known before the
process runs, and a request sent while it is still starting waits in the socket's backlog.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from salon.settings import WILDCARD_HOSTS, Settings

if TYPE_CHECKING:
    from salon.host.runtime import Host

MERCHANT = "shop"
"""The merchant's name in the host's commerce settings, and the app that sells through it."""
SETUP_FILE = "demo-merchant.json"
MERCHANT_ID = "merchant_travel_shop"
"""The id the shop's policy charges as (`MerchantPolicy.shop()`); delegated tokens are bound to it."""
DEMO_CARD = "4242424242424242"
DEMO_SHIP_TO: dict[str, Any] = {
    "name": "Sam Demo",
    "email": "sam@example.com",
    "address": {
        "name": "Sam Demo",
        "line_one": "1 Market Street",
        "city": "San Francisco",
        "state": "CA",
        "country": "US",
        "postal_code": "94105",
    },
}
"""Where the demo's purchases ship when `SALON_COMMERCE_SHIP_TO` names nowhere."""
STOP_TIMEOUT_S = 10.0


class DemoMerchantSetup(BaseModel):
    """What one data dir's demo merchant keeps between starts."""

    host_token: str
    app_key: str
    webhook_secret: str
    port: int = 0
    card_added: bool = False

    @classmethod
    def load_or_create(cls, data_dir: Path) -> DemoMerchantSetup:
        path = data_dir / SETUP_FILE
        with contextlib.suppress(OSError, ValueError, ValidationError):
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        return cls(
            host_token=f"sk_salon_{secrets.token_urlsafe(24)}",
            app_key=f"sk_shop_app_{secrets.token_urlsafe(24)}",
            webhook_secret=f"whsec_{secrets.token_urlsafe(32)}",
        )

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / SETUP_FILE
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(json.dumps(self.model_dump(), indent=2))
        os.replace(temporary, path)


def is_set_up(data_dir: Path) -> bool:
    """Whether `salon demo` set up its merchant in this data dir (so `salon serve` runs it too)."""
    return (data_dir / SETUP_FILE).is_file()


def _bind_loopback(port: int) -> socket.socket:
    """A listening loopback socket on `port`, or on a free port when that one is taken (or 0)."""
    for candidate in (port, 0) if port else (0,):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", candidate))
            sock.listen(128)
        except OSError:
            sock.close()
            continue
        return sock
    raise OSError("no free loopback port for the demo merchant")


class DemoMerchant:
    """The demo shop's merchant server for one data dir."""

    def __init__(
        self, settings: Settings, script: Path, setup: DemoMerchantSetup, sock: socket.socket
    ) -> None:
        self._settings = settings
        self._script = script
        self._setup = setup
        self._socket: socket.socket | None = sock
        self._process: subprocess.Popen[bytes] | None = None
        self.port = int(sock.getsockname()[1])
        self.moved = setup.port != self.port
        """Whether the URL differs from the one the installed shop app was given last time (or the
        first start): the shop app must then be installed again with the new one."""
        if self.moved:
            self._setup = setup.model_copy(update={"port": self.port})
            self._setup.save(settings.data_dir)

    @classmethod
    def open(cls, settings: Settings, examples: Path) -> DemoMerchant | None:
        """Reserve the merchant's port and load (or make) its keys; None when the shop example has no
        merchant, or the operator configured a `shop` merchant of their own."""
        script = examples / MERCHANT / "merchant.py"
        if not script.is_file() or MERCHANT in settings.commerce_merchants:
            return None
        setup = DemoMerchantSetup.load_or_create(settings.data_dir)
        return cls(settings, script, setup, _bind_loopback(setup.port))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def webhook_url(self) -> str | None:
        """The host's order webhook receiver, as the merchant on this machine reaches it."""
        if not self._settings.port:
            return None
        host = self._settings.host
        host = "127.0.0.1" if host in WILDCARD_HOSTS else (f"[{host}]" if ":" in host else host)
        return f"http://{host}:{self._settings.port}/api/commerce/webhooks/{MERCHANT}"

    @property
    def payments_database_url(self) -> str:
        """The provider's database, as the host opens it, with the data dir made absolute (the merchant
        runs in another directory)."""
        if self._settings.payments_database_url:
            return self._settings.payments_database_url
        return f"sqlite:///{(self._settings.data_dir.resolve() / 'payments.db').as_posix()}"

    def app_env(self) -> dict[str, str]:
        """What the shop app needs to reach its merchant server."""
        return {"SHOP_MERCHANT_URL": self.url, "SHOP_MERCHANT_API_KEY": self._setup.app_key}

    def configure(self, settings: Settings) -> Settings:
        """`settings` with this merchant registered for the host, and a ship-to address when none is set."""
        merchant = {
            "api_base_url": self.url,
            "bearer_token": self._setup.host_token,
            "webhook_secret": self._setup.webhook_secret,
            "apps": [MERCHANT],
            "merchant_id": MERCHANT_ID,
            "display_name": "Travel Shop",
        }
        update: dict[str, Any] = {"commerce_merchants": {**settings.commerce_merchants, MERCHANT: merchant}}
        if not settings.commerce_ship_to:
            update["commerce_ship_to"] = DEMO_SHIP_TO
        return settings.model_copy(update=update)

    def start(self) -> None:
        """Start the merchant process on the reserved socket."""
        if self._socket is None or self._process is not None:
            return
        fd = self._socket.fileno()
        env = {
            **os.environ,
            "SALON_EXAMPLE_DATA_DIR": str((self._settings.data_dir / "example-apps").resolve()),
            "SHOP_PAYMENTS_DATABASE_URL": self.payments_database_url,
            "SHOP_MERCHANT_API_KEY": self._setup.app_key,
            "SHOP_AGENT_API_KEY": self._setup.host_token,
        }
        if self.webhook_url:
            env["SHOP_WEBHOOK_URL"] = self.webhook_url
            env["SHOP_WEBHOOK_SECRET"] = self._setup.webhook_secret
        self._process = subprocess.Popen(
            [sys.executable, str(self._script), "--fd", str(fd), "--exit-with-stdin"],
            pass_fds=(fd,),
            env=env,
            cwd=str(self._script.parent),
            # The merchant stops when this pipe closes: whenever this process ends, however it ends.
            stdin=subprocess.PIPE,
        )

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def close(self) -> None:
        """Stop the merchant (it finishes what it is answering and closes its databases), and free the
        port."""
        process, self._process = self._process, None
        if process is not None and process.stdin is not None:
            process.stdin.close()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        sock, self._socket = self._socket, None
        if sock is not None:
            sock.close()

    async def add_demo_card(self, host: Host) -> bool:
        """Put the test card 4242… in the person's vault on the demo's first start, so the checkout card
        has a payment method to choose. True when it added it."""
        commerce = getattr(host, "commerce", None)
        wallet = getattr(commerce, "wallet", None)
        if wallet is None or self._setup.card_added:
            return False
        from salon.payments import CardDetails
        from salon.payments.wallet import PERSON

        added = False
        if not await wallet.methods(PERSON):
            year = datetime.now(UTC).year + 4
            card = CardDetails.model_validate(
                {"number": DEMO_CARD, "exp_month": 12, "exp_year": year, "cvc": "123", "name": "Sam Demo"}
            )
            await wallet.add_card(PERSON, card)
            added = True
        self._setup = self._setup.model_copy(update={"card_added": True})
        self._setup.save(self._settings.data_dir)
        return added


def test_cards_line() -> str:
    """The local test provider's cards, as the demo prints them."""
    from salon.payments.test_cards import TEST_CARDS

    def grouped(number: str) -> str:
        return " ".join(number[i : i + 4] for i in range(0, len(number), 4))

    return "; ".join(f"{grouped(card.number)} {card.description}" for card in TEST_CARDS)


__all__ = ["DEMO_CARD", "DEMO_SHIP_TO", "DemoMerchant", "DemoMerchantSetup", "is_set_up", "test_cards_line"]
