from __future__ import annotations

from salon.router import FakeEmbedder, Router
from salon.router.gate import GateFeatures, fit_logistic, no_app_score
from tests.router.conftest import HOTELS, MUSIC, WEATHER


def test_gate_says_no_app_for_an_unrelated_message(embedder: FakeEmbedder) -> None:
    router = Router(embedder)
    router.index([*HOTELS, *MUSIC, *WEATHER])
    result = router.route("what is the square root of a banana's feelings")
    assert result.no_app


def test_gate_lets_a_matching_message_through(embedder: FakeEmbedder) -> None:
    router = Router(embedder)
    router.index([*HOTELS, *MUSIC, *WEATHER])
    result = router.route("get the weather forecast for Oslo")
    assert not result.no_app
    assert result.ranked[0].name == "get_forecast"
    assert result.no_app_score < 0.5


def test_empty_directory_always_says_no_app(embedder: FakeEmbedder) -> None:
    result = Router(embedder).route("book a hotel")
    assert result.no_app
    assert result.ranked == []


def test_fitted_gate_separates_what_it_was_fitted_on() -> None:
    rows = [
        [0.9, 0.2, 1.0, 0.8, 4.0, 1.0, 1.0, 0.4],
        [0.8, 0.1, 0.9, 0.7, 3.5, 0.8, 1.0, 0.3],
        [0.2, 0.0, 0.2, 0.0, 1.0, 0.0, 0.0, 0.05],
        [0.3, 0.01, 0.3, 0.1, 1.2, 0.1, 0.0, 0.04],
    ]
    labels = [False, False, True, True]
    weights, bias = fit_logistic(rows, labels)
    scores = [no_app_score(GateFeatures(*row), weights, bias) for row in rows]
    assert max(scores[:2]) < min(scores[2:])
