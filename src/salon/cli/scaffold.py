"""`salon app new NAME`: a new app to start from — a server, a passing test, a README.

The server uses `salon.sdk` with one read-only tool and one that changes something (so it shows how
hints decide what the host confirms); the test drives it through `AppTestClient`, in process.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from salon.cli.environment import fail

app_group = typer.Typer(help="Build apps for Salon.", no_args_is_help=True)

_HERE = Path(".")
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")

SERVER = '''"""{title}: an app for Salon (and any MCP host).

Run it over stdio, the way `salon apps add {name} --command "python server.py"` starts it:

    python server.py

or serve Streamable HTTP at http://127.0.0.1:8000/mcp:

    python server.py --transport http --port 8000
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from salon.sdk import SalonApp, ToolResult

app = SalonApp(
    "{name}",
    title="{title}",
    description="Keeps short notes. Replace this with what {title} does, in one sentence.",
    version="0.1.0",
)

_notes: list[str] = []


@app.tool(read_only=True, destructive=False, open_world=False, activity="Reading notes…")
def list_notes() -> ToolResult:
    """List the notes saved so far."""
    text = f"{{len(_notes)}} note(s)." if _notes else "No notes yet."
    return ToolResult(text=text, data={{"notes": list(_notes)}})


# Not read-only, so hosts ask the person before running it.
@app.tool(read_only=False, destructive=False, open_world=False, activity="Saving the note…")
def add_note(text: Annotated[str, Field(description="The note to save.", min_length=1)]) -> ToolResult:
    """Save a short note."""
    _notes.append(text)
    return ToolResult(text=f"Saved note #{{len(_notes)}}.", data={{"saved": text, "count": len(_notes)}})


if __name__ == "__main__":
    app.run()
'''

TEST = '''"""Tests for {title}, through a real MCP client in the same process."""

from __future__ import annotations

import asyncio

from salon.sdk import AppTestClient
from server import app


def test_a_saved_note_is_listed_and_only_reading_is_marked_read_only() -> None:
    async def scenario() -> None:
        async with AppTestClient(app) as client:
            assert (await client.tool("list_notes")).annotations.read_only_hint is True
            assert (await client.tool("add_note")).annotations.read_only_hint is False

            saved = await client.call("add_note", {{"text": "buy milk"}})
            listed = await client.call("list_notes")

            assert not saved.is_error
            assert "buy milk" in listed.data["notes"]

    asyncio.run(scenario())
'''

README = """# {title}

An app for Salon and any MCP host, built with `salon.sdk`.

## Run it

    python server.py                               # stdio
    python server.py --transport http --port 8000  # Streamable HTTP at /mcp

## Install it in Salon

    salon apps add {name} --command "python {directory}/server.py"

## Test it

    python -m pytest {directory}

`list_notes` is read-only, so Salon runs it straight away; `add_note` changes something, so Salon asks
the person first. State those hints honestly on every tool: `read_only`, `destructive`, `open_world`.
"""


def scaffold(name: str, parent: Path) -> Path:
    """Write the new app's files into `parent/name`; refuses to overwrite a non-empty directory."""
    if not _NAME.match(name):
        raise fail(
            f"{name!r} is not a usable app name: use lowercase letters, digits, '-' or '_', starting with a "
            "letter (e.g. 'notes' or 'trip-planner')."
        )
    target = parent / name
    if target.exists() and any(target.iterdir()):
        raise fail(f"{target} already exists and is not empty; pick another name or --dir.")
    title = " ".join(word.capitalize() for word in re.split(r"[-_]", name) if word)
    values = {"name": name, "title": title, "directory": name}
    target.mkdir(parents=True, exist_ok=True)
    (target / "server.py").write_text(SERVER.format(**values), encoding="utf-8")
    (target / "test_app.py").write_text(TEST.format(**values), encoding="utf-8")
    (target / "README.md").write_text(README.format(**values), encoding="utf-8")
    return target


@app_group.command("new")
def new(
    name: str = typer.Argument(..., help="The app's name, e.g. notes."),
    directory: Annotated[Path, typer.Option("--dir", help="Where to create the app's folder.")] = _HERE,
) -> None:
    """Create a new app: server.py, test_app.py and README.md in a folder named NAME."""
    target = scaffold(name, directory)
    console = Console(highlight=False)
    console.print(Text(f"Created {target}/ with server.py, test_app.py and README.md.", style="green"))
    console.print(
        Text(
            f"Next: python -m pytest {target}   then   salon apps add {name} --command "
            f'"python {target / "server.py"}"'
        )
    )
