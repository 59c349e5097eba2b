"""Unit conversion for the units example app: length, mass, volume, speed and temperature.

Every linear unit is a factor to its dimension's SI base unit (metre, kilogram, cubic metre, metre per
second), using the exact international definitions (1 in = 0.0254 m, 1 lb = 0.45359237 kg, US liquid
gallon = 231 in³, imperial gallon = 4.54609 l). Temperature is affine, so it converts through kelvin.
Unit names are matched loosely: symbols, singular and plural names, and common spellings.
"""

from __future__ import annotations

from dataclasses import dataclass

_INCH = 0.0254
_FOOT = 12 * _INCH
_MILE = 5280 * _FOOT
_POUND = 0.45359237
_US_GALLON = 231 * _INCH**3
_IMPERIAL_GALLON = 4.54609e-3


@dataclass(frozen=True)
class Unit:
    symbol: str
    name: str
    dimension: str
    factor: float = 1.0  # SI base units per one of this unit (unused for temperature)


_UNITS: list[tuple[Unit, tuple[str, ...]]] = [
    # length (metre)
    (Unit("mm", "millimetre", "length", 1e-3), ("millimeter",)),
    (Unit("cm", "centimetre", "length", 1e-2), ("centimeter",)),
    (Unit("m", "metre", "length"), ("meter",)),
    (Unit("km", "kilometre", "length", 1e3), ("kilometer", "kms")),
    (Unit("in", "inch", "length", _INCH), ("inches", '"')),
    (Unit("ft", "foot", "length", _FOOT), ("feet", "'")),
    (Unit("yd", "yard", "length", 3 * _FOOT), ()),
    (Unit("mi", "mile", "length", _MILE), ()),
    (Unit("nmi", "nautical mile", "length", 1852.0), ()),
    # mass (kilogram)
    (Unit("mg", "milligram", "mass", 1e-6), ()),
    (Unit("g", "gram", "mass", 1e-3), ("gramme",)),
    (Unit("kg", "kilogram", "mass"), ("kilo", "kilos", "kgs")),
    (Unit("t", "tonne", "mass", 1e3), ("metric ton",)),
    (Unit("oz", "ounce", "mass", _POUND / 16), ()),
    (Unit("lb", "pound", "mass", _POUND), ("lbs",)),
    (Unit("st", "stone", "mass", 14 * _POUND), ("stones",)),
    # volume (cubic metre)
    (Unit("ml", "millilitre", "volume", 1e-6), ("milliliter", "cc")),
    (Unit("l", "litre", "volume", 1e-3), ("liter",)),
    (Unit("m3", "cubic metre", "volume"), ("cubic meter", "m³")),
    (Unit("tsp", "teaspoon", "volume", _US_GALLON / 768), ()),
    (Unit("tbsp", "tablespoon", "volume", _US_GALLON / 256), ()),
    (Unit("fl oz", "US fluid ounce", "volume", _US_GALLON / 128), ("fluid ounce", "floz")),
    (Unit("cup", "US cup", "volume", _US_GALLON / 16), ()),
    (Unit("pt", "US pint", "volume", _US_GALLON / 8), ("pint",)),
    (Unit("qt", "US quart", "volume", _US_GALLON / 4), ("quart",)),
    (Unit("gal", "US gallon", "volume", _US_GALLON), ("gallon",)),
    (Unit("imp gal", "imperial gallon", "volume", _IMPERIAL_GALLON), ("uk gallon",)),
    # speed (metre per second)
    (Unit("m/s", "metre per second", "speed"), ("meter per second", "mps")),
    (Unit("km/h", "kilometre per hour", "speed", 1000 / 3600), ("kph", "kmh", "kilometer per hour")),
    (Unit("mph", "mile per hour", "speed", _MILE / 3600), ("miles per hour",)),
    (Unit("kn", "knot", "speed", 1852 / 3600), ("kt", "knots")),
    (Unit("ft/s", "foot per second", "speed", _FOOT), ("fps", "feet per second")),
    # temperature (kelvin; converted by formula, not factor)
    (Unit("°C", "degree Celsius", "temperature"), ("c", "celsius", "centigrade", "degc", "degrees celsius")),
    (Unit("°F", "degree Fahrenheit", "temperature"), ("f", "fahrenheit", "degf", "degrees fahrenheit")),
    (Unit("K", "kelvin", "temperature"), ("k", "kelvins")),
]


def _key(text: str) -> str:
    return " ".join(text.replace("°", "").replace("degree ", "degrees ").casefold().split())


def _build_lookup() -> dict[str, Unit]:
    lookup: dict[str, Unit] = {}
    for unit, aliases in _UNITS:
        names = {unit.symbol, unit.name, unit.name + "s", *aliases}
        names.add(unit.name.removeprefix("US "))
        if " per " in unit.name:
            head, _, tail = unit.name.partition(" per ")
            names.add(f"{head}s per {tail}")
        names |= {name + "s" for name in list(names) if len(name) > 2 and name[-1].isalpha()}
        for name in names:
            lookup[_key(name)] = unit
    return lookup


_LOOKUP = _build_lookup()
DIMENSIONS = ("length", "mass", "volume", "speed", "temperature")


class ConversionError(ValueError):
    """A conversion that cannot be done; the message says why and what would work."""


def find_unit(name: str) -> Unit:
    unit = _LOOKUP.get(_key(name))
    if unit is None:
        raise ConversionError(f"Unknown unit {name!r}. Known units: {known_units()}.")
    return unit


def known_units() -> str:
    by_dimension = {
        dimension: ", ".join(unit.symbol for unit, _ in _UNITS if unit.dimension == dimension)
        for dimension in DIMENSIONS
    }
    return "; ".join(f"{dimension}: {symbols}" for dimension, symbols in by_dimension.items())


def _to_kelvin(value: float, unit: Unit) -> float:
    if unit.symbol == "°C":
        return value + 273.15
    if unit.symbol == "°F":
        return (value - 32) * 5 / 9 + 273.15
    return value


def _from_kelvin(kelvin: float, unit: Unit) -> float:
    if unit.symbol == "°C":
        return kelvin - 273.15
    if unit.symbol == "°F":
        return (kelvin - 273.15) * 9 / 5 + 32
    return kelvin


def convert(value: float, source: Unit, target: Unit) -> float:
    if source.dimension != target.dimension:
        raise ConversionError(
            f"Cannot convert {source.name}s ({source.dimension}) to {target.name}s ({target.dimension}): "
            f"both units must measure the same thing. {target.dimension.capitalize()} units: "
            f"{', '.join(u.symbol for u, _ in _UNITS if u.dimension == target.dimension)}."
        )
    if source.dimension == "temperature":
        kelvin = _to_kelvin(value, source)
        if kelvin < 0:
            raise ConversionError(
                f"{value:g} {source.symbol} is below absolute zero, so it is not a temperature."
            )
        return _from_kelvin(kelvin, target)
    return value * source.factor / target.factor


def format_number(value: float) -> str:
    """A readable rendering: up to 6 significant digits, no trailing zeros, thousands separators."""
    if value == 0:
        return "0"
    if abs(value) >= 1e15 or abs(value) < 1e-6:
        return f"{value:.6g}"
    text = f"{value:,.{max(0, 6 - len(str(int(abs(value)))))}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
