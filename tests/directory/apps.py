"""A small app for the directory tests, its manifest, and a helper that serves it over real HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from salon.sdk import SalonApp, ToolResult

STAYS = [
    {"id": "st-1", "name": "Harbour View", "price": 210},
    {"id": "st-2", "name": "Garden Rooms", "price": 150},
]
NAME = "io.example/stays"
META_KEY = "io.modelcontextprotocol.registry/publisher-provided"


def make_stays_app(*, book_description: str = "Book a stay for a number of nights.") -> SalonApp:
    app = SalonApp("stays", title="Stays", description="Find and book places to stay.", version="1.0.0")

    @app.tool(read_only=True, destructive=False, open_world=False, title="Search stays")
    def search_stays(city: Annotated[str, Field(description="City to search")]) -> ToolResult:
        """Search places to stay in a city, with prices per night."""
        return ToolResult(text=f"2 stays in {city}", data={"stays": STAYS})

    @app.tool(
        read_only=False, destructive=False, open_world=True, title="Book stay", description=book_description
    )
    def book_stay(
        stay_id: Annotated[str, Field(description="Id of the stay")],
        nights: Annotated[int, Field(ge=1, description="Number of nights")],
        guest_name: Annotated[str, Field(description="Full name of the guest")],
        email: Annotated[str, Field(description="Where the confirmation is sent")],
    ) -> ToolResult:
        """Book a stay."""
        return ToolResult(text=f"Booked {stay_id} for {nights} nights for {guest_name}.")

    return app


def stays_manifest(url: str, *, version: str = "1.0.0", name: str = NAME) -> dict[str, Any]:
    """The stays app's salon.json: a server.json with Salon's section."""
    return {
        "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
        "name": name,
        "title": "Stays",
        "description": "Find and book places to stay.",
        "version": version,
        "remotes": [{"type": "streamable-http", "url": url}],
        "_meta": {
            META_KEY: {
                "dev.salon/app": {
                    "displayName": "Stays",
                    "categories": ["travel"],
                    "shortDescription": "Find and book places to stay",
                    "longDescription": "Search places to stay in any city and book a room for a few nights.",
                    "privacyPolicyUrl": "https://stays.example/privacy",
                    "supportContact": "help@stays.example",
                    "data": [
                        {
                            "tool": "search_stays",
                            "dataTypes": ["none"],
                            "purpose": "Searching needs no personal data.",
                        },
                        {
                            "tool": "book_stay",
                            "dataTypes": ["name", "email"],
                            "purpose": "The booking is made in the guest's name and confirmed by e-mail.",
                        },
                    ],
                    "countries": ["*"],
                    "testCases": {
                        "shouldRoute": [
                            "find a place to stay in Lisbon",
                            "book a room for three nights",
                            "stays in Melbourne under 200",
                            "where can I sleep in Porto tonight",
                            "reserve the Harbour View for two nights",
                        ],
                        "shouldNotRoute": [
                            "what's the weather tomorrow",
                            "play some jazz",
                            "convert 3 miles to km",
                        ],
                    },
                }
            }
        },
    }
