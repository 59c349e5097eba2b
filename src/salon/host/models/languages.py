"""Languages named in a request, read as the options a language property offers: "in Chinese" for `zh-CN`.

A language property offers codes (`en`, `zh-CN`, `EN`, ISO 639-1 or BCP 47 tags) or names (`English`,
`Mandarin`), while people name the language in words. Both sides are brought to one ISO 639-1 code:
a request's language name ("Chinese", "Mandarin", "Japanese") by a small table of the common
languages, an option by its primary subtag (`zh` of `zh-CN`), by the same table when it is a name, or
by the country code apps often use in its place (`jp` for Japanese, `cn` for Chinese). The option
whose code is the request's is the one meant; a request naming no language, or a language none of
the options is, gives nothing.

Only properties about a language are read this way (`language`, `lang`, `subtitle_language`,
`tgt_lang`...): "Spanish" is a cuisine for a restaurant's `category`. A source language (`src_lang`)
is the one named after "from", a target (`tgt_lang`) the one after "to", "into" or "in".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from salon.host.models.understanding import Span, tokenize

_LANGUAGES: dict[str, str] = {
    "arabic": "ar",
    "bengali": "bn",
    "bangla": "bn",
    "bulgarian": "bg",
    "cantonese": "zh",
    "catalan": "ca",
    "chinese": "zh",
    "mandarin": "zh",
    "croatian": "hr",
    "czech": "cs",
    "danish": "da",
    "dutch": "nl",
    "english": "en",
    "estonian": "et",
    "farsi": "fa",
    "persian": "fa",
    "filipino": "tl",
    "tagalog": "tl",
    "finnish": "fi",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "gujarati": "gu",
    "hebrew": "he",
    "hindi": "hi",
    "hungarian": "hu",
    "icelandic": "is",
    "indonesian": "id",
    "irish": "ga",
    "italian": "it",
    "japanese": "ja",
    "kannada": "kn",
    "korean": "ko",
    "latvian": "lv",
    "lithuanian": "lt",
    "malay": "ms",
    "malayalam": "ml",
    "marathi": "mr",
    "nepali": "ne",
    "norwegian": "no",
    "polish": "pl",
    "portuguese": "pt",
    "punjabi": "pa",
    "romanian": "ro",
    "russian": "ru",
    "serbian": "sr",
    "slovak": "sk",
    "slovenian": "sl",
    "spanish": "es",
    "swahili": "sw",
    "swedish": "sv",
    "tamil": "ta",
    "telugu": "te",
    "thai": "th",
    "turkish": "tr",
    "ukrainian": "uk",
    "urdu": "ur",
    "vietnamese": "vi",
    "welsh": "cy",
}
"""Language names → ISO 639-1 codes."""

_COUNTRY_FOR_LANGUAGE: dict[str, str] = {
    "jp": "ja",
    "cn": "zh",
    "kr": "ko",
    "dk": "da",
    "gr": "el",
    "se": "sv",
    "cz": "cs",
    "ua": "uk",
    "il": "he",
}
"""Country codes apps write where the language's code belongs (`jp` for Japanese)."""

_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,4})*$")
_WORD = re.compile(r"[A-Za-z]+")


def is_language_property(name: str) -> bool:
    """Whether the property `name` holds a language (`language`, `tgt_lang`, `locale`)."""
    return any(w in ("language", "lang", "languages", "locale") for w in tokenize(name))


def _direction(name: str) -> str | None:
    words = set(tokenize(name))
    if words & {"target", "tgt", "to", "output", "destination", "dest"}:
        return "to"
    if words & {"source", "src", "from", "input", "origin"}:
        return "from"
    return None


def option_code(option: Any) -> str | None:
    """The ISO 639-1 code an option stands for: `zh` for `zh-CN`, `CN`, `Chinese` or `Mandarin`."""
    if not isinstance(option, str):
        return None
    named = _LANGUAGES.get(option.strip().lower())
    if named is not None:
        return named
    code = _CODE.match(option.strip())
    if code is None:
        return None
    primary = code.group(1).lower()
    if primary in _COUNTRY_FOR_LANGUAGE:
        return _COUNTRY_FOR_LANGUAGE[primary]
    return primary if primary in _LANGUAGES.values() else None


def language_option(
    text: str, name: str, values: Sequence[Any], free: Callable[[Span], bool]
) -> tuple[Any, Span] | None:
    """The option of `values` for the language `text` names for the property `name`, with where.

    A source language (`src_lang`) is the one after "from", a target (`tgt_lang`) the one after
    "to", "into" or "in"; otherwise, or when no such word is there, the first language named."""
    codes = {value: option_code(value) for value in values}
    named: list[tuple[str, Span, str]] = []
    for m in _WORD.finditer(text):
        code = _LANGUAGES.get(m.group(0).lower())
        span = Span(m.start(), m.end())
        if code is None or not free(span):
            continue
        before = re.search(r"(\w+)\s+$", text[: m.start()])
        named.append((code, span, before.group(1).lower() if before else ""))
    direction = _direction(name)
    if direction is not None:
        preps = ("from",) if direction == "from" else ("to", "into", "in")
        named.sort(key=lambda n: n[2] not in preps)
    for code, span, _ in named:
        chosen = [value for value, option in codes.items() if option == code]
        if chosen:
            return chosen[0], span
    return None
