"""The hotel catalogue and the bookings of the hotels example app.

The catalogue is the generated, read-only `data/hotels.json`; bookings are the app's own state, one
JSON document in its data folder (see `examples.apps.storage`). Prices are per room and night, in the
city's local currency; a party larger than a room's capacity takes several rooms.
"""

from __future__ import annotations

import difflib
import math
import secrets
import statistics
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from examples.apps.storage import JsonDocument, load_bundled

SortOrder = Literal["recommended", "price", "rating"]

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: references are read aloud


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, so 'reykjavík' finds 'Reykjavik'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@dataclass(frozen=True)
class Quote:
    """The price of one stay at one hotel."""

    check_in: date
    check_out: date
    nights: int
    guests: int
    rooms: int
    total_price: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "check_in": self.check_in.isoformat(),
            "check_out": self.check_out.isoformat(),
            "nights": self.nights,
            "guests": self.guests,
            "rooms": self.rooms,
            "total_price": self.total_price,
        }


class Catalog:
    """Read access to the generated hotels."""

    def __init__(self, hotels: list[dict[str, Any]]) -> None:
        self._by_id = {hotel["id"]: hotel for hotel in hotels}
        self._by_city: dict[str, list[dict[str, Any]]] = {}
        for hotel in hotels:
            self._by_city.setdefault(hotel["city"], []).append(hotel)
        self._city_keys = {_fold(city): city for city in self._by_city}
        self._median_price = {
            city: statistics.median(hotel["nightly_price"] for hotel in found)
            for city, found in self._by_city.items()
        }

    @classmethod
    def bundled(cls) -> Catalog:
        return cls(load_bundled(__file__, "hotels.json")["hotels"])

    @property
    def cities(self) -> list[str]:
        return sorted(self._by_city)

    def find_city(self, name: str) -> str | None:
        """The catalogue's spelling of a city name, ignoring case and accents; None if not covered."""
        key = _fold(name)
        return self._city_keys.get(key) or self._city_keys.get(key.removesuffix(" city"))

    def similar_cities(self, name: str) -> list[str]:
        keys = difflib.get_close_matches(_fold(name), list(self._city_keys), n=3, cutoff=0.6)
        return [self._city_keys[key] for key in keys]

    def get(self, hotel_id: str) -> dict[str, Any] | None:
        return self._by_id.get(hotel_id.strip().lower())

    def search(
        self,
        city: str,
        *,
        guests: int,
        max_price: float | None,
        min_rating: float | None,
        sort: SortOrder,
        min_stars: int | None = None,
    ) -> list[dict[str, Any]]:
        """Hotels of a (canonical) city that pass the filters, best first for the chosen order."""
        found = [
            hotel
            for hotel in self._by_city.get(city, [])
            if (max_price is None or hotel["nightly_price"] <= max_price)
            and (min_rating is None or hotel["rating"] >= min_rating)
            and (min_stars is None or hotel["stars"] >= min_stars)
        ]
        if sort == "price":
            found.sort(key=lambda h: (h["nightly_price"], -h["rating"]))
        elif sort == "rating":
            found.sort(key=lambda h: (-h["rating"], -h["review_count"]))
        else:
            median = self._median_price[city]
            found.sort(key=lambda h: -self._recommended_score(h, median, guests))
        return found

    @staticmethod
    def _recommended_score(hotel: dict[str, Any], median_price: float, guests: int) -> float:
        # Good reviews from many people count most; a price far above the city's median costs a little,
        # and needing extra rooms for the party costs a little more.
        rooms = math.ceil(guests / hotel["max_guests_per_room"])
        return (
            hotel["rating"]
            + 0.4 * math.log10(hotel["review_count"] + 1)
            - 0.8 * (hotel["nightly_price"] / median_price)
            - 0.5 * (rooms - 1)
        )


def quote(hotel: dict[str, Any], check_in: date, nights: int, guests: int) -> Quote:
    rooms = math.ceil(guests / hotel["max_guests_per_room"])
    return Quote(
        check_in=check_in,
        check_out=check_in + timedelta(days=nights),
        nights=nights,
        guests=guests,
        rooms=rooms,
        total_price=round(hotel["nightly_price"] * nights * rooms, 2),
    )


def format_money(amount: float, currency: str) -> str:
    return f"{currency} {amount:,.0f}" if amount == int(amount) else f"{currency} {amount:,.2f}"


class Bookings:
    """Bookings made through the app, persisted in `bookings.json` of its data folder."""

    def __init__(self) -> None:
        self._document = JsonDocument("hotels", "bookings.json", lambda: {"bookings": {}})

    def create(self, hotel: dict[str, Any], stay: Quote, guest_name: str) -> dict[str, Any]:
        with self._document.update() as document:
            bookings: dict[str, Any] = document["bookings"]
            reference = _new_reference(set(bookings))
            booking = {
                "reference": reference,
                "status": "confirmed",
                "hotel_id": hotel["id"],
                "hotel_name": hotel["name"],
                "city": hotel["city"],
                "guest_name": guest_name,
                **stay.as_dict(),
                "currency": hotel["currency"],
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            bookings[reference] = booking
        return booking

    def get(self, reference: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self._document.read()["bookings"].get(normalise_reference(reference))
        return found

    def cancel(self, reference: str) -> tuple[dict[str, Any] | None, bool]:
        """Cancel a booking; returns it (None if unknown) and whether this call changed it."""
        with self._document.update() as document:
            booking: dict[str, Any] | None = document["bookings"].get(normalise_reference(reference))
            if booking is None or booking["status"] == "cancelled":
                return booking, False
            booking["status"] = "cancelled"
            booking["cancelled_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        return booking, True


def normalise_reference(reference: str) -> str:
    cleaned = reference.strip().upper().replace(" ", "")
    return cleaned if cleaned.startswith("BK-") else f"BK-{cleaned.removeprefix('BK')}"


def _new_reference(taken: set[str]) -> str:
    while True:
        reference = "BK-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
        if reference not in taken:
            return reference
