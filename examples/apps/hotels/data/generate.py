"""Generate `hotels.json`, the hotel catalogue of the hotels example app.

The cities, countries, currencies, neighbourhoods and coordinates are real; the hotels are invented.
Prices follow each city's cost of living and the hotel's stars, ratings follow stars with noise, and
every value comes from one seeded random generator, so running this script again gives the same file:

    python examples/apps/hotels/data/generate.py
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

SEED = 20260126
OUTPUT = Path(__file__).with_name("hotels.json")

# code, city, country, currency, local units per US dollar, 3-star nightly price in USD, lat, lon,
# hotels to generate, neighbourhoods.
CityRow = tuple[str, str, str, str, float, int, float, float, int, list[str]]

CITIES: list[CityRow] = [
    ("mel", "Melbourne", "Australia", "AUD", 1.5, 125, -37.8136, 144.9631, 16,
     ["CBD", "Southbank", "Fitzroy", "St Kilda", "Richmond", "Carlton", "South Yarra", "Docklands",
      "Collingwood", "Brunswick"]),
    ("syd", "Sydney", "Australia", "AUD", 1.5, 140, -33.8688, 151.2093, 14,
     ["The Rocks", "Darling Harbour", "Surry Hills", "Bondi", "Circular Quay", "Newtown", "Potts Point"]),
    ("bne", "Brisbane", "Australia", "AUD", 1.5, 110, -27.4698, 153.0251, 8,
     ["South Bank", "Fortitude Valley", "CBD", "West End", "Kangaroo Point"]),
    ("per", "Perth", "Australia", "AUD", 1.5, 105, -31.9523, 115.8613, 8,
     ["CBD", "Northbridge", "Fremantle", "Subiaco"]),
    ("akl", "Auckland", "New Zealand", "NZD", 1.65, 110, -36.8485, 174.7633, 8,
     ["Viaduct Harbour", "Ponsonby", "Parnell", "CBD"]),
    ("tyo", "Tokyo", "Japan", "JPY", 150.0, 120, 35.6762, 139.6503, 14,
     ["Shinjuku", "Shibuya", "Ginza", "Asakusa", "Roppongi", "Ueno"]),
    ("kyo", "Kyoto", "Japan", "JPY", 150.0, 115, 35.0116, 135.7681, 10,
     ["Gion", "Higashiyama", "Kyoto Station", "Arashiyama", "Nakagyo"]),
    ("osa", "Osaka", "Japan", "JPY", 150.0, 95, 34.6937, 135.5023, 8,
     ["Namba", "Umeda", "Shinsekai", "Tennoji"]),
    ("sel", "Seoul", "South Korea", "KRW", 1350.0, 100, 37.5665, 126.9780, 10,
     ["Myeongdong", "Gangnam", "Hongdae", "Insadong", "Itaewon"]),
    ("sin", "Singapore", "Singapore", "SGD", 1.35, 170, 1.3521, 103.8198, 10,
     ["Marina Bay", "Orchard", "Chinatown", "Clarke Quay", "Bugis"]),
    ("hkg", "Hong Kong", "China", "HKD", 7.8, 150, 22.3193, 114.1694, 10,
     ["Central", "Tsim Sha Tsui", "Causeway Bay", "Wan Chai", "Mong Kok"]),
    ("bkk", "Bangkok", "Thailand", "THB", 35.0, 55, 13.7563, 100.5018, 12,
     ["Sukhumvit", "Silom", "Riverside", "Siam", "Old Town"]),
    ("han", "Hanoi", "Vietnam", "VND", 25000.0, 40, 21.0278, 105.8342, 8,
     ["Old Quarter", "Hoan Kiem", "Tay Ho", "Ba Dinh"]),
    ("bom", "Mumbai", "India", "INR", 83.0, 70, 19.0760, 72.8777, 8, ["Colaba", "Bandra", "Juhu", "Andheri"]),
    ("dxb", "Dubai", "United Arab Emirates", "AED", 3.67, 150, 25.2048, 55.2708, 10,
     ["Downtown", "Dubai Marina", "Deira", "Jumeirah", "Business Bay"]),
    ("ist", "Istanbul", "Türkiye", "TRY", 32.0, 80, 41.0082, 28.9784, 10,
     ["Sultanahmet", "Beyoğlu", "Karaköy", "Beşiktaş", "Kadıköy"]),
    ("ath", "Athens", "Greece", "EUR", 0.92, 95, 37.9838, 23.7275, 8,
     ["Plaka", "Monastiraki", "Kolonaki", "Syntagma", "Koukaki"]),
    ("rom", "Rome", "Italy", "EUR", 0.92, 140, 41.9028, 12.4964, 12,
     ["Centro Storico", "Trastevere", "Monti", "Prati", "Termini"]),
    ("flr", "Florence", "Italy", "EUR", 0.92, 135, 43.7696, 11.2558, 8,
     ["Duomo", "Oltrarno", "Santa Croce", "Santa Maria Novella"]),
    ("bcn", "Barcelona", "Spain", "EUR", 0.92, 135, 41.3874, 2.1686, 12,
     ["Gothic Quarter", "El Born", "Eixample", "Gràcia", "Barceloneta"]),
    ("mad", "Madrid", "Spain", "EUR", 0.92, 115, 40.4168, -3.7038, 10,
     ["Sol", "Malasaña", "Salamanca", "La Latina", "Chueca"]),
    ("lis", "Lisbon", "Portugal", "EUR", 0.92, 110, 38.7223, -9.1393, 10,
     ["Baixa", "Alfama", "Chiado", "Bairro Alto", "Príncipe Real"]),
    ("par", "Paris", "France", "EUR", 0.92, 175, 48.8566, 2.3522, 14,
     ["Le Marais", "Saint-Germain-des-Prés", "Montmartre", "Latin Quarter", "Opéra", "Bastille"]),
    ("ams", "Amsterdam", "Netherlands", "EUR", 0.92, 165, 52.3676, 4.9041, 10,
     ["Jordaan", "De Pijp", "Canal Ring", "Oud-West", "Centrum"]),
    ("ber", "Berlin", "Germany", "EUR", 0.92, 105, 52.5200, 13.4050, 10,
     ["Mitte", "Kreuzberg", "Prenzlauer Berg", "Friedrichshain", "Charlottenburg"]),
    ("muc", "Munich", "Germany", "EUR", 0.92, 130, 48.1351, 11.5820, 8,
     ["Altstadt", "Schwabing", "Maxvorstadt", "Haidhausen"]),
    ("vie", "Vienna", "Austria", "EUR", 0.92, 115, 48.2082, 16.3738, 8,
     ["Innere Stadt", "Leopoldstadt", "Neubau", "Wieden"]),
    ("prg", "Prague", "Czechia", "CZK", 23.0, 85, 50.0755, 14.4378, 8,
     ["Old Town", "Malá Strana", "Vinohrady", "New Town"]),
    ("cph", "Copenhagen", "Denmark", "DKK", 6.9, 160, 55.6761, 12.5683, 8,
     ["Indre By", "Nyhavn", "Vesterbro", "Nørrebro", "Christianshavn"]),
    ("sto", "Stockholm", "Sweden", "SEK", 10.5, 140, 59.3293, 18.0686, 8,
     ["Gamla Stan", "Södermalm", "Östermalm", "Norrmalm"]),
    ("lon", "London", "United Kingdom", "GBP", 0.79, 180, 51.5072, -0.1276, 16,
     ["Covent Garden", "Shoreditch", "South Bank", "Kensington", "Soho", "King's Cross", "Notting Hill"]),
    ("edi", "Edinburgh", "United Kingdom", "GBP", 0.79, 130, 55.9533, -3.1883, 8,
     ["Old Town", "New Town", "Leith", "Stockbridge"]),
    ("dub", "Dublin", "Ireland", "EUR", 0.92, 150, 53.3498, -6.2603, 8,
     ["Temple Bar", "Ballsbridge", "Smithfield", "St Stephen's Green"]),
    ("rkv", "Reykjavik", "Iceland", "ISK", 138.0, 170, 64.1466, -21.9426, 6,
     ["Miðborg", "Laugavegur", "Vesturbær"]),
    ("nyc", "New York", "United States", "USD", 1.0, 220, 40.7128, -74.0060, 16,
     ["Midtown", "SoHo", "Lower East Side", "Chelsea", "Upper West Side", "Williamsburg"]),
    ("sfo", "San Francisco", "United States", "USD", 1.0, 200, 37.7749, -122.4194, 10,
     ["Union Square", "Mission District", "Nob Hill", "Fisherman's Wharf", "SoMa"]),
    ("lax", "Los Angeles", "United States", "USD", 1.0, 175, 34.0522, -118.2437, 10,
     ["Hollywood", "Santa Monica", "Downtown", "Venice", "West Hollywood"]),
    ("chi", "Chicago", "United States", "USD", 1.0, 160, 41.8781, -87.6298, 8,
     ["The Loop", "River North", "Wicker Park", "Lincoln Park"]),
    ("yyz", "Toronto", "Canada", "CAD", 1.36, 150, 43.6532, -79.3832, 8,
     ["Downtown", "Yorkville", "Distillery District", "Kensington Market", "Queen West"]),
    ("yvr", "Vancouver", "Canada", "CAD", 1.36, 160, 49.2827, -123.1207, 8,
     ["Gastown", "Yaletown", "Kitsilano", "Coal Harbour"]),
    ("mex", "Mexico City", "Mexico", "MXN", 17.0, 80, 19.4326, -99.1332, 10,
     ["Roma Norte", "Condesa", "Polanco", "Centro Histórico", "Coyoacán"]),
    ("bue", "Buenos Aires", "Argentina", "ARS", 900.0, 65, -34.6037, -58.3816, 8,
     ["Palermo", "San Telmo", "Recoleta", "Puerto Madero"]),
    ("rio", "Rio de Janeiro", "Brazil", "BRL", 5.0, 85, -22.9068, -43.1729, 8,
     ["Copacabana", "Ipanema", "Leblon", "Santa Teresa"]),
    ("cpt", "Cape Town", "South Africa", "ZAR", 18.5, 90, -33.9249, 18.4241, 8,
     ["V&A Waterfront", "City Bowl", "Sea Point", "Camps Bay"]),
    ("rak", "Marrakesh", "Morocco", "MAD", 10.0, 75, 31.6295, -7.9811, 8, ["Medina", "Gueliz", "Hivernage"]),
]  # fmt: skip

STAR_PRICE_FACTOR = {2: 0.55, 3: 1.0, 4: 1.6, 5: 2.7}
STAR_WEIGHTS = {2: 0.15, 3: 0.35, 4: 0.35, 5: 0.15}

NAME_ADJECTIVES = [
    "Silver", "Golden", "Blue", "Amber", "Ivory", "Copper", "Olive", "Juniper", "Linden", "Harbour",
    "Saffron", "Indigo", "Cedar", "Willow", "Marble", "Lantern", "Coral", "Sable", "Velvet", "Meridian",
]  # fmt: skip
NAME_NOUNS = [
    "Gate", "Garden", "Courtyard", "Arches", "Terrace", "Quarter", "Heron", "Compass", "Lighthouse",
    "Orchard", "Crown", "Atelier", "Pavilion", "Tower", "Palm", "Fountain", "Library", "Observatory",
]  # fmt: skip
NAME_KINDS = {
    2: ["Hostel", "Inn", "Lodge", "Backpackers", "Rooms"],
    3: ["Hotel", "Inn", "House", "Suites", "Apartments"],
    4: ["Hotel", "Hotel & Spa", "Residences", "House", "Suites"],
    5: ["Grand Hotel", "Palace", "Hotel & Spa", "Residences", "Collection"],
}
CHAINS = ["Larkspur", "Atlas Stay", "Nomad & Co", "Wren House", "Harbourline", "Corvid", "Stillwater"]

AMENITIES_BASE = ["Free Wi-Fi", "24-hour front desk", "Air conditioning", "Non-smoking rooms"]
AMENITIES_OPTIONAL = [
    ("Breakfast included", 0.45), ("Restaurant", 0.5), ("Bar", 0.5), ("Fitness centre", 0.45),
    ("Pool", 0.3), ("Spa", 0.25), ("Parking", 0.4), ("Airport shuttle", 0.2), ("Pet friendly", 0.2),
    ("Family rooms", 0.45), ("Accessible rooms", 0.6), ("Kitchenette", 0.25), ("Laundry", 0.5),
    ("Rooftop terrace", 0.2), ("EV charging", 0.15), ("Bicycle hire", 0.2), ("Concierge", 0.35),
]  # fmt: skip
LUXURY_AMENITIES = {"Spa", "Pool", "Concierge", "Rooftop terrace"}
STYLE_BY_STARS = {
    2: ["no-frills", "sociable", "budget-friendly", "simple"],
    3: ["comfortable", "friendly", "well-located", "modern"],
    4: ["stylish", "boutique", "design-led", "polished"],
    5: ["luxury", "landmark", "elegant", "award-winning"],
}
FEATURES = [
    "rain showers and blackout curtains", "floor-to-ceiling windows", "original period details",
    "locally made furniture", "a quiet courtyard garden", "a rooftop bar with city views",
    "generous work desks and fast Wi-Fi", "a bakery-style breakfast", "soundproofed rooms",
    "a library lounge open around the clock", "an all-day café in the lobby", "a small plunge pool",
]  # fmt: skip
TRANSIT = ["tram stop", "metro station", "train station", "bus interchange", "ferry terminal"]


def _round_price(amount: float, currency: str) -> float:
    """Round a local price the way a hotel would quote it."""
    if currency in {"JPY", "ISK", "INR", "THB", "CZK", "TRY", "ARS", "MXN", "ZAR"}:
        step = 1000 if currency == "ARS" else (100 if currency in {"JPY", "ISK"} else 10)
        return float(max(step, round(amount / step) * step))
    if currency in {"KRW", "VND"}:
        step = 1000 if currency == "KRW" else 10000
        return float(max(step, round(amount / step) * step))
    return float(round(amount))


def _hotel_name(rng: random.Random, stars: int, neighbourhood: str, city: str, taken: set[str]) -> str:
    for _ in range(100):
        pattern = rng.random()
        kind = rng.choice(NAME_KINDS[stars])
        if pattern < 0.3:
            name = f"The {neighbourhood} {kind}"
        elif pattern < 0.75:
            name = f"{rng.choice(NAME_ADJECTIVES)} {rng.choice(NAME_NOUNS)} {kind}"
        else:
            name = f"{rng.choice(CHAINS)} {city} {neighbourhood}"
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError(f"could not find a unique hotel name in {city}")


def _hotel(rng: random.Random, city_row: CityRow, index: int, taken: set[str]) -> dict[str, Any]:
    code, city, country, currency, fx, base_usd, lat, lon, _count, neighbourhoods = city_row
    stars = rng.choices(list(STAR_WEIGHTS), weights=list(STAR_WEIGHTS.values()))[0]
    neighbourhood = rng.choice(neighbourhoods)
    rating = min(9.8, max(5.8, rng.gauss(6.6 + 0.55 * stars, 0.55)))
    review_count = int(math.exp(rng.uniform(math.log(40), math.log(6000))))
    nightly_usd = base_usd * STAR_PRICE_FACTOR[stars] * rng.uniform(0.8, 1.3) * (0.9 + rating / 50)
    amenities = list(AMENITIES_BASE)
    for amenity, probability in AMENITIES_OPTIONAL:
        if stars == 2 and amenity in LUXURY_AMENITIES:
            continue
        if rng.random() < probability * (0.6 + 0.2 * stars) / 1.4:
            amenities.append(amenity)
    name = _hotel_name(rng, stars, neighbourhood, city, taken)
    minutes = rng.randint(2, 12)
    description = (
        f"A {rng.choice(STYLE_BY_STARS[stars])} {stars}-star stay in {neighbourhood}, "
        f"{minutes} minutes' walk from the nearest {rng.choice(TRANSIT)}. "
        f"Expect {rng.choice(FEATURES)}."
    )
    hotel_id = f"htl-{code}-{index:03d}"
    return {
        "id": hotel_id,
        "name": name,
        "city": city,
        "country": country,
        "neighbourhood": neighbourhood,
        "stars": stars,
        "rating": round(rating, 1),
        "review_count": review_count,
        "nightly_price": _round_price(nightly_usd * fx, currency),
        "currency": currency,
        "max_guests_per_room": rng.choice([2, 2, 2, 3, 4]) if stars > 2 else rng.choice([2, 4, 6]),
        "amenities": amenities,
        "latitude": round(lat + rng.uniform(-0.035, 0.035), 5),
        "longitude": round(lon + rng.uniform(-0.045, 0.045), 5),
        "photo_url": f"https://images.example/hotels/{hotel_id}.jpg",
        "description": description,
    }


def generate() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    hotels = []
    for city_row in CITIES:
        taken: set[str] = set()
        hotels.extend(_hotel(rng, city_row, index, taken) for index in range(1, city_row[8] + 1))
    return hotels


def main() -> None:
    hotels = generate()
    OUTPUT.write_text(json.dumps({"hotels": hotels}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(hotels)} hotels in {len(CITIES)} cities to {OUTPUT.name}")


if __name__ == "__main__":
    main()
