"""A language model's required values must come from the conversation: what it makes up is asked for.

Before, with the heavy tier on, "find hotels in Rome" searched with a check-in date of tomorrow and
two nights that the person never gave, and "book a room at a hotel" booked a hotel the model named
itself.
"""

from __future__ import annotations

from typing import Any

from salon.host.models import ChatMessage, OfferedTool, ProposedCall
from salon.host.models.embedded import EmbeddedProvider
from salon.host.models.grounding import unsupported
from salon.host.models.llama import LlamaProvider
from salon.host.models.tiered import TieredProvider
from tests.models.test_llama import BOOK, NOW, ScriptedEngine, call_text, request, said

SEARCH = OfferedTool(
    name="hotels__search_hotels",
    description="Search hotels in a city for a stay.",
    parameters={
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "City to stay in"},
            "check_in": {"type": "string", "format": "date", "description": "Arrival date"},
            "nights": {"type": "integer", "minimum": 1, "description": "Nights to stay"},
            "guests": {"type": "integer", "minimum": 1, "default": 2},
            "sort": {"type": "string", "enum": ["price", "rating"]},
            "reference": {"type": "string", "examples": ["BK-7F3K9Q"], "description": "Booking reference"},
        },
        "required": ["city", "check_in", "nights", "guests", "sort", "reference"],
    },
    read_only=True,
)
SENT = {"sort": "price", "reference": "BK-7F3K9Q"}


def lacking(
    text: str, arguments: dict[str, Any], *earlier: ChatMessage, tool: OfferedTool = SEARCH
) -> list[str]:
    call = ProposedCall(id="c", name=tool.name, arguments=arguments)
    return unsupported(call, tool, request(text, tool, earlier=earlier).messages, NOW.date())


def test_values_the_person_did_not_give_are_unsupported() -> None:
    invented = {"city": "Rome", "check_in": "2026-11-23", "nights": 2, "guests": 2, **SENT}
    # guests is the schema's default and sort one of its choices; the reference copies an example.
    assert lacking("find hotels in Rome", invented) == ["check_in", "nights", "reference"]
    assert lacking("find hotels", invented) == ["city", "check_in", "nights", "reference"]


def test_values_said_in_other_words_are_supported() -> None:
    said_so = {
        "city": "San Francisco, CA",
        "check_in": "2026-11-26",
        "nights": 7,
        "guests": 3,
        "sort": "price",
    }
    text = "hotels in SF from Thursday for a week, three of us, booking bk-7f3k9q"
    assert lacking(text, {**said_so, "reference": "BK-7F3K9Q"}) == []
    # Two dates let a count of nights be worked out; "the 3rd" is a day the person said.
    worked_out = {"city": "Lisbon", "check_in": "2026-12-03", "nights": 4, "guests": 2, **SENT}
    assert lacking("Lisbon from 3 to 7 December, ref BK-7F3K9Q", worked_out) == []
    assert lacking("hotel in Lisbon arriving on the 3rd for 4 nights, BK-7F3K9Q", worked_out) == []


def test_a_short_code_derived_from_a_name_is_not_held_against_the_value() -> None:
    # Before: "AAPL" for "Apple" was asked for (seen on BFCL live dev with Needle).
    quote = OfferedTool(
        name="stock_price_get",
        description="Get a stock's price.",
        parameters={"type": "object", "properties": {"ticker": {"type": "string"}}, "required": ["ticker"]},
    )
    assert lacking("What is the price of Apple on NYSE?", {"ticker": "AAPL"}, tool=quote) == []
    assert lacking("What is the price of Apple on NYSE?", {"ticker": "Microsoft"}, tool=quote) == ["ticker"]


def test_a_reworded_request_in_lower_case_passes_but_a_name_must_be_said() -> None:
    free_text = {"city": "cheap places near the beach", "check_in": "2026-11-23", "nights": 1, **SENT}
    assert lacking("somewhere affordable by the sea tomorrow, BK-7F3K9Q", free_text) == []
    named = {"city": "Nazaré", "check_in": "2026-11-23", "nights": 1, "guests": 2, **SENT}
    assert lacking("somewhere affordable by the sea tomorrow, BK-7F3K9Q", named) == ["city"]


def test_results_and_earlier_calls_support_the_values_they_hold() -> None:
    searched = ProposedCall(id="s1", name=SEARCH.name, arguments={"city": "Porto", "check_in": "2026-12-10"})
    earlier = (
        ChatMessage(role="user", content="hotels in Porto on 10 December"),
        ChatMessage(role="assistant", tool_calls=[searched]),
        ChatMessage(role="tool", tool_call_id="s1", name=SEARCH.name, content="Found Casa Azul.",
                    data={"hotels": [{"name": "Casa Azul", "id": "H-204"}]}),
    )  # fmt: skip
    booking = {"hotel": "Casa Azul", "check_in": "2026-12-10"}
    assert lacking("book the first one", booking, *earlier, tool=BOOK) == []
    assert lacking("book the first one", {**booking, "hotel": "Grand Hotel"}, *earlier, tool=BOOK) == [
        "hotel"
    ]


async def test_the_heavy_tier_asks_for_a_value_it_made_up() -> None:
    invented = call_text(BOOK.name, '{"hotel": "Ritz", "check_in": "2026-11-23"}')
    text, calls = await LlamaProvider(engine=ScriptedEngine(said(invented))).respond(
        request("book the Ritz", BOOK)
    )
    assert calls == []
    assert text == "I can book hotel for you — I just need the check-in date."


async def test_behind_the_embedded_provider_its_question_stands_when_the_model_makes_values_up() -> None:
    invented = call_text(BOOK.name, '{"hotel": "Palácio", "check_in": "2026-12-03"}')
    engine = ScriptedEngine(said(invented, call_probability=0.95))
    provider = TieredProvider(
        embedded=EmbeddedProvider(), heavy=LlamaProvider(engine=engine), trust_embedded_calls=True
    )
    asked = request("book a room at a hotel", BOOK)
    question = EmbeddedProvider().answer(asked).text
    assert "check-in" in question
    assert await provider.respond(asked) == (question, [])
    assert len(engine.prompts) == 1
