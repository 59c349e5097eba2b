"""Schema sanity and result sizes: what the host validates arguments against, and what the model reads.

schema.valid            inputSchema (and outputSchema) is a valid JSON Schema (2020-12, as MCP
                        says) of type "object"
schema.required         every name in `required` is one of the `properties`
schema.descriptions     the tool and each parameter has a description a person and a model can use
schema.size             the definition stays small: description ≤ `MAX_DESCRIPTION` characters,
                        schema ≤ `MAX_SCHEMA_BYTES` as JSON, ≤ `MAX_PARAMETERS` parameters, nesting
                        ≤ `MAX_DEPTH` (every tool's definition is sent to the model)
schema.unbounded_limit  a parameter that sets how many results come back (`limit`, `max_results`,
                        `page_size`, …) declares a `maximum`
results.size            a real result — read-only tools that need no arguments are called during
                        the review — stays under `MAX_RESULT_BYTES` (error) and `LARGE_RESULT_BYTES`
                        (warning)
results.sample_failed   such a call failed or answered with an error
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from salon.review.context import LARGE_RESULT_BYTES, MAX_RESULT_BYTES, ReviewContext
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding

MAX_DESCRIPTION = 4000
MAX_SCHEMA_BYTES = 32 * 1024
MAX_PARAMETERS = 40
MAX_DEPTH = 8
MIN_DESCRIPTION = 12
LIMIT_NAMES = frozenset(
    {
        "limit",
        "max_results",
        "maxresults",
        "page_size",
        "pagesize",
        "per_page",
        "count",
        "top_k",
        "top_n",
        "max_items",
        "num_results",
        "max_count",
    }
)


def _depth(value: Any, level: int = 0) -> int:
    if isinstance(value, dict):
        return max([level, *(_depth(v, level + 1) for v in value.values())])
    if isinstance(value, list):
        return max([level, *(_depth(v, level + 1) for v in value)])
    return level


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties")
    return properties if isinstance(properties, dict) else {}


async def _valid(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        details = []
        for label, schema in (("inputSchema", spec.input_schema), ("outputSchema", spec.output_schema)):
            if schema is None:
                continue
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as error:
                details.append(f"{label}: {error.message}")
                continue
            if schema.get("type") != "object":
                details.append(f"{label}: type is {schema.get('type')!r}, not 'object'")
        if details:
            findings.append(check.found(spec.name, details))
    return findings


async def _required(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        required = spec.input_schema.get("required") or []
        missing = [str(name) for name in required if name not in _properties(spec.input_schema)]
        if missing:
            findings.append(check.found(spec.name, [f"required but not a property: {', '.join(missing)}"]))
    return findings


async def _descriptions(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        details = []
        if len(spec.description.strip()) < MIN_DESCRIPTION:
            details.append("the tool has no description (or only a few characters)")
        for name, schema in _properties(spec.input_schema).items():
            if not (isinstance(schema, dict) and str(schema.get("description") or "").strip()):
                details.append(f"parameter '{name}' has no description")
        if details:
            findings.append(check.found(spec.name, details))
    return findings


async def _size(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        details = []
        if len(spec.description) > MAX_DESCRIPTION:
            details.append(f"description is {len(spec.description)} characters (limit {MAX_DESCRIPTION})")
        size = len(json.dumps(spec.input_schema).encode())
        if size > MAX_SCHEMA_BYTES:
            details.append(f"inputSchema is {size} bytes (limit {MAX_SCHEMA_BYTES})")
        count = len(_properties(spec.input_schema))
        if count > MAX_PARAMETERS:
            details.append(f"{count} parameters (limit {MAX_PARAMETERS})")
        depth = _depth(spec.input_schema)
        if depth > MAX_DEPTH:
            details.append(f"inputSchema nests {depth} levels (limit {MAX_DEPTH})")
        if details:
            findings.append(check.found(spec.name, details))
    return findings


async def _unbounded_limit(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        details = [
            f"parameter '{name}' has no maximum"
            for name, schema in _properties(spec.input_schema).items()
            if name.lower() in LIMIT_NAMES
            and isinstance(schema, dict)
            and schema.get("type") in ("integer", "number")
            and "maximum" not in schema
            and "exclusiveMaximum" not in schema
        ]
        if details:
            findings.append(check.found(spec.name, details))
    return findings


async def _result_size(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for sample in context.samples.values():
        if sample.result_bytes > MAX_RESULT_BYTES:
            detail = f"{sample.result_bytes} bytes (limit {MAX_RESULT_BYTES})"
            findings.append(check.found(sample.tool, [detail]))
        elif sample.result_bytes > LARGE_RESULT_BYTES:
            findings.append(
                check.found(
                    sample.tool,
                    [f"{sample.result_bytes} bytes (warning above {LARGE_RESULT_BYTES})"],
                    severity="warning",
                )
            )
    return findings


async def _sample_failed(check: Check, context: ReviewContext) -> list[Finding]:
    return [
        check.found(sample.tool, [sample.error or "the tool answered with isError: true"])
        for sample in context.samples.values()
        if sample.error or sample.is_error
    ]


_SERVER = frozenset({"server"})

CHECKS = [
    Check(
        id="schema.valid",
        severity="error",
        message="The tool's input or output schema is not a valid JSON Schema of type object.",
        fix='Declare inputSchema as {"type": "object", "properties": {...}} with valid JSON Schema 2020-12.',
        run=_valid,
        needs=_SERVER,
    ),
    Check(
        id="schema.required",
        severity="error",
        message="The tool's schema requires parameters it does not define.",
        fix="Add each required name to properties, or remove it from required.",
        run=_required,
        needs=_SERVER,
    ),
    Check(
        id="schema.descriptions",
        severity="warning",
        message="The tool or some of its parameters have no description.",
        fix="Describe the tool (what it does, when to use it) and each parameter (meaning, format, "
        "an example).",
        run=_descriptions,
        needs=_SERVER,
    ),
    Check(
        id="schema.size",
        severity="error",
        message="The tool's definition is larger than the directory allows.",
        fix="Shorten the description and simplify the schema; split a tool that does several things.",
        run=_size,
        needs=_SERVER,
    ),
    Check(
        id="schema.unbounded_limit",
        severity="warning",
        message="A parameter that sets how many results come back has no maximum.",
        fix="Give it a maximum (for example 50) so a result cannot flood the conversation.",
        run=_unbounded_limit,
        needs=_SERVER,
    ),
    Check(
        id="results.size",
        severity="error",
        message="A sample result of the tool is too large.",
        fix="Return a page of results with a way to get more; keep large data in structuredContent or _meta "
        "for the view and a short summary in content.",
        run=_result_size,
        needs=_SERVER,
    ),
    Check(
        id="results.sample_failed",
        severity="warning",
        message="Calling the read-only tool with no arguments failed.",
        fix="A tool whose arguments are all optional should answer a call without any.",
        run=_sample_failed,
        needs=_SERVER,
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
