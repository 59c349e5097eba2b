"""What keeps the heavy tier quick: a shortlist of tools, a prompt start computed once, a warm-up.

The model is scripted here (an engine that records what it was asked); the real model's side of the
warm-up is checked in `test_llama.py`'s real-model test.
"""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from salon.errors import ConfigurationError
from salon.host.models import ChatMessage, ModelRequest, OfferedTool, ProposedCall
from salon.host.models.llama import Completion, LlamaProvider
from salon.host.models.qwen_prompt import render, shared_start
from salon.host.models.shortlist import ToolShortlist
from salon.host.models.tiered import TieredProvider
from salon.host.models.warm_up import start_warm_up
from salon.router import FakeEmbedder

NOW = datetime(2026, 11, 22, 10, 30, tzinfo=ZoneInfo("Europe/Lisbon"))


def tool(name: str, description: str, **properties: str) -> OfferedTool:
    return OfferedTool(
        name=name,
        description=description,
        parameters={
            "type": "object",
            "properties": {p: {"type": "string", "description": d} for p, d in properties.items()},
        },
    )


TOOLS = [
    tool("get_weather", "Current weather and forecast for a city.", city="The city"),
    tool("book_hotel", "Book a hotel room for given dates.", hotel="Hotel name"),
    tool("play_song", "Play a song or an album by an artist.", title="Song title"),
    tool("send_email", "Send an email message to a recipient.", to="Address"),
    tool("convert_currency", "Convert an amount between two currencies.", amount="Amount"),
]


def asking(
    text: str, tools: list[OfferedTool] = TOOLS, earlier: tuple[ChatMessage, ...] = ()
) -> ModelRequest:
    return ModelRequest(messages=[*earlier, ChatMessage(role="user", content=text)], tools=tools, now=NOW)


class RecordingEngine:
    """Writes no call; keeps the prompts it was given and the prefixes it was warmed with."""

    def __init__(self) -> None:
        self.prompts: list[str] = []
        self.warmed: list[str] = []
        self.warmed_once = threading.Event()

    def complete(self, prompt: str, *, max_tokens: int, call_opening: str | None = None) -> Completion:
        self.prompts.append(prompt)
        return Completion(text="No tool fits.", call_probability=0.01)

    def warm_up(self, prefix: str = "") -> None:
        self.warmed.append(prefix)
        self.warmed_once.set()


# -- the shortlist ----------------------------------------------------------------------------------


def test_the_shortlist_keeps_the_best_ranked_tools_in_their_offered_order() -> None:
    narrowed = ToolShortlist(2, embedder=FakeEmbedder()).narrow(asking("send an email to my boss"))
    names = [t.name for t in narrowed.tools]
    assert len(names) == 2
    assert "send_email" in names
    assert names == [t.name for t in TOOLS if t.name in names]


def test_a_tool_called_earlier_in_the_conversation_stays_on_offer() -> None:
    earlier = (
        ChatMessage(role="user", content="play Bohemian Rhapsody"),
        ChatMessage(role="assistant", tool_calls=[ProposedCall(id="c1", name="play_song")]),
        ChatMessage(role="tool", tool_call_id="c1", name="play_song", content="Playing."),
    )
    narrowed = ToolShortlist(1, embedder=FakeEmbedder()).narrow(
        asking("and send an email to Ana", earlier=earlier)
    )
    assert {t.name for t in narrowed.tools} == {"play_song", "send_email"}


def test_few_tools_or_a_zero_shortlist_leave_the_request_as_it_is() -> None:
    request = asking("send an email")
    assert ToolShortlist(5, embedder=FakeEmbedder()).narrow(request) is request
    assert ToolShortlist(0, embedder=FakeEmbedder()).narrow(request) is request


def test_a_negative_shortlist_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="keep must be 0"):
        ToolShortlist(-1)


async def test_the_heavy_tier_shows_the_model_only_the_shortlisted_tools() -> None:
    engine = RecordingEngine()
    provider = LlamaProvider(engine=engine)
    provider.shortlist = ToolShortlist(2, embedder=FakeEmbedder())
    await provider.decide(asking("convert 20 euros to dollars"))
    shown = [t.name for t in TOOLS if f'"name":"{t.name}"' in engine.prompts[0]]
    assert len(shown) == 2
    assert "convert_currency" in shown


# -- the prompt's shared start ----------------------------------------------------------------------


def test_every_prompt_with_tools_starts_the_same_all_day_whatever_the_tools() -> None:
    later = datetime(2026, 11, 23, 18, 5, tzinfo=ZoneInfo("Asia/Tokyo"))
    first = render(asking("weather?", TOOLS[:1]), with_tools=True)
    second = render(
        ModelRequest(messages=[ChatMessage(role="user", content="x")], tools=TOOLS[2:], now=later),
        with_tools=True,
    )
    same_day = datetime(2026, 11, 22, 23, 59, tzinfo=ZoneInfo("Europe/Lisbon"))
    third = render(
        ModelRequest(messages=[ChatMessage(role="user", content="y")], tools=TOOLS[1:3], now=same_day),
        with_tools=True,
    )
    assert first.startswith(shared_start(NOW))
    assert third.startswith(shared_start(NOW))
    assert second.startswith(shared_start(later))
    assert "get_weather" not in shared_start(NOW)
    assert "10:30" in first
    assert "10:30" not in shared_start(NOW)


# -- the warm-up ------------------------------------------------------------------------------------


def test_preloading_warms_the_engine_with_the_shared_start_in_the_background() -> None:
    engine = RecordingEngine()
    LlamaProvider(engine=engine, preload=True)
    assert engine.warmed_once.wait(timeout=10)
    assert len(engine.warmed) == 1
    assert engine.warmed[0].startswith("<|im_start|>system\n")
    assert engine.warmed[0].endswith("<tools>\n")


def test_the_host_seam_warms_a_tiered_provider_through_its_heavy_tier() -> None:
    engine = RecordingEngine()
    provider = TieredProvider(heavy=LlamaProvider(engine=engine))
    assert start_warm_up(provider)
    assert engine.warmed_once.wait(timeout=10)
    assert not start_warm_up(object())


def test_a_failed_warm_up_is_logged_and_left_to_the_first_request(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(RecordingEngine):
        def warm_up(self, prefix: str = "") -> None:
            self.warmed_once.set()
            raise ConfigurationError("the weights are missing")

    engine = Broken()
    provider = LlamaProvider(engine=engine, preload=True)
    assert engine.warmed_once.wait(timeout=10)
    assert provider._warming is not None
    provider._warming.join(timeout=10)
    assert "could not warm up: the weights are missing" in caplog.text
