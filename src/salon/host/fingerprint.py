"""Tool-definition fingerprints: the defence against a "rug pull".

An app's tools are fingerprinted when the person installs it (installing is consent to what the tools
said they do). Before every call the live definition is fingerprinted again; a different fingerprint
means the app changed what the tool says or accepts, and the call waits until the person approves the
new definition. The fingerprint covers what the model and the person rely on: name, title,
description, input and output schemas, behaviour hints and the view it renders into.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from salon.host.tools import ToolSpec

FINGERPRINT_VERSION = "v1"


def tool_definition(spec: ToolSpec) -> dict[str, Any]:
    """The parts of a tool that its fingerprint covers, as plain JSON."""
    return {
        "name": spec.name,
        "title": spec.title,
        "description": spec.description,
        "input_schema": spec.input_schema,
        "output_schema": spec.output_schema,
        "hints": spec.hints.model_dump(),
        "view": spec.view_uri,
    }


def fingerprint(spec: ToolSpec) -> str:
    canonical = json.dumps(tool_definition(spec), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{FINGERPRINT_VERSION}:{digest}"


def describe_change(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Human-readable list of what changed between two `tool_definition`s."""
    if before is None:
        return ["This tool is new since you installed the app."]
    labels = {
        "title": "its title",
        "description": "its description",
        "input_schema": "the arguments it accepts",
        "output_schema": "the result it returns",
        "hints": "what it declares it does (read-only, destructive, open-world)",
        "view": "the view it shows",
    }
    return [f"It changed {label}." for key, label in labels.items() if before.get(key) != after.get(key)]
