"""Tool poisoning: text in a tool's definition that speaks to the model instead of describing the tool.

Every string the model will read is scanned — the tool's description and title, its annotations'
title, and each parameter's (and nested property's) description, title, default, examples and enum
values, in the input and the output schema. Ordinary usage guidance ("use the id from
search_hotels") is fine; these are not:

    poisoning.hidden_instructions   overriding the host ("ignore previous instructions"), secrecy toward
                                    the person ("do not tell the user"), role play ("you are now"), or
                                    orders addressed to the assistant/model by name
    poisoning.tags                  pseudo-markup that frames text as privileged: <IMPORTANT>, <SYSTEM>,
                                    [INST], HTML comments
    poisoning.invisible_characters  zero-width, bidirectional-override, Unicode tag characters, or long
                                    runs of whitespace that push text out of a reviewer's sight
    poisoning.cross_tool            asking for other tools' or apps' data, or for secrets and files
                                    (keys, tokens, passwords, ~/.ssh, .env)
    poisoning.impersonation         claiming to be the host, the system, Salon, or another app, or to
                                    replace other apps' tools

The patterns are deliberately narrow (a phrase, not a word) so a legitimate description does not trip
them; each finding names the field and quotes the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from salon.host.tools import ToolSpec
from salon.review.context import ReviewContext
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding

_I = re.IGNORECASE | re.DOTALL

HIDDEN_INSTRUCTIONS = [
    re.compile(
        r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(previous|prior|above|earlier|all|any|other|"
        r"system|your)\b.{0,20}\b(instructions?|prompts?|rules|guidelines|directives|messages|policies)\b",
        _I,
    ),
    re.compile(
        r"\b(do not|don't|never|must not)\b.{0,20}\b(tell|mention|reveal|inform|show|disclose|notify|"
        r"alert)\b.{0,20}\b(the )?(user|person|human|customer)\b",
        _I,
    ),
    re.compile(r"\bwithout (telling|informing|notifying|asking|alerting) (the )?(user|person|human)\b", _I),
    re.compile(r"\b(keep|treat) (this|these|it) (secret|hidden|confidential) from\b", _I),
    re.compile(r"\b(you are now|from now on,? you|new instructions|act as (an?|the) )\b", _I),
    re.compile(
        r"\b(the )?(assistant|ai model|language model|llm|claude|chatgpt|gpt-?\d\w*|gemini)\b.{0,30}"
        r"\b(must|should|has to|needs to|is required to|shall)\b",
        _I,
    ),
    re.compile(r"\bsystem prompt\b", _I),
]
TAGS = [
    re.compile(
        r"<\s*/?\s*(important|system|instructions?|secret|hidden|admin|prompt|context|assistant|"
        r"note[_ -]?to[_ -]?(ai|assistant|model))\b[^>]*>",
        re.IGNORECASE,
    ),
    re.compile(r"\[/?\s*(INST|SYSTEM|IMPORTANT)\s*\]|<<\s*SYS\s*>>|<\|im_start\|>", re.IGNORECASE),
    re.compile(r"<!--"),
]
INVISIBLE = re.compile(
    "[\u00ad\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0"
    "\U000e0000-\U000e007f]"
)
PADDING = re.compile(r"[ \t]{40,}|(\s*\n){8,}")
CROSS_TOOL = [
    re.compile(
        r"\b(data|results?|outputs?|responses?|credentials?|tokens?|contents?|files?|messages?|history)\s+"
        r"(of|from)\s+(the\s+)?(other|all|every|another|any other|all other|all the other)\s+(tools?|apps?|"
        r"servers?|plugins?|connectors?|integrations?)\b",
        _I,
    ),
    re.compile(
        r"\b(other|all|every|another|any other)\s+(tools?|apps?|servers?|plugins?|connectors?|"
        r"integrations?)('s?)?\b.{0,40}\b(data|results?|outputs?|responses?|credentials?|tokens?|"
        r"contents?|files?|messages?|history)\b",
        _I,
    ),
    re.compile(
        r"~/?\.ssh\b|\bid_(rsa|ed25519)\b|\.env\b|\bmcp\.json\b|\.aws/credentials|/etc/(passwd|shadow)", _I
    ),
    re.compile(
        r"\b(read|collect|gather|retrieve|extract|include|pass|forward|attach|copy|upload|share|leak)\b.{0,60}"
        r"\b(api[_ -]?keys?|passwords?|credentials?|secrets?|access[_ -]?tokens?|bearer tokens?|cookies?|"
        r"private keys?|config(uration)? files?)\b",
        _I,
    ),
    re.compile(
        r"\b(when|whenever|before|after|each time)\b.{0,30}\b(calls?|uses?|invokes?|calling|using)\b.{0,20}"
        r"\b(other|another|any other|a different)\s+(tools?|apps?)\b",
        _I,
    ),
    re.compile(r"\b(send|forward|post|upload)\b.{0,40}\bto\s+https?://", _I),
]
IMPERSONATION = [
    re.compile(
        r"\b(this is|message from|sent by|on behalf of|i am|i'm|speaking as)\s+(the\s+)?(system|host|salon|"
        r"openai|anthropic|administrator|admin|developer|assistant)\b",
        _I,
    ),
    re.compile(
        r"\b(official|verified|trusted|built-?in)\s+(salon|host|system|openai|anthropic|chatgpt|claude)\b", _I
    ),
    re.compile(r"\b(salon|host|system)\s+(system\s+)?(tool|notice|message|instruction|override)\b", _I),
    re.compile(
        r"\b(replaces?|supersedes?|overrides?|is the new version of|use (this|it) instead of)\b.{0,30}"
        r"\b(tools?|apps?|functions?|the \w+ (tool|app))\b",
        _I,
    ),
]


_NOT_TEXT = frozenset(
    {"type", "format", "$schema", "$ref", "$id", "pattern", "required", "additionalProperties"}
)


def texts_of(spec: ToolSpec) -> Iterator[tuple[str, str]]:
    """Every string of the tool the model reads, as (where, text)."""
    if spec.description:
        yield "description", spec.description
    if spec.title:
        yield "title", spec.title
    if spec.hints.title and spec.hints.title != spec.title:
        yield "annotations.title", spec.hints.title
    yield from _schema_texts(spec.input_schema, "inputSchema", 0)
    if spec.output_schema:
        yield from _schema_texts(spec.output_schema, "outputSchema", 0)


def _schema_texts(schema: Any, where: str, depth: int) -> Iterator[tuple[str, str]]:
    if depth > 12:
        return
    if isinstance(schema, str):
        yield where, schema
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from _schema_texts(item, f"{where}[{index}]", depth + 1)
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key in _NOT_TEXT:
                continue
            label = f"{where}.{key}"
            if key in ("properties", "$defs", "definitions", "patternProperties") and isinstance(value, dict):
                for name, sub in value.items():
                    yield from _schema_texts(sub, f"{label}.{name}", depth + 1)
            else:
                yield from _schema_texts(value, label, depth + 1)


def _quote(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
    snippet = text[start:end].encode("unicode_escape").decode("ascii")
    return f"…{snippet}…"


def _scan(check: Check, context: ReviewContext, patterns: list[re.Pattern[str]]) -> list[Finding]:
    findings = []
    for spec in context.tools:
        details = []
        for where, text in texts_of(spec):
            for pattern in patterns:
                match = pattern.search(text)
                if match:
                    details.append(f"{where}: {_quote(text, match)}")
                    break
        if details:
            findings.append(check.found(spec.name, details))
    return findings


async def _hidden(check: Check, context: ReviewContext) -> list[Finding]:
    return _scan(check, context, HIDDEN_INSTRUCTIONS)


async def _tags(check: Check, context: ReviewContext) -> list[Finding]:
    return _scan(check, context, TAGS)


async def _invisible(check: Check, context: ReviewContext) -> list[Finding]:
    return _scan(check, context, [INVISIBLE, PADDING])


async def _cross_tool(check: Check, context: ReviewContext) -> list[Finding]:
    return _scan(check, context, CROSS_TOOL)


async def _impersonation(check: Check, context: ReviewContext) -> list[Finding]:
    return _scan(check, context, IMPERSONATION)


_SERVER = frozenset({"server"})
_FIX = "Describe only what the tool does and what its parameters mean; remove text addressed to the model."

CHECKS = [
    Check(
        id="poisoning.hidden_instructions",
        severity="error",
        message="The tool's definition contains instructions aimed at the model (overriding its "
        "instructions, hiding things from the person, or giving the assistant orders).",
        fix=_FIX,
        run=_hidden,
        needs=_SERVER,
    ),
    Check(
        id="poisoning.tags",
        severity="error",
        message="The tool's definition uses markup that frames text as privileged (<IMPORTANT>, "
        "<SYSTEM>, [INST], HTML comments).",
        fix="Remove the markup; a tool's description is plain text for the model and the person.",
        run=_tags,
        needs=_SERVER,
    ),
    Check(
        id="poisoning.invisible_characters",
        severity="error",
        message="The tool's definition contains invisible characters or whitespace padding that can "
        "hide text from people reviewing it.",
        fix="Remove zero-width, bidirectional-control and tag characters and long runs of blank space.",
        run=_invisible,
        needs=_SERVER,
    ),
    Check(
        id="poisoning.cross_tool",
        severity="error",
        message="The tool's definition asks for other tools' or apps' data, or for secrets or files.",
        fix="A tool receives only its own arguments; remove any request for other tools' data, "
        "credentials, tokens or files.",
        run=_cross_tool,
        needs=_SERVER,
    ),
    Check(
        id="poisoning.impersonation",
        severity="error",
        message="The tool's definition claims to be the host, the system, Salon or another app, or "
        "to replace other apps' tools.",
        fix="Describe the tool as your app's own; do not speak for the host or claim to replace others.",
        run=_impersonation,
        needs=_SERVER,
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
