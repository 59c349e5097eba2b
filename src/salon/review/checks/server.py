"""The live server: it answers, in time, and lists well-formed tools.

server.reachable    the review connected (`initialize`, or MCP 2026's `server/discover`) and listed
                    the tools; if not, every check that reads the server is skipped and this fails
server.responsive   connecting and `tools/list` each took under half their limit
                    (`ReviewOptions.connect_limit_s`, `list_limit_s`); slower is a warning (over the
                    limit the connection is abandoned and `server.reachable` fails)
server.tools        at least one tool, names unique and valid (`^[A-Za-z0-9_.-]{1,128}$`)
"""

from __future__ import annotations

import re

from salon.review.context import SLOW_FRACTION, ReviewContext
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding

_TOOL_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


async def _reachable(check: Check, context: ReviewContext) -> list[Finding]:
    return [check.found(None, [context.server_error])] if context.server_error else []


async def _responsive(check: Check, context: ReviewContext) -> list[Finding]:
    options = context.options
    details = []
    for what, seconds, limit in (
        ("connecting (initialize)", context.connect_s, options.connect_limit_s),
        ("tools/list", context.list_s, options.list_limit_s),
    ):
        if seconds is not None and seconds > limit * SLOW_FRACTION:
            details.append(f"{what} took {seconds:.2f} s (limit {limit:g} s)")
    return [check.found(None, details)] if details else []


async def _tools(check: Check, context: ReviewContext) -> list[Finding]:
    if not context.tools:
        return [check.found(None, ["tools/list returned no tools"])]
    names = [spec.name for spec in context.tools]
    details = [f"tool name {n!r} is listed more than once" for n in sorted(set(names)) if names.count(n) > 1]
    details += [
        f"tool name {n!r} is not 1–128 of A-Z a-z 0-9 _ . -" for n in names if not _TOOL_NAME.match(n)
    ]
    return [check.found(None, details)] if details else []


CHECKS = [
    Check(
        id="server.reachable",
        severity="error",
        message="The server could not be reached, or did not list its tools in time.",
        fix="Check that the server starts and answers MCP at the given URL or folder, then run the "
        "review again.",
        run=_reachable,
    ),
    Check(
        id="server.responsive",
        severity="warning",
        message="The server is slow to connect or to list its tools.",
        fix="Answer initialize and tools/list quickly: load data lazily, not at start-up or per listing.",
        run=_responsive,
        needs=frozenset({"server"}),
    ),
    Check(
        id="server.tools",
        severity="error",
        message="The server lists no tools, or tools with duplicate or invalid names.",
        fix="List at least one tool; give each a unique name of letters, digits, '_', '.' or '-'.",
        run=_tools,
        needs=frozenset({"server"}),
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
