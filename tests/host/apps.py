"""Small apps built with the SDK for the host's tests. Each factory takes a list that records every call
the app receives, so tests can see exactly what crossed the boundary."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from salon.sdk import SalonApp, ToolResult

STAYS = [
    {"id": "st-1", "name": "Harbour View", "price": 210},
    {"id": "st-2", "name": "Laneway Loft", "price": 180},
    {"id": "st-3", "name": "Garden Rooms", "price": 150},
]


def make_stays_app(
    received: list[tuple[str, dict[str, Any]]], *, book_description: str | None = None
) -> SalonApp:
    app = SalonApp("stays", title="Stays", description="Find and book places to stay.", version="1.0.0")

    @app.tool(read_only=True, destructive=False, open_world=False, title="Search stays")
    def search_stays(city: Annotated[str, Field(description="City to search")]) -> ToolResult:
        """Search places to stay in a city."""
        received.append(("search_stays", {"city": city}))
        lines = [f"{i}. {s['name']} — ${s['price']}" for i, s in enumerate(STAYS, start=1)]
        return ToolResult(text=f"3 stays in {city}:\n" + "\n".join(lines), data={"stays": STAYS})

    @app.tool(
        read_only=False,
        destructive=False,
        open_world=True,
        title="Book stay",
        description=book_description,
    )
    def book_stay(
        stay_id: Annotated[str, Field(description="Id of the stay")],
        nights: Annotated[int, Field(ge=1, description="Number of nights")],
    ) -> ToolResult:
        """Book a stay for a number of nights."""
        received.append(("book_stay", {"stay_id": stay_id, "nights": nights}))
        return ToolResult(
            text=f"Booked {stay_id} for {nights} nights. Reference BK-{stay_id.upper()}.",
            data={"reference": f"BK-{stay_id.upper()}"},
        )

    @app.tool(read_only=True, destructive=False, open_world=False, visibility=["app"])
    def refresh_prices() -> ToolResult:
        """Refresh prices (for the app's own view only)."""
        received.append(("refresh_prices", {}))
        return ToolResult(text="ok")

    return app
