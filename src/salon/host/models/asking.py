"""What the offline tiers say instead of acting, and the date rule they apply before acting.

Shared by `TieredProvider` and `LlamaProvider`, so a doubtful call reads the same whichever model
proposed it:

- `confirm`: one doubtful call becomes "Do you want me to search hotels (city Lisbon)?";
- `choice`: several candidate tools become "shall I search hotels or book hotel?";
- `ask_for`: a call that lacks required arguments becomes a question naming them;
- `forward_dates`: a date the person wrote without a year is never put in the past for a tool that
  changes something (a booking, an order): "book for 3 March" on 10 March means next year's.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from salon.host.models.base import OfferedTool, ProposedCall
from salon.host.models.properties import property_label
from salon.host.models.understanding import tokenize
from salon.host.tools import QUALIFIER

_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_BACKWARD = frozenset(["birth", "born", "since", "past", "ago", "history", "previous", "last", "yesterday"])


def action(name: str) -> str:
    """A tool's name as words: `hotels__bookHotel` → "book hotel"."""
    tool = name.partition(QUALIFIER)[2] or name
    return re.sub(r"[_.\-]+", " ", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tool)).strip().lower()


def _sentence(names: list[str]) -> str:
    actions = [action(n) for n in names]
    return actions[0] if len(actions) == 1 else ", ".join(actions[:-1]) + " or " + actions[-1]


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def confirm(call: ProposedCall) -> str:
    details = ", ".join(f"{k.replace('_', ' ')} {_value(v)}" for k, v in call.arguments.items())
    return f"Do you want me to {action(call.name)}{f' ({details})' if details else ''}?"


def choice(names: list[str]) -> str:
    if len(names) == 1:
        return f"I'm not sure that's what you mean — do you want me to {action(names[0])}?"
    return f"I'm not sure which you mean — shall I {_sentence(names[:3])}?"


def missing_required(call: ProposedCall, tool: OfferedTool) -> list[str]:
    return [r for r in tool.parameters.get("required") or [] if r not in call.arguments]


def ask_for(call: ProposedCall, tool: OfferedTool, missing: list[str]) -> str:
    props = tool.parameters.get("properties") or {}
    labels = [property_label(r, props.get(r) or {}) for r in missing]
    needed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"I can {action(call.name)} for you — I just need {needed}."


def _is_date_property(name: str, prop: dict[str, Any]) -> bool:
    return prop.get("format") in ("date", "date-time") or "date" in tokenize(name)


def forward_dates(call: ProposedCall, tool: OfferedTool, today: date, text: str) -> ProposedCall:
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
