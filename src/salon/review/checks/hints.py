"""Behaviour hints: every tool says whether it only reads, destroys, or reaches the open world, and a
tool that writes does not claim to be read-only.

The host runs read-only tools without asking the person (`salon.host.policy`), so a write tool
marked `readOnlyHint: true` would act without consent. Whether a tool *writes* is judged from what
it says about itself — heuristics, documented here so a developer can predict them:

- its name, split into words (`queue_add` → queue, add; `bookHotel` → book, hotel), contains a verb
  of `WRITE_VERBS` (create, book, cancel, delete, send, pay, …) — unless the name starts with a verb
  of `READ_VERBS` (`get_order`, `search_books`, `get_exchange_rate` name what they read);
- its description's first word is one of those verbs ("Book a stay…", "Cancel a booking…");
- its input schema has a parameter that only a write needs: a recipient, a message body to send,
  a payment token or amount to charge, a `new_…` value, a `confirm` flag.

A read-only tool with `destructiveHint: true` contradicts itself and is refused the same way.
"""

from __future__ import annotations

import re
from typing import Any

from salon.host.tools import ToolSpec
from salon.review.context import ReviewContext
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding

WRITE_VERBS = frozenset(
    [
        "add",
        "append",
        "approve",
        "archive",
        "assign",
        "block",
        "book",
        "buy",
        "cancel",
        "charge",
        "checkout",
        "clear",
        "close",
        "commit",
        "confirm",
        "create",
        "delete",
        "deposit",
        "disable",
        "dismiss",
        "drop",
        "edit",
        "enable",
        "enqueue",
        "enroll",
        "execute",
        "follow",
        "grant",
        "import",
        "insert",
        "invite",
        "join",
        "kick",
        "leave",
        "like",
        "lock",
        "mark",
        "merge",
        "move",
        "mute",
        "order",
        "patch",
        "pay",
        "place",
        "play",
        "post",
        "publish",
        "purchase",
        "push",
        "put",
        "queue",
        "rate",
        "redeem",
        "register",
        "reject",
        "remove",
        "rename",
        "reorder",
        "replace",
        "reply",
        "reserve",
        "reset",
        "restore",
        "revoke",
        "run",
        "save",
        "schedule",
        "send",
        "set",
        "share",
        "sign",
        "skip",
        "start",
        "stop",
        "submit",
        "subscribe",
        "transfer",
        "trigger",
        "unblock",
        "unfollow",
        "unlock",
        "unsubscribe",
        "update",
        "upload",
        "upsert",
        "vote",
        "withdraw",
        "write",
    ]
)
"""Verbs that, in a tool's name or as its description's first word, mark it as one that changes things."""

READ_VERBS = frozenset(
    [
        "browse",
        "check",
        "compare",
        "count",
        "describe",
        "fetch",
        "find",
        "get",
        "inspect",
        "list",
        "lookup",
        "preview",
        "query",
        "read",
        "search",
        "show",
        "view",
    ]
)

WRITE_PARAMETERS = frozenset(
    [
        "recipient",
        "recipients",
        "to",
        "cc",
        "bcc",
        "message_body",
        "body_to_send",
        "payment_token",
        "payment_method",
        "amount_to_charge",
        "charge_amount",
        "confirm",
        "confirmation",
        "password",
        "new_password",
    ]
)

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(identifier: str) -> list[str]:
    """`bookHotel`, `book_hotel`, `book-hotel` → ["book", "hotel"]."""
    return [w.lower() for w in _WORD.findall(identifier)]


def write_signals(spec: ToolSpec) -> list[str]:
    """Why `spec` looks like a tool that changes something (empty when it does not)."""
    name_words = words(spec.name)
    signals = []
    if name_words and name_words[0] not in READ_VERBS:
        signals = [f"its name contains '{w}'" for w in name_words if w in WRITE_VERBS]
    first = re.match(r"\s*([A-Za-z]+)", spec.description or "")
    if first and first.group(1).lower() in WRITE_VERBS:
        signals.append(f"its description starts with '{first.group(1)}'")
    properties: dict[str, Any] = spec.input_schema.get("properties") or {}
    for parameter in properties:
        if parameter.lower() in WRITE_PARAMETERS or parameter.lower().startswith("new_"):
            signals.append(f"it takes a '{parameter}' parameter")
    return signals


async def _declared(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        hints = spec.hints
        missing = [
            key
            for key, value in (
                ("readOnlyHint", hints.read_only),
                ("destructiveHint", hints.destructive),
                ("openWorldHint", hints.open_world),
            )
            if value is None
        ]
        if missing:
            findings.append(check.found(spec.name, [f"not declared: {', '.join(missing)}"]))
    return findings


async def _write_marked_read_only(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        if spec.hints.read_only is True:
            signals = write_signals(spec)
            if signals:
                findings.append(check.found(spec.name, signals))
    return findings


async def _contradictory(check: Check, context: ReviewContext) -> list[Finding]:
    return [
        check.found(spec.name)
        for spec in context.tools
        if spec.hints.read_only is True and spec.hints.destructive is True
    ]


CHECKS = [
    Check(
        id="hints.declared",
        severity="error",
        message="The tool does not declare all of readOnlyHint, destructiveHint and openWorldHint.",
        fix="Set all three in the tool's annotations (with salon.sdk: read_only=, destructive=, "
        "open_world=).",
        run=_declared,
        needs=frozenset({"server"}),
    ),
    Check(
        id="hints.write_marked_read_only",
        severity="error",
        message="The tool looks like it changes something but is marked read-only, so it would run "
        "without asking the person.",
        fix="Set readOnlyHint to false (and destructiveHint/openWorldHint to what the tool does); if it "
        "truly only reads, rename it or reword its description so it does not read as an action.",
        run=_write_marked_read_only,
        needs=frozenset({"server"}),
    ),
    Check(
        id="hints.contradictory",
        severity="error",
        message="The tool is marked both read-only and destructive.",
        fix="A read-only tool cannot destroy anything: set readOnlyHint to false or destructiveHint "
        "to false.",
        run=_contradictory,
        needs=frozenset({"server"}),
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
