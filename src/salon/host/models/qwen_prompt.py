"""Qwen2.5's chat and tool-call format: the prompt the heavy tier's model reads, and its answers parsed.

Qwen2.5 models were trained on ChatML turns (`<|im_start|>role … <|im_end|>`) with tools listed as
JSON function signatures inside `<tools></tools>` in the system turn, and answer a call as

    <tool_call>
    {"name": "get_weather", "arguments": {"city": "Lisbon"}}
    </tool_call>

one block per call (the 1.5B model sometimes writes `<tools>` for `<tool_call>`, a ```json fence,
or the bare JSON object alone; all are read as calls when the object has a name).
Tool results go back in a user turn as `<tool_response>` blocks. `render` writes
a conversation in that format; `parse` reads an answer back into prose and calls.

The system turn states the person's date, time and time zone (from `ModelRequest.now`), so relative
dates resolve in their zone, and asks for a plain-text answer when no tool fits or an argument is
unknown: a small model otherwise calls the nearest tool with invented values. The date comes before
the tools and the time of day after them, so all that precedes the tools is the same all day
(`shared_start`): an engine computes it once, not once a minute.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from salon.host.models.base import ChatMessage, ModelRequest, OfferedTool

CALL_OPEN = "<tool_call>"
CALL_CLOSE = "</tool_call>"
END_OF_TURN = "<|im_end|>"

# The 1.5B model sometimes writes its call inside `<tools>` (the tag of the signatures) instead.
_BLOCK = re.compile(r"<(?P<tag>tool_call|tools)>\s*(?P<body>.*?)\s*(?:</(?P=tag)>|$)", re.DOTALL)
_FENCED = re.compile(r"```(?:json)?\s*(?P<body>\{.*?\})\s*```", re.DOTALL)
CALL_OPENINGS = (CALL_OPEN, "<tools>", '{"name"', "```json")
"""How an answer that makes a call begins."""
CALL_START = f'{CALL_OPEN}\n{{"name":'
"""The one opening a call is steered to (`LlamaEngine.complete`'s `call_opening`): the form Qwen was
trained on, on one line, with no fence, indentation or explanation around it."""
_DESCRIPTION_LIMIT = 600


@dataclass(frozen=True)
class ParsedAnswer:
    text: str
    """The answer's prose, without the call blocks."""
    calls: list[dict[str, Any]]
    """`{"name", "arguments"}` of each well-formed block, in order."""
    malformed: list[str]
    """The bodies of blocks that were not a JSON object with a name."""


def _zone(now: datetime) -> str:
    key = getattr(now.tzinfo, "key", None)
    offset = now.strftime("%z")
    utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{key}, {utc}" if key else utc


def today(now: datetime) -> str:
    """The sentences that tell the model the person's date and zone (the same all day long)."""
    return (
        f"Today is {now.strftime('%A')}, {now.strftime('%Y-%m-%d')} ({_zone(now)}). Resolve relative "
        "dates such as 'tomorrow' or 'next Friday' against this date, and never book or order for a "
        "date in the past."
    )


def clock(now: datetime) -> str:
    return f"The person's local time is {now.strftime('%H:%M')}."


def _signature(tool: OfferedTool) -> str:
    description = tool.description
    if len(description) > _DESCRIPTION_LIMIT:
        description = description[: _DESCRIPTION_LIMIT - 1] + "…"
    function = {"name": tool.name, "description": description, "parameters": tool.parameters}
    # Without the spaces after `,` and `:` a signature is ~18% fewer tokens (BFCL live dev: 531 instead
    # of 653 per row, median), and each token of prompt costs the CPU 10-50 ms.
    return json.dumps({"type": "function", "function": function}, ensure_ascii=False, separators=(",", ":"))


_INTRO = "You are Salon's assistant: you help the person through the tools of their apps. "
_RULES = (
    "Call a tool only when it fits the request; take argument values from the conversation and leave "
    "out optional arguments nobody mentioned. When no tool fits, answer briefly in plain text without "
    "calling one.\n\n"
    "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
    "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
)
_TOOLS_END = (
    "\n</tools>\n\nFor each function call, return a json object with function name and arguments "
    "within <tool_call></tool_call> XML tags:\n"
    f'{CALL_OPEN}\n{{"name": <function-name>, "arguments": <args-json-object>}}\n{CALL_CLOSE}\n\n'
)


def _tools_start(now: datetime) -> str:
    return f"{_INTRO}{today(now)}\n{_RULES}"


def system_turn(request: ModelRequest, *, with_tools: bool) -> str:
    now = request.now
    if not with_tools:
        return f"{_INTRO}{today(now)} {clock(now)} Answer briefly, in one to three sentences."
    signatures = "\n".join(_signature(t) for t in request.tools)
    # Only the time of day follows the tools: what precedes them is the same all day for every
    # request, and the engine computes it once (`shared_start`) instead of once a minute.
    return f"{_tools_start(now)}{signatures}{_TOOLS_END}{clock(now)}"


def shared_start(now: datetime) -> str:
    """How every prompt with tools begins on `now`'s day, up to the first tool: what an engine can
    compute ahead of the first request."""
    return _turn("system", _tools_start(now)).removesuffix(f"{END_OF_TURN}\n")


def _turn(role: str, content: str) -> str:
    return f"<|im_start|>{role}\n{content}{END_OF_TURN}\n"


def _call_block(name: str, arguments: dict[str, Any]) -> str:
    body = json.dumps({"name": name, "arguments": arguments}, ensure_ascii=False, default=str)
    return f"{CALL_OPEN}\n{body}\n{CALL_CLOSE}"


def _tool_response(message: ChatMessage) -> str:
    content = message.content
    if message.data is not None:
        content = f"{content}\n{json.dumps(message.data, ensure_ascii=False, default=str)}".strip()
    if message.is_error:
        content = f"error: {content}"
    return f"<tool_response>\n{content}\n</tool_response>"


def render(request: ModelRequest, *, with_tools: bool) -> str:
    """The whole prompt, ending where the assistant's answer begins."""
    parts = [_turn("system", system_turn(request, with_tools=with_tools))]
    responses: list[str] = []
    for message in request.messages:
        if message.role == "tool":
            responses.append(_tool_response(message))
            continue
        if responses:
            parts.append(_turn("user", "\n".join(responses)))
            responses = []
        if message.role == "assistant":
            blocks = [_call_block(c.name, c.arguments) for c in message.tool_calls]
            parts.append(_turn("assistant", "\n".join([message.content, *blocks]).strip()))
        elif message.role == "user":
            parts.append(_turn("user", message.content))
        elif message.content.strip():
            # A later system message (a host instruction) joins the conversation where it was said.
            parts.append(_turn("system", message.content))
    if responses:
        parts.append(_turn("user", "\n".join(responses)))
    parts.append("<|im_start|>assistant\n")
    return "".join(parts)


def parse(answer: str) -> ParsedAnswer:
    """Prose and calls of an answer; a block cut off by the token limit counts when its JSON is whole."""
    calls: list[dict[str, Any]] = []
    malformed: list[str] = []
    for match in _BLOCK.finditer(answer):
        body = match.group("body").strip()
        try:
            parsed = json.loads(body)
        except json.JSONDecodeError:
            malformed.append(body)
            continue
        if not isinstance(parsed, dict) or not isinstance(parsed.get("name"), str):
            malformed.append(body)
            continue
        arguments = parsed.get("arguments", parsed.get("parameters", {}))
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments)
            except json.JSONDecodeError:
                malformed.append(body)
                continue
        if not isinstance(arguments, dict):
            malformed.append(body)
            continue
        calls.append({"name": parsed["name"], "arguments": arguments})
    text = _BLOCK.sub("", answer).replace(END_OF_TURN, "").strip()
    if not calls and not malformed:
        fenced = [m.group("body") for m in _FENCED.finditer(text)]
        bodies = fenced or ([text] if text.startswith("{") else [])
        wrapped = parse("".join(f"{CALL_OPEN}{body}{CALL_CLOSE}" for body in bodies)) if bodies else None
        if wrapped is not None and wrapped.calls:
            rest = _FENCED.sub("", text).strip() if fenced else ""
            return ParsedAnswer(text=rest, calls=wrapped.calls, malformed=[])
    return ParsedAnswer(text=text, calls=calls, malformed=malformed)
