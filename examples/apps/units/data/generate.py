"""Generate `cities.json`: each city's IANA time zone and twelve months of climate normals.

The time zones and coordinates are real. The climate normals are generated, not measured: each city has
a handful of hand-set parameters (annual mean temperature, seasonal swing, day–night range, yearly
precipitation and when it peaks), and the monthly figures follow from them with smooth seasonal curves,
astronomical day length for sunshine, and a little seeded noise. They are plausible, not authoritative.

    python examples/apps/units/data/generate.py
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

SEED = 20251125
OUTPUT = Path(__file__).with_name("cities.json")
MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

# name, country, IANA zone, latitude, longitude, annual mean °C, seasonal half-swing °C, day–night range °C,
# yearly precipitation mm, wettest month, precipitation seasonality (0 even – 1 strongly seasonal),
# other names people use.
CITIES: list[tuple[str, str, str, float, float, float, float, float, int, int, float, list[str]]] = [
    ("Melbourne", "Australia", "Australia/Melbourne", -37.81, 144.96, 15.5, 5.0, 10, 650, 10, 0.15, []),
    ("Sydney", "Australia", "Australia/Sydney", -33.87, 151.21, 18.5, 5.0, 8, 1200, 6, 0.3, []),
    ("Brisbane", "Australia", "Australia/Brisbane", -27.47, 153.03, 21.0, 4.5, 10, 1000, 2, 0.5, []),
    ("Perth", "Australia", "Australia/Perth", -31.95, 115.86, 18.5, 5.5, 11, 730, 7, 0.85, []),
    ("Auckland", "New Zealand", "Pacific/Auckland", -36.85, 174.76, 15.5, 4.0, 7, 1150, 7, 0.3, []),
    ("Tokyo", "Japan", "Asia/Tokyo", 35.68, 139.65, 16.0, 10.0, 7, 1530, 9, 0.5, []),
    ("Kyoto", "Japan", "Asia/Tokyo", 35.01, 135.77, 16.0, 11.0, 9, 1520, 6, 0.45, []),
    ("Osaka", "Japan", "Asia/Tokyo", 34.69, 135.50, 17.0, 10.5, 8, 1280, 6, 0.45, []),
    ("Seoul", "South Korea", "Asia/Seoul", 37.57, 126.98, 12.5, 14.0, 8, 1450, 7, 0.9, []),
    ("Beijing", "China", "Asia/Shanghai", 39.90, 116.41, 13.0, 15.0, 10, 570, 7, 1.0, ["Peking"]),
    ("Shanghai", "China", "Asia/Shanghai", 31.23, 121.47, 17.5, 11.0, 7, 1200, 6, 0.55, []),
    ("Hong Kong", "China", "Asia/Hong_Kong", 22.32, 114.17, 23.5, 6.0, 5, 2400, 7, 0.85, ["HK"]),
    ("Singapore", "Singapore", "Asia/Singapore", 1.35, 103.82, 27.5, 0.8, 7, 2300, 12, 0.3, []),
    ("Bangkok", "Thailand", "Asia/Bangkok", 13.76, 100.50, 28.5, 2.0, 9, 1500, 9, 0.85, []),
    ("Hanoi", "Vietnam", "Asia/Ho_Chi_Minh", 21.03, 105.83, 24.0, 6.5, 6, 1650, 8, 0.85, []),
    ("Jakarta", "Indonesia", "Asia/Jakarta", -6.21, 106.85, 27.5, 0.5, 8, 1800, 1, 0.6, []),
    ("Mumbai", "India", "Asia/Kolkata", 19.08, 72.88, 27.5, 2.5, 7, 2200, 7, 1.0, ["Bombay"]),
    ("Delhi", "India", "Asia/Kolkata", 28.61, 77.21, 25.0, 8.5, 12, 800, 8, 0.95, ["New Delhi"]),
    ("Dubai", "United Arab Emirates", "Asia/Dubai", 25.20, 55.27, 28.0, 7.0, 10, 90, 2, 0.7, []),
    ("Istanbul", "Türkiye", "Europe/Istanbul", 41.01, 28.98, 15.0, 9.0, 7, 820, 12, 0.5, []),
    ("Athens", "Greece", "Europe/Athens", 37.98, 23.73, 19.0, 8.5, 9, 400, 12, 0.85, []),
    ("Cairo", "Egypt", "Africa/Cairo", 30.04, 31.24, 22.5, 7.0, 11, 20, 1, 0.6, []),
    ("Nairobi", "Kenya", "Africa/Nairobi", -1.29, 36.82, 18.0, 1.5, 11, 870, 4, 0.7, []),
    ("Cape Town", "South Africa", "Africa/Johannesburg", -33.92, 18.42, 17.0, 4.0, 9, 520, 6, 0.9, []),
    ("Marrakesh", "Morocco", "Africa/Casablanca", 31.63, -7.98, 20.0, 8.0, 14, 250, 12, 0.7, ["Marrakech"]),
    ("Rome", "Italy", "Europe/Rome", 41.90, 12.50, 16.0, 8.5, 11, 800, 11, 0.6, []),
    ("Florence", "Italy", "Europe/Rome", 43.77, 11.26, 15.0, 9.5, 12, 900, 11, 0.4, ["Firenze"]),
    ("Barcelona", "Spain", "Europe/Madrid", 41.39, 2.17, 17.0, 7.0, 7, 600, 10, 0.5, []),
    ("Madrid", "Spain", "Europe/Madrid", 40.42, -3.70, 15.0, 9.5, 13, 420, 11, 0.6, []),
    ("Lisbon", "Portugal", "Europe/Lisbon", 38.72, -9.14, 17.5, 5.5, 8, 770, 12, 0.85, ["Lisboa"]),
    ("Paris", "France", "Europe/Paris", 48.86, 2.35, 12.5, 7.5, 8, 640, 5, 0.1, []),
    ("Amsterdam", "Netherlands", "Europe/Amsterdam", 52.37, 4.90, 10.5, 6.5, 7, 840, 10, 0.2, []),
    ("Berlin", "Germany", "Europe/Berlin", 52.52, 13.40, 10.0, 9.5, 8, 590, 7, 0.3, []),
    ("Munich", "Germany", "Europe/Berlin", 48.14, 11.58, 9.0, 9.5, 9, 960, 7, 0.5, ["München"]),
    ("Vienna", "Austria", "Europe/Vienna", 48.21, 16.37, 11.0, 10.0, 8, 650, 7, 0.4, ["Wien"]),
    ("Prague", "Czechia", "Europe/Prague", 50.08, 14.44, 9.5, 9.5, 8, 500, 7, 0.5, ["Praha"]),
    ("Copenhagen", "Denmark", "Europe/Copenhagen", 55.68, 12.57, 9.0, 8.0, 6, 610, 8, 0.25, []),
    ("Stockholm", "Sweden", "Europe/Stockholm", 59.33, 18.07, 7.5, 10.0, 6, 540, 7, 0.35, []),
    ("Moscow", "Russia", "Europe/Moscow", 55.76, 37.62, 6.0, 13.0, 7, 700, 7, 0.4, []),
    ("London", "United Kingdom", "Europe/London", 51.51, -0.13, 11.5, 6.5, 7.5, 600, 10, 0.15, []),
    ("Edinburgh", "United Kingdom", "Europe/London", 55.95, -3.19, 9.0, 5.5, 7, 700, 10, 0.15, []),
    ("Dublin", "Ireland", "Europe/Dublin", 53.35, -6.26, 10.0, 5.0, 7, 760, 12, 0.1, []),
    ("Reykjavik", "Iceland", "Atlantic/Reykjavik", 64.15, -21.94, 5.0, 5.5, 5, 860, 10, 0.35, []),
    ("New York", "United States", "America/New_York", 40.71, -74.01, 13.0, 11.5, 8.5, 1250, 7, 0.1,
     ["NYC", "New York City"]),
    ("Chicago", "United States", "America/Chicago", 41.88, -87.63, 10.5, 13.0, 9, 950, 6, 0.4, []),
    ("Denver", "United States", "America/Denver", 39.74, -104.99, 10.5, 11.5, 15, 400, 5, 0.5, []),
    ("Los Angeles", "United States", "America/Los_Angeles", 34.05, -118.24, 18.5, 4.5, 10, 380, 2, 1.0,
     ["LA"]),
    ("San Francisco", "United States", "America/Los_Angeles", 37.77, -122.42, 14.5, 3.0, 8, 600, 1, 1.0,
     ["SF"]),
    ("Anchorage", "United States", "America/Anchorage", 61.22, -149.90, 3.0, 11.0, 8, 420, 8, 0.6, []),
    ("Honolulu", "United States", "Pacific/Honolulu", 21.31, -157.86, 25.5, 2.0, 7, 450, 12, 0.7, []),
    ("Toronto", "Canada", "America/Toronto", 43.65, -79.38, 9.0, 12.5, 8.5, 830, 7, 0.1, []),
    ("Vancouver", "Canada", "America/Vancouver", 49.28, -123.12, 11.0, 6.5, 7, 1190, 11, 0.8, []),
    ("Mexico City", "Mexico", "America/Mexico_City", 19.43, -99.13, 17.0, 2.5, 14, 820, 7, 1.0, ["CDMX"]),
    ("Lima", "Peru", "America/Lima", -12.05, -77.04, 19.5, 3.0, 6, 10, 2, 0.5, []),
    ("Buenos Aires", "Argentina", "America/Argentina/Buenos_Aires", -34.60, -58.38, 18.0, 6.0, 9, 1240, 3,
     0.35, []),
    ("Rio de Janeiro", "Brazil", "America/Sao_Paulo", -22.91, -43.17, 24.0, 3.0, 7, 1200, 1, 0.5, ["Rio"]),
    ("São Paulo", "Brazil", "America/Sao_Paulo", -23.55, -46.63, 20.5, 3.5, 9, 1450, 1, 0.7, []),
]  # fmt: skip


def _day_length_hours(latitude: float, day_of_year: int) -> float:
    """Hours from sunrise to sunset at a latitude (a standard astronomical approximation)."""
    declination = math.radians(23.44) * math.sin(2 * math.pi * (284 + day_of_year) / 365)
    x = -math.tan(math.radians(latitude)) * math.tan(declination)
    return 24 * math.acos(min(1.0, max(-1.0, x))) / math.pi


def _normals(rng: random.Random, row: tuple[Any, ...]) -> list[dict[str, Any]]:
    _, _, _, lat, _, mean, swing, diurnal, precip, wettest, seasonality, _ = row
    warmest = 7 if lat >= 0 else 1
    weights = [1 + seasonality * math.cos(2 * math.pi * (m - wettest) / 12) for m in range(1, 13)]
    months = []
    for month in range(1, 13):
        # Temperatures lag the sun by about half a month.
        temperature = mean + swing * math.cos(2 * math.pi * (month - warmest - 0.3) / 12) + rng.gauss(0, 0.3)
        rainfall = precip * weights[month - 1] / sum(weights) * rng.uniform(0.9, 1.1)
        rainy_days = min(
            MONTH_DAYS[month - 1] - 2, round(rainfall / (4 + precip / 250) * rng.uniform(0.85, 1.15))
        )
        day_of_year = sum(MONTH_DAYS[: month - 1]) + 15
        clear = min(0.85, max(0.2, 0.78 - 0.03 * rainy_days))
        sunshine = _day_length_hours(lat, day_of_year) * MONTH_DAYS[month - 1] * clear
        months.append(
            {
                "month": month,
                "mean_high_c": round(temperature + diurnal / 2, 1),
                "mean_low_c": round(temperature - diurnal / 2, 1),
                "precipitation_mm": round(rainfall),
                "rainy_days": max(0, rainy_days),
                "sunshine_hours": round(sunshine),
            }
        )
    return months


def generate() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    return [
        {
            "name": row[0],
            "country": row[1],
            "timezone": row[2],
            "latitude": row[3],
            "longitude": row[4],
            "aliases": row[11],
            "normals": _normals(rng, row),
        }
        for row in CITIES
    ]


def main() -> None:
    cities = generate()
    OUTPUT.write_text(json.dumps({"cities": cities}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote time zones and climate normals for {len(cities)} cities to {OUTPUT.name}")


if __name__ == "__main__":
    main()
