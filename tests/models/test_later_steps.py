"""A message that asks for several things in order (or joins two requests with "and") gets each
step's call in turn, and a tool that is clearly meant but lacks arguments is asked about rather than
swapped for one that takes anything."""

from __future__ import annotations

from salon.host.models import ChatMessage, ModelRequest, ProposedCall
from salon.host.models.embedded import EmbeddedProvider
from salon.host.models.steps import split_at_and
from tests.models.test_embedded import ALL, CONVERT, NOW, SEARCH_HOTELS, step

HOTELS_THEN_CONVERT = "Find hotels in Melbourne for 3 nights from December 3, and then convert 5 miles to km"


def answered(
    history: list[ChatMessage], calls: list[ProposedCall], data: object, *, error: bool = False
) -> list[ChatMessage]:
    """`history` with the model's calls and each call's answer appended."""
    return [
        *history,
        ChatMessage(role="assistant", tool_calls=calls),
        *(
            ChatMessage(
                role="tool",
                tool_call_id=c.id,
                name=c.name,
                content=f"{c.name} answered.",
                data=data,
                is_error=error,
            )
            for c in calls
        ),
    ]


async def test_each_step_is_called_in_turn_with_its_own_words() -> None:
    history = [ChatMessage(role="user", content=HOTELS_THEN_CONVERT)]
    text, first = await step(history)
    assert text == ""
    # The 5 of "5 miles" belongs to the second step: it is not the hotel search's guest count.
    assert [(c.name, c.arguments) for c in first] == [
        ("hotels__search_hotels", {"city": "Melbourne", "check_in": "2026-12-03", "nights": 3})
    ]
    history = answered(history, first, {"hotels": [{"id": "h-1"}]})
    text, second = await step(history)
    assert text == "hotels__search_hotels answered."  # the first call's answer is still told
    assert [(c.name, c.arguments) for c in second] == [
        ("units__convert", {"value": 5.0, "from_unit": "miles", "to_unit": "km"})
    ]
    text, third = await step(answered(history, second, {"value": 8.05}))
    assert third == []
    assert text == "units__convert answered."


async def test_a_later_step_can_act_on_the_earlier_steps_results() -> None:
    history = [ChatMessage(role="user", content="Search for Bohemian Rhapsody. Then play the first one.")]
    _, found = await step(history)
    assert [c.name for c in found] == ["music__search_tracks"]
    tracks = {"tracks": [{"track_id": "t-9", "title": "Bohemian Rhapsody"}, {"track_id": "t-3"}]}
    _, played = await step(answered(history, found, tracks))
    assert [(c.name, c.arguments) for c in played] == [("music__play_track", {"track_id": "t-9"})]


async def test_a_failed_step_stops_the_steps_after_it() -> None:
    history = [ChatMessage(role="user", content=HOTELS_THEN_CONVERT)]
    _, first = await step(history)
    text, calls = await step(answered(history, first, None, error=True))
    assert calls == []
    assert text.startswith("That didn't work")


async def test_a_later_step_that_lacks_arguments_is_asked_about_after_the_answer() -> None:
    history = [ChatMessage(role="user", content="Convert 5 miles to km, and then find hotels in Melbourne")]
    _, first = await step(history)
    assert [c.name for c in first] == ["units__convert"]
    text, calls = await step(answered(history, first, {"value": 8.05}))
    assert calls == []
    assert text.startswith("units__convert answered. ")
    assert "check-in date" in text


async def test_a_clearly_meant_tool_missing_arguments_is_asked_about_not_replaced() -> None:
    # The song and product searches take any text as their query, so they would score higher than
    # the hotel search that still lacks dates; the hotel search is far closer in meaning.
    text, calls = await step([ChatMessage(role="user", content="find hotels in Melbourne")], ALL)
    assert calls == []
    assert "search hotels" in text
    assert "check-in date" in text


async def test_a_lone_tool_clearly_meant_is_asked_about_and_an_unrelated_message_declined() -> None:
    text, calls = await step([ChatMessage(role="user", content="search hotels")], [SEARCH_HOTELS])
    assert calls == []
    assert text.startswith("I can search hotels for you")
    text, calls = await step([ChatMessage(role="user", content="what is the capital of France")], [CONVERT])
    assert calls == []
    assert "none of them fits" in text
    unrelated = ModelRequest(
        messages=[ChatMessage(role="user", content="what is the capital of France")], tools=[CONVERT], now=NOW
    )
    assert EmbeddedProvider().answer(unrelated).declined
    asked = ModelRequest(
        messages=[ChatMessage(role="user", content="search hotels")], tools=[SEARCH_HOTELS], now=NOW
    )
    assert not EmbeddedProvider().answer(asked).declined


async def test_two_requests_joined_by_a_bare_and_are_two_steps_each_with_its_own_words() -> None:
    # Before: one step; the conversion scored best and took its value from "two nights".
    asked = "I need a place to stay in Rome tomorrow for two nights and convert 10 km to miles"
    history = [ChatMessage(role="user", content=asked)]
    _, first = await step(history)
    assert [(c.name, c.arguments) for c in first] == [
        ("hotels__search_hotels", {"city": "Rome", "check_in": "2026-11-23", "nights": 2})
    ]
    _, second = await step(answered(history, first, {"hotels": [{"id": "h-1"}]}))
    assert [(c.name, c.arguments) for c in second] == [
        ("units__convert", {"value": 10.0, "from_unit": "km", "to_unit": "miles"})
    ]


async def test_a_bare_and_inside_one_request_does_not_cut_it() -> None:
    # The second side names no action of its own, or would call nothing by itself.
    for asked, tool in (
        (
            "Find hotels in Rome for 2 nights from December 3 and add the guest count 4",
            "hotels__search_hotels",
        ),
        ("search for songs by Queen and Bowie", "music__search_tracks"),
    ):
        history = [ChatMessage(role="user", content=asked)]
        _, first = await step(history)
        assert [c.name for c in first] == [tool], asked
        _, after = await step(answered(history, first, {"items": [{"id": "x-1"}]}))
        assert after == [], asked


def test_split_at_and_asks_the_judge_about_each_and_with_the_words_up_to_the_next() -> None:
    judged: list[tuple[str, str]] = []

    def separate(before: str, after: str) -> bool:
        judged.append((before, after))
        return after.startswith("convert")

    parts = split_at_and("find jazz and blues, and convert 5 mi to km and play it", separate)
    assert parts == ["find jazz and blues", "convert 5 mi to km and play it"]
    assert judged == [
        ("find jazz", "blues"),
        ("find jazz and blues", "convert 5 mi to km"),
        ("convert 5 mi to km", "play it"),
    ]
