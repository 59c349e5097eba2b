"""Which tools the model sees for a message: the router's ranking, its "no app" gate, `@app` pins.

`ToolRouting` keeps a `salon.router.Router` over the tools of the installed apps and answers, for
each model step, the few tools worth offering (`offer`):

- `@app` in the message pins that app: only its tools are offered (best first), and the mention is
  stripped before the rest of the message is routed. An `@name` that is no installed app is
  returned in `Offer.unknown_mentions` for the turn to report; the message is routed without it.
- Otherwise the router ranks every indexed tool. When its gate says that no app fits, the model is
  offered only the tools of the apps this conversation used in its last few messages ("book the
  second one" after a hotel search), or nothing at all: small talk gets no tools.

The index follows what the apps list (`sync`, every step, compares entries per app and touches only
apps whose tools differ) and is persisted in the store (`store.router_index`), one row per tool:
the texts embedded for the tool are recomputed from its entry, hashed with the embedder's name, and
a row whose digest still matches gives its vectors back instead of embedding again. So a restart
embeds nothing, a new app embeds only its tools, and a changed tool only itself. A tool whose live
definition differs from the approved one keeps the entry it had until the person approves the
change: an app cannot reword a tool to pull requests towards it without the person seeing it (a
tool that is new since the install is routed once approved, and meanwhile offered with `@app`).

The vectors reach the index through `PrimedEmbedder`, an `Embedder` that answers texts it has been
given vectors for and embeds the others with the real embedder, so the router's own code decides
what to embed and this module only supplies what the store already holds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import anyio
import anyio.to_thread
import numpy as np

from salon.errors import ConfigurationError, NotFoundError
from salon.host.catalog import LiveTools
from salon.host.tools import ToolSpec, split_qualified
from salon.router import EmbeddedQuery, Embedder, FakeEmbedder, MiniLMEmbedder, Router, RouteResult, ToolEntry
from salon.router.embedding import Matrix, single_blas_thread
from salon.router.index import enrichment_texts, tool_text
from salon.store import Message, Store
from salon.store.router_index import IndexedTool

logger = logging.getLogger("salon.host.routing")

RECENT_MESSAGES = 6
"""How far back a conversation's apps count as "in use" when the gate finds no app for a message."""
CALIBRATED_EMBEDDER = "all-MiniLM-L6-v2"
"""The embedder the router's gate constants were fitted with; with another one the gate is off."""
MEMO_SIZE = 8192
"""Texts whose vectors the process-wide embedder remembers (about 12 MB for MiniLM)."""

_MENTION = re.compile(r"(?<![\w.])@([A-Za-z0-9][\w-]*)")


def mentioned_apps(text: str) -> list[str]:
    """Names written as `@app` in `text`, in order, lower-cased (an e-mail address is no mention)."""
    return list(dict.fromkeys(m.lower() for m in _MENTION.findall(text)))


def strip_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text).split())


@dataclass(frozen=True)
class Offer:
    """What one model step is offered, and why."""

    tools: list[ToolSpec]
    pinned: list[str] = field(default_factory=list)
    unknown_mentions: list[str] = field(default_factory=list)
    no_app: bool = False
    no_app_score: float | None = None


class PrimedEmbedder(Embedder):
    """Vectors given with `prime` for some texts, the real embedder for the others."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._known: dict[str, Matrix] = {}

    def prime(self, texts: Sequence[str], vectors: Matrix) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._known[text] = vector

    def clear(self) -> None:
        self._known.clear()

    def embed(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing = [i for i, text in enumerate(texts) if text not in self._known]
        if missing:
            out[missing] = embed_single_threaded(self.inner, [texts[i] for i in missing])
        for i, text in enumerate(texts):
            if text in self._known:
                out[i] = self._known[text]
        return out


class MemoEmbedder(Embedder):
    """Remembers the vectors of the last `size` texts: workers and tests that index the same apps
    again (reinstalling, a fresh database) embed each text once per process."""

    def __init__(self, inner: Embedder, size: int = MEMO_SIZE) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._size = size
        self._memo: dict[str, Matrix] = {}

    def embed(self, texts: Sequence[str]) -> Matrix:
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self._memo[text] = vector
            while len(self._memo) > self._size:
                del self._memo[next(iter(self._memo))]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._memo[text]
        return out


def embed_single_threaded(embedder: Embedder, texts: Sequence[str]) -> Matrix:
    """`embedder.embed(texts)` with BLAS on one thread, whatever the batch size: the host embeds from
    a worker thread while the event loop needs a core."""
    with single_blas_thread():
        return embedder.embed(texts)


@cache
def default_embedder() -> Embedder:
    """The process's embedder: MiniLM from the installed weights package; without it, the hashing
    embedder (with a warning), for which the gate is not calibrated and stays off."""
    try:
        return MemoEmbedder(MiniLMEmbedder())
    except ConfigurationError as exc:
        logger.warning("Routing with the hashing embedder and no 'no app' gate: %s", exc.message)
        return FakeEmbedder()


def indexed_texts(entry: ToolEntry, *, synthetic: bool) -> list[str]:
    """The texts the router embeds for `entry`, in the order the store keeps their vectors."""
    return [tool_text(entry), *enrichment_texts(entry, synthetic=synthetic)]


def digest_of(texts: Sequence[str], embedder: Embedder) -> str:
    payload = json.dumps([embedder.name, embedder.dimension, list(texts)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_json(entry: ToolEntry) -> dict[str, object]:
    return {
        "name": entry.name,
        "description": entry.description,
        "app": entry.app,
        "parameters": dict(entry.parameters) if entry.parameters is not None else None,
        "examples": list(entry.examples),
    }


def entry_from_json(raw: Mapping[str, object]) -> ToolEntry:
    parameters = raw.get("parameters")
    examples = raw.get("examples")
    return ToolEntry(
        name=str(raw["name"]),
        description=str(raw.get("description") or ""),
        app=str(raw["app"]) if raw.get("app") is not None else None,
        parameters=parameters if isinstance(parameters, dict) else None,
        examples=tuple(str(x) for x in examples) if isinstance(examples, list) else (),
    )


class ToolRouting:
    """The host's router: an index kept in step with the apps and the store; see the module docstring."""

    def __init__(
        self, store: Store, embedder: Embedder, *, gate: bool | None = None, tools_offered: int = 8
    ) -> None:
        """`gate`: apply the router's "no app" verdict (default: when `embedder` is the calibrated one)."""
        self._store = store
        self._embedder = PrimedEmbedder(embedder)
        self.router = Router(self._embedder)
        self.gate = gate if gate is not None else embedder.name == CALIBRATED_EMBEDDER
        self.tools_offered = tools_offered
        self._indexed: dict[str, dict[str, ToolEntry]] = {}
        self._lock = anyio.Lock()
        self._query: EmbeddedQuery | None = None

    @property
    def embedder(self) -> Embedder:
        """The embedder that does the real work (what `sync` calls only for texts it has no row for)."""
        return self._embedder.inner

    def indexed(self, app: str) -> dict[str, ToolEntry]:
        return dict(self._indexed.get(app, {}))

    # -- keeping the index in step -------------------------------------------------------------
    async def sync(self, live: LiveTools) -> None:
        """Index exactly the listed apps' visible tools; only apps whose entries changed are touched.
        Apps not listed now (removed, disabled, unreachable) leave memory but keep their rows."""
        wanted: dict[str, dict[str, ToolEntry]] = {app: {} for app in live.listed}
        held: dict[str, set[str]] = {app: set() for app in live.listed}
        for spec in live.tools:
            if not spec.visible_to_model or spec.app not in wanted:
                continue
            if (spec.app, spec.name) in live.changed:
                held[spec.app].add(spec.name)
                previous = self._indexed.get(spec.app, {}).get(spec.name)
                if previous is not None:
                    wanted[spec.app][spec.name] = previous
            else:
                wanted[spec.app][spec.name] = ToolEntry.from_spec(spec)
        async with self._lock:
            for app in [a for a in self._indexed if a not in wanted]:
                self.router.remove(app)
                del self._indexed[app]
            for app, entries in wanted.items():
                if self._indexed.get(app) != entries:
                    await self._refresh(app, entries, held[app])

    async def add_app(self, app: str, specs: Iterable[ToolSpec]) -> None:
        """Index a just-installed (or reinstalled) app's tools, embedding what the store lacks."""
        entries = {s.name: ToolEntry.from_spec(s) for s in specs if s.visible_to_model and s.app == app}
        async with self._lock:
            await self._refresh(app, entries, set())

    async def remove_app(self, app: str) -> None:
        """Forget an uninstalled app (its rows went with it in the store)."""
        async with self._lock:
            self.router.remove(app)
            self._indexed.pop(app, None)
        await self._store.router_index.remove(app)

    async def _refresh(self, app: str, entries: dict[str, ToolEntry], held: set[str]) -> None:
        rows = {row.tool: row for row in await self._store.router_index.list(app)}
        for name in held - entries.keys():
            if name in rows:
                entries[name] = entry_from_json(rows[name].entry)
        synthetic = self.router.search_index.synthetic
        inner = self._embedder.inner
        missing: list[tuple[ToolEntry, list[str], str]] = []
        for entry in entries.values():
            texts = indexed_texts(entry, synthetic=synthetic)
            digest = digest_of(texts, inner)
            row = rows.get(entry.name)
            if row is not None and row.digest == digest and row.text_count == len(texts):
                vectors = np.frombuffer(row.vectors, dtype=np.float32).reshape(len(texts), -1)
                if vectors.shape[1] == inner.dimension:
                    self._embedder.prime(texts, vectors)
                    continue
            missing.append((entry, texts, digest))
        fresh: list[IndexedTool] = []
        if missing:
            flat = [text for _, texts, _ in missing for text in texts]
            embedded = await anyio.to_thread.run_sync(embed_single_threaded, inner, flat)
            start = 0
            for entry, texts, digest in missing:
                vectors = embedded[start : start + len(texts)]
                start += len(texts)
                self._embedder.prime(texts, vectors)
                fresh.append(
                    IndexedTool(
                        app=app,
                        tool=entry.name,
                        digest=digest,
                        embedder=inner.name,
                        entry=entry_json(entry),
                        text_count=len(texts),
                        vectors=np.ascontiguousarray(vectors, dtype=np.float32).tobytes(),
                    )
                )
        try:
            self.router.update(app, list(entries.values()))
        finally:
            self._embedder.clear()
        self._indexed[app] = entries
        try:
            await self._store.router_index.put(app, fresh)
            stale = [name for name in rows if name not in entries]
            await self._store.router_index.remove(app, stale)
        except NotFoundError:
            # Uninstalled meanwhile (by another worker): its rows are gone with it.
            logger.info("The %s app was removed while it was being indexed", app)

    # -- choosing the tools --------------------------------------------------------------------
    async def offer(self, message: str, live: LiveTools, recent: Sequence[Message] = ()) -> Offer:
        """The tools to offer for `message` (at most `tools_offered`), best first."""
        visible = [spec for spec in live.tools if spec.visible_to_model]
        names = {app.lower(): app for app in live.listed}
        mentions = mentioned_apps(message)
        pinned = [names[m] for m in mentions if m in names]
        unknown = [m for m in mentions if m not in names]
        query = strip_mentions(message) if mentions else message.strip()
        result = await self._route(query) if query else None
        scores = {(c.app, c.name): c.score for c in result.ranked} if result else {}
        if pinned:
            pool = [s for s in visible if s.app in pinned]
            pool.sort(key=lambda s: (pinned.index(s.app), -scores.get((s.app, s.name), -np.inf)))
            return Offer(pool[: self.tools_offered], pinned=pinned, unknown_mentions=unknown)
        if result is None:
            return Offer([], unknown_mentions=unknown, no_app=True)
        ranked = sorted(
            (s for s in visible if (s.app, s.name) in scores), key=lambda s: -scores[(s.app, s.name)]
        )
        if self.gate and result.no_app:
            in_use = recent_apps(recent)
            ranked = [s for s in ranked if s.app in in_use]
        return Offer(
            ranked[: self.tools_offered],
            unknown_mentions=unknown,
            no_app=self.gate and result.no_app,
            no_app_score=result.no_app_score,
        )

    async def _route(self, query: str) -> RouteResult:
        async with self._lock:
            return await anyio.to_thread.run_sync(self._route_now, query)

    def _route_now(self, query: str) -> RouteResult:
        # A turn routes the same message once per model step: its vector is kept for the next one.
        if self._query is None or self._query.text != query:
            self._query = self.router.embed([query])[0]
        return self.router.route_embedded(self._query, max(len(self.router.search_index), 1))


def unknown_mention_message(offer: Offer, live: LiveTools) -> str:
    """What to tell the person about `@names` that pin no app."""
    unavailable = {failure.app.lower(): failure.app for failure in live.failures}
    parts = []
    for name in offer.unknown_mentions:
        if name in unavailable:
            parts.append(f"The {unavailable[name]} app cannot be reached right now, so @{name} was ignored.")
        else:
            parts.append(f"No installed app is called @{name}, so the mention was ignored.")
    installed = ", ".join(f"@{app}" for app in live.listed)
    parts.append(f"Apps you can mention: {installed}." if installed else "No apps are installed yet.")
    return " ".join(parts)


def recent_apps(messages: Sequence[Message]) -> set[str]:
    """Apps whose tools were called in the last `RECENT_MESSAGES` messages."""
    apps: set[str] = set()
    for message in messages[-RECENT_MESSAGES:]:
        qualified = [message.name] if message.role == "tool" and message.name else []
        qualified += [str(c.get("name", "")) for c in message.tool_calls or []]
        for name in qualified:
            try:
                apps.add(split_qualified(name)[0])
            except ValueError:
                continue
    return apps
