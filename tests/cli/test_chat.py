from __future__ import annotations

import json

from tests.web.fakehost import FakeHost

from .conftest import Cli


def test_one_turn_prints_a_readable_transcript_and_the_conversation_id(with_hotels: Cli) -> None:
    result = with_hotels("chat", "find hotels in Melbourne")

    assert result.exit_code == 0, result.output
    conversation_id = next(iter(with_hotels.host.conversations))
    assert f"Conversation {conversation_id}" in result.stdout
    assert "hotels.search_hotels" in result.stdout
    assert "Searching hotels…" in result.stdout
    assert "Harbour View" in result.stdout
    assert "Here are three hotels in Melbourne." in result.stdout
    assert f"salon chat --conversation {conversation_id}" in result.stdout


def test_json_mode_prints_one_wire_event_per_line(with_hotels: Cli) -> None:
    result = with_hotels("chat", "--json", "find hotels")

    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [event["type"] for event in events] == [
        "user_message",
        "tool_call",
        "activity",
        "tool_result",
        "text",
        "text",
        "done",
    ]
    assert events[3]["structured"]["hotels"][1]["name"] == "Laneway Rooms"


def test_confirmation_is_denied_without_approve_and_says_how_to_allow_it(with_hotels: Cli) -> None:
    result = with_hotels("chat", "book the second one")

    assert result.exit_code == 0, result.output
    assert "Book hotel — Hotels app wants to make a change" in result.stdout
    assert "--approve" in result.stderr
    assert "Okay, I did not book it." in result.stdout
    [confirmation] = with_hotels.host.confirmations.values()
    assert confirmation.status == "denied"


def test_approve_flag_approves_once_and_streams_the_continuation(with_hotels: Cli) -> None:
    result = with_hotels("chat", "--json", "--approve", "book the second one")

    types = [json.loads(line)["type"] for line in result.stdout.splitlines()]
    assert types[:4] == ["user_message", "tool_call", "confirmation_required", "done"]
    assert types[4:] == ["activity", "tool_result", "text", "done"]
    [confirmation] = with_hotels.host.confirmations.values()
    assert confirmation.status == "approved"


def test_follow_up_continues_the_given_conversation(with_hotels: Cli) -> None:
    with_hotels("chat", "find hotels")
    conversation_id = next(iter(with_hotels.host.conversations))

    result = with_hotels("chat", "--conversation", conversation_id, "find more hotels")

    assert result.exit_code == 0, result.output
    assert len(with_hotels.host.conversations) == 1
    user_texts = [m.content for m in with_hotels.host.messages[conversation_id] if m.role == "user"]
    assert user_texts == ["find hotels", "find more hotels"]


def test_unknown_conversation_is_one_red_line_and_exit_code_1(with_hotels: Cli) -> None:
    result = with_hotels("chat", "--conversation", "nope", "hello")

    assert result.exit_code == 1
    assert "No conversation 'nope'" in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_chat_without_apps_says_how_to_install_some(salon: Cli) -> None:
    result = salon("chat", "hello")

    assert "No apps installed; run `salon demo` or `salon apps add`." in result.stderr


def test_interactive_chat_runs_turns_until_an_empty_line(with_hotels: Cli) -> None:
    result = with_hotels("chat", input="find hotels\nbook the second one\nalways\n\n")

    assert result.exit_code == 0, result.output
    assert "Here are three hotels in Melbourne." in result.stdout
    assert "Done — you're booked at Laneway Rooms." in result.stdout


def test_host_is_closed_after_each_command(with_hotels: Cli, host: FakeHost) -> None:
    host.closed = False

    with_hotels("chat", "hello hotels")

    assert host.closed
