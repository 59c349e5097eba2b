"""`salon__orders`: the host's own read-only tool that answers "where is my order?".

The answer comes from the orders the host stored (the merchant's answer to `complete`, then every
signed `order_create` / `order_update` webhook), never from asking an app: status, the latest shipment
event and tracking, the merchant's support contacts, and the return policy and order page links.

It is offered to the model next to the routed tools only when the message talks about orders (so it
does not crowd the few tools a turn offers), and it runs like an app's read-only tool: no confirmation,
recorded in the transcript.
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.checkout.card import money
from salon.host.endpoints import CallOutcome
from salon.host.tools import ToolHints, ToolSpec
from salon.store import Store
from salon.store.orders import OrderRecord

APP = "salon"
_ORDER_WORDS = re.compile(
    r"\b(orders?|ordered|purchases?|bought|deliver(y|ed|ies)?|shipp(ed|ing)|shipment|track(ing)?|"
    r"parcel|package|returns?|refunds?)\b",
    re.IGNORECASE,
)

ORDERS_TOOL = ToolSpec(
    app=APP,
    name="orders",
    title="Your orders",
    description=(
        "Where is my order: the status of the person's orders placed in this conversation or earlier "
        "(shipped, delivered, refunded), tracking, support contacts and return links."
    ),
    input_schema={
        "type": "object",
        "properties": {
            "order": {
                "type": "string",
                "description": "An order number or id; leave it out for the most recent orders.",
            }
        },
    },
    hints=ToolHints(read_only=True, destructive=False, idempotent=True, open_world=False),
    meta={"salon/activity": "Checking your orders…"},
)


class OrdersTool:
    """The built-in tools the host offers itself (today: one)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def specs(self) -> list[ToolSpec]:
        return [ORDERS_TOOL]

    def find(self, app: str, tool: str) -> ToolSpec | None:
        return ORDERS_TOOL if (app, tool) == (APP, ORDERS_TOOL.name) else None

    def offered_for(self, message: str) -> list[ToolSpec]:
        return [ORDERS_TOOL] if _ORDER_WORDS.search(message) else []

    async def call_tool(
        self, name: str, arguments: dict[str, Any], *, retry_safe: bool = True
    ) -> CallOutcome:
        if name != ORDERS_TOOL.name:
            return CallOutcome(text=f"Salon has no built-in tool {name!r}.", is_error=True)
        wanted = str(arguments.get("order") or "").strip().lower()
        stored = await self._store.orders.list_orders()
        if wanted:
            stored = [
                o
                for o in stored
                if wanted in (o.order_id.lower(), str(o.data.get("order_number", "")).lower())
            ]
        if not stored:
            text = f"No order {wanted!r} is on record." if wanted else "No orders are on record yet."
            return CallOutcome(text=text, structured={"orders": []})
        described = [await self._describe(order) for order in stored[:5]]
        return CallOutcome(
            text="\n".join(line for line, _ in described),
            structured={"orders": [data for _, data in described]},
        )

    async def _describe(self, order: OrderRecord) -> tuple[str, dict[str, Any]]:
        data = order.data
        checkout = await self._store.orders.for_session(order.merchant, order.checkout_session_id)
        card = checkout.card if checkout else {}
        merchant = card.get("merchant", {}).get("title", order.merchant)
        number = data.get("order_number") or order.order_id
        items = ", ".join(str(line.get("title")) for line in data.get("line_items") or []) or ", ".join(
            str(item.get("name")) for item in card.get("items", [])
        )
        status = data.get("status") or "confirmed"
        parts = [f"Order {number} from {merchant} ({items}): {status}"]
        if checkout is not None:
            parts[0] += f", {money(checkout.amount, checkout.currency)}"
        tracking = _tracking(data)
        if tracking:
            parts.append(tracking)
        support = data.get("support") or {}
        contacts = [str(support[k]) for k in ("email", "phone", "help_center_url") if support.get(k)]
        if contacts:
            parts.append("support: " + ", ".join(contacts))
        links = {link["type"]: link["url"] for link in card.get("links", []) if "url" in link}
        if "return_policy" in links:
            parts.append(f"returns: {links['return_policy']}")
        parts.append(f"order page: {data.get('permalink_url')}")
        structured = {
            "merchant": order.merchant,
            "order_id": order.order_id,
            "order_number": number,
            "status": status,
            "items": items,
            "tracking": tracking,
            "support": support,
            "return_policy_url": links.get("return_policy"),
            "support_url": links.get("support") or support.get("help_center_url"),
            "permalink_url": data.get("permalink_url"),
            "updated_at": order.updated_at.isoformat(),
        }
        return "; ".join(parts) + ".", structured


def _tracking(order: dict[str, Any]) -> str:
    for fulfillment in reversed(order.get("fulfillments") or []):
        events = fulfillment.get("events") or []
        latest = events[-1] if events else None
        bits = []
        if latest:
            bits.append(
                f"latest: {latest.get('description') or latest.get('type')} ({latest.get('occurred_at')})"
            )
        if fulfillment.get("carrier") or fulfillment.get("tracking_number"):
            bits.append(f"{fulfillment.get('carrier', '')} {fulfillment.get('tracking_number', '')}".strip())
        if fulfillment.get("tracking_url"):
            bits.append(f"track at {fulfillment['tracking_url']}")
        if bits:
            return ", ".join(bits)
    return ""


__all__ = ["APP", "ORDERS_TOOL", "OrdersTool"]
