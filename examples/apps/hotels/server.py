"""Hotels: search hotels in about 45 cities, look one up, book a stay and cancel it.

Run it as an MCP server over stdio (the default) or Streamable HTTP:

    python examples/apps/hotels/server.py
    python examples/apps/hotels/server.py --transport http --port 8101

Searching and reading are read-only. Booking writes a reservation (the host asks the person first) and
counts as open-world, since a real booking reaches the hotel; cancelling is destructive. Bookings are
kept in `$SALON_EXAMPLE_DATA_DIR/hotels/bookings.json`, so they survive a restart.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

if __package__ in (None, ""):
    # Started as a script: make the repository root importable, as `python -m examples.apps.hotels.server`
    # would, so the absolute imports below work both ways.
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from examples.apps.hotels.catalog import Bookings, Catalog, SortOrder, format_money, quote
from examples.apps.hotels.views import RESULTS_URI, results
from salon.sdk import SalonApp, ToolResult

MAX_RESULTS = 8

app = SalonApp(
    "hotels",
    title="Hotels",
    description="Find hotels in cities around the world, compare prices for your dates, and book a stay.",
    version="1.0.0",
)
catalog = Catalog.bundled()
bookings = Bookings()
app.add_widget(RESULTS_URI, results)

City = Annotated[str, Field(description="City to stay in, e.g. 'Melbourne', 'Tokyo' or 'New York'.")]
CheckIn = Annotated[date, Field(description="Arrival date, ISO format (YYYY-MM-DD); today or later.")]
Nights = Annotated[int, Field(ge=1, le=30, description="Number of nights to stay (1–30).")]
Guests = Annotated[int, Field(ge=1, le=12, description="Number of guests; large parties get several rooms.")]
HotelId = Annotated[str, Field(description="Hotel id from search_hotels, e.g. 'htl-mel-007'.")]
Reference = Annotated[str, Field(description="Booking reference from book_hotel, e.g. 'BK-7F3K9Q'.")]


def _unknown_city(city: str) -> ToolResult:
    similar = catalog.similar_cities(city)
    hint = f" Did you mean {' or '.join(similar)}?" if similar else ""
    return ToolResult(
        is_error=True,
        text=(
            f"There are no hotels for {city!r} in this app.{hint} Ask the person to pick one of the covered "
            f"cities: {', '.join(catalog.cities)}."
        ),
    )


def _unknown_hotel(hotel_id: str) -> ToolResult:
    return ToolResult(
        is_error=True,
        text=(
            f"No hotel has the id {hotel_id!r}. Hotel ids look like 'htl-mel-007'; call search_hotels "
            f"for the city first and use an id from its results."
        ),
    )


def _past_date(check_in: date) -> ToolResult | None:
    today = date.today()
    if check_in >= today:
        return None
    return ToolResult(
        is_error=True,
        text=(
            f"The check-in date {check_in.isoformat()} is in the past (today is {today.isoformat()}). "
            f"Ask the person for an arrival date from today onwards."
        ),
    )


def _summary(hotel: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "name", "neighbourhood", "stars", "rating", "review_count", "nightly_price", "currency")
    return {key: hotel[key] for key in keys} | {"photo_url": hotel["photo_url"]}


@app.tool(
    read_only=True,
    destructive=False,
    open_world=False,
    title="Search hotels",
    activity="Searching hotels…",
    view=RESULTS_URI,
)
def search_hotels(
    city: City,
    check_in: CheckIn,
    nights: Nights = 1,
    guests: Guests = 2,
    max_price: Annotated[
        float | None,
        Field(gt=0, description="Highest nightly price per room, in the city's local currency."),
    ] = None,
    min_rating: Annotated[
        float | None, Field(ge=0, le=10, description="Lowest guest rating to accept, out of 10.")
    ] = None,
    min_stars: Annotated[
        int | None,
        Field(ge=1, le=5, description="Fewest stars (1–5) the hotel may have, e.g. 4 for 4-star and up."),
    ] = None,
    sort: Annotated[
        SortOrder,
        Field(description="'recommended' (rating, reviews and value), 'price' (cheapest first) or 'rating'."),
    ] = "recommended",
) -> ToolResult:
    """Search hotels in a city for given dates and show the best matches with the total price of the stay.

    Use this whenever someone wants somewhere to stay, a hotel, or accommodation in a city. It returns
    up to 8 hotels, numbered, each with its id, nightly price, total for the stay and check-out date,
    so the person can refer to "the second one"; pass the id to get_hotel for details or to book_hotel.
    """
    canonical = catalog.find_city(city)
    if canonical is None:
        return _unknown_city(city)
    if (error := _past_date(check_in)) is not None:
        return error
    found = catalog.search(
        canonical, guests=guests, max_price=max_price, min_rating=min_rating, min_stars=min_stars, sort=sort
    )
    stay_words = f"{nights} night{'s' if nights > 1 else ''} from {check_in.isoformat()}, {guests} guests"
    if not found:
        return ToolResult(
            text=(
                f"No hotel in {canonical} matches those filters ({stay_words}). Try a higher maximum price, "
                f"a lower minimum rating or fewer stars."
            ),
            data={"city": canonical, "check_in": check_in.isoformat(), "nights": nights, "hotels": []},
        )
    shown = []
    lines = [f"Found {len(found)} hotels in {canonical} for {stay_words} (sorted by {sort}):"]
    for number, hotel in enumerate(found[:MAX_RESULTS], start=1):
        stay = quote(hotel, check_in, nights, guests)
        currency = hotel["currency"]
        rooms = f", {stay.rooms} rooms" if stay.rooms > 1 else ""
        lines.append(
            f"{number}. {hotel['name']} — {format_money(hotel['nightly_price'], currency)}/night, "
            f"{format_money(stay.total_price, currency)} total{rooms} · {hotel['stars']}★ · "
            f"{hotel['rating']}/10 · {hotel['neighbourhood']} [{hotel['id']}]"
        )
        shown.append(_summary(hotel) | stay.as_dict())
    return ToolResult(
        text="\n".join(lines),
        data={
            "city": canonical,
            "check_in": check_in.isoformat(),
            "check_out": shown[0]["check_out"],
            "nights": nights,
            "guests": guests,
            "sort": sort,
            "total_matches": len(found),
            "hotels": shown,
        },
    )


@app.tool(
    read_only=True,
    destructive=False,
    open_world=False,
    title="Hotel details",
    activity="Looking up the hotel…",
    view=None,
)
def get_hotel(hotel_id: HotelId) -> ToolResult:
    """Get the full details of one hotel: address area, stars, rating, price, amenities and description.

    Use it when the person asks about a specific hotel from the search results (its facilities, whether
    it has a pool or parking, what it is like).
    """
    hotel = catalog.get(hotel_id)
    if hotel is None:
        return _unknown_hotel(hotel_id)
    price = format_money(hotel["nightly_price"], hotel["currency"])
    text = (
        f"{hotel['name']} ({hotel['stars']}★, {hotel['rating']}/10 from {hotel['review_count']:,} reviews) "
        f"in {hotel['neighbourhood']}, {hotel['city']}. {price} per room per night, "
        f"up to {hotel['max_guests_per_room']} guests a room. {hotel['description']} "
        f"Amenities: {', '.join(hotel['amenities'])}."
    )
    return ToolResult(text=text, data={"hotel": hotel})


@app.tool(
    read_only=False,
    destructive=False,
    open_world=True,
    title="Book a hotel",
    activity="Booking your stay…",
    view=None,
)
def book_hotel(
    hotel_id: HotelId,
    check_in: CheckIn,
    nights: Nights,
    guests: Guests = 2,
    guest_name: Annotated[
        str, Field(min_length=1, max_length=100, description="Name the booking is under.")
    ] = "Guest",
) -> ToolResult:
    """Book a stay at a hotel and get a booking reference. This makes a reservation.

    Use it only after the person has chosen a hotel and dates (the hotel id comes from search_hotels).
    Returns the booking reference (like 'BK-7F3K9Q'), the dates and the total price to tell the person.
    """
    hotel = catalog.get(hotel_id)
    if hotel is None:
        return _unknown_hotel(hotel_id)
    if (error := _past_date(check_in)) is not None:
        return error
    stay = quote(hotel, check_in, nights, guests)
    booking = bookings.create(hotel, stay, guest_name.strip() or "Guest")
    total = format_money(stay.total_price, hotel["currency"])
    rooms = f", {stay.rooms} rooms" if stay.rooms > 1 else ""
    return ToolResult(
        text=(
            f"Booked {hotel['name']}, {hotel['city']}: {stay.check_in.isoformat()} to "
            f"{stay.check_out.isoformat()} ({nights} night{'s' if nights > 1 else ''}, "
            f"{guests} guests{rooms}) for {booking['guest_name']}. Total {total}. "
            f"Booking reference {booking['reference']}."
        ),
        data={"booking": booking},
    )


@app.tool(
    read_only=True,
    destructive=False,
    open_world=False,
    title="Booking details",
    activity="Looking up the booking…",
    view=None,
)
def get_booking(reference: Reference) -> ToolResult:
    """Look up a booking made with book_hotel by its reference: hotel, dates, guests, total and status."""
    booking = bookings.get(reference)
    if booking is None:
        return ToolResult(
            is_error=True,
            text=f"No booking has the reference {reference!r}. Check the reference (like 'BK-7F3K9Q').",
        )
    return ToolResult(
        text=(
            f"Booking {booking['reference']} ({booking['status']}): {booking['hotel_name']}, "
            f"{booking['city']}, {booking['check_in']} to {booking['check_out']}, "
            f"{booking['guests']} guests, "
            f"total {format_money(booking['total_price'], booking['currency'])}."
        ),
        data={"booking": booking},
    )


@app.tool(
    read_only=False,
    destructive=True,
    open_world=True,
    title="Cancel a booking",
    activity="Cancelling the booking…",
    view=None,
)
def cancel_booking(reference: Reference) -> ToolResult:
    """Cancel a hotel booking by its reference. The reservation is released and cannot be restored.

    Use it only when the person asks to cancel a booking they made.
    """
    booking, changed = bookings.cancel(reference)
    if booking is None:
        return ToolResult(
            is_error=True,
            text=(
                f"No booking has the reference {reference!r}, so nothing was cancelled. Check the reference "
                f"(like 'BK-7F3K9Q') with the person."
            ),
        )
    if not changed:
        return ToolResult(
            is_error=True,
            text=f"Booking {booking['reference']} was already cancelled; nothing changed.",
            data={"booking": booking},
        )
    return ToolResult(
        text=(
            f"Cancelled booking {booking['reference']} at {booking['hotel_name']} "
            f"({booking['check_in']} to {booking['check_out']})."
        ),
        data={"booking": booking},
    )


if __name__ == "__main__":
    app.run()
