"""A greeting, thanks or "what can you do?" gets a reply of its own, not "none of them fits"."""

from __future__ import annotations

from salon.host.models import ChatMessage, ModelRequest
from salon.host.models.embedded import EmbeddedProvider
from salon.host.models.small_talk import small_talk_reply
from tests.models.test_embedded import ALL, NOW, step


def test_whole_messages_of_small_talk_are_recognised_and_requests_are_not() -> None:
    for greeting in ("hi", "Hello!", "hey there", "Good morning."):
        assert small_talk_reply(greeting, []) == "Hi! What can I help you with?", greeting
    for thanks in ("thanks", "Thank you so much!", "great, thanks", "cheers"):
        assert small_talk_reply(thanks, []) == "You're welcome! Anything else?", thanks
    # Before: "thanks, that's all" was read as a request no tool fits.
    for goodbye in ("thanks, that's all", "Thank you! Bye", "thanks, I'm done"):
        assert small_talk_reply(goodbye, []) == "You're welcome. Bye for now!", goodbye
    for dismissal in ("never mind", "No thanks.", "forget it", "cancel that"):
        assert small_talk_reply(dismissal, []) == "OK. Just ask when you need something.", dismissal
    for request in (
        "hi, find me a hotel in Rome",
        "thanks, now play jazz",
        "help me book a hotel",
        "history",
    ):
        assert small_talk_reply(request, []) is None, request


async def test_what_can_you_do_lists_what_the_offered_tools_do() -> None:
    text, calls = await step([ChatMessage(role="user", content="What can you do?")], ALL)
    assert calls == []
    assert text.startswith("I'm Salon's offline assistant: through your apps I can search hotels, book hotel")
    answer = EmbeddedProvider().answer(
        ModelRequest(messages=[ChatMessage(role="user", content="what can you do")], tools=[], now=NOW)
    )
    assert "apps you install" in answer.text
    assert answer.declined  # a language model, where there is one, writes its own reply


async def test_a_greeting_is_answered_even_with_no_tool_offered() -> None:
    # Before: "I'm Salon's offline assistant: I work through apps, and none is available for this."
    text, calls = await step([ChatMessage(role="user", content="hi!")], [])
    assert (text, calls) == ("Hi! What can I help you with?", [])
