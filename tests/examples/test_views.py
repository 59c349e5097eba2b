"""The example apps' views: widget-kit documents bound to their tools, reading fields their results have."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from examples.apps.hotels.server import app as hotels
from examples.apps.music.server import app as music
from examples.apps.shop.server import app as shop
from examples.apps.units.server import app as units
from mcp.server.apps import APP_MIME_TYPE

from salon.sdk import AppTestClient, SalonApp

IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()


def spec_of(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="salon-view-spec">(.*?)</script>', html, re.S)
    assert match is not None
    spec: dict[str, Any] = json.loads(match.group(1))
    return spec


def resolve(path: str, scope: dict[str, Any]) -> Any:
    """The runtime's lookup rule: the item, then the result, then the tool input (or a pinned `$` scope)."""
    head, *rest = path.split(".")
    sources = {"$item": scope["item"], "$result": scope["root"], "$input": scope["input"]}
    if head in sources:
        value, segments = sources[head], rest
    else:
        segments = [head, *rest]
        value = next(
            (
                src
                for src in (scope["item"], scope["root"], scope["input"])
                if isinstance(src, dict) and head in src
            ),
            None,
        )
    for segment in segments:
        if isinstance(value, list) and segment.isdigit() and int(segment) < len(value):
            value = value[int(segment)]
        elif isinstance(value, dict) and segment in value:
            value = value[segment]
        else:
            return None
    return value


def unbound_paths(node: Any, scope: dict[str, Any]) -> list[str]:
    """Every binding in the tree whose path finds nothing in a real result (conditional parts skipped)."""
    if isinstance(node, list):
        return [path for child in node for path in unbound_paths(child, scope)]
    if not isinstance(node, dict):
        return []
    if "when" in node or "unless" in node or node.get("type") in {"details", "form"}:
        return []
    if "path" in node:
        return [] if resolve(node["path"], scope) is not None else [node["path"]]
    missing: list[str] = []
    if node.get("type") in {"carousel", "list", "table", "chart"}:
        items = resolve(node["items"], scope)
        if not items:
            return [node["items"]]
        scope = {**scope, "item": items[0]}
    if node.get("type") == "player":
        missing += [
            p for p in (node["track"], node["position"], node["duration"]) if resolve(p, scope) is None
        ]
    for key, value in node.items():
        if key not in {"empty", "label", "items"}:
            missing += unbound_paths(value, scope)
    return missing


CASES = [
    (hotels, "search_hotels", {"city": "Melbourne", "check_in": IN_A_MONTH, "nights": 2}),
    (music, "search_music", {"query": "blue"}),
    (shop, "search_products", {"query": "carry-on"}),
    (shop, "get_product", {"product_id": "prd-0005"}),
]


@pytest.mark.parametrize(("app", "tool", "arguments"), CASES, ids=[case[1] for case in CASES])
async def test_each_view_reads_fields_that_its_tools_result_has(
    app: SalonApp, tool: str, arguments: dict[str, Any]
) -> None:
    async with AppTestClient(app) as client:
        listed = await client.tool(tool)
        uri = (listed.meta or {})["ui"]["resourceUri"]
        html = await client.read_view(uri)
        result = await client.call(tool, arguments)
    assert not result.is_error
    spec = spec_of(html)
    scope = {"item": None, "root": result.data, "input": arguments}
    assert unbound_paths(spec["body"], scope) == []


async def test_the_player_reads_the_state_every_player_tool_returns() -> None:
    async with AppTestClient(music) as client:
        await client.call("queue_add", {"track_id": "trk-0001"})
        await client.call("queue_add", {"track_id": "trk-0025"})
        played = await client.call("play", {})
        html = await client.read_view("ui://music/player.html")
        tools = {
            tool.name: (tool.meta or {}).get("ui", {}).get("resourceUri")
            for tool in await client.list_tools()
        }
    assert tools["now_playing"] == tools["play"] == "ui://music/player.html"
    spec = spec_of(html)
    assert spec["displayModes"] == ["inline", "pip", "fullscreen"]
    assert unbound_paths(spec["body"], {"item": None, "root": played.data, "input": {}}) == []


async def test_tapping_book_opens_a_prefilled_form_that_calls_book_hotel_with_the_hotel_id() -> None:
    async with AppTestClient(hotels) as client:
        spec = spec_of(await client.read_view("ui://hotels/results.html"))
    assert spec["displayModes"] == ["inline", "fullscreen"]
    [carousel] = [node for node in spec["body"] if node["type"] == "carousel"]
    [book] = carousel["card"]["actions"]
    assert (book["action"], book["variant"]) == ("open", "primary")
    form = book["form"]
    assert form["tool"] == "book_hotel"
    assert form["arguments"] == {"hotel_id": {"bind": {"path": "id"}}}
    fields = {field["name"]: field for field in form["fields"]}
    assert fields["guest_name"]["required"] is True
    assert fields["check_in"]["value"] == [{"path": "check_in"}]
    assert (fields["nights"]["min"], fields["nights"]["max"]) == (1, 30)
    assert fields["guests"]["value"] == [{"path": "guests"}]


async def test_view_only_tool_calls_name_real_tools_and_the_units_app_stays_without_ui() -> None:
    for app in (hotels, music, shop):
        async with AppTestClient(app) as client:
            for uri in app.views:
                read = await client.client.read_resource(uri)
                [contents] = read.contents
                assert contents.mime_type == APP_MIME_TYPE
                assert (contents.meta or {})["ui"]["csp"]["connectDomains"] == []
    assert dict(units.views) == {}
