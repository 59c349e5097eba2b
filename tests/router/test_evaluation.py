from __future__ import annotations

import pytest

from salon.router.evaluation import auroc, complete_at, ndcg_at, recall_at


def test_ranking_metrics_follow_their_definitions() -> None:
    ranked = ["a", "b", "c", "d", "e", "f"]
    assert recall_at(ranked, {"b"}, 1) == 0.0
    assert recall_at(ranked, {"b"}, 5) == 1.0
    assert complete_at(ranked, {"a", "f"}, 5) == 0.0
    assert complete_at(ranked, {"a", "e"}, 5) == 1.0
    assert ndcg_at(ranked, {"a"}, 5) == 1.0
    assert ndcg_at(ranked, {"b"}, 5) == pytest.approx(1 / 1.5849625, rel=1e-6)


def test_auroc_counts_ties_as_half() -> None:
    assert auroc([0.9, 0.8, 0.1, 0.2], [True, True, False, False]) == 1.0
    assert auroc([0.5, 0.5], [True, False]) == 0.5
