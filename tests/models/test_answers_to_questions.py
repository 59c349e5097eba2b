"""A message that answers the offline provider's question is read with the words the question was about."""

from __future__ import annotations

from salon.host.models import ChatMessage, ModelRequest, ProposedCall
from salon.host.models.embedded import EmbeddedProvider
from tests.models.test_embedded import ALL, NOW, step


async def say(history: list[ChatMessage], text: str) -> tuple[list[ChatMessage], str, list]:
    """`history` with the person's `text` and the provider's answer to it."""
    history = [*history, ChatMessage(role="user", content=text)]
    reply, calls = await step(history, ALL)
    return [*history, ChatMessage(role="assistant", content=reply, tool_calls=calls)], reply, calls


async def test_an_answer_to_the_question_completes_the_call_it_was_about() -> None:
    history, reply, calls = await say([], "find hotels in Melbourne")
    assert calls == []
    assert "check-in date" in reply
    # Before: "I'm Salon's offline assistant … none of them fits that."
    _, reply, calls = await say(history, "from December 3 for 3 nights")
    assert [(c.name, c.arguments) for c in calls] == [
        ("hotels__search_hotels", {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3})
    ]


async def test_questions_answered_one_at_a_time_add_up() -> None:
    history, _, _ = await say([], "find hotels in Melbourne")
    history, reply, calls = await say(history, "from December 3")
    assert calls == []
    assert "nights" in reply.lower()
    _, _, calls = await say(history, "3 nights")
    assert [(c.name, c.arguments) for c in calls] == [
        ("hotels__search_hotels", {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3})
    ]


async def test_a_new_request_after_a_question_is_read_on_its_own() -> None:
    history, _, _ = await say([], "find hotels in Melbourne")
    _, _, calls = await say(history, "convert 5 miles to km")
    assert [(c.name, c.arguments) for c in calls] == [
        ("units__convert", {"value": 5.0, "from_unit": "miles", "to_unit": "km"})
    ]


async def test_a_message_after_a_refusal_is_not_joined_to_the_refused_one() -> None:
    history, reply, _ = await say([], "what is the capital of France")
    assert "none of them fits" in reply
    history = [*history, ChatMessage(role="user", content="find hotels")]
    answer = EmbeddedProvider().answer(ModelRequest(messages=history, tools=ALL, now=NOW))
    assert answer.calls == []
    assert answer.asked_about == "find hotels"


async def test_a_short_refinement_runs_the_last_search_again_with_what_it_changes() -> None:
    searched = ProposedCall(
        id="c1",
        name="shop__search_products",
        arguments={"query": "running shoes"},
    )
    history = [
        ChatMessage(role="user", content="search the shop for running shoes"),
        ChatMessage(role="assistant", tool_calls=[searched]),
        ChatMessage(role="tool", tool_call_id="c1", name="shop__search_products", content="8 products."),
        ChatMessage(role="assistant", content="8 products."),
    ]
    # Before: "none of them fits that".
    _, calls = await step([*history, ChatMessage(role="user", content="under $80")], ALL)
    assert [(c.name, c.arguments) for c in calls] == [
        ("shop__search_products", {"query": "running shoes", "max_price": 80.0})
    ]
    # Free text is no refinement: it would search for the joke.
    _, calls = await step([*history, ChatMessage(role="user", content="tell me a joke")], ALL)
    assert calls == []
