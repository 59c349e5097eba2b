"""The ACP 2026-04-17 fixtures (upstream schemas and examples, pinned at commit c2afc86) and the
JSON Schema validators built from them.

They are vendored unchanged, with their licence, in `tests/fixtures/acp-2026-04-17` (its README says
from where); set `SALON_ACP_FIXTURES` to read another copy.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(os.environ.get("SALON_ACP_FIXTURES") or REPO_ROOT / "tests" / "fixtures" / "acp-2026-04-17")


def fixture(name: str) -> Any:
    path = FIXTURES / name
    if not path.is_file():
        raise FileNotFoundError(
            f"ACP fixture {path} is missing; point SALON_ACP_FIXTURES at the acp-2026-04-17 fixture folder"
        )
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _schema(name: str) -> dict[str, Any]:
    return fixture(f"json-schema/schema.{name}.json")  # type: ignore[no-any-return]


@cache
def validator(definition: str, *, bundle: str = "agentic_checkout") -> Draft202012Validator:
    """A Draft 2020-12 validator for `$defs/<definition>` of one bundled schema file."""
    schema = _schema(bundle)
    return Draft202012Validator({**schema, "$ref": f"#/$defs/{definition}"})


def schema_errors(definition: str, payload: Any, *, bundle: str = "agentic_checkout") -> list[str]:
    """Every way `payload` breaks `$defs/<definition>`, as `path: message` lines."""
    errors = validator(definition, bundle=bundle).iter_errors(payload)
    return sorted(f"{'/'.join(map(str, error.absolute_path)) or '$'}: {error.message}" for error in errors)


def order_fixture(name: str) -> dict[str, Any]:
    """An `orders/*.json` fixture without its `$schema` and `_description` annotations."""
    raw = fixture(f"orders/{name}")
    return {key: value for key, value in raw.items() if key not in {"$schema", "_description"}}
