"""The "no app" gate: a logistic model over how well the best tools match.

Models rarely answer "none of these" on their own, so the router decides it. Features of one
routed query, all comparable across directories of any size:

    dense_top     cosine-based dense score of the best tool
    dense_margin  its lead over the second best tool
    fused_top     fused score of the best tool
    lexical_cover share of the query's BM25 idf mass that the best lexical match reaches (0..1)
    dense_z       how far the best dense score stands above the directory's (in standard deviations)
    top_cover     share of the query's idf mass whose words the best tool's own text contains
    agree         1 when the best dense tool is also the best lexical tool
    dense_gap10   lead of the best dense score over the tenth best

`no_app_score = sigmoid(w · features + bias)`, and the router abstains when it is at least
`THRESHOLD`. The weights were fitted on the DEV splits of MetaTool and Seal-Tools with the
leave-gold-out protocol (each query routed once normally, label "app", and once with its gold
tools deleted from the directory, label "no app"), by `salon eval routing --fit-gate`; the
threshold is the one that maximises F1 of "no app" on that same data. Refit after changing the
embedder or the scoring, and commit the printed constants here.

Features tried and dropped (leave-gold-out 5-fold AUROC, then MetaTool awareness AUROC of the
refit model; the committed features refit: 0.751 / 0.865): the fused margin, the overlap of the
dense and BM25 top fives, the BM25 rank of the best dense tool, the BM25 margin and the query's
term count together 0.764 / 0.828 (each alone +0.000 to +0.007 and up to −0.014 awareness); the
best tool's cosine with its nearest other row 0.766 (an all-pairs pass over the directory); a
softmax entropy over the ten best, no change; all pairwise products of the features 0.781 (104
constants). MetaTool single stays near 0.752 whatever is added: its leave-gold-out negatives often
keep a near-twin tool that fits the request as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FEATURES = (
    "dense_top",
    "dense_margin",
    "fused_top",
    "lexical_cover",
    "dense_z",
    "top_cover",
    "agree",
    "dense_gap10",
)

# Refitted after the enrichment gained per-action requests (salon.router.enrich); 5-fold CV AUROC of
# this model on the same data 0.747, in-sample 0.747 (the previous constants scored 0.747 too).
WEIGHTS = (1.5523, -0.5912, -3.5239, 3.0251, 0.0915, -2.778, -0.0392, -7.4218)
BIAS = 2.4314
THRESHOLD = 0.698
FALSE_ABSTAIN = 0.10
"""The threshold is set so that about this share of answerable dev queries is abstained on:
saying "no app" when an app fits costs the person more than offering a tool they ignore."""


@dataclass(frozen=True)
class GateFeatures:
    dense_top: float
    dense_margin: float
    fused_top: float
    lexical_cover: float
    dense_z: float
    top_cover: float
    agree: float
    dense_gap10: float

    def vector(self) -> list[float]:
        return [
            self.dense_top,
            self.dense_margin,
            self.fused_top,
            self.lexical_cover,
            self.dense_z,
            self.top_cover,
            self.agree,
            self.dense_gap10,
        ]


def no_app_score(features: GateFeatures, weights: Sequence[float] = WEIGHTS, bias: float = BIAS) -> float:
    z = bias + sum(w * x for w, x in zip(weights, features.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def fit_logistic(
    rows: Sequence[Sequence[float]], labels: Sequence[bool], *, l2: float = 1e-3, steps: int = 3000
) -> tuple[list[float], float]:
    """Weights and bias of an L2-regularised logistic regression (full-batch Newton steps on
    standardised features, mapped back), deterministic."""
    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    for _ in range(min(steps, 50)):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -60, 60)))
        gradient = z.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0.0]
        hessian = (z * (p * (1 - p))[:, None]).T @ z / len(y) + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    weights = w[:-1] / std
    bias = float(w[-1] - (weights * mean).sum())
    return [float(v) for v in weights], bias


def threshold_for(
    scores: Sequence[float], labels: Sequence[bool], false_abstain: float = FALSE_ABSTAIN
) -> float:
    """The lowest threshold at which at most `false_abstain` of the label-False runs (queries that
    have a right tool) would be abstained on."""
    negatives = np.sort(
        np.asarray([s for s, y in zip(scores, labels, strict=True) if not y], dtype=np.float64)
    )
    if len(negatives) == 0:
        return 0.5
    return float(np.quantile(negatives, 1.0 - false_abstain))
