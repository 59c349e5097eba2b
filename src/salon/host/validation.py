"""Argument validation against a tool's JSON Schema, before anything leaves the process.

A call whose arguments do not validate never reaches the app: the errors go back to the model as the
tool's answer, so it can correct itself.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from salon.host.tools import ToolSpec

_FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


@lru_cache(maxsize=4096)
def _validator(schema_json: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_json), format_checker=_FORMAT_CHECKER)


def argument_errors(spec: ToolSpec, arguments: Any) -> list[str]:
    """Every way `arguments` fails the tool's input schema, one readable line each (empty when valid)."""
    if not isinstance(arguments, dict):
        return [f"arguments must be a JSON object, got {type(arguments).__name__}"]
    try:
        validator = _validator(json.dumps(spec.input_schema, sort_keys=True))
    except SchemaError as exc:
        return [f"the app's input schema for {spec.name!r} is invalid ({exc.message}); the call was not sent"]
    problems: list[str] = []
    for error in sorted(validator.iter_errors(arguments), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(part) for part in error.absolute_path) or "(arguments)"
        problems.append(f"{where}: {error.message}")
    return problems
