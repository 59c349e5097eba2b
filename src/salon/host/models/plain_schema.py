"""Tool schemas in the plain form the argument filler reads: "a number or null" is a number.

Python MCP servers (pydantic underneath) write an optional parameter as
`{"anyOf": [{"type": "number"}, {"type": "null"}], "default": null}`, an enum class or a nested
model as `{"$ref": "#/$defs/Category"}`, and other generators write `"type": ["string", "null"]`.
The filler (`salon.host.models.arguments`) decides how to read a property from its `type`, `enum`,
bounds and description, so in those forms a price, a category or a count looked like free text: "a
travel adapter under 30 dollars" put 30 into the result count, because the optional `max_price`
was not a number to it.

`plain_schema` rewrites the properties of a tool's input schema for reading only (what is sent to
the app is still checked against the schema the app gave):

- a `$ref` into the schema's own `$defs` (or `definitions`) is replaced by what it names, the
  property's own keys (its description, its default) kept over the target's;
- `null` is dropped from a `type` list, from `anyOf`/`oneOf` and from an `enum`: a person never asks
  for "null", leaving a value out is how they say it;
- where one alternative is left, it is merged into the property; where several are (`int | str`),
  they stay as `anyOf`.

References are followed to a fixed depth, so a schema that refers to itself ends as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salon.host.models.base import OfferedTool

_MAX_DEPTH = 4
_REFERENCE_PREFIXES = ("#/$defs/", "#/definitions/")


def _is_null(member: Any) -> bool:
    return isinstance(member, Mapping) and member.get("type") == "null" and len(member) == 1


def _resolved(prop: Mapping[str, Any], defs: Mapping[str, Any], depth: int) -> dict[str, Any]:
    """`prop` with its `$ref` replaced by the definition it names (its own keys win)."""
    ref = prop.get("$ref")
    if not isinstance(ref, str) or depth >= _MAX_DEPTH:
        return dict(prop)
    target = next((defs.get(ref[len(p) :]) for p in _REFERENCE_PREFIXES if ref.startswith(p)), None)
    if not isinstance(target, Mapping):
        return dict(prop)
    merged = {**_resolved(target, defs, depth + 1), **{k: v for k, v in prop.items() if k != "$ref"}}
    return merged


def plain_property(prop: Mapping[str, Any], defs: Mapping[str, Any], depth: int = 0) -> dict[str, Any]:
    """One property in the plain form (see the module docstring)."""
    plain = _resolved(prop, defs, depth)
    kind = plain.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if len(kinds) == 1:
            plain["type"] = kinds[0]
        elif kinds:
            plain["type"] = kinds
    if isinstance(plain.get("enum"), list) and None in plain["enum"]:
        plain["enum"] = [v for v in plain["enum"] if v is not None]
    for key in ("anyOf", "oneOf"):
        members = plain.get(key)
        if not isinstance(members, list):
            continue
        kept = [
            plain_property(m, defs, depth + 1) for m in members if isinstance(m, Mapping) and not _is_null(m)
        ]
        del plain[key]
        if len(kept) == 1:
            plain = {**kept[0], **plain}
        elif kept:
            plain[key] = kept
    return plain


def plain_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """`schema` (an object schema) with each property in the plain form."""
    props = schema.get("properties")
    if not isinstance(props, Mapping):
        return dict(schema)
    defs = {**(schema.get("definitions") or {}), **(schema.get("$defs") or {})}
    plain = {name: plain_property(p, defs) if isinstance(p, Mapping) else p for name, p in props.items()}
    return {**schema, "properties": plain}


def plain_tool(tool: OfferedTool) -> OfferedTool:
    plain = plain_schema(tool.parameters)
    return tool if plain == tool.parameters else tool.model_copy(update={"parameters": plain})
