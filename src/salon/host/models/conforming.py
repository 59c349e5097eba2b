"""Arguments a language model wrote, checked against the tool's JSON Schema before they are proposed.

A small model gets the shape of an argument right far more often than its exact type: it writes
`"7890"` for an integer, `"Celsius"` for the enum value `"celsius"`, or adds an argument the tool
does not have. `conform` repairs what has exactly one reading and sets aside what does not:

- an argument the schema does not define is dropped (unless the schema allows extra properties);
- a value is coerced only when the coercion is lossless: a numeric string to an integer or number,
  `"true"`/`"false"` to a boolean, a number to a string, an enum value matched ignoring case;
- a value that still fails its property's schema (formats such as `date` included) is dropped and
  reported, so a required argument that was wrong becomes a missing one, and the caller asks for
  it instead of sending a bad call.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Conformed:
    arguments: dict[str, Any]
    missing: list[str] = field(default_factory=list)
    """Required arguments absent after the check, in schema order."""
    dropped: dict[str, str] = field(default_factory=dict)
    """Argument → why it was set aside."""


@lru_cache(maxsize=2048)
def _validator(schema_json: str) -> Draft202012Validator | None:
    try:
        schema = json.loads(schema_json)
        Draft202012Validator.check_schema(schema)
    except SchemaError:
        return None
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _types(prop: dict[str, Any]) -> list[str]:
    declared = prop.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []


def _coerce(value: Any, prop: dict[str, Any]) -> Any:
    types = _types(prop)
    enum = prop.get("enum")
    if isinstance(enum, list) and isinstance(value, str) and value not in enum:
        folded = [option for option in enum if isinstance(option, str) and option.lower() == value.lower()]
        if len(folded) == 1:
            return folded[0]
    if isinstance(value, str) and "string" not in types:
        text = value.strip()
        if "integer" in types and _INTEGER.match(text):
            return int(text)
        if "number" in types and _NUMBER.match(text):
            number = float(text)
            return (
                int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
            )
        if "boolean" in types and text.lower() in ("true", "false"):
            return text.lower() == "true"
    if "integer" in types and isinstance(value, float) and value.is_integer():
        return int(value)
    if types == ["string"] and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _problem(value: Any, prop: dict[str, Any]) -> str | None:
    validator = _validator(json.dumps(prop, sort_keys=True, default=str))
    if validator is None:
        return None  # a schema we cannot read is the host's to reject, not ours
    error = next(iter(validator.iter_errors(value)), None)
    return None if error is None else error.message


def conform(arguments: dict[str, Any], parameters: dict[str, Any]) -> Conformed:
    """`arguments` made to fit `parameters` (a JSON Schema object), with what was set aside."""
    props = parameters.get("properties")
    props = props if isinstance(props, dict) else {}
    extra_allowed = not props or parameters.get("additionalProperties") not in (False, None)
    kept: dict[str, Any] = {}
    dropped: dict[str, str] = {}
    for name, value in arguments.items():
        prop = props.get(name)
        if not isinstance(prop, dict):
            if extra_allowed:
                kept[name] = value
            else:
                dropped[name] = "the tool has no such argument"
            continue
        value = _coerce(value, prop)
        problem = _problem(value, prop)
        if problem is None:
            kept[name] = value
        else:
            dropped[name] = problem
    required = parameters.get("required")
    missing = [r for r in required if r not in kept] if isinstance(required, list) else []
    return Conformed(kept, missing, dropped)
