"""The few tools worth showing a model that pays for every token of its prompt.

The heavy tier reads the offered tools' schemas before it writes a word, and on two CPU cores each
token of prompt costs it 10–20 ms: on BFCL's live rows the schemas are three quarters of a prompt.
So before the heavy tier sees a request, `ToolShortlist.narrow` keeps only the `keep` tools that the
router ranks best for what the person said last (the hybrid of MiniLM and BM25 that ranks a whole
directory, `salon.router.Router`, here over the request's own tools). The router's synthetic requests
are left out: they changed no ranking below and cost up to 2.7 s of embedding for a request with ten
new tools, against 0.13 s without them.

On the BFCL live dev rows that offer several tools (303 rows), the expected tool is the router's first
in 90.1% of them, among its first two in 97.7% and among its first three in 99.3%: three is the
default. Tools already called in the conversation stay on offer whatever their rank (a follow-up such
as "and for tomorrow?" uses them), and the kept tools keep the order they were offered in, so the
ranking changes what the model sees, not where it sees it.

The embedder is the process's own (`salon.host.routing.default_embedder`, shared with the host's
router and remembering the vectors of texts it has seen); without MiniLM's weights nothing is narrowed.
"""

from __future__ import annotations

import logging
from functools import cached_property

from salon.errors import ConfigurationError
from salon.host.models.base import ModelRequest
from salon.router import Embedder, FakeEmbedder, Router, ToolEntry
from salon.router.embedding import single_blas_thread

logger = logging.getLogger("salon.host.models")

KEEP = 3
"""Tools kept by default (see the module docstring for the recall behind it)."""


class ToolShortlist:
    """Narrows a request's tools to the `keep` best for its latest user message (0 keeps them all)."""

    def __init__(self, keep: int = KEEP, *, embedder: Embedder | None = None) -> None:
        if keep < 0:
            raise ConfigurationError(f"keep must be 0 (no shortlist) or a number of tools, not {keep}")
        self.keep = keep
        self._given = embedder

    @cached_property
    def embedder(self) -> Embedder | None:
        if self._given is not None:
            return self._given
        from salon.host.routing import default_embedder

        embedder = default_embedder()
        if isinstance(embedder, FakeEmbedder):
            logger.warning("The heavy tier sees every offered tool: MiniLM's weights are not installed")
            return None
        return embedder

    def narrow(self, request: ModelRequest) -> ModelRequest:
        """`request` with only the tools worth offering; unchanged when there are `keep` or fewer.

        Embeds the tools it has not seen before (tens of milliseconds each): call it off the event loop.
        """
        query = request.latest_user_text.strip()
        if not self.keep or len(request.tools) <= self.keep or not query:
            return request
        embedder = self.embedder
        if embedder is None:
            return request
        router = Router(embedder, synthetic=False)
        with single_blas_thread():
            router.index(
                ToolEntry(name=t.name, description=t.description, parameters=t.parameters)
                for t in request.tools
            )
        ranked = [c.name for c in router.route(query, top_k=self.keep).ranked]
        used = {call.name for message in request.messages for call in message.tool_calls}
        kept = set(ranked) | used
        return request.model_copy(update={"tools": [t for t in request.tools if t.name in kept]})
