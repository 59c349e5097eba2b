"""Arithmetic requests and arithmetic tools: which of the four operations each one means.

Words alone choose badly among calculator tools: "394 times 213" shares the word "time" with a clock
tool and nothing with `CalcProduct`, and "add 5 to 3" shares no word with `sum`. An operation is read
from the request only where it is written as arithmetic, an operation word between two numbers
("394 times 213", "7 - 2") or an operation verb with its two numbers ("add 5 to 3", "the product of
4 and 6"), so that "add 2 apples to my cart" reads as no arithmetic at all. A tool performs an
operation when its name and description name exactly one, and it takes at least two numbers.

People also ask arithmetic as a small story ("I have 100$ and I donated 40, how much do I have now?",
"3 friends gave me 10 euros each"): the operation is then implied by an everyday word next to the
second number: an amount *each* or *per* one multiplies, an amount spent, donated, lost or given away
subtracts, an amount received, earned or won adds, an amount split or shared between some people
divides. Such a story is read only when it asks for a quantity ("how much", "how many", "left",
"in total") and has two numbers, so that "I spent 2 hours looking for a hotel" is no arithmetic.
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.models.understanding import stem, stem_set, tokenize

ADD, SUBTRACT, MULTIPLY, DIVIDE = "add", "subtract", "multiply", "divide"

_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_INFIX: dict[str, str] = {
    ADD: r"\s+(?:plus|added\s+to|\+)\s+|\+",
    SUBTRACT: r"\s+(?:minus|less|-|−)\s+|−",
    MULTIPLY: r"\s+(?:times|multiplied\s+by|x|\*|×)\s+|\*|×",
    DIVIDE: r"\s+(?:divided\s+by|over|/|÷)\s+|÷",
}
"""Operation words between two numbers; "-", "/" and "x" only with spaces around them, since
"2023-04-12", "12/25" and "1920x1080" are no arithmetic."""
_PREFIX: dict[str, str] = {
    ADD: r"add|sum\s+of|sum|total\s+of|addition\s+of",
    SUBTRACT: r"subtract|take\s+away|difference\s+between|difference\s+of",
    MULTIPLY: r"multiply|product\s+of|multiplication\s+of",
    DIVIDE: r"divide|quotient\s+of|division\s+of",
}
_LINKS = r"and|to|by|from|with|into|,"

_TOOL_WORDS: dict[str, frozenset[str]] = {
    ADD: stem_set("add adds addition sum plus"),
    SUBTRACT: stem_set("sub subtract subtracts subtraction difference minus"),
    MULTIPLY: stem_set("mul multiply multiplies multiplication product times"),
    DIVIDE: stem_set("div divide divides division quotient"),
}


_AMOUNT = rf"(?:[$€£]\s*)?{_NUMBER}(?:\s*[$€£])?"
_STORY: dict[str, str] = {
    # "each" closing the phrase: "10 euros each, ..." (not "50 dollars if each costs 10").
    MULTIPLY: rf"{_AMOUNT}(?:\s+[a-z]+){{0,2}}\s+(?:(?:each|apiece|a\s+piece)"
    rf"(?=\s*(?:[,.;!?]|$|(?:and|so|then|how|what)\b))|per\s+[a-z]+\b)",
    SUBTRACT: rf"\b(?:spent|spend|spends|donated|donate|donates|lost|lose|loses|paid|pay|pays|"
    rf"gave\s+away|give\s+away|gives\s+away|used\s+up|ate|sold|took\s+away|withdrew)"
    rf"\s+(?:[a-z]+\s+){{0,2}}{_AMOUNT}",
    ADD: rf"\b(?:received|receives|earned|earns|won|found|got|collected|deposited|gained)"
    rf"\s+(?:[a-z]+\s+){{0,2}}{_AMOUNT}|{_AMOUNT}\s+more\b",
    DIVIDE: rf"\b(?:split|share|shared|divided?)\s+(?:[a-z]+\s+){{0,2}}{_AMOUNT}.{{0,40}}?"
    rf"\b(?:between|among|amongst)\s+{_NUMBER}",
}
"""An everyday word that implies an operation, next to a number (see the module docstring)."""
_QUANTITY_ASKED = re.compile(
    r"\bhow\s+(?:much|many)\b|\b(?:left|remain(?:s|ing)?|in\s+total|altogether)\b", re.I
)


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for operation, infix in _INFIX.items():
        found.append((operation, re.compile(rf"{_NUMBER}(?:{infix}){_NUMBER}", re.I)))
    for operation, prefix in _PREFIX.items():
        written = rf"\b(?:{prefix})\s+(?:the\s+numbers?\s+)?{_NUMBER}\s*(?:{_LINKS})\s*{_NUMBER}"
        found.append((operation, re.compile(written, re.I)))
    return found


_PATTERNS = _patterns()
_STORY_PATTERNS = [(operation, re.compile(story, re.I)) for operation, story in _STORY.items()]
_ANY_NUMBER = re.compile(_NUMBER)


def _story_operation(text: str) -> str | None:
    """The operation an arithmetic story implies, or None. An amount "each" wins over the verb
    beside it ("3 friends gave me 10 euros each" multiplies what was given). Present-tense "get",
    "use" or "find" imply nothing ("how many can I get for 50?" may divide)."""
    if not _QUANTITY_ASKED.search(text) or len(_ANY_NUMBER.findall(text)) < 2:
        return None
    operations = {operation for operation, pattern in _STORY_PATTERNS if pattern.search(text)}
    if MULTIPLY in operations:
        return MULTIPLY
    return operations.pop() if len(operations) == 1 else None


def operation_in_text(text: str) -> str | None:
    """The one operation `text` writes as arithmetic on two numbers, or implies as a story, or None
    (none, or several)."""
    operations = {operation for operation, pattern in _PATTERNS if pattern.search(text)}
    if operations:
        return operations.pop() if len(operations) == 1 else None
    return _story_operation(text)


def _numeric_properties(parameters: dict[str, Any]) -> int:
    properties = parameters.get("properties") or {}
    return sum(
        1
        for prop in properties.values()
        if isinstance(prop, dict) and prop.get("type") in {"integer", "number", "float"}
    )


def operation_of_tool(name: str, description: str, parameters: dict[str, Any]) -> str | None:
    """The one operation a tool performs on two numbers or more, or None."""
    if _numeric_properties(parameters) < 2:
        return None
    name_stems = {stem(t) for t in tokenize(name)}
    by_name = [op for op, words in _TOOL_WORDS.items() if name_stems & words]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        return None
    described = {stem(t) for t in tokenize(description)}
    by_description = [op for op, words in _TOOL_WORDS.items() if described & words]
    return by_description[0] if len(by_description) == 1 else None


def arithmetic_fit(text: str, name: str, description: str, parameters: dict[str, Any]) -> int:
    """1 when the tool performs the operation `text` asks for, -1 when it performs another one, 0
    when either is no arithmetic."""
    wanted = operation_in_text(text)
    if wanted is None:
        return 0
    performed = operation_of_tool(name, description, parameters)
    if performed is None:
        return 0
    return 1 if performed == wanted else -1
