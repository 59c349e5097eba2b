"""The shop example app, driven through an MCP client as a host would drive it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest
from examples.apps.shop.server import app
from mcp import Client

from salon.sdk import AppTestClient

StdioApp = Callable[[str], AbstractAsyncContextManager[Client]]


async def test_search_and_details_only_read_and_starting_a_checkout_is_the_one_write() -> None:
    async with AppTestClient(app) as client:
        tools = {tool.name: tool.annotations for tool in await client.list_tools()}
    hints = {
        name: (a.read_only_hint, a.destructive_hint, a.open_world_hint) for name, a in tools.items() if a
    }
    assert hints == {
        "search_products": (True, False, False),
        "get_product": (True, False, False),
        "start_checkout": (False, False, False),
    }


def test_catalogue_has_hundreds_of_products_across_departments(
    committed_data: Callable[[str, str], Any],
) -> None:
    products = committed_data("shop", "products.json")["products"]
    assert len(products) >= 250
    assert {product["department"] for product in products} == {
        "luggage",
        "bags",
        "travel accessories",
        "electronics",
    }
    assert len({product["id"] for product in products}) == len(products)


def test_committed_catalogue_is_what_the_generator_produces(
    committed_data: Callable[[str, str], Any], regenerated_data: Callable[[str], Any]
) -> None:
    assert regenerated_data("shop") == committed_data("shop", "products.json")["products"]


async def test_carry_on_search_under_a_budget_returns_only_cabin_sized_bags_within_it() -> None:
    async with AppTestClient(app) as client:
        result = await client.call(
            "search_products", {"query": "carry-on suitcase", "max_price": 250, "carry_on_only": True}
        )

    products = result.data["products"]
    # The bundled catalogue has exactly 8 cabin-sized suitcases at or under 250; the page size is 8.
    assert len(products) == 8
    for product in products:
        assert product["carry_on_compliant"]
        assert product["price"] <= 250
        longest_first = sorted(product["dimensions_cm"], reverse=True)
        assert all(side <= limit for side, limit in zip(longest_first, (55, 40, 23), strict=True))
    assert products[0]["category"] == "carry-on luggage"


async def test_a_department_filter_covers_all_its_categories() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("search_products", {"query": "", "category": "electronics", "limit": 30})

    assert result.data["total_matches"] > 30
    assert {product["department"] for product in result.data["products"]} == {"electronics"}
    assert len({product["category"] for product in result.data["products"]}) > 1


async def test_power_banks_over_one_hundred_watt_hours_are_not_carry_on() -> None:
    async with AppTestClient(app) as client:
        every = await client.call("search_products", {"query": "", "category": "power banks", "limit": 30})
        cabin = await client.call(
            "search_products", {"query": "", "category": "power banks", "carry_on_only": True, "limit": 30}
        )

    big = [product for product in every.data["products"] if product["watt_hours"] > 100]
    assert big
    assert not any(product["carry_on_compliant"] for product in big)
    assert {product["id"] for product in cabin.data["products"]} == {
        product["id"] for product in every.data["products"] if product["watt_hours"] <= 100
    }


async def test_a_search_nothing_matches_says_how_to_widen_it() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("search_products", {"query": "headphones", "max_price": 5})

    assert not result.is_error
    assert result.data["products"] == []
    assert "higher budget" in result.text


async def test_product_details_give_size_weight_and_cabin_fit() -> None:
    async with AppTestClient(app) as client:
        found = await client.call("search_products", {"query": "backpack", "limit": 1})
        product_id = found.data["products"][0]["id"]
        result = await client.call("get_product", {"product_id": product_id})

    product = result.data["product"]
    assert product["id"] == product_id
    assert " cm, " in result.text
    assert f"{product['weight_kg']:g} kg" in result.text
    assert "carry-on limits" in result.text


async def test_an_unknown_product_id_is_an_error_pointing_to_search() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("get_product", {"product_id": "prd-9999"})

    assert result.is_error
    assert "search_products" in result.text


@pytest.mark.subprocess
async def test_server_script_lists_its_tools_over_stdio(stdio_app: StdioApp) -> None:
    async with stdio_app("shop") as client:
        tools = await client.list_tools()

    assert {tool.name for tool in tools.tools} == {"search_products", "get_product", "start_checkout"}
