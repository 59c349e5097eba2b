"""How `salon demo` and `salon serve` set up and run the shop's merchant beside the host: keys and port
kept per data dir, the host's commerce settings, the shop app's environment, the merchant process
started for serving and stopped after, the demo card added once."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from examples.apps.shop.catalog import split_budget
from examples.apps.shop.checkout import API_VERSION, ShopMerchant
from rich.console import Console

from salon.cli.demo_shop import DEMO_SHIP_TO, SETUP_FILE, DemoMerchant, DemoMerchantSetup, is_set_up
from salon.cli.serving import demo_endpoints, examples_dir, install_demo_apps
from salon.commerce.acp import PROTOCOL_VERSION
from salon.payments import LocalTestProvider, Wallet
from salon.payments.wallet import PERSON
from salon.settings import Settings
from salon.store import Store
from tests.cli.conftest import Cli
from tests.web.fakehost import FakeHost


def open_merchant(settings: Settings) -> DemoMerchant:
    merchant = DemoMerchant.open(settings, examples_dir())
    assert merchant is not None
    return merchant


def test_the_demo_merchant_keeps_its_keys_and_port_for_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = open_merchant(settings)
    first_config = first.configure(settings).commerce_merchants["shop"]
    first.close()
    again = open_merchant(settings)
    again_config = again.configure(settings).commerce_merchants["shop"]
    again.close()

    assert (first.moved, again.moved) == (True, False)
    assert again.port == first.port
    assert again_config == first_config
    assert first_config["api_base_url"] == f"http://127.0.0.1:{first.port}"
    assert first_config["bearer_token"] != again.app_env()["SHOP_MERCHANT_API_KEY"]
    assert stat.S_IMODE(os.stat(tmp_path / SETUP_FILE).st_mode) == 0o600


def test_a_taken_port_moves_the_merchant_so_the_shop_app_is_installed_again(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = open_merchant(settings)
    first.close()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", first.port))
        squatter.listen()
        moved = open_merchant(settings)
        moved.close()

    assert moved.moved
    assert moved.port != first.port
    assert moved.app_env()["SHOP_MERCHANT_URL"] == f"http://127.0.0.1:{moved.port}"


def test_the_host_gets_the_merchant_a_ship_to_and_its_webhook_address(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, host="0.0.0.0", port=9100)
    merchant = open_merchant(settings)
    merchant.close()
    configured = merchant.configure(settings)
    own_address = {**DEMO_SHIP_TO, "name": "Ada"}
    kept = merchant.configure(Settings(data_dir=tmp_path, commerce_ship_to=own_address))

    shop = configured.commerce_merchants["shop"]
    assert shop["merchant_id"] == "merchant_travel_shop"
    assert shop["apps"] == ["shop"]
    assert configured.commerce_ship_to == DEMO_SHIP_TO
    assert kept.commerce_ship_to == own_address
    assert merchant.webhook_url == "http://127.0.0.1:9100/api/commerce/webhooks/shop"
    assert merchant.payments_database_url == f"sqlite:///{(tmp_path.resolve() / 'payments.db').as_posix()}"


def test_an_operator_merchant_called_shop_is_left_alone(tmp_path: Path) -> None:
    theirs = {
        "shop": {"api_base_url": "https://shop.example/acp", "bearer_token": "t", "webhook_secret": "s"}
    }

    assert DemoMerchant.open(Settings(data_dir=tmp_path, commerce_merchants=theirs), examples_dir()) is None
    assert not is_set_up(tmp_path)


async def test_the_demo_card_is_added_to_the_vault_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    merchant = open_merchant(settings)
    merchant.close()
    store = await Store.open(settings.resolved_database_url)
    provider = await LocalTestProvider.open(settings.resolved_payments_database_url)
    wallet = Wallet(store, provider)
    host: Any = SimpleNamespace(commerce=SimpleNamespace(wallet=wallet))
    try:
        added = await merchant.add_demo_card(host)
        [method] = await wallet.methods(PERSON)
        await wallet.remove_method(PERSON, method.id)
        reopened = open_merchant(settings)
        reopened.close()
        later = await reopened.add_demo_card(host)
        remaining = await wallet.methods(PERSON)
    finally:
        await provider.aclose()
        await store.aclose()

    assert (added, method.last4, method.brand) == (True, "4242", "visa")
    assert later is False
    assert remaining == []  # a card the person removed is not put back


def test_serve_in_a_demo_data_dir_runs_the_merchant_while_serving_and_stops_it_after(
    tmp_path: Path,
) -> None:
    host = FakeHost()
    salon = Cli(host, tmp_path / "data")
    installed = salon("demo", "--no-serve")
    assert installed.exit_code == 0, installed.output
    assert is_set_up(salon.data_dir)
    [shop] = [endpoint for endpoint in host.installed if endpoint.name == "shop"]
    answers: list[int] = []

    def serve(app: Any, host_name: str, port: int, on_ready: Any) -> None:
        settings = salon.settings_seen[-1]
        merchant = settings.commerce_merchants["shop"]
        # A request made while the merchant process is still starting waits in the socket's backlog.
        response = httpx.get(
            f"{merchant['api_base_url']}/checkout_sessions/cs_unknown",
            headers={"Authorization": f"Bearer {merchant['bearer_token']}", "API-Version": API_VERSION},
            timeout=60,
        )
        answers.append(response.status_code)

    salon.served.serve = serve  # type: ignore[method-assign]
    served = salon("serve")

    assert served.exit_code == 0, served.output
    assert answers == [404]  # the merchant's own answer, to the host's key
    assert "Checkout is available" in served.stdout
    base = salon.settings_seen[-1].commerce_merchants["shop"]["api_base_url"]
    assert shop.env["SHOP_MERCHANT_URL"] == base
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base}/checkout_sessions/cs_unknown", timeout=5)


def test_a_saved_setup_is_read_back_and_a_damaged_one_is_made_anew(tmp_path: Path) -> None:
    setup = DemoMerchantSetup.load_or_create(tmp_path)
    setup.save(tmp_path)
    read_back = DemoMerchantSetup.load_or_create(tmp_path)
    (tmp_path / SETUP_FILE).write_text("{not json")
    remade = DemoMerchantSetup.load_or_create(tmp_path)

    assert read_back == setup
    assert remade.host_token != setup.host_token


async def test_install_again_refreshes_the_named_apps_only(tmp_path: Path) -> None:
    for name in ("hotels", "shop"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "server.py").write_text("")
    host: Any = FakeHost()
    console = Console(record=True, width=100)
    await install_demo_apps(host, demo_endpoints(tmp_path), console)
    moved = demo_endpoints(tmp_path, app_env={"shop": {"SHOP_MERCHANT_URL": "http://127.0.0.1:9"}})

    await install_demo_apps(host, moved, console, refresh={"shop"})

    assert [e.name for e in host.installed] == ["hotels", "shop", "shop"]
    assert host.installed[-1].env == {"SHOP_MERCHANT_URL": "http://127.0.0.1:9"}


def test_the_shop_names_its_checkout_for_the_host_only_with_a_merchant_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from examples.apps.shop.catalog import Catalog

    shop = ShopMerchant(Catalog([]))
    monkeypatch.delenv("SHOP_MERCHANT_URL", raising=False)
    alone = shop.checkout_meta("cs_1")
    monkeypatch.setenv("SHOP_MERCHANT_URL", "http://127.0.0.1:8104/")
    beside = shop.checkout_meta("cs_1")

    assert alone is None
    assert beside == {"salon/acp": {"api_base_url": "http://127.0.0.1:8104", "checkout_session_id": "cs_1"}}
    assert API_VERSION == PROTOCOL_VERSION


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("compact carry-on under $200", ("compact carry-on", 200.0)),
        ("headphones below 150 dollars", ("headphones", 150.0)),
        ("max USD 80 backpack", ("backpack", 80.0)),
        ("less than $1,200 laptop bag", ("laptop bag", 1200.0)),
        ("under armour backpack", ("under armour backpack", None)),
    ],
)
def test_a_budget_typed_into_the_search_is_a_price_filter(
    query: str, expected: tuple[str, float | None]
) -> None:
    assert split_budget(query) == expected
