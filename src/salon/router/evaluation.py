"""Retrieval and abstention metrics for `salon eval routing`.

Ranking: R@k (a gold tool in the top k), nDCG@k with binary gains, COMP@k (every gold tool in the
top k). Abstention: precision and recall of "no app" at the gate's threshold, and the AUROC of the
gate's score (the probability that a query that should abstain scores above one that should not,
ties counting half), computed from ranks so that it needs no plotting library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def recall_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    return 1.0 if any(name in gold for name in ranked[:k]) else 0.0


def complete_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    return 1.0 if gold and gold.issubset(ranked[:k]) else 0.0


def ndcg_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    dcg = sum(1.0 / math.log2(i + 2) for i, name in enumerate(ranked[:k]) if name in gold)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold), k)))
    return dcg / ideal if ideal else 0.0


def auroc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve of `scores` for the positive `labels` (0.5 when one class is missing)."""
    values = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(labels, dtype=bool)
    n_pos = int(positive.sum())
    n_neg = len(values) - n_pos
    if n_pos == 0 or n_neg == 0:
        return 0.5
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=np.float64)
    sorted_values = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def precision_recall(predicted: Sequence[bool], labels: Sequence[bool]) -> tuple[float, float]:
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    predicted_positive = sum(1 for p in predicted if p)
    actual_positive = sum(1 for y in labels if y)
    precision = tp / predicted_positive if predicted_positive else 0.0
    recall = tp / actual_positive if actual_positive else 0.0
    return precision, recall


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if values else 0.0
