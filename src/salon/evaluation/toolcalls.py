"""Tool-call evaluation: run a model provider over rows of the BFCL format and score its calls.

A row is `{"id", "messages": [{"role", "content"}...], "tools": [function schemas], "answer": [...]}`
where `answer` is BFCL's ground truth, a list of calls `{function_name: {argument: [acceptable values]}}`.
`answer: []` means none of the offered functions fits, and the right output is no call at all.

Scoring (`score_calls`) follows the dataset's rules and the reference checker they come from:

- the number of calls equals the number of expected calls, each matched to a different expected call
  by function name (so parallel calls may come in any order);
- every predicted argument is one the expected call names (an extra argument fails the row) and its
  value is among the acceptable values; an expected argument may be left out only when `""` is among
  its acceptable values;
- values compare by type: strings ignoring case, spaces and the punctuation `,./-_*^` (as the reference
  checker does); numbers by value (an integer is accepted where a float is expected, a boolean never is);
  lists element by element; objects key by key, each key with its own acceptable values.

The schemas in those files use BFCL's type names (`dict`, `float`, `tuple`, `any`); `json_schema`
maps them to JSON Schema before a provider sees them. Providers are driven through the public
`ModelProvider.stream` seam, one fresh conversation per row.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from salon.host.models.base import (
    CallProposal,
    ChatMessage,
    ModelProvider,
    ModelRequest,
    OfferedTool,
    TextDelta,
)

Answer = list[dict[str, dict[str, list[Any]]]]
"""BFCL's ground truth for one row: expected calls, each `{name: {argument: [acceptable values]}}`."""

_TYPES = {
    "dict": "object",
    "float": "number",
    "int": "integer",
    "str": "string",
    "bool": "boolean",
    "list": "array",
    "tuple": "array",
}
_ROLES = ("system", "user", "assistant", "tool")


class EvaluationDataError(ValueError):
    """A row of an evaluation file does not have the documented shape."""


@dataclass(frozen=True)
class PredictedCall:
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class ToolCallCase:
    """One row of an evaluation file, ready for a provider."""

    id: str
    messages: list[ChatMessage]
    tools: list[OfferedTool]
    answer: Answer

    @property
    def expects_call(self) -> bool:
        return bool(self.answer)


@dataclass(frozen=True)
class CaseResult:
    id: str
    calls: list[PredictedCall]
    text: str
    correct: bool
    expects_call: bool
    seconds: float


@dataclass
class Summary:
    """The figures for one provider over one file."""

    tier: str
    results: list[CaseResult] = field(default_factory=list)

    @property
    def call_rows(self) -> int:
        return sum(1 for r in self.results if r.expects_call)

    @property
    def exact_calls(self) -> int:
        return sum(1 for r in self.results if r.expects_call and r.correct)

    @property
    def abstention_rows(self) -> int:
        return sum(1 for r in self.results if not r.expects_call)

    @property
    def correct_abstentions(self) -> int:
        return sum(1 for r in self.results if not r.expects_call and r.correct)

    @property
    def call_accuracy(self) -> float | None:
        return self.exact_calls / self.call_rows if self.call_rows else None

    @property
    def abstention_rate(self) -> float | None:
        return self.correct_abstentions / self.abstention_rows if self.abstention_rows else None

    def latency(self, q: float) -> float | None:
        """The `q` quantile (0–1) of seconds per item, nearest rank."""
        seconds = sorted(r.seconds for r in self.results)
        if not seconds:
            return None
        rank = max(1, math.ceil(q * len(seconds)))
        return seconds[rank - 1]


# -- reading rows ------------------------------------------------------------------------------------


def json_schema(schema: Any) -> Any:
    """BFCL's parameter schema as JSON Schema: `dict` → `object`, `float` → `number`, `any` → no type."""
    if isinstance(schema, list):
        return [json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    mapped: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            mapped[key] = {name: json_schema(prop) for name, prop in value.items()}
        elif key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf"):
            mapped[key] = json_schema(value)
        elif key == "type" and isinstance(value, str):
            if value != "any":
                mapped[key] = _TYPES.get(value, value)
        else:
            mapped[key] = value
    return mapped


def parse_case(row: Mapping[str, Any]) -> ToolCallCase:
    """A row as a case; raises `EvaluationDataError` naming the field that is wrong."""
    try:
        case_id = str(row["id"])
        raw_messages = row["messages"]
        raw_tools = row["tools"]
        answer = row["answer"]
    except KeyError as exc:
        raise EvaluationDataError(
            f"a row needs 'id', 'messages', 'tools' and 'answer'; {exc} is missing"
        ) from exc
    messages = []
    for message in raw_messages:
        role = message.get("role")
        if role not in _ROLES:
            raise EvaluationDataError(
                f"row {case_id}: message role {role!r} is not one of {', '.join(_ROLES)}"
            )
        messages.append(ChatMessage(role=role, content=str(message.get("content") or "")))
    tools = [
        OfferedTool(
            name=str(tool["name"]),
            description=str(tool.get("description") or ""),
            parameters=json_schema(tool.get("parameters") or {"type": "object", "properties": {}}),
        )
        for tool in raw_tools
    ]
    if not isinstance(answer, list):
        raise EvaluationDataError(f"row {case_id}: 'answer' must be a list of calls")
    return ToolCallCase(case_id, messages, tools, answer)


def load_cases(path: Path, *, limit: int | None = None) -> list[ToolCallCase]:
    """The cases of a JSON Lines file (blank lines skipped), the first `limit` when given."""
    cases: list[ToolCallCase] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if limit is not None and len(cases) >= limit:
                break
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationDataError(f"{path}:{number} is not JSON: {exc}") from exc
            cases.append(parse_case(row))
    return cases


# -- scoring -----------------------------------------------------------------------------------------

_IGNORED = re.compile(r"[ ,./\-_*^]")


def _standard(text: str) -> str:
    return _IGNORED.sub("", text).lower().replace("'", '"')


def value_matches(value: Any, acceptable: Any) -> bool:
    """Whether one predicted value equals one acceptable value (see the module docstring)."""
    if isinstance(acceptable, bool) or acceptable is None:
        return type(value) is type(acceptable) and value == acceptable
    if isinstance(acceptable, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if isinstance(acceptable, int) and isinstance(value, float) and not value.is_integer():
            return False
        return math.isclose(float(value), float(acceptable), rel_tol=0.0, abs_tol=1e-9)
    if isinstance(acceptable, str):
        return isinstance(value, str) and _standard(value) == _standard(acceptable)
    if isinstance(acceptable, list):
        return (
            isinstance(value, list | tuple)
            and len(value) == len(acceptable)
            and all(value_matches(v, a) for v, a in zip(value, acceptable, strict=True))
        )
    if isinstance(acceptable, dict):
        return isinstance(value, dict) and arguments_match(value, acceptable)
    return bool(value == acceptable)


def arguments_match(arguments: Mapping[str, Any], expected: Mapping[str, Sequence[Any]]) -> bool:
    """Every argument is expected and acceptable; every expected one not given may be omitted."""
    if any(name not in expected for name in arguments):
        return False
    for name, acceptable in expected.items():
        options = list(acceptable) if isinstance(acceptable, list) else [acceptable]
        if name not in arguments:
            if "" not in options:
                return False
            continue
        if not any(value_matches(arguments[name], option) for option in options):
            return False
    return True


def call_matches(call: PredictedCall, expected: Mapping[str, Mapping[str, Sequence[Any]]]) -> bool:
    """`expected` is one BFCL call, `{name: {argument: [acceptable values]}}`."""
    if len(expected) != 1:
        return False
    name, arguments = next(iter(expected.items()))
    return call.name == name and arguments_match(call.arguments, arguments)


def score_calls(calls: Sequence[PredictedCall], answer: Answer) -> bool:
    """Whether `calls` is a right answer to a row whose ground truth is `answer`."""
    if len(calls) != len(answer):
        return False
    unused = list(answer)
    for call in calls:
        match = next((expected for expected in unused if call_matches(call, expected)), None)
        if match is None:
            return False
        unused.remove(match)
    return True


# -- running -----------------------------------------------------------------------------------------


async def run_case(provider: ModelProvider, case: ToolCallCase, now: datetime) -> CaseResult:
    """One fresh model step for `case`, timed from the request to the last chunk."""
    request = ModelRequest(messages=case.messages, tools=case.tools, now=now)
    calls: list[PredictedCall] = []
    text: list[str] = []
    start = time.perf_counter()
    async for chunk in provider.stream(request):
        if isinstance(chunk, CallProposal):
            calls.append(PredictedCall(chunk.call.name, dict(chunk.call.arguments)))
        elif isinstance(chunk, TextDelta):
            text.append(chunk.text)
    seconds = time.perf_counter() - start
    return CaseResult(
        id=case.id,
        calls=calls,
        text="".join(text),
        correct=score_calls(calls, case.answer),
        expects_call=case.expects_call,
        seconds=seconds,
    )


async def evaluate(
    provider: ModelProvider,
    cases: Iterable[ToolCallCase],
    *,
    now: datetime,
    tier: str | None = None,
    on_result: Callable[[CaseResult], Awaitable[None] | None] | None = None,
) -> Summary:
    """Run every case through `provider` in order; `on_result` sees each result as it comes."""
    summary = Summary(tier or provider.name)
    for case in cases:
        result = await run_case(provider, case, now)
        summary.results.append(result)
        if on_result is not None:
            pending = on_result(result)
            if pending is not None:
                await pending
    return summary


def output_row(result: CaseResult) -> dict[str, Any]:
    """The `--out` row for a result: `{"id", "calls": [{"name", "arguments"}]}`."""
    return {"id": result.id, "calls": [{"name": c.name, "arguments": c.arguments} for c in result.calls]}
