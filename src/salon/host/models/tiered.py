"""The tiered offline brain: Needle chooses tools and fills arguments, the embedded provider talks.

Each step goes to the cheapest tier that can answer it well:

1. **Text the model cannot write comes from elsewhere.** After tool results the reply is the app's own
   `content` (the embedded provider's follow-up); with no tools, `tool_choice="none"` or no user text,
   the embedded provider answers.
2. **Pointers at earlier results** ("book the second one") go to the embedded provider, which reads
   the ids from the results; Needle sees only the latest message.
3. Otherwise **Needle decides**. A call is made as proposed when its confidence is at least
   `act_above` and every required argument is filled; dates the person wrote without a year are never
   put in the past for a tool that changes something (a booking, an order).
4. **A low-confidence call becomes a question**: "Do you want me to … ?", or a short choice between
   the closest tools (Needle's pick, the calls it withheld, the embedded provider's pick). A call that
   lacks a required argument becomes a question for that argument.
5. When Needle makes no call, the answer is the embedded provider's text; if the embedded provider
   would have called a tool, that becomes a question instead of a call.

Questions are plain text, so the host's confirmation and validation rules apply unchanged to the
calls that are made.

**With the heavy tier** (`heavy=LlamaProvider(...)`, the `heavy` extra; `heavy_tiered` builds it),
the cheap tier still answers what it is sure of and the language model takes the rest:

- with Needle installed, a Needle call with confidence at least `escalate_below` is made (rules 3–4);
  any other step goes to the heavy tier, whose own confidence decides between acting and asking. When
  Needle was sure that no tool fits and the heavy tier would call one, that becomes a question;
- without Needle, the embedded provider's calls and its declines stand (`trust_embedded_calls`, on
  in `heavy_tiered`): the heavy tier decides only the steps where the embedded provider found a tool
  but asked for something, and writes the reply, with no tools shown, where it found none. On the
  seeded 60-row BFCL live sample the embedded provider alone makes 78.8% exact calls and 88.9%
  correct abstentions (39 ms p50). The heavy tier deciding every step made 60.6% / 63.0% at 11.8 s
  p50; deciding every step the embedded provider answered in text, 84.8% / 55.6% at 154 ms p50 (23 s
  p95): it called a tool for a third of the messages no tool fits. Letting the declines stand gives
  81.8% / 85.2% at 13 ms p50 (11 s p95, the written replies). Of the embedded provider's 285
  answers in text on the whole dev set, 252 are declines and only 12 of those should have been
  calls. `trust_embedded_calls=False` restores the heavy tier deciding every step;
- prose the heavy tier can write (no tools on offer, `tool_choice="none"`) is its own; replies after
  tool results stay the app's own `content`, and pointers at results stay with the embedded provider.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salon.errors import ModelError
from salon.host.models import asking, grounding
from salon.host.models.base import (
    CallProposal,
    ChatMessage,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    ProposedCall,
    TextDelta,
)
from salon.host.models.embedded import EmbeddedProvider
from salon.host.models.needle import NeedleDecision, NeedleProvider
from salon.host.models.understanding import find_reference

if TYPE_CHECKING:
    from salon.host.models.llama import LlamaProvider

logger = logging.getLogger("salon.host.models")


def _points_at_results(messages: list[ChatMessage], text: str) -> bool:
    has_results = any(m.role == "tool" and not m.is_error and m.data is not None for m in messages)
    return has_results and find_reference(text) is not None


class TieredProvider(ModelProvider):
    """Needle for calls, the embedded provider for text; see the module docstring for the rules."""

    name = "tiered"

    def __init__(
        self,
        *,
        needle: NeedleProvider | None = None,
        embedded: EmbeddedProvider | None = None,
        heavy: LlamaProvider | None = None,
        act_above: float = 0.5,
        escalate_below: float = 0.5,
        trust_embedded_calls: bool = False,
    ) -> None:
        # Without a heavy tier, Needle is the only model, so it is required; with one, it is optional.
        self.needle = needle if needle is not None or heavy is not None else NeedleProvider()
        self.embedded = embedded if embedded is not None else EmbeddedProvider()
        self.heavy = heavy
        self.act_above = act_above
        self.escalate_below = escalate_below
        self.trust_embedded_calls = trust_embedded_calls

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        text, calls = await self.respond(request)
        if text:
            yield TextDelta(text=text)
        for call in calls:
            yield CallProposal(call=call)

    async def respond(self, request: ModelRequest) -> tuple[str, list[ProposedCall]]:
        """The whole answer to one step: text, or calls (with no text)."""
        messages = request.messages
        user = request.latest_user_text
        if (
            (messages and messages[-1].role == "tool")
            or request.tool_choice == "none"
            or not request.tools
            or not user.strip()
            or _points_at_results(messages, user)
        ):
            if self.heavy is not None and user.strip() and messages[-1].role == "user":
                return await self.heavy.reply(request), []
            return self.embedded.respond(request)
        if self.heavy is not None:
            return await self._with_heavy(request, self.heavy, user)
        if self.needle is None:
            return self.embedded.respond(request)
        try:
            decision = await self.needle.decide(request)
        except ModelError as exc:
            # The cheap tier still answers when the engine fails on one message.
            logger.warning("Needle failed, the embedded provider answers: %s", exc)
            return self.embedded.respond(request)
        if decision.calls:
            return self._act_or_ask(request, decision, user)
        fallback_text, fallback_calls = self.embedded.respond(request)
        if fallback_calls or decision.withheld:
            names = [c.name for c in decision.withheld] + [c.name for c in fallback_calls]
            return asking.choice(list(dict.fromkeys(names))), []
        return fallback_text, []

    async def _with_heavy(
        self, request: ModelRequest, heavy: LlamaProvider, user: str
    ) -> tuple[str, list[ProposedCall]]:
        if self.needle is None:
            answer = self.embedded.answer(request)
            if self.trust_embedded_calls:
                if answer.calls:
                    return answer.text, answer.calls
                if answer.declined:
                    # No offered tool fits: the model writes the reply, with no tools to call.
                    return await heavy.reply(request), []
            written = await heavy.decide(request)
            if answer.missing and any(written.missing.values()):
                # Both lack values the person has not given: the embedded provider's question names
                # them in its words and suggests what else can be done.
                return answer.text, []
            return heavy.settle(request, written)
        try:
            decision = await self.needle.decide(request)
        except ModelError as exc:
            logger.warning("Needle failed, the heavy tier decides: %s", exc)
            return heavy.settle(request, await heavy.decide(request))
        sure = decision.confidence is not None and decision.confidence >= self.escalate_below
        if decision.calls and sure:
            return self._act_or_ask(request, decision, user)
        second = await heavy.decide(request)
        if not second.calls:
            if decision.calls:
                return self._act_or_ask(request, decision, user)
            return heavy.settle(request, second)
        if sure:
            # Needle was sure no tool fits and the heavy tier would call one: ask, do not act.
            return asking.choice(list(dict.fromkeys(c.name for c in second.calls))), []
        return heavy.settle(request, second)

    def _act_or_ask(
        self, request: ModelRequest, decision: NeedleDecision, user: str
    ) -> tuple[str, list[ProposedCall]]:
        tools = {t.name: t for t in request.tools}
        today = request.now.date()
        calls = [asking.forward_dates(c, tools[c.name], today, user) for c in decision.calls]
        for call in calls:
            tool = tools[call.name]
            missing = asking.missing_required(call, tool)
            # A value nothing in the conversation gives is asked for, not made up (`grounding`).
            missing += grounding.unsupported(call, tool, request.messages, today)
            if missing:
                return asking.ask_for(call, tools[call.name], missing), []
        if decision.confidence is None or decision.confidence >= self.act_above:
            return "", calls
        others = [c.name for c in decision.withheld if c.name != calls[0].name]
        if len(calls) == 1 and not others:
            return asking.confirm(calls[0]), []
        return asking.choice(list(dict.fromkeys([c.name for c in calls] + others))), []

    def start_warm_up(self) -> None:
        """Load the heavy tier's model in the background (see `salon.host.models.warm_up`)."""
        if self.heavy is not None:
            self.heavy.start_warm_up()

    async def warm_up(self) -> None:
        if self.heavy is not None:
            await self.heavy.warm_up()

    async def aclose(self) -> None:
        if self.needle is not None:
            await self.needle.aclose()
        await self.embedded.aclose()
        if self.heavy is not None:
            await self.heavy.aclose()


def heavy_tiered(data_dir: Path, *, use_needle: bool = False, **options: Any) -> TieredProvider:
    """The llama tier for tool choice, the embedded provider for replies after results and pointers.

    With `use_needle=True` (and the `needle` extra installed) Needle answers first and the llama tier
    takes what Needle is unsure of. Off by default: on the seeded 60-row BFCL live sample Needle-first
    made fewer exact calls than the llama tier alone and was not faster on this machine. Without
    Needle the embedded provider's calls and declines stand (`trust_embedded_calls=True` unless
    given): see the module docstring for the figures.
    """
    from salon.errors import ConfigurationError
    from salon.host.models.llama import LlamaProvider
    from salon.host.models.needle import bundled_files

    heavy_options = {
        k: options.pop(k)
        for k in ("n_threads", "max_call_tokens", "max_reply_tokens", "keep_tools", "steer_calls", "preload")
        if k in options
    }
    heavy = LlamaProvider(data_dir=data_dir, **heavy_options)
    needle: NeedleProvider | None = None
    if use_needle:
        try:
            bundled_files()
            needle = NeedleProvider()
        except ConfigurationError:
            needle = None
    options.setdefault("trust_embedded_calls", True)
    return TieredProvider(needle=needle, heavy=heavy, **options)
