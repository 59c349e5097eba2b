"""The heavy tier: Qwen's tool format in and out, schema checks, confidence, and its place in the tiers.

Most tests drive `LlamaProvider` with a scripted engine that returns canned model text and
probabilities; the last one runs the real model and is skipped unless the `heavy` extra is installed.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from salon.errors import ConfigurationError
from salon.host.models import ChatMessage, EmbeddedProvider, ModelRequest, OfferedTool, ProposedCall
from salon.host.models.conforming import conform
from salon.host.models.llama import Completion, LlamaProvider
from salon.host.models.needle import NeedleDecision, NeedleProvider
from salon.host.models.qwen_prompt import CALL_START, parse, render
from salon.host.models.registry import create_provider
from salon.host.models.tiered import TieredProvider
from tests.optional_extras import heavy_installed

NOW = datetime(2026, 11, 22, 10, 30, tzinfo=ZoneInfo("Europe/Lisbon"))

WEATHER = OfferedTool(
    name="weather__get_current_weather",
    description="Get the current weather for a city.",
    parameters={
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "City name"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            "days": {"type": "integer"},
        },
        "required": ["city"],
    },
    read_only=True,
)
BOOK = OfferedTool(
    name="hotels__book_hotel",
    description="Book a room at a hotel.",
    parameters={
        "type": "object",
        "properties": {
            "hotel": {"type": "string"},
            "check_in": {"type": "string", "format": "date", "description": "Check-in date"},
        },
        "required": ["hotel", "check_in"],
    },
)


class ScriptedEngine:
    """Answers each prompt with the next canned completion, and keeps the prompts it saw."""

    def __init__(self, *completions: Completion) -> None:
        self.completions = list(completions)
        self.prompts: list[str] = []

    def complete(self, prompt: str, *, max_tokens: int, call_opening: str | None = None) -> Completion:
        self.prompts.append(prompt)
        return self.completions.pop(0)


def said(text: str, call_probability: float = 0.9, name_probability: float = 1.0) -> Completion:
    """A completion whose tokens are one per character, each chosen with `name_probability`."""
    return Completion(
        text=text,
        call_probability=call_probability,
        pieces=[(i, i + 1, name_probability) for i in range(len(text))],
    )


def call_text(name: str, arguments: str) -> str:
    return f'<tool_call>\n{{"name": "{name}", "arguments": {arguments}}}\n</tool_call>'


def request(text: str, *tools: OfferedTool, earlier: tuple[ChatMessage, ...] = ()) -> ModelRequest:
    return ModelRequest(
        messages=[*earlier, ChatMessage(role="user", content=text)], tools=list(tools or (WEATHER,)), now=NOW
    )


# -- the prompt and the answer format ---------------------------------------------------------------


def test_the_prompt_lists_the_tools_and_the_persons_date_and_zone() -> None:
    prompt = render(request("weather in Porto?"), with_tools=True)
    assert prompt.startswith("<|im_start|>system\n")
    assert "Today is Sunday, 2026-11-22 (Europe/Lisbon, UTC+00:00)." in prompt
    assert "The person's local time is 10:30." in prompt
    assert '"name":"weather__get_current_weather"' in prompt
    assert prompt.endswith("<|im_start|>user\nweather in Porto?<|im_end|>\n<|im_start|>assistant\n")


def test_earlier_calls_and_their_results_are_written_in_qwens_format() -> None:
    earlier = (
        ChatMessage(role="user", content="weather in Porto?"),
        ChatMessage(
            role="assistant",
            tool_calls=[ProposedCall(id="c1", name=WEATHER.name, arguments={"city": "Porto"})],
        ),
        ChatMessage(role="tool", tool_call_id="c1", name=WEATHER.name, content="Sunny, 18°C", data={"t": 18}),
    )
    prompt = render(request("and tomorrow?", earlier=earlier), with_tools=True)
    assert '<tool_call>\n{"name": "weather__get_current_weather", "arguments": {"city": "Porto"}}' in prompt
    assert '<|im_start|>user\n<tool_response>\nSunny, 18°C\n{"t": 18}\n</tool_response><|im_end|>' in prompt


def test_without_tools_the_prompt_asks_for_a_short_reply() -> None:
    prompt = render(request("hello"), with_tools=False)
    assert "<tools>" not in prompt
    assert "Answer briefly" in prompt


def test_an_answer_is_parsed_into_calls_prose_and_malformed_blocks() -> None:
    answer = parse(
        "Checking both.\n"
        + call_text("a", '{"x": 1}')
        + "\n<tool_call>\n{not json}\n</tool_call>\n"
        + '<tool_call>\n{"name": "b", "arguments": "{\\"y\\": 2}"}'  # cut off, but whole JSON
    )
    assert answer.calls == [{"name": "a", "arguments": {"x": 1}}, {"name": "b", "arguments": {"y": 2}}]
    assert answer.malformed == ["{not json}"]
    assert answer.text == "Checking both."


@pytest.mark.parametrize(
    "written",
    [
        '<tools>\n{"name": "a", "arguments": {"x": 1}}\n</tools>',
        '```json\n{\n  "name": "a",\n  "arguments": {"x": 1}\n}\n```',
        '{"name": "a", "arguments": {"x": 1}}',
    ],
    ids=["inside tools tags", "fenced json", "bare json"],
)
def test_a_call_written_without_tool_call_tags_is_read_as_a_call(written: str) -> None:
    answer = parse(written)
    assert answer.calls == [{"name": "a", "arguments": {"x": 1}}]
    assert answer.text == ""


def test_prose_that_merely_starts_with_a_brace_stays_prose() -> None:
    assert parse("{curly} braces are fine").text == "{curly} braces are fine"


# -- arguments against the schema -------------------------------------------------------------------


def test_arguments_with_one_reading_are_coerced_and_unknown_ones_dropped() -> None:
    conformed = conform({"city": 7890, "unit": "Celsius", "days": "3", "mood": "sunny"}, WEATHER.parameters)
    assert conformed.arguments == {"city": "7890", "unit": "celsius", "days": 3}
    assert conformed.dropped == {"mood": "the tool has no such argument"}
    assert conformed.missing == []


def test_a_required_argument_that_fails_its_schema_becomes_missing() -> None:
    conformed = conform({"city": ["Porto"], "days": "three"}, WEATHER.parameters)
    assert conformed.arguments == {}
    assert set(conformed.dropped) == {"city", "days"}
    assert conformed.missing == ["city"]


# -- the provider's decisions -----------------------------------------------------------------------


async def test_a_confident_call_is_proposed_with_checked_arguments() -> None:
    engine = ScriptedEngine(said(call_text(WEATHER.name, '{"city": "Porto", "unit": "Celsius"}')))
    provider = LlamaProvider(engine=engine)
    text, calls = await provider.respond(request("weather in Porto in celsius"))
    assert text == ""
    assert [(c.name, c.arguments) for c in calls] == [(WEATHER.name, {"city": "Porto", "unit": "celsius"})]
    assert "Europe/Lisbon" in engine.prompts[0]


async def test_a_doubtful_tool_name_makes_the_call_a_question() -> None:
    engine = ScriptedEngine(said(call_text(WEATHER.name, '{"city": "Porto"}'), name_probability=0.9))
    text, calls = await LlamaProvider(engine=engine).respond(request("is it nice out in Porto"))
    assert calls == []
    assert text == "Do you want me to get current weather (city Porto)?"


async def test_the_confidence_is_the_choice_of_calling_times_the_tool_name() -> None:
    engine = ScriptedEngine(said(call_text(WEATHER.name, '{"city": "Porto"}'), 0.8, name_probability=0.99))
    decision = await LlamaProvider(engine=engine).decide(request("weather in Porto"))
    name_tokens = len(WEATHER.name)
    assert decision.confidence == pytest.approx(0.8 * 0.99**name_tokens)


async def test_a_call_missing_a_required_argument_asks_for_it() -> None:
    engine = ScriptedEngine(said(call_text(BOOK.name, '{"hotel": "Ritz", "check_in": 5}')))
    text, calls = await LlamaProvider(engine=engine).respond(request("book the Ritz", BOOK))
    assert calls == []
    assert text == "I can book hotel for you — I just need the check-in date."


async def test_a_booking_date_written_without_a_year_is_never_in_the_past() -> None:
    engine = ScriptedEngine(said(call_text(BOOK.name, '{"hotel": "Ritz", "check_in": "2026-03-03"}')))
    _, calls = await LlamaProvider(engine=engine).respond(request("book the Ritz for 3 March", BOOK))
    assert calls[0].arguments == {"hotel": "Ritz", "check_in": "2027-03-03"}


async def test_a_call_to_a_tool_that_was_not_offered_is_discarded() -> None:
    engine = ScriptedEngine(said(call_text("send_email", '{"to": "x"}'), call_probability=0.7))
    decision = await LlamaProvider(engine=engine).decide(request("email Ana"))
    assert decision.calls == []
    assert decision.discarded == ["'send_email' is not an offered tool"]
    assert decision.confidence == pytest.approx(0.3)


async def test_without_a_call_the_models_prose_is_the_answer() -> None:
    engine = ScriptedEngine(said("I can only check the weather.", call_probability=0.05))
    text, calls = await LlamaProvider(engine=engine).respond(request("tell me a joke"))
    assert (text, calls) == ("I can only check the weather.", [])


async def test_after_tool_results_the_model_writes_the_reply_without_tools() -> None:
    engine = ScriptedEngine(said("It's sunny in Porto, 18°C.", call_probability=0.0))
    earlier = (
        ChatMessage(role="user", content="weather in Porto?"),
        ChatMessage(role="assistant", tool_calls=[ProposedCall(id="c1", name=WEATHER.name)]),
    )
    result = ChatMessage(role="tool", tool_call_id="c1", name=WEATHER.name, content="Sunny, 18°C")
    req = ModelRequest(messages=[*earlier, result], tools=[WEATHER], now=NOW)
    text, calls = await LlamaProvider(engine=engine).respond(req)
    assert (text, calls) == ("It's sunny in Porto, 18°C.", [])
    assert "<tools>" not in engine.prompts[0]


def test_without_the_extra_the_provider_names_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "llama_cpp" else real_find_spec(name, *a),
    )
    with pytest.raises(ConfigurationError, match=r"pip install 'salon\[heavy\]'"):
        create_provider("llama", data_dir=tmp_path)


# -- the heavy tier behind a cheaper one ------------------------------------------------------------


class ScriptedNeedle(NeedleProvider):
    def __init__(self, decision: NeedleDecision) -> None:
        self.decision = decision

    async def decide(self, request: ModelRequest) -> NeedleDecision:
        return self.decision


def needle_says(confidence: float, *calls: tuple[str, dict[str, Any]]) -> ScriptedNeedle:
    proposed = [ProposedCall(id=f"n{i}", name=n, arguments=a) for i, (n, a) in enumerate(calls)]
    return ScriptedNeedle(NeedleDecision(calls=proposed, confidence=confidence))


async def test_a_confident_needle_call_is_made_without_asking_the_heavy_tier() -> None:
    engine = ScriptedEngine()
    provider = TieredProvider(
        needle=needle_says(0.9, (WEATHER.name, {"city": "Porto"})), heavy=LlamaProvider(engine=engine)
    )
    _, calls = await provider.respond(request("weather in Porto"))
    assert [c.arguments for c in calls] == [{"city": "Porto"}]
    assert engine.prompts == []


async def test_a_doubtful_needle_call_goes_to_the_heavy_tier() -> None:
    engine = ScriptedEngine(said(call_text(WEATHER.name, '{"city": "Porto", "days": 2}')))
    provider = TieredProvider(
        needle=needle_says(0.3, (WEATHER.name, {"city": "Port"})), heavy=LlamaProvider(engine=engine)
    )
    _, calls = await provider.respond(request("weather in Porto for two days"))
    assert [c.arguments for c in calls] == [{"city": "Porto", "days": 2}]


async def test_a_call_the_heavy_tier_makes_against_a_sure_needle_becomes_a_question() -> None:
    engine = ScriptedEngine(said(call_text(WEATHER.name, '{"city": "Porto"}')))
    provider = TieredProvider(needle=needle_says(0.9), heavy=LlamaProvider(engine=engine))
    text, calls = await provider.respond(request("I was in Porto once"))
    assert calls == []
    assert text == "I'm not sure that's what you mean — do you want me to get current weather?"


async def test_without_needle_the_heavy_tier_decides_and_the_app_writes_the_follow_up() -> None:
    engine = ScriptedEngine(said(call_text(WEATHER.name, '{"city": "Lisbon"}')))
    provider = TieredProvider(heavy=LlamaProvider(engine=engine))
    assert provider.needle is None
    _, calls = await provider.respond(request("what's the weather in Lisbon?"))
    assert [c.arguments for c in calls] == [{"city": "Lisbon"}]
    earlier = (
        ChatMessage(role="user", content="what's the weather in Lisbon?"),
        ChatMessage(role="assistant", tool_calls=calls),
        ChatMessage(role="tool", tool_call_id=calls[0].id, name=WEATHER.name, content="Sunny, 21°C."),
    )
    text, _ = await provider.respond(ModelRequest(messages=list(earlier), tools=[WEATHER], now=NOW))
    assert text == "Sunny, 21°C."
    assert len(engine.prompts) == 1


async def test_trusting_embedded_calls_leaves_the_heavy_tier_what_the_embedded_one_answers_in_text() -> None:
    engine = ScriptedEngine(said("Sorry, I can only check the weather.", call_probability=0.02))
    provider = TieredProvider(
        embedded=EmbeddedProvider(), heavy=LlamaProvider(engine=engine), trust_embedded_calls=True
    )
    assert provider.needle is None
    _, calls = await provider.respond(request("what's the weather in Lisbon?"))
    assert [c.name for c in calls] == [WEATHER.name]
    assert engine.prompts == []
    text, calls = await provider.respond(request("tell me a joke"))
    assert (text, calls) == ("Sorry, I can only check the weather.", [])
    # The embedded provider declined (no tool fits): the model only writes, it is shown no tools.
    assert len(engine.prompts) == 1
    assert "<tools>" not in engine.prompts[0]


async def test_where_the_embedded_provider_asks_for_an_argument_the_heavy_tier_decides() -> None:
    booked = call_text(BOOK.name, '{"hotel": "Palácio", "check_in": "2026-12-06"}')
    engine = ScriptedEngine(said(booked, call_probability=0.95))
    provider = TieredProvider(
        embedded=EmbeddedProvider(), heavy=LlamaProvider(engine=engine), trust_embedded_calls=True
    )
    # The embedded provider does not read "a fortnight from now"; the model does.
    asked = request("book the Palácio hotel for me, arriving a fortnight from now", BOOK)
    answer = EmbeddedProvider().answer(asked)
    assert answer.calls == []
    assert answer.missing == ("check_in",)
    _, calls = await provider.respond(asked)
    assert len(engine.prompts) == 1
    assert "<tools>" in engine.prompts[0]
    assert [c.arguments for c in calls] == [{"hotel": "Palácio", "check_in": "2026-12-06"}]


# -- the real model ---------------------------------------------------------------------------------


@heavy_installed
@pytest.mark.timeout(900)
async def test_the_real_model_calls_a_tool_with_arguments_from_the_message(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # Assembling 1.1 GB takes about a minute; SALON_TEST_MODEL_DIR lets repeated runs keep the file.
    data_dir = Path(os.environ.get("SALON_TEST_MODEL_DIR") or tmp_path_factory.mktemp("heavy"))
    provider = create_provider("llama", data_dir=data_dir)
    assert isinstance(provider, LlamaProvider)
    try:
        await provider.warm_up()
        assert provider.engine.loaded  # type: ignore[attr-defined]
        decision = await provider.decide(request("What's the weather in Porto, in celsius?"))
        assert [c.name for c in decision.calls] == [WEATHER.name]
        assert decision.calls[0].arguments["city"] == "Porto"
        assert decision.calls[0].arguments.get("unit", "celsius") == "celsius"
        assert 0.0 < decision.confidence <= 1.0
        steered = provider.engine.complete(
            render(request("Weather in Porto?"), with_tools=True), max_tokens=64, call_opening=CALL_START
        )
        assert steered.text.startswith(CALL_START)
        assert parse(steered.text).calls[0]["name"] == WEATHER.name
        haiku = ChatMessage(role="user", content="Write a haiku about the sea.")
        text, calls = await provider.respond(ModelRequest(messages=[haiku], now=NOW))
        assert calls == []
        assert len(text.split()) >= 3
    finally:
        await provider.aclose()
