from __future__ import annotations

import salon.router


def test_router_package_exports_only_its_documented_surface() -> None:
    assert sorted(salon.router.__all__) == [
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
