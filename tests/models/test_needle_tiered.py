"""The tiered brain acts on confident calls, asks on doubtful ones, and lets the app write replies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.errors import ModelError
from salon.host.models import ChatMessage, EmbeddedProvider, ModelRequest, OfferedTool, ProposedCall
from salon.host.models.needle import NeedleDecision, NeedleProvider
from salon.host.models.tiered import TieredProvider

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

BOOK = OfferedTool(
    name="hotels__book_hotel",
    description="Book a room at a hotel.",
    parameters={
        "type": "object",
        "properties": {
            "hotel_id": {"type": "string"},
            "check_in": {"type": "string", "format": "date", "description": "Check-in date"},
        },
        "required": ["hotel_id", "check_in"],
    },
)
SEARCH = OfferedTool(
    name="hotels__search_hotels",
    description="Search hotels in a city.",
    parameters={
        "type": "object",
        "properties": {"city": {"type": "string", "description": "City to search in"}},
        "required": ["city"],
    },
    read_only=True,
)


class ScriptedNeedle(NeedleProvider):
    """Answers every request with one fixed decision, and keeps the requests it saw."""

    def __init__(self, decision: NeedleDecision) -> None:
        self.decision = decision
        self.seen: list[ModelRequest] = []

    async def decide(self, request: ModelRequest) -> NeedleDecision:
        self.seen.append(request)
        return self.decision


def decision(confidence: float | None, *calls: tuple[str, dict[str, Any]], **extra: Any) -> NeedleDecision:
    proposed = [ProposedCall(id=f"c{i}", name=n, arguments=a) for i, (n, a) in enumerate(calls)]
    return NeedleDecision(calls=proposed, confidence=confidence, **extra)


def request(text: str, *earlier: ChatMessage) -> ModelRequest:
    return ModelRequest(
        messages=[*earlier, ChatMessage(role="user", content=text)], tools=[SEARCH, BOOK], now=NOW
    )


def tiered(needle_decision: NeedleDecision) -> tuple[TieredProvider, ScriptedNeedle]:
    needle = ScriptedNeedle(needle_decision)
    return TieredProvider(needle=needle, embedded=EmbeddedProvider(), act_above=0.5), needle


async def test_a_confident_call_is_made_as_proposed() -> None:
    provider, _ = tiered(decision(0.9, ("hotels__search_hotels", {"city": "Lisbon"})))
    text, calls = await provider.respond(request("hotels in Lisbon"))
    assert text == ""
    assert [(c.name, c.arguments) for c in calls] == [("hotels__search_hotels", {"city": "Lisbon"})]


async def test_a_low_confidence_call_becomes_a_question_naming_what_it_would_do() -> None:
    provider, _ = tiered(decision(0.2, ("hotels__search_hotels", {"city": "Lisbon"})))
    text, calls = await provider.respond(request("somewhere to sleep in Lisbon"))
    assert calls == []
    assert text == "Do you want me to search hotels (city Lisbon)?"


async def test_a_low_confidence_call_with_rivals_becomes_a_short_choice() -> None:
    withheld = [ProposedCall(id="w", name="hotels__book_hotel", arguments={})]
    provider, _ = tiered(decision(0.2, ("hotels__search_hotels", {"city": "Lisbon"}), withheld=withheld))
    text, calls = await provider.respond(request("Lisbon hotel"))
    assert calls == []
    assert text == "I'm not sure which you mean — shall I search hotels or book hotel?"


async def test_a_call_missing_a_required_argument_asks_for_it() -> None:
    provider, _ = tiered(decision(0.9, ("hotels__book_hotel", {"hotel_id": "h1"})))
    text, calls = await provider.respond(request("book h1"))
    assert calls == []
    assert text == "I can book hotel for you — I just need the check-in date."


async def test_a_booking_date_written_without_a_year_is_never_in_the_past() -> None:
    provider, _ = tiered(decision(0.9, ("hotels__book_hotel", {"hotel_id": "h1", "check_in": "2026-03-02"})))
    _, calls = await provider.respond(request("book h1 for March 2"))
    assert calls[0].arguments["check_in"] == "2027-03-02"


async def test_a_date_with_the_year_the_person_wrote_is_kept() -> None:
    provider, _ = tiered(decision(0.9, ("hotels__book_hotel", {"hotel_id": "h1", "check_in": "2026-03-02"})))
    _, calls = await provider.respond(request("book h1 for March 2 2026"))
    assert calls[0].arguments["check_in"] == "2026-03-02"


async def test_no_call_from_needle_gives_the_embedded_reply_without_a_call() -> None:
    provider, _ = tiered(decision(0.8))
    text, calls = await provider.respond(request("what is the capital of Peru?"))
    assert calls == []
    assert "offline assistant" in text


async def test_when_only_the_embedded_tier_would_call_a_tool_it_asks_instead() -> None:
    provider, _ = tiered(decision(0.8))
    text, calls = await provider.respond(request("search hotels in Lisbon"))
    assert calls == []
    assert text == "I'm not sure that's what you mean — do you want me to search hotels?"


async def test_replies_after_tool_results_come_from_the_apps_content_without_asking_needle() -> None:
    provider, needle = tiered(decision(0.9, ("hotels__search_hotels", {"city": "Lisbon"})))
    call = ProposedCall(id="c1", name="hotels__search_hotels", arguments={"city": "Lisbon"})
    history = [
        ChatMessage(role="user", content="hotels in Lisbon"),
        ChatMessage(role="assistant", tool_calls=[call]),
        ChatMessage(
            role="tool",
            tool_call_id="c1",
            name="hotels__search_hotels",
            content="Found 2 hotels in Lisbon.\n1. Alfama Inn",
        ),
    ]
    req = ModelRequest(messages=history, tools=[SEARCH, BOOK], now=NOW)
    text, calls = await provider.respond(req)
    assert (text, calls) == ("Found 2 hotels in Lisbon.", [])
    assert needle.seen == []


async def test_pointing_at_earlier_results_is_left_to_the_embedded_tier() -> None:
    provider, needle = tiered(decision(0.9, ("hotels__book_hotel", {"hotel_id": "made-up", "check_in": "x"})))
    call = ProposedCall(id="c1", name="hotels__search_hotels", arguments={"city": "Lisbon"})
    results = {"hotels": [{"id": "h1", "name": "Alfama Inn"}, {"id": "h2", "name": "Baixa House"}]}
    history = [
        ChatMessage(role="user", content="hotels in Lisbon"),
        ChatMessage(role="assistant", tool_calls=[call]),
        ChatMessage(role="tool", tool_call_id="c1", name=call.name, content="Found 2.", data=results),
        ChatMessage(role="assistant", content="Found 2."),
    ]
    _, calls = await provider.respond(request("book the second one for tomorrow", *history))
    assert needle.seen == []
    assert calls[0].arguments == {"hotel_id": "h2", "check_in": "2026-11-23"}


async def test_the_stream_carries_the_question_as_text() -> None:
    provider, _ = tiered(decision(0.1, ("hotels__search_hotels", {"city": "Lisbon"})))
    chunks = [chunk async for chunk in provider.stream(request("Lisbon?"))]
    assert [chunk.kind for chunk in chunks] == ["text"]


async def test_a_value_needle_made_up_is_asked_for() -> None:
    # Before: booked, with a hotel and a date nobody gave.
    provider, _ = tiered(
        decision(0.95, ("hotels__book_hotel", {"hotel_id": "H-1", "check_in": "2026-11-23"}))
    )
    text, calls = await provider.respond(request("book a room for me"))
    assert calls == []
    assert text == "I can book hotel for you — I just need the hotel id and the check-in date."


class FailingNeedle(NeedleProvider):
    def __init__(self) -> None:
        pass

    async def decide(self, request: ModelRequest) -> NeedleDecision:
        raise ModelError(
            "the Needle engine failed: 'utf-8' codec can't decode byte 0xd8", code="model_engine_failed"
        )


async def test_when_needle_fails_on_a_message_the_embedded_provider_answers_it() -> None:
    # Before: the engine's undecodable output ended the whole turn (and `salon eval toolcalls`).
    provider = TieredProvider(needle=FailingNeedle(), embedded=EmbeddedProvider())
    _, calls = await provider.respond(request("hotels in Lisbon"))
    assert [(c.name, c.arguments) for c in calls] == [("hotels__search_hotels", {"city": "Lisbon"})]
