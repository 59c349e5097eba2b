"""Synthetic user requests for a tool, written by the local language model at index time.

Re-Invoke's finding is that the largest single gain in tool retrieval comes from indexing each tool
together with requests a person would actually type to use it. `salon.router.enrich` writes such
requests from templates; this module asks the heavy tier's model (Qwen2.5-Coder-1.5B on llama.cpp,
the `heavy` extra) to write them instead, from the tool's name, description and parameters, which
gives wording that templates cannot: situations ("my flight got cancelled, what now?"), synonyms,
requests that never repeat the description's verb.

- `request_prompt` renders one ChatML prompt per tool; the fixed instructions come first, so the
  engine's prompt cache reuses them from one tool to the next.
- `parse_requests` reads the answer back robustly: list numbering, bullets and quotes are removed;
  headers ("Here are eight messages:"), fragments, over-long lines, lines that repeat the
  instructions or the description verbatim, and a last line cut off by the token limit are dropped;
  near-duplicates (same words, other case or punctuation) are kept once.
- `ModelRequestWriter` decodes greedily with a small token cap (10–20 s a tool on two busy cores).
  A fresh engine writes the same requests for the same tool; one that has just written for another
  tool reuses its prompt cache, evaluates in other batch shapes and can flip a near-tie, which is
  one more reason every tool is written for once and cached. It imports the model code only when
  it writes, so the router never loads llama.cpp at import. `identity` names the weights and the
  prompt version: a cache of written requests (`salon.router.request_cache`) is keyed by it, so
  changing either writes them again.
- `FakeRequestWriter` is the deterministic stand-in tests use: it writes from the tool's own words.

Measured on the MetaTool dev split (199 tools, 2.4 requests a tool kept, 42 min to write on two
busy cores): templates only R@1 62.2 / R@5 82.4 / nDCG@5 73.2; templates and written requests
62.8 / 83.1 / 73.9; written requests instead of templates 63.4 / 84.3 / 74.9 (multi COMP@5 50.4 →
55.7, awareness AUROC 0.870 → 0.901).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from salon.errors import ConfigurationError
from salon.router.entries import ToolEntry
from salon.router.text import split_identifier

PROMPT_VERSION = 1
"""Bump when the prompt or the parser changes what is written: cached requests are then rewritten."""

REQUEST_COUNT = 3
MAX_TOKENS = 60
"""Three numbered requests take 40-60 tokens; the cap bounds a model that loops. On two busy cores
the model writes 3-10 tokens a second, so this is what keeps a tool near 10 s."""

_DESCRIPTION_LIMIT = 600
_PARAMETER_LIMIT = 6
_MIN_WORDS = 3
_MAX_WORDS = 40
_SHINGLE = 5
"""A line sharing this many consecutive words with the instructions is the prompt leaking back."""

SYSTEM_TEXT = "You write realistic messages that people send to a chat assistant."
INSTRUCTIONS = (
    "Write {count} different messages that a person might type to an assistant when they need this "
    "tool. Each message is one short sentence of at most 10 words, in the first person, in everyday "
    "words, about a concrete situation of their own. Vary the wording and the situations, and do not "
    "name the tool. Write one message per line, numbered 1 to {count}, without quotes, and nothing else."
)


def _chatml(role: str, content: str) -> str:
    return f"<|im_start|>{role}\n{content}<|im_end|>\n"


def _parameter_lines(parameters: Mapping[str, Any] | None) -> list[str]:
    if not parameters:
        return []
    nested = parameters.get("properties")
    fields: Mapping[str, Any] = nested if isinstance(nested, dict) else parameters
    lines: list[str] = []
    for name, spec in list(fields.items())[:_PARAMETER_LIMIT]:
        about = spec.get("description") if isinstance(spec, dict) else None
        lines.append(f"- {name}: {about}" if isinstance(about, str) and about else f"- {name}")
    return lines


def _tool_card(entry: ToolEntry) -> str:
    description = " ".join(entry.description.split())
    if len(description) > _DESCRIPTION_LIMIT:
        description = description[: _DESCRIPTION_LIMIT - 1] + "…"
    lines = [f"Tool: {split_identifier(entry.name)}", f"What it does: {description}"]
    if parameters := _parameter_lines(entry.parameters):
        lines.append("What it needs:")
        lines.extend(parameters)
    return "\n".join(lines)


def request_prompt(entry: ToolEntry, count: int = REQUEST_COUNT) -> str:
    """The whole prompt for one tool, ending where the model's answer begins."""
    user = f"{INSTRUCTIONS.format(count=count)}\n\n{_tool_card(entry)}"
    return _chatml("system", SYSTEM_TEXT) + _chatml("user", user) + "<|im_start|>assistant\n"


_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}\s*[.):\]-]|[-*•+]|#+)\s*")
_LABEL = re.compile(r"^(?:message|request|query|user|person)\s*\d*\s*[:.-]\s*", re.IGNORECASE)
_QUOTES = "\"'`“”‘’«»*_"
_WORD = re.compile(r"[a-z0-9]+")
_LEAK_MARKERS = ("<|", "what it does:", "what it needs:", "tool:")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


_INSTRUCTION_SHINGLES = _shingles(_words(SYSTEM_TEXT + " " + INSTRUCTIONS))


def _clean_line(line: str) -> str:
    text = _NUMBERING.sub("", line.strip(), count=1)
    text = _LABEL.sub("", text, count=1).strip()
    # Quotes around the whole message, and a stray one at either end.
    while len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text.strip(_QUOTES + " ").strip()


def parse_requests(
    answer: str,
    *,
    description: str = "",
    count: int = REQUEST_COUNT,
    truncated: bool = False,
) -> list[str]:
    """The requests in a model's answer, at most `count`, cleaned and without repeats.

    `truncated` says the answer stopped at the token limit: its last line may be cut off mid-way,
    so it is dropped. `description` is the tool's: a line that merely repeats it is dropped.
    """
    lines = answer.replace("<|im_end|>", "\n").splitlines()
    if truncated and lines:
        lines = lines[:-1]
    described = _words(description)
    requests: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for line in lines:
        text = _clean_line(line)
        if not text or text.endswith(":"):
            continue
        lowered = text.lower()
        if any(marker in lowered for marker in _LEAK_MARKERS):
            continue
        words = _words(text)
        if not _MIN_WORDS <= len(words) <= _MAX_WORDS:
            continue
        if words == described or _shingles(words) & _INSTRUCTION_SHINGLES:
            continue
        key = tuple(words)
        if key in seen:
            continue
        seen.add(key)
        requests.append(text)
        if len(requests) == count:
            break
    return requests


class RequestWriter(Protocol):
    """Writes requests for one tool; `identity` changes whenever what it writes would change."""

    @property
    def identity(self) -> str: ...

    def write(self, entry: ToolEntry) -> list[str]: ...


class _Completed(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def pieces(self) -> Sequence[object]: ...


class CompletionEngine(Protocol):
    """Greedy completion (`salon.host.models.llama.LlamaEngine` is the real one)."""

    def complete(self, prompt: str, *, max_tokens: int) -> _Completed: ...


class ModelRequestWriter:
    """Requests written by the heavy tier's model, greedily (the same tool gets the same requests)."""

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        engine: CompletionEngine | None = None,
        count: int = REQUEST_COUNT,
        max_tokens: int = MAX_TOKENS,
        weights_sha256: str | None = None,
    ) -> None:
        if engine is None and data_dir is None:
            raise ConfigurationError(
                "ModelRequestWriter needs data_dir (where the model's weights are assembled) or an engine"
            )
        self._data_dir = data_dir
        self._engine = engine
        self.count = count
        self.max_tokens = max_tokens
        if weights_sha256 is None:
            from salon.host.models.gguf import QWEN_CODER_1_5B

            weights_sha256 = QWEN_CODER_1_5B.sha256
        self._weights = weights_sha256

    @property
    def identity(self) -> str:
        return (
            f"qwen2.5-coder-1.5b@{self._weights[:16]}/prompt{PROMPT_VERSION}/n{self.count}/t{self.max_tokens}"
        )

    def _engine_now(self) -> CompletionEngine:
        if self._engine is None:
            # Imported here: loading llama.cpp is the heavy tier's cost, paid only when writing.
            from salon.host.models.llama import LlamaEngine

            real = LlamaEngine(self._data_dir or Path(), n_ctx=2048)
            real.check_installed()
            self._engine = real
        return self._engine

    def write(self, entry: ToolEntry) -> list[str]:
        completion = self._engine_now().complete(
            request_prompt(entry, self.count), max_tokens=self.max_tokens
        )
        return parse_requests(
            completion.text,
            description=entry.description,
            count=self.count,
            truncated=len(completion.pieces) >= self.max_tokens,
        )

    def close(self) -> None:
        close = getattr(self._engine, "close", None)
        if close is not None:
            close()


class FakeRequestWriter:
    """Deterministic requests from the tool's own words; counts the tools it was asked about."""

    identity = "fake-writer/1"

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, entry: ToolEntry) -> list[str]:
        self.written.append(entry.name)
        words = split_identifier(entry.name).lower()
        first = entry.description.split(".")[0].strip().lower()
        return [f"I need to {words} today.", f"Could you help me: {first}?"]
