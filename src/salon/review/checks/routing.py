"""The manifest's test cases route as declared through the real router (`salon.router.Router`).

The router is built over the reference directory (`salon.review.reference`: the example apps, less
any with this app's name) plus this app's tools as the server listed them — never its test cases,
which would make the test answer itself. The reference part is embedded once per process and shared;
each review adds its own tools, routes, and takes them out again. Each test case is routed as a
person's message would be:

    routing.should_route      the gate lets the request through (not "no app") and one of this app's
                              tools is among the top `TOP_K` tools
    routing.should_not_route  the gate says "no app", or the best tool is another app's

The embedder is the bundled MiniLM model unless `ReviewOptions.embedder` gives another.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache

import anyio

from salon.host.routing import MemoEmbedder, embed_single_threaded
from salon.review.context import ReviewContext
from salon.review.reference import reference_apps, reference_index
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding
from salon.router import Embedder, MiniLMEmbedder, Router, RouteResult, ToolEntry
from salon.router.embedding import Matrix

TOP_K = 3


@cache
def _default_embedder() -> Embedder:
    # Loading the model reads ~90 MB; one per process serves every review.
    return MiniLMEmbedder()


class _OneThread(Embedder):
    """Embeds with BLAS on one thread, as the host does (`salon.host.routing.embed_single_threaded`:
    MiniLM's matrices are small, and on a busy machine BLAS threads fight each other)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension

    def embed(self, texts: Sequence[str]) -> Matrix:
        return embed_single_threaded(self.inner, texts)


class _Reference:
    """A router over the reference directory, built once per embedder and shared by every review:
    each review adds its app's tools under its own label, routes, and removes them again, under a
    lock, so reviews in threads never see each other's tools."""

    def __init__(self, embedder: Embedder) -> None:
        embedder = MemoEmbedder(_OneThread(embedder))
        self.router = Router(embedder, search_index=reference_index(embedder))
        self.labels = {name: specs[0].app for name, specs in reference_apps().items() if specs}
        self.lock = threading.Lock()

    def route(
        self, app_name: str, label: str, entries: list[ToolEntry], requests: list[str]
    ) -> list[RouteResult]:
        index = self.router.search_index
        with self.lock:
            self.router.add(entries)
            try:
                same = self.labels.get(app_name)
                exclude = [
                    slot
                    for e in index.entries()
                    if e.app == same and (slot := index.slot_of(e.app, e.name)) is not None
                ]
                return [
                    self.router.route_embedded(request, TOP_K, exclude=exclude)
                    for request in self.router.embed(requests)
                ]
            finally:
                self.router.search_index.remove_app(label)


_references: dict[int, _Reference] = {}
_references_lock = threading.Lock()


def _reference(embedder: Embedder) -> _Reference:
    with _references_lock:
        reference = _references.get(id(embedder))
        if reference is None:
            reference = _references[id(embedder)] = _Reference(embedder)
        return reference


def _routes(context: ReviewContext) -> list[tuple[str, bool, RouteResult]]:
    """(request, should route, result) for every test case."""
    manifest = context.manifest
    if manifest is None:
        return []
    reference = _reference(context.options.embedder or _default_embedder())
    label = f"review:{context.app}"
    entries = [ToolEntry.from_spec(spec.model_copy(update={"app": label})) for spec in context.tools]
    cases = manifest.salon.test_cases
    requests = [*cases.should_route, *cases.should_not_route]
    results = reference.route(manifest.server.name, label, entries, requests)
    expected = [True] * len(cases.should_route) + [False] * len(cases.should_not_route)
    return list(zip(requests, expected, results, strict=True))


def _describe(result: RouteResult) -> str:
    ranked = ", ".join(f"{c.app}/{c.name} {c.score:.2f}" for c in result.ranked) or "nothing"
    return f"gate {'closed (no app)' if result.no_app else 'open'} ({result.no_app_score:.2f}); top: {ranked}"


async def _route(check: Check, context: ReviewContext, *, should: bool) -> list[Finding]:
    label = f"review:{context.app}"
    findings = []
    for request, expected, result in await _cached(context):
        if expected is not should:
            continue
        ours = [c for c in result.ranked if c.app == label]
        if should:
            failed = result.no_app or not ours
        else:
            failed = not result.no_app and bool(result.ranked) and result.ranked[0].app == label
        if failed:
            findings.append(check.found(request, [_describe(result).replace(label, "this app")]))
    return findings


async def _cached(context: ReviewContext) -> list[tuple[str, bool, RouteResult]]:
    if context.routes is None:
        # Embedding is CPU work: keep the event loop (and the server connections on it) responsive.
        context.routes = await anyio.to_thread.run_sync(_routes, context)
    return context.routes


async def _should_route(check: Check, context: ReviewContext) -> list[Finding]:
    return await _route(check, context, should=True)


async def _should_not_route(check: Check, context: ReviewContext) -> list[Finding]:
    return await _route(check, context, should=False)


_NEEDS = frozenset({"manifest", "server", "router"})

CHECKS = [
    Check(
        id="routing.should_route",
        severity="error",
        message="A request the manifest says must reach this app does not reach it through the router.",
        fix="Describe your tools in the words people use for these requests (tool descriptions and "
        "parameter descriptions are what the router reads), or change the test case.",
        run=_should_route,
        needs=_NEEDS,
    ),
    Check(
        id="routing.should_not_route",
        severity="error",
        message="A request the manifest says must not reach this app is routed to it.",
        fix="Make your tool descriptions specific to what the app does, so unrelated requests rank "
        "other apps (or none) first.",
        run=_should_not_route,
        needs=_NEEDS,
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
