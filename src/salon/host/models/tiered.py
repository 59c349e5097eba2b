"""The tiered offline brain: Needle chooses tools and fills arguments, the embedded provider talks.

Each step goes to the cheapest tier that can answer it well:

1. **Text the model cannot write comes from elsewhere.** After tool results the reply is the app's own
   `content` (the embedded provider's follow-up); with no tools, `tool_choice="none"` or no user text,
   the embedded provider answers.
2. **Pointers at earlier results** ("book the second one") go to the embedded provider, which reads
   the ids from the results; Needle sees only the latest message.
3. Otherwise **Needle decides**. A call is made as proposed when its confidence is at least
   `act_above` and every required argument is filled; dates the person wrote without a year are never
   put in the past for a tool that changes something (a booking, an order).
4. **A low-confidence call becomes a question**: "Do you want me to … ?", or a short choice between
   the closest tools (Needle's pick, the calls it withheld, the embedded provider's pick). A call that
   lacks a required argument becomes a question for that argument.
5. When Needle makes no call, the answer is the embedded provider's text; if the embedded provider
   would have called a tool, that becomes a question instead of a call.

Questions are plain text, so the host's confirmation and validation rules apply unchanged to the
calls that are made.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

from salon.host.models.base import (
    CallProposal,
    ChatMessage,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.models.embedded import EmbeddedProvider
from salon.host.models.needle import NeedleDecision, NeedleProvider
from salon.host.models.properties import property_label
from salon.host.models.understanding import find_reference, tokenize
from salon.host.tools import QUALIFIER

_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_BACKWARD = frozenset(["birth", "born", "since", "past", "ago", "history", "previous", "last", "yesterday"])


def _action(name: str) -> str:
    tool = name.partition(QUALIFIER)[2] or name
    return re.sub(r"[_.\-]+", " ", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tool)).strip().lower()


def _sentence(names: list[str]) -> str:
    actions = [_action(n) for n in names]
    return actions[0] if len(actions) == 1 else ", ".join(actions[:-1]) + " or " + actions[-1]


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _is_date_property(name: str, prop: dict[str, Any]) -> bool:
    return prop.get("format") in ("date", "date-time") or "date" in tokenize(name)


def _forward_dates(call: ProposedCall, tool: OfferedTool, today: date, text: str) -> ProposedCall:
    """Move a past date the person wrote without a year into the future, for tools that change things."""
    if tool.read_only:
        return call
    props = tool.parameters.get("properties") or {}
    arguments = dict(call.arguments)
    for name, value in call.arguments.items():
        prop = props.get(name)
        if not isinstance(prop, dict) or not isinstance(value, str) or not _is_date_property(name, prop):
            continue
        cues = set(tokenize(f"{name} {prop.get('description', '')}"))
        m = _ISO_DATE.match(value)
        if m is None or cues & _BACKWARD or m.group("year") in text:
            continue
        try:
            written = date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        except ValueError:
            continue
        if written < today:
            moved = written
            while moved < today:
                moved = moved.replace(year=moved.year + 1, day=min(moved.day, 28 if moved.month == 2 else 31))
            arguments[name] = moved.isoformat() + value[10:]
    return call.model_copy(update={"arguments": arguments}) if arguments != call.arguments else call


def _points_at_results(messages: list[ChatMessage], text: str) -> bool:
    has_results = any(m.role == "tool" and not m.is_error and m.data is not None for m in messages)
    return has_results and find_reference(text) is not None


class TieredProvider(ModelProvider):
    """Needle for calls, the embedded provider for text; see the module docstring for the rules."""

    name = "tiered"

    def __init__(
        self,
        *,
        needle: NeedleProvider | None = None,
        embedded: EmbeddedProvider | None = None,
        act_above: float = 0.5,
    ) -> None:
        self.needle = needle if needle is not None else NeedleProvider()
        self.embedded = embedded if embedded is not None else EmbeddedProvider()
        self.act_above = act_above

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        text, calls = await self.respond(request)
        if text:
            yield TextDelta(text=text)
        for call in calls:
            yield CallProposal(call=call)

    async def respond(self, request: ModelRequest) -> tuple[str, list[ProposedCall]]:
        """The whole answer to one step: text, or calls (with no text)."""
        messages = request.messages
        user = next((m.content for m in reversed(messages) if m.role == "user"), "")
        if (
            (messages and messages[-1].role == "tool")
            or request.tool_choice == "none"
            or not request.tools
            or not user.strip()
            or _points_at_results(messages, user)
        ):
            return self.embedded.respond(request)
        decision = await self.needle.decide(request)
        if decision.calls:
            return self._act_or_ask(request, decision, user)
        fallback_text, fallback_calls = self.embedded.respond(request)
        if fallback_calls or decision.withheld:
            names = [c.name for c in decision.withheld] + [c.name for c in fallback_calls]
            return self._choice(list(dict.fromkeys(names))), []
        return fallback_text, []

    def _act_or_ask(
        self, request: ModelRequest, decision: NeedleDecision, user: str
    ) -> tuple[str, list[ProposedCall]]:
        tools = {t.name: t for t in request.tools}
        today = request.now.date()
        calls = [_forward_dates(c, tools[c.name], today, user) for c in decision.calls]
        for call in calls:
            tool = tools[call.name]
            missing = [r for r in tool.parameters.get("required") or [] if r not in call.arguments]
            if missing:
                props = tool.parameters.get("properties") or {}
                labels = [property_label(r, props.get(r) or {}) for r in missing]
                needed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
                return f"I can {_action(call.name)} for you — I just need {needed}.", []
        if decision.confidence is None or decision.confidence >= self.act_above:
            return "", calls
        others = [c.name for c in decision.withheld if c.name != calls[0].name]
        if len(calls) == 1 and not others:
            return self._confirm(calls[0]), []
        return self._choice(list(dict.fromkeys([c.name for c in calls] + others))), []

    @staticmethod
    def _confirm(call: ProposedCall) -> str:
        details = ", ".join(f"{k.replace('_', ' ')} {_value(v)}" for k, v in call.arguments.items())
        return f"Do you want me to {_action(call.name)}{f' ({details})' if details else ''}?"

    @staticmethod
    def _choice(names: list[str]) -> str:
        if len(names) == 1:
            return f"I'm not sure that's what you mean — do you want me to {_action(names[0])}?"
        return f"I'm not sure which you mean — shall I {_sentence(names[:3])}?"

    async def aclose(self) -> None:
        await self.needle.aclose()
        await self.embedded.aclose()
