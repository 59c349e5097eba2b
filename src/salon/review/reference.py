"""The reference directory the routing check routes through: Salon's example apps, as listed.

Routing is only meaningful against competition: a request "must reach this app" when, among other
apps, the router picks this one; and "must not" when it picks another or none. The review builds a
`salon.router.Router` over the tools of the example apps (hotels, music, shop, units) plus the app
under review — leaving out a reference app with the reviewed app's own manifest name, so an example
app is reviewed against the other three.

The example apps' tool listings are kept in `reference_apps.json` (what `tools/list` returned,
as MCP `Tool` objects) so a review does not start four servers, and `reference_index/` holds them
embedded with the bundled MiniLM model so a review embeds only its own app. `python -m
salon.review.reference examples/apps/hotels examples/apps/music …` writes both again from the live
apps; a test fails when they no longer match.
"""

from __future__ import annotations

import asyncio
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import mcp_types

from salon.directory.manifest import load_manifest
from salon.errors import ConfigurationError
from salon.host.connections import AppConnection
from salon.host.tools import ToolSpec
from salon.review.context import tool_wire
from salon.router import Embedder, MiniLMEmbedder, RouterIndex, ToolEntry

REFERENCE_FILE = Path(__file__).with_name("reference_apps.json")
REFERENCE_INDEX = Path(__file__).with_name("reference_index")
"""The reference tools embedded with the bundled MiniLM model (a `RouterIndex` saved by `main`), so a
review embeds only its own app's tools; any other embedder builds the index in memory."""


@cache
def _reference_body() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    return body


def reference_apps() -> dict[str, list[ToolSpec]]:
    """Manifest name → the app's tools (as the router's `app` label, its short name is used)."""
    apps: dict[str, list[ToolSpec]] = {}
    for app in _reference_body()["apps"]:
        apps[app["name"]] = [
            ToolSpec.from_mcp(app["label"], mcp_types.Tool.model_validate(tool)) for tool in app["tools"]
        ]
    return apps


async def snapshot(folders: list[Path]) -> dict[str, Any]:
    """The reference body for the apps in `folders` (each with server.py and salon.json), listed live."""
    from salon.review.runner import ReviewTarget

    apps = []
    for folder in folders:
        target = ReviewTarget.local(folder)
        manifest = load_manifest(folder)
        connection = AppConnection(target.server)
        try:
            tools = await connection.list_tools()
        finally:
            await connection.aclose()
        apps.append(
            {"name": manifest.server.name, "label": folder.name, "tools": [tool_wire(t) for t in tools]}
        )
    return {"apps": apps}


def reference_entries() -> list[ToolEntry]:
    return [ToolEntry.from_spec(spec) for specs in reference_apps().values() for spec in specs]


def reference_index(embedder: Embedder) -> RouterIndex:
    """The reference tools indexed for `embedder`: the saved index when it was built with this
    embedder from exactly these tools, else a fresh one."""
    entries = reference_entries()
    if REFERENCE_INDEX.is_dir():
        try:
            saved = RouterIndex.load(REFERENCE_INDEX, embedder)
        except ConfigurationError:
            saved = None
        if (
            saved is not None
            and saved.synthetic
            and sorted(saved.entries(), key=_key) == sorted(entries, key=_key)
        ):
            return saved
    index = RouterIndex(embedder)
    index.add_tools(entries)
    return index


def _key(entry: ToolEntry) -> tuple[str, str]:
    return (entry.app or "", entry.name)


def main(argv: list[str]) -> None:
    body = asyncio.run(snapshot([Path(a) for a in argv]))
    REFERENCE_FILE.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _reference_body.cache_clear()
    index = RouterIndex(MiniLMEmbedder())
    index.add_tools(reference_entries())
    index.save(REFERENCE_INDEX)
    names = ", ".join(a["name"] for a in body["apps"])
    print(f"wrote {REFERENCE_FILE.name} and {REFERENCE_INDEX.name}/: {names}")


if __name__ == "__main__":
    main(sys.argv[1:])


__all__ = [
    "REFERENCE_FILE",
    "REFERENCE_INDEX",
    "reference_apps",
    "reference_entries",
    "reference_index",
    "snapshot",
]
