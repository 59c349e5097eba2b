"""The view bridge is several scripts (`static/bridge/`, one concern each) that share one namespace; the
chat page must load every part, in file-name order, after the shared helpers and before the page code
that uses `SalonViews`."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

import salon.web

BRIDGE = Path(salon.web.__file__).parent / "static" / "bridge"


def scripts_of(html: str) -> list[str]:
    return re.findall(r'<script src="([^"?]+)', html)


async def test_the_chat_page_loads_every_bridge_part_in_name_order(client: httpx.AsyncClient) -> None:
    scripts = scripts_of((await client.get("/")).text)
    parts = sorted(f"/static/bridge/{path.name}" for path in BRIDGE.glob("*.js"))

    loaded = [src for src in scripts if src.startswith("/static/bridge/")]
    assert loaded == parts
    assert scripts.index("/static/common.js") < scripts.index(parts[0])
    assert scripts.index(parts[-1]) < scripts.index("/static/chat.js")


async def test_every_bridge_part_is_served_as_javascript(client: httpx.AsyncClient) -> None:
    for path in sorted(BRIDGE.glob("*.js")):
        response = await client.get(f"/static/bridge/{path.name}")

        assert response.status_code == 200, path.name
        assert "javascript" in response.headers["content-type"]
        assert response.text.startswith("/*"), f"{path.name} should open with what it is for"
        assert '"use strict";' in response.text
