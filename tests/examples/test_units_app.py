"""The units example app, driven through an MCP client as a host would drive it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from examples.apps.units.server import app
from mcp import Client

from salon.sdk import AppTestClient

StdioApp = Callable[[str], AbstractAsyncContextManager[Client]]


async def test_every_tool_only_reads() -> None:
    async with AppTestClient(app) as client:
        tools = {tool.name: tool.annotations for tool in await client.list_tools()}
    hints = {
        name: (a.read_only_hint, a.destructive_hint, a.open_world_hint) for name, a in tools.items() if a
    }
    assert hints == {
        "convert_units": (True, False, False),
        "time_in": (True, False, False),
        "weather_normals": (True, False, False),
    }


def test_committed_city_table_is_what_the_generator_produces(
    committed_data: Callable[[str, str], Any], regenerated_data: Callable[[str], Any]
) -> None:
    assert regenerated_data("units") == committed_data("units", "cities.json")["cities"]


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        (23, "kg", "lbs", 50.7063),
        (1, "mile", "km", 1.609344),
        (12, "inches", "cm", 30.48),
        (100, "°C", "fahrenheit", 212),
        (0, "K", "C", -273.15),
        (98.6, "F", "celsius", 37),
        (1, "gallon", "litres", 3.785411784),
        (1, "imp gal", "l", 4.54609),
        (2, "cups", "ml", 473.176473),
        (100, "km/h", "mph", 62.1371),
        (10, "knots", "m/s", 5.14444),
        (1, "stone", "kg", 6.35029318),
    ],
)
async def test_converts_between_units_of_the_same_kind(
    value: float, from_unit: str, to_unit: str, expected: float
) -> None:
    async with AppTestClient(app) as client:
        result = await client.call(
            "convert_units", {"value": value, "from_unit": from_unit, "to_unit": to_unit}
        )

    assert not result.is_error
    assert result.data["result"] == pytest.approx(expected, rel=1e-5)
    assert " = " in result.text


async def test_converting_between_different_kinds_of_unit_is_an_error_listing_the_right_ones() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("convert_units", {"value": 5, "from_unit": "kg", "to_unit": "km"})

    assert result.is_error
    assert "mass" in result.text
    assert "length" in result.text
    assert "Length units: mm, cm, m, km" in result.text


async def test_an_unknown_unit_is_an_error_listing_the_known_ones() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("convert_units", {"value": 5, "from_unit": "furlong", "to_unit": "m"})

    assert result.is_error
    assert "Unknown unit 'furlong'" in result.text
    assert "temperature: °C, °F, K" in result.text


async def test_a_temperature_below_absolute_zero_is_an_error() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("convert_units", {"value": -300, "from_unit": "°C", "to_unit": "K"})

    assert result.is_error
    assert "absolute zero" in result.text


async def test_time_in_a_city_is_given_in_its_time_zone() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("time_in", {"city": "nyc"})

    assert result.data["city"] == "New York"
    assert result.data["timezone"] == "America/New_York"
    local = datetime.fromisoformat(result.data["local_time"])
    assert local.utcoffset() == local.astimezone(ZoneInfo("America/New_York")).utcoffset()
    assert result.data["utc_offset"] in result.text


async def test_time_in_an_unknown_city_is_an_error_suggesting_a_close_match() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("time_in", {"city": "Tokio"})

    assert result.is_error
    assert "Did you mean Tokyo?" in result.text


async def test_a_month_can_be_named_abbreviated_or_numbered() -> None:
    async with AppTestClient(app) as client:
        answers = [
            (await client.call("weather_normals", {"city": "Lisbon", "month": month})).data
            for month in ("March", "mar", 3, "3")
        ]

    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["month"] == "March"
    assert answers[0]["mean_high_c"] > answers[0]["mean_low_c"]


async def test_southern_summer_is_in_january_and_northern_summer_in_july() -> None:
    async with AppTestClient(app) as client:
        melbourne_jan = (await client.call("weather_normals", {"city": "Melbourne", "month": 1})).data
        melbourne_jul = (await client.call("weather_normals", {"city": "Melbourne", "month": 7})).data
        london_jan = (await client.call("weather_normals", {"city": "London", "month": 1})).data
        london_jul = (await client.call("weather_normals", {"city": "London", "month": 7})).data

    assert melbourne_jan["mean_high_c"] > melbourne_jul["mean_high_c"]
    assert london_jul["mean_high_c"] > london_jan["mean_high_c"]


async def test_an_impossible_month_is_an_error() -> None:
    async with AppTestClient(app) as client:
        result = await client.call("weather_normals", {"city": "Paris", "month": 13})

    assert result.is_error
    assert "1 to 12" in result.text


@pytest.mark.subprocess
async def test_server_script_lists_its_tools_over_stdio(stdio_app: StdioApp) -> None:
    async with stdio_app("units") as client:
        tools = await client.list_tools()

    assert {tool.name for tool in tools.tools} == {"convert_units", "time_in", "weather_normals"}
