"""Generate `products.json`, the catalogue of the shop example app.

Brands and product lines are invented. Sizes, weights and prices stay in the ranges real travel goods
have; `carry_on_compliant` follows a common cabin-bag limit (55 × 40 × 23 cm) for bags, and the 100 Wh
cabin limit for power banks. One seeded random generator makes every value, so running this script
again gives the same file:

    python examples/apps/shop/data/generate.py
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEED = 20260417
OUTPUT = Path(__file__).with_name("products.json")
CABIN_LIMIT_CM = (55, 40, 23)
CABIN_LIMIT_WH = 100

BRANDS = {
    "luggage": ["Kestrel", "Northwind", "Halden", "Voyagr", "Arlo & Finch", "Tamarind"],
    "bags": ["Halden", "Fernweh", "Kestrel", "Drift Supply", "Arlo & Finch", "Tamarind"],
    "accessories": ["Voyagr", "Packwell", "Northwind", "Fernweh", "Drift Supply"],
    "electronics": ["Mistral Audio", "Volt & Co", "Pagewell", "Lumen Labs", "Northwind"],
}
DEPARTMENTS = {
    "luggage": "luggage",
    "bags": "bags",
    "accessories": "travel accessories",
    "electronics": "electronics",
}
LINES = ["Aero", "Transit", "Summit", "Metro", "Nomad", "Horizon", "Atlas", "Pico", "Terra", "Vela", "Orbit"]
COLOURS = ["black", "graphite", "navy", "olive", "sand", "forest green", "burgundy", "sky blue", "silver"]


def _cm(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high) * 2) / 2


def _fits_cabin(dimensions: list[float]) -> bool:
    return all(d <= limit for d, limit in zip(sorted(dimensions, reverse=True), CABIN_LIMIT_CM, strict=True))


def _price(rng: random.Random, low: int, high: int) -> float:
    return round(rng.uniform(low, high)) - 0.01


def _carry_on(rng: random.Random, line: str) -> dict[str, Any]:
    height, width, depth = _cm(rng, 50, 56), _cm(rng, 35, 40.5), _cm(rng, 20, 24)
    shell = rng.choice(["hard-shell polycarbonate", "soft-shell ballistic nylon", "aluminium"])
    extra = rng.choice(["an expandable zip", "a laptop pocket", "a USB charging port", "compression straps"])
    return {
        "title": f"{line} {int(height)} Carry-On Spinner",
        "dimensions_cm": [height, width, depth],
        "weight_kg": round(rng.uniform(2.0, 3.9) + (0.8 if shell == "aluminium" else 0), 1),
        "price": _price(rng, 130, 480) + (150 if shell == "aluminium" else 0),
        "capacity_l": round(height * width * depth / 1000 * 0.85),
        "description": f"A {shell} cabin case on four spinner wheels with a TSA-approved lock and {extra}.",
    }


def _checked(rng: random.Random, line: str) -> dict[str, Any]:
    height, width, depth = _cm(rng, 64, 81), _cm(rng, 42, 55), _cm(rng, 26, 34)
    size = "Medium" if height < 72 else "Large"
    shell = rng.choice(["hard-shell", "soft-shell"])
    extra = rng.choice(["a 360° wheel set", "an expansion zip adding 15% space", "a built-in luggage scale"])
    return {
        "title": f"{line} {size} Check-In Spinner {int(height)}",
        "dimensions_cm": [height, width, depth],
        "weight_kg": round(rng.uniform(3.4, 5.6), 1),
        "price": _price(rng, 160, 620),
        "capacity_l": round(height * width * depth / 1000 * 0.85),
        "description": f"A {shell} suitcase for longer trips, with {extra}.",
    }


def _backpack(rng: random.Random, line: str) -> dict[str, Any]:
    litres = rng.choice([18, 20, 24, 28, 30, 35, 40, 45])
    height = _cm(rng, 42, 50) + (5 if litres >= 40 else 0)
    dims = [height, _cm(rng, 28, 34), _cm(rng, 14, 22) + (3 if litres >= 35 else 0)]
    sleeve = rng.choice(["14", "15", "16"])
    extra = rng.choice(["a clamshell opening", "a hidden passport pocket", "a luggage pass-through"])
    return {
        "title": f"{line} {litres}L Travel Backpack",
        "dimensions_cm": dims,
        "weight_kg": round(rng.uniform(0.6, 1.9), 1),
        "price": _price(rng, 60, 290),
        "capacity_l": litres,
        "description": f"A {litres}-litre backpack with a padded {sleeve}-inch laptop sleeve and {extra}.",
    }


def _duffel(rng: random.Random, line: str) -> dict[str, Any]:
    litres = rng.choice([30, 35, 40, 45, 55, 65, 70])
    return {
        "title": f"{line} {litres}L Duffel",
        "dimensions_cm": [_cm(rng, 48, 66), _cm(rng, 27, 35), _cm(rng, 20, 32)],
        "weight_kg": round(rng.uniform(0.7, 1.6), 1),
        "price": _price(rng, 50, 210),
        "capacity_l": litres,
        "description": f"A water-resistant duffel with backpack straps and "
        f"{rng.choice(['a shoe compartment', 'a wet pocket', 'lockable zips'])}; packs flat when empty.",
    }


ACCESSORIES = [
    ("Packing Cube Set (4)", (20, 60), (0.2, 0.5), "Four zipped cubes in graded sizes with mesh tops."),
    ("Compression Packing Cubes (3)", (30, 70), (0.3, 0.6), "A second zip squeezes clothes to half size."),
    ("Memory Foam Neck Pillow", (20, 55), (0.2, 0.4), "A contoured pillow that clips onto a bag strap."),
    ("TSA Combination Lock (2-pack)", (12, 30), (0.1, 0.2), "Locks that airport security can open."),
    ("Hanging Toiletry Bag", (18, 55), (0.2, 0.5), "A hook and clear pockets for liquids under 100 ml."),
    ("RFID Passport Wallet", (15, 60), (0.1, 0.2), "Holds a passport, cards and boarding passes."),
    ("Digital Luggage Scale", (12, 35), (0.1, 0.2), "Weighs bags up to 50 kg before you leave."),
    ("Contoured Sleep Mask", (10, 40), (0.05, 0.1), "Blocks light without pressing on the eyes."),
    ("Compression Travel Socks", (15, 35), (0.05, 0.1), "Graduated compression for long flights."),
    ("Quick-Dry Travel Towel", (15, 45), (0.2, 0.4), "Microfibre towel that dries in an hour."),
]
ELECTRONICS = [
    ("Noise-Cancelling Headphones", "headphones", (90, 420), (0.22, 0.32)),
    ("Wireless Earbuds", "headphones", (40, 260), (0.04, 0.07)),
    ("Power Bank", "power banks", (25, 140), (0.15, 0.65)),
    ("GaN Travel Charger", "chargers & adapters", (30, 110), (0.1, 0.25)),
    ("Universal Travel Adapter", "chargers & adapters", (20, 60), (0.1, 0.2)),
    ("E-Reader", "e-readers", (100, 340), (0.17, 0.25)),
]


def _accessory(rng: random.Random, line: str) -> dict[str, Any]:
    name, (low, high), (light, heavy), blurb = rng.choice(ACCESSORIES)
    return {
        "title": f"{line} {name}",
        "dimensions_cm": [_cm(rng, 10, 35), _cm(rng, 8, 25), _cm(rng, 2, 10)],
        "weight_kg": round(rng.uniform(light, heavy), 2),
        "price": _price(rng, low, high),
        "description": blurb,
    }


def _electronic(rng: random.Random, line: str) -> dict[str, Any]:
    name, category, (low, high), (light, heavy) = rng.choice(ELECTRONICS)
    product: dict[str, Any] = {
        "category": category,
        "dimensions_cm": [_cm(rng, 6, 20), _cm(rng, 5, 18), _cm(rng, 1.5, 8)],
        "weight_kg": round(rng.uniform(light, heavy), 2),
        "price": _price(rng, low, high),
    }
    if category == "power banks":
        mah = rng.choice([5000, 10000, 10000, 20000, 20000, 26800, 30000])
        watt_hours = round(mah * 3.7 / 1000, 1)
        product |= {
            "price": round((12 + mah / 1000 * 3.2) * rng.uniform(0.8, 1.4)) - 0.01,
            "title": f"{line} {mah // 1000}K Power Bank",
            "capacity_mah": mah,
            "watt_hours": watt_hours,
            "description": f"{mah:,} mAh ({watt_hours} Wh) with USB-C fast charging; "
            + (
                "within the usual 100 Wh cabin limit."
                if watt_hours <= CABIN_LIMIT_WH
                else "needs airline approval."
            ),
        }
    elif category == "headphones":
        hours = rng.choice([6, 8, 10, 24, 30, 40])
        product |= {
            "title": f"{line} {name}",
            "battery_hours": hours,
            "description": f"{name} with {hours} hours of battery and a travel case.",
        }
    elif category == "e-readers":
        inches = rng.choice([6, 6.8, 7])
        product |= {
            "title": f"{line} {inches}-inch {name}",
            "description": f"A glare-free {inches}-inch screen, weeks of battery, waterproof to IPX8.",
        }
    else:
        watts = rng.choice([30, 45, 65, 100])
        product |= {
            "title": f"{line} {watts}W {name}" if "Charger" in name else f"{line} {name}",
            "description": f"Works in 150+ countries; {watts} W across USB-C and USB-A ports.",
        }
    return product


# category, brand family, how many, builder
PLAN: list[tuple[str, str, int, Callable[[random.Random, str], dict[str, Any]]]] = [
    ("carry-on luggage", "luggage", 45, _carry_on),
    ("checked luggage", "luggage", 30, _checked),
    ("backpacks", "bags", 40, _backpack),
    ("duffel bags", "bags", 20, _duffel),
    ("travel accessories", "accessories", 55, _accessory),
    ("electronics", "electronics", 60, _electronic),
]


def generate() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    products: list[dict[str, Any]] = []
    for category, family, count, build in PLAN:
        for _ in range(count):
            brand = rng.choice(BRANDS[family])
            product = {"category": category} | build(rng, rng.choice(LINES))
            colour = rng.choice(COLOURS)
            dims = product["dimensions_cm"]
            if category in {"carry-on luggage", "checked luggage", "backpacks", "duffel bags"}:
                compliant = _fits_cabin(dims)
            else:
                compliant = product.get("watt_hours", 0) <= CABIN_LIMIT_WH
            product_id = f"prd-{len(products) + 1:04d}"
            products.append(
                {
                    "id": product_id,
                    "title": f"{brand} {product.pop('title')} — {colour.title()}",
                    "brand": brand,
                    "category": product.pop("category"),
                    "department": DEPARTMENTS[family],
                    "price": round(product.pop("price"), 2),
                    "currency": "USD",
                    "dimensions_cm": dims,
                    "weight_kg": product.pop("weight_kg"),
                    "carry_on_compliant": compliant,
                    "colour": colour,
                    "rating": round(min(5.0, max(2.8, rng.gauss(4.3, 0.35))), 1),
                    "review_count": int(rng.expovariate(1 / 300)) + 3,
                    "stock": 0 if rng.random() < 0.08 else rng.randint(1, 140),
                    "image_url": f"https://images.example/shop/{product_id}.jpg",
                    **{key: value for key, value in product.items() if key != "dimensions_cm"},
                }
            )
    return products


def main() -> None:
    products = generate()
    OUTPUT.write_text(
        json.dumps({"products": products}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(products)} products to {OUTPUT.name}")


if __name__ == "__main__":
    main()
