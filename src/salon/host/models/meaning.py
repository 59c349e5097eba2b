"""How close in meaning a request is to each offered tool, by sentence embeddings.

The embedded provider chooses a tool mostly by the words a request shares with the tool's name,
description and parameters. Requests often say the same thing in other words ("how much is 394
times 213?" for a tool that "calculates the product of two numbers", "turn it down to 70" for
`set_volume`), and share no word at all. `ToolMeaning` gives each offered tool the cosine similarity
between the request and the tool's text (its name split into words, then its description), with the
sentence embedder the router already uses (all-MiniLM-L6-v2, `salon.router.embedding`): the
process-wide, memoised one of `salon.host.routing`, so a tool's vector is computed once.

Only a semantic embedder helps here: with the hashing fallback (when the weights package is not
installed) `ToolMeaning.available()` is None and the provider scores by words alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from salon.host.models.base import OfferedTool
from salon.host.tools import QUALIFIER
from salon.router import Embedder, FakeEmbedder


def tool_text(tool: OfferedTool) -> str:
    """The words a tool is known by: its name (last part, split) and its description."""
    name = tool.name.split(QUALIFIER)[-1].split(".")[-1]
    words = name.replace("_", " ").replace("-", " ")
    return f"{words}: {tool.description}".strip()


class ToolMeaning:
    """Cosine similarity of a request to each offered tool."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    @classmethod
    def available(cls) -> ToolMeaning | None:
        """The process's MiniLM embedder, or None where only the hashing fallback is installed."""
        from salon.host.routing import default_embedder

        embedder = default_embedder()
        if isinstance(embedder, FakeEmbedder):
            return None
        return cls(embedder)

    def similarities(self, text: str, tools: Sequence[OfferedTool]) -> list[float]:
        """One cosine similarity in [-1, 1] per tool, in order."""
        if not tools:
            return []
        vectors = self.embedder.embed([text, *(tool_text(t) for t in tools)])
        scores = vectors[1:] @ vectors[0]
        return [float(s) for s in np.asarray(scores, dtype=np.float32)]
