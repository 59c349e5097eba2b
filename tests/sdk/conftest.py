from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field

from salon.sdk import SalonApp, ToolResult

RESULTS_VIEW = "ui://hotels/results.html"
RESULTS_HTML = "<!doctype html><html><body><div id='hotels'></div></body></html>"


class Hotel(BaseModel):
    name: str
    stars: int


def build_hotels_app() -> SalonApp:
    """A small app exercising every kind of tool return the SDK supports."""
    app = SalonApp("hotels", title="Hotels", description="Find and book hotels.", version="1.0.0")

    @app.tool(
        read_only=True,
        destructive=False,
        open_world=False,
        idempotent=True,
        title="Search hotels",
        activity="Searching hotels…",
        view=RESULTS_VIEW,
    )
    def search_hotels(
        city: Annotated[str, Field(description="City to search")], nights: int = 1
    ) -> ToolResult:
        """Search hotels in a city."""
        hotels = [{"name": f"{city} Grand", "nights": nights}]
        return ToolResult(
            text=f"Found {len(hotels)} hotel in {city}", data={"hotels": hotels}, meta={"salon/x": 1}
        )

    @app.tool(read_only=False, destructive=False, open_world=True)
    async def book_hotel(name: str) -> dict[str, Any]:
        """Book a hotel by name."""
        return {"booked": name, "confirmation": "ABC123"}

    @app.tool(read_only=True, destructive=False, open_world=False)
    def best_hotel() -> Hotel:
        """The best hotel."""
        return Hotel(name="Grand", stars=5)

    @app.tool(read_only=True, destructive=False, open_world=False)
    def hello() -> str:
        """Say hello."""
        return "hello"

    @app.tool(read_only=False, destructive=True, open_world=False)
    def cancel_booking(confirmation: str) -> ToolResult:
        """Cancel a booking."""
        return ToolResult(text=f"No booking {confirmation}", is_error=True)

    @app.tool(read_only=True, destructive=False, open_world=False)
    def broken() -> str:
        """Always fails."""
        raise RuntimeError("the database is on fire")

    app.add_view(RESULTS_VIEW, html=RESULTS_HTML, csp={"connect_domains": ["https://api.example.com"]})
    return app


@pytest.fixture
def hotels_app() -> SalonApp:
    return build_hotels_app()


@pytest.fixture
def app_factory() -> Callable[[], SalonApp]:
    return lambda: SalonApp("test-app")
