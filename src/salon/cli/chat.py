"""`salon chat`: one turn from the command line, or a small REPL.

A turn that stops for a confirmation is continued here: with `--approve` each pending call is approved
once and the continuation streamed; in the REPL the person is asked; otherwise the call is denied (so
nothing changes) and the message says how to allow it. The conversation id is printed so a follow-up
`salon chat --conversation ID "..."` continues the same conversation.
"""

from __future__ import annotations

import asyncio
import shlex
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from typing import TYPE_CHECKING, Literal, Protocol

import typer
from rich.console import Console
from rich.prompt import Prompt
from rich.text import Text

from salon.cli.environment import env_of, run, using_host
from salon.cli.render import JsonPrinter, TranscriptPrinter, app_title
from salon.cli.serving import demo_checkout
from salon.errors import PolicyError
from salon.host.events import ConfirmationRequired, TurnEvent

if TYPE_CHECKING:
    from salon.host.runtime import Host

DecisionKind = Literal["approve", "always", "deny"]
Decide = Callable[[ConfirmationRequired], Awaitable[DecisionKind]]

MAX_DECISIONS = 16


class Printer(Protocol):
    def __call__(self, event: TurnEvent) -> None: ...

    def finish(self) -> None: ...


async def _stream(events: AsyncIterator[TurnEvent], printer: Printer) -> list[ConfirmationRequired]:
    asked: list[ConfirmationRequired] = []
    async with aclosing(events):  # type: ignore[type-var]
        async for event in events:
            printer(event)
            if isinstance(event, ConfirmationRequired):
                asked.append(event)
    printer.finish()
    return asked


async def run_turn(host: Host, conversation_id: str, text: str, printer: Printer, decide: Decide) -> None:
    """Stream one turn, then settle each confirmation it asks for and stream what follows."""
    queue = await _stream(host.run_turn(conversation_id, text), printer)
    decided = 0
    while queue and decided < MAX_DECISIONS:
        confirmation = queue.pop(0)
        decision = await decide(confirmation)
        decided += 1
        try:
            queue += await _stream(host.decide(confirmation.confirmation_id, decision), printer)
        except PolicyError as error:
            if error.code != "already_decided":
                raise


def _refuse(conversation_id: str, text: str, notices: Console) -> Decide:
    async def decide(confirmation: ConfirmationRequired) -> DecisionKind:
        notices.print(
            Text(
                f"Denied “{confirmation.title}” ({app_title(confirmation.app)} app): it changes something, "
                "so it needs your confirmation. Re-run with --approve to allow it:\n"
                f"  salon chat --conversation {conversation_id} --approve {shlex.quote(text)}",
                style="yellow",
            )
        )
        return "deny"

    return decide


async def _approve(confirmation: ConfirmationRequired) -> DecisionKind:
    return "approve"


def _ask(console: Console) -> Decide:
    async def decide(confirmation: ConfirmationRequired) -> DecisionKind:
        answer = await asyncio.to_thread(
            Prompt.ask,
            Text(f"Allow {confirmation.title}? approve once / always / deny"),
            choices=["approve", "always", "deny"],
            default="deny",
            console=console,
        )
        return "always" if answer == "always" else "approve" if answer == "approve" else "deny"

    return decide


async def _chat(
    host: Host,
    message: str | None,
    conversation_id: str | None,
    *,
    as_json: bool,
    approve: bool,
    console: Console,
    notices: Console,
) -> None:
    if conversation_id is not None:
        await host.conversation_detail(conversation_id)
    if not await host.list_apps():
        notices.print(Text("No apps installed; run `salon demo` or `salon apps add`.", style="yellow"))
    if conversation_id is None:
        conversation_id = (await host.create_conversation()).id
    printer: Printer = JsonPrinter() if as_json else TranscriptPrinter(console, echo_user=message is not None)
    (notices if as_json else console).print(Text(f"Conversation {conversation_id}", style="dim"))

    if message is not None:
        decide = _approve if approve else _refuse(conversation_id, message, notices)
        await run_turn(host, conversation_id, message, printer, decide)
        (notices if as_json else console).print(
            Text(f'Continue with: salon chat --conversation {conversation_id} "..."', style="dim")
        )
        return

    console.print(Text("Type a message; an empty line or Ctrl-D ends.", style="dim"))
    while True:
        try:
            line = await asyncio.to_thread(console.input, "[bold cyan]you[/] › ")
        except EOFError:
            break
        text = line.strip()
        if not text or text in ("/exit", "/quit"):
            break
        await run_turn(host, conversation_id, text, printer, _approve if approve else _ask(console))


def chat(
    ctx: typer.Context,
    message: str | None = typer.Argument(None, help="What to say. Without it, an interactive chat starts."),
    conversation: str | None = typer.Option(None, "--conversation", "-c", help="Continue this conversation."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per event line."),
    approve: bool = typer.Option(
        False, "--approve", help="Approve confirmations once instead of denying them."
    ),
) -> None:
    """Talk to Salon from the terminal: one turn, or a chat session without MESSAGE."""
    env = env_of(ctx)
    console = Console(highlight=False)
    notices = Console(stderr=True, highlight=False, soft_wrap=True)

    async def work(host: Host) -> None:
        await _chat(
            host, message, conversation, as_json=as_json, approve=approve, console=console, notices=notices
        )

    # In a data dir `salon demo` set up, the shop's merchant runs for the turn, so checkout works here too.
    with demo_checkout(env, env.settings(), take_over=False) as (settings, _):
        run(using_host(env, settings, work))
