"""What the model sees of a conversation: stored messages turned into chat messages.

Only this module decides what of the transcript reaches the model. Apps never see it: a call carries
its own arguments and nothing else.
"""

from __future__ import annotations

from datetime import datetime

from salon.host.models.base import ChatMessage, ProposedCall
from salon.store import Message

HISTORY_LIMIT = 40


def system_prompt(now: datetime) -> str:
    return (
        "You are the assistant inside Salon. The person's apps are offered to you as tools; call one when it "
        "helps, with arguments that match its schema exactly. The apps show their own results as cards, so "
        "after a tool answers, reply in one or two short sentences without repeating the card. Actions that "
        "change things are confirmed by the person in Salon before they run; never claim an action happened "
        f"unless its tool answered. Now is {now.strftime('%A %Y-%m-%d %H:%M')} "
        f"({now.tzname() or 'local time'})."
    )


def to_chat_messages(
    messages: list[Message], failed_calls: frozenset[str] = frozenset()
) -> list[ChatMessage]:
    """`failed_calls`: ids of calls whose answer is an error (the app's `isError`, a timeout, a denial)."""
    recent = messages[-HISTORY_LIMIT:]
    # Never start on a tool answer whose call was cut off: providers reject orphaned tool messages.
    while recent and recent[0].role == "tool":
        recent = recent[1:]
    chat: list[ChatMessage] = []
    for message in recent:
        if message.role == "assistant":
            calls = [
                ProposedCall(id=str(c["id"]), name=str(c["name"]), arguments=dict(c.get("arguments") or {}))
                for c in (message.tool_calls or [])
            ]
            chat.append(ChatMessage(role="assistant", content=message.content, tool_calls=calls))
        elif message.role == "tool":
            chat.append(
                ChatMessage(
                    role="tool",
                    content=message.content,
                    tool_call_id=message.tool_call_id,
                    name=message.name,
                    data=message.data,
                    is_error=message.tool_call_id in failed_calls,
                )
            )
        elif message.role == "user":
            chat.append(ChatMessage(role="user", content=message.content))
    return chat
