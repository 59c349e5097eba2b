"""Contextual invocation: from a message, rank apps and tools by meaning, or say that no app fits.

entries.py        ToolEntry: what is indexed (from the host's ToolSpec with `ToolEntry.from_spec`)
text.py           words for BM25 (identifiers split, stemmed)
enrich.py         synthetic user requests written from a tool's own name, description, parameters
embedding.py      the Embedder seam, MiniLM as a numpy forward pass, a hashing fake
lexical.py        BM25 over posting lists, updated one document at a time
index.py          RouterIndex: slots, dense rows, postings; incremental changes; save/load
gate.py           the calibrated "no app" logistic gate and its committed constants
request_parts.py  a message of several requests: its parts, and how their scores join the whole's
router.py         Router: hybrid scoring, app-first ranking, the gate's verdict
evaluation.py     R@k, nDCG@k, COMP@k, AUROC for `salon eval routing`
"""

from salon.router.embedding import Embedder, FakeEmbedder, MiniLMEmbedder
from salon.router.entries import ToolEntry
from salon.router.index import RouterIndex
from salon.router.router import Candidate, EmbeddedQuery, Router, RouteResult

__all__ = [
    "Candidate",
    "EmbeddedQuery",
    "Embedder",
    "FakeEmbedder",
    "MiniLMEmbedder",
    "RouteResult",
    "Router",
    "RouterIndex",
    "ToolEntry",
]
