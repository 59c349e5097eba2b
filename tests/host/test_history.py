"""What the model sees of the transcript: every call followed by its answer, whatever the order stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.history import UNANSWERED, to_chat_messages
from salon.store import Message

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def message(seq: int, role: Any, content: str = "", **fields: Any) -> Message:
    return Message(
        id=f"m{seq}",
        conversation_id="c",
        seq=seq,
        role=role,
        content=content,
        tool_calls=fields.get("tool_calls"),
        tool_call_id=fields.get("tool_call_id"),
        name=fields.get("name"),
        data=fields.get("data"),
        created_at=NOW,
    )


BOOK = [{"id": "c1", "name": "hotels__book_hotel", "arguments": {"hotel_id": "h2"}}]


def test_an_answer_stored_after_later_messages_is_moved_next_to_its_call() -> None:
    stored = [
        message(1, "user", "book the second one"),
        message(2, "assistant", "", tool_calls=BOOK),
        message(3, "user", "also, what time is it?"),
        message(4, "assistant", "It is noon."),
        message(5, "tool", "Booked. Reference BK-1.", tool_call_id="c1", name="hotels__book_hotel"),
    ]
    chat = to_chat_messages(stored)
    assert [(m.role, m.content) for m in chat] == [
        ("user", "book the second one"),
        ("assistant", ""),
        ("tool", "Booked. Reference BK-1."),
        ("user", "also, what time is it?"),
        ("assistant", "It is noon."),
    ]


def test_a_call_without_an_answer_is_stated_as_unanswered() -> None:
    chat = to_chat_messages([message(1, "user", "book"), message(2, "assistant", "", tool_calls=BOOK)])
    assert chat[-1].role == "tool"
    assert chat[-1].content == UNANSWERED
    assert chat[-1].is_error is True


def test_an_answer_whose_call_fell_out_of_the_window_is_left_out() -> None:
    chat = to_chat_messages([message(1, "tool", "old", tool_call_id="gone"), message(2, "user", "hi")])
    assert [m.role for m in chat] == ["user"]


def test_failed_calls_are_marked_as_errors_for_the_model() -> None:
    stored = [
        message(1, "assistant", "", tool_calls=BOOK),
        message(2, "tool", "declined", tool_call_id="c1", name="hotels__book_hotel"),
    ]
    assert to_chat_messages(stored, frozenset({"c1"}))[-1].is_error is True
    assert to_chat_messages(stored)[-1].is_error is False


def test_calls_the_person_declined_are_marked_as_declined_as_well_as_failed() -> None:
    stored = [
        message(1, "assistant", "", tool_calls=BOOK),
        message(2, "tool", "declined", tool_call_id="c1", name="hotels__book_hotel"),
    ]
    [*_, answer] = to_chat_messages(stored, frozenset({"c1"}), frozenset({"c1"}))
    assert (answer.is_error, answer.declined) == (True, True)
    assert to_chat_messages(stored, frozenset({"c1"}))[-1].declined is False
