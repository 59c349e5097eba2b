"""The view bridge's parts (static/bridge/) share one namespace, `SalonBridge`, and the page sees
`SalonViews`; nothing else of the bridge becomes a global, and once the last part is loaded no script
can add or replace the handler of a view request."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page

from tests.browser.views_harness import Salon

pytestmark = [pytest.mark.browser, pytest.mark.subprocess]

VIEW_REQUESTS = [
    "ping",
    "resources/read",
    "tools/call",
    "ui/initialize",
    "ui/message",
    "ui/open-link",
    "ui/request-display-mode",
    "ui/salon/set-state",
    "ui/update-model-context",
]
INTERNAL_NAMES = [
    "Bridge",
    "RpcError",
    "ERRORS",
    "bridges",
    "hooks",
    "channel",
    "display",
    "trusted",
    "confirmLink",
    "kindOf",
    "isRecord",
    "styleVariables",
    "fullscreenBridge",
    "metrics",
]


async def test_the_bridge_adds_one_frozen_namespace_and_no_other_global(page: Page, salon: Salon) -> None:
    await page.goto(salon.url + "/")

    # Each name is looked up as page code would see it: top-level `const` and `class` bindings are
    # globals that are not properties of `window`.
    kinds = {
        name: await page.evaluate(f"typeof {name}") for name in [*INTERNAL_NAMES, "SalonBridge", "SalonViews"]
    }
    seen: dict[str, Any] = await page.evaluate(
        """() => {
          const original = SalonBridge.handlers["tools/call"];
          try { SalonBridge.handlers["tools/call"] = () => ({}); } catch (_) { /* frozen, in strict code */ }
          try { SalonBridge.handlers["ui/extra"] = () => ({}); } catch (_) { /* frozen, in strict code */ }
          return {
            frozen: Object.isFrozen(SalonBridge) && Object.isFrozen(SalonBridge.handlers),
            replaced: SalonBridge.handlers["tools/call"] !== original,
            added: "ui/extra" in SalonBridge.handlers,
            handlers: Object.keys(SalonBridge.handlers).sort(),
            inherited: Object.getPrototypeOf(SalonBridge.handlers) === null ? [] :
              ["toString", "constructor", "__proto__"].filter((name) => SalonBridge.handlers[name]),
            views: Object.keys(SalonViews).sort(),
          };
        }"""
    )

    assert kinds == {name: "undefined" for name in INTERNAL_NAMES} | {
        "SalonBridge": "object",
        "SalonViews": "object",
    }
    assert seen["frozen"] is True
    assert seen["replaced"] is False
    assert seen["added"] is False
    assert seen["handlers"] == VIEW_REQUESTS
    assert seen["inherited"] == [], "a request named after an Object.prototype member must find no handler"
    assert seen["views"] == sorted(
        ["configure", "get", "metrics", "mount", "partial", "settlePreviews", "teardownAll", "update"]
    )
