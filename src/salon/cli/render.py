"""How `salon chat` shows a turn: a readable transcript (rich) or one JSON object per line (`--json`).

Everything an app or the model wrote is printed as plain `Text`, never as rich markup, so a tool result
cannot restyle or fake the host's own lines.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salon.host.events import TurnEvent


def humanize(name: str) -> str:
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def app_title(app: str) -> str:
    return " ".join(word.capitalize() for word in humanize(app).split())


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def key_values(values: dict[str, Any]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for key, value in values.items():
        table.add_row(Text(humanize(key)), Text(_scalar(value)))
    return table


def _rows(structured: Any) -> list[dict[str, Any]] | None:
    if isinstance(structured, list) and structured and all(isinstance(item, dict) for item in structured):
        return structured
    if isinstance(structured, dict):
        lists = [
            value for value in structured.values() if _rows(value) is not None and isinstance(value, list)
        ]
        if len(lists) == 1:
            return lists[0]
    return None


def structured_table(structured: Any, *, max_rows: int = 8, max_columns: int = 5) -> Table | None:
    """A compact table for a list of objects (also when wrapped, like `{"hotels": [...]}`)."""
    rows = _rows(structured)
    if rows is None:
        return None
    columns: list[str] = []
    for row in rows:
        for key, value in row.items():
            if key not in columns and len(columns) < max_columns and not isinstance(value, dict | list):
                columns.append(key)
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="dim")
    for column in columns:
        table.add_column(humanize(column))
    for row in rows[:max_rows]:
        table.add_row(*(Text(_scalar(row.get(column))) for column in columns))
    if len(rows) > max_rows:
        table.caption = f"…and {len(rows) - max_rows} more"
    return table


class TranscriptPrinter:
    """Prints events as a readable transcript; text deltas are joined into one paragraph."""

    def __init__(self, console: Console, *, echo_user: bool = True) -> None:
        self.console = console
        self.echo_user = echo_user
        self._in_text = False

    def _end_text(self) -> None:
        if self._in_text:
            self.console.print()
            self._in_text = False

    def __call__(self, event: TurnEvent) -> None:
        if event.type == "text":
            if not self._in_text:
                self.console.print(Text("salon  ", style="bold magenta"), end="")
                self._in_text = True
            self.console.print(Text(event.text), end="")
            return
        self._end_text()
        if event.type == "user_message":
            if self.echo_user:
                self.console.print(Text("you    ", style="bold cyan") + Text(event.text))
        elif event.type == "activity":
            self.console.print(Text(f"  … {event.label}", style="dim"))
        elif event.type == "tool_call":
            arguments = json.dumps(event.arguments, ensure_ascii=False)
            self.console.print(
                Text("  → ", style="cyan")
                + Text(f"{event.app}.{event.tool}", style="cyan")
                + Text(f" {arguments}")
            )
        elif event.type == "confirmation_required":
            heading = f"{event.title} — {app_title(event.app)} app wants to make a change"
            body = Table.grid()
            if event.reason:
                body.add_row(Text(event.reason, style="dim"))
            body.add_row(key_values(event.arguments))
            self.console.print(
                Panel(body, title=Text(heading, style="bold"), border_style="yellow", expand=False)
            )
        elif event.type == "tool_result":
            style = "red" if event.is_error else "green"
            mark = "✗" if event.is_error else "←"
            self.console.print(
                Text(f"  {mark} ", style=style)
                + Text(f"{event.app}.{event.tool}", style=style)
                + Text(f" {event.text}")
            )
            table = None if event.is_error else structured_table(event.structured)
            if table is not None:
                self.console.print(Panel(table, border_style="dim", expand=False))
        elif event.type == "view":
            self.console.print(
                Text(
                    f"  ▣ {app_title(event.app)} has an interactive view; open the web page to use it.",
                    style="dim",
                )
            )
        elif event.type == "error":
            who = f"{app_title(event.app)} app: " if event.app else ""
            self.console.print(Text(f"  ✗ {who}{event.message}", style="bold red"))
        elif event.type == "done" and event.waiting:
            self.console.print(Text("  (waiting for a decision)", style="yellow"))

    def finish(self) -> None:
        self._end_text()


class JsonPrinter:
    """One JSON object per line, exactly `event.to_wire()`."""

    def finish(self) -> None:
        return None

    def __call__(self, event: TurnEvent) -> None:
        sys.stdout.write(json.dumps(event.to_wire(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
