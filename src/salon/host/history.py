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


UNANSWERED = (
    "No answer is recorded for this call: it is waiting for the person's decision, or it was interrupted."
)


def to_chat_messages(
    messages: list[Message],
    failed_calls: frozenset[str] = frozenset(),
    declined_calls: frozenset[str] = frozenset(),
) -> list[ChatMessage]:
    """The last `HISTORY_LIMIT` messages as chat messages, every call followed by its answer.

    Providers require each tool answer right after the assistant message that made the call. In the
    transcript an answer can come later (a call that waited for the person's decision while they said
    something else) or never (a crash mid-call), so answers are moved next to their calls, a missing
    one is stated as such, and answers whose call fell out of the window are left out.
    `failed_calls`: ids of calls whose answer is an error (the app's `isError`, a timeout, a denial);
    `declined_calls`: those of them the person declined at their confirmation.
    """
    recent = messages[-HISTORY_LIMIT:]
    answers = {m.tool_call_id: m for m in recent if m.role == "tool" and m.tool_call_id}
    chat: list[ChatMessage] = []
    for message in recent:
        if message.role == "user":
            chat.append(ChatMessage(role="user", content=message.content))
        elif message.role == "assistant":
            calls = [
                ProposedCall(id=str(c["id"]), name=str(c["name"]), arguments=dict(c.get("arguments") or {}))
                for c in (message.tool_calls or [])
            ]
            chat.append(ChatMessage(role="assistant", content=message.content, tool_calls=calls))
            for call in calls:
                answer = answers.get(call.id)
                chat.append(
                    ChatMessage(
                        role="tool",
                        content=answer.content if answer else UNANSWERED,
                        tool_call_id=call.id,
                        name=answer.name if answer else call.name,
                        data=answer.data if answer else None,
                        is_error=answer is None or call.id in failed_calls,
                        declined=call.id in declined_calls,
                    )
                )
    return chat
