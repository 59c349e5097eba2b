"""A message that asks for several things: its parts, and how their rankings join the whole's.

People put several requests in one message ("Find the nurses per country. Then chart the figures
for me."). Embedded whole, such a message is an average of its requests and lands between their
tools, so the second tool often misses the shortlist the model sees. Each sentence of at least
`MIN_PART_WORDS` words is therefore also scored on its own, when there are two or more:

- a tool's score is the larger of the whole message's and its best part's less `PART_MARGIN`, so
  a part moves a tool only where it matches that part clearly better than the whole matches
  anything about it (a sentence of context, "I wrote a poem.", rarely does);
- the best tool of each part is kept among the first `KEPT_PLACES`: where it falls below them, its
  score is raised to just above that of the tool it displaces (the weakest of the others), so the
  scores stay in rank order and every request of the message reaches the model.

The gate still judges the whole message. Splitting only on sentence ends is deliberate: splitting
coordinated clauses too ("…, and then …", "; ") changed nothing measurable on the dev sets, and
splitting at "and" before a question word or a verb ("… about Tesla and how it has …") gained
MetaTool multi R@1 (61.8 → 64.1) but not its COMP@5 (51.1), and cost Seal-Tools COMP@5 (80.0 → 79.4).

Measured on the dev splits (R@1 / R@5 / nDCG@5 / COMP@5), against the whole message alone:
Seal-Tools 89.7 / 99.0 / 77.0 / 46.1 → 91.9 / 99.0 / 89.8 / 80.0; MetaTool multi 56.5 / 95.4 /
62.9 / 50.4 → 61.8 / 96.2 / 64.8 / 51.1; MetaTool single 62.2 / 82.4 / 73.2 → 62.1 / 82.1 / 73.1.
Margins of 0, 0.05, 0.15 and 0.2 were each worse on one set; the maximum alone (no kept places)
gave Seal-Tools COMP@5 72.9; the parts' rankings interleaved round-robin cost MetaTool single R@1
5.3 points.

The cost is embedding the parts too: Seal-Tools' messages (72% of them hold several requests, of
about 100 tokens) route in 34 ms p50 / 67 ms p95 against 15 / 28 ms whole only; MetaTool single in
6.2 against 4.9 ms. Pooling each part from the whole message's own token states instead ("late
chunking": one forward pass) costs nothing extra but ranked worse at every margin tried (best,
margin 0: Seal-Tools 90.4 / 99.0 / 88.3 / 78.0, MetaTool multi 59.5 / 95.4 / 65.1 / 53.4), and it
would need token states through every embedder, so the parts are embedded on their own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from salon.router.text import SENTENCE_END

MIN_PART_WORDS = 3
"""Shorter sentences ("Thanks!", "Hi there.") are not requests of their own."""
PART_MARGIN = 0.10
"""How much better than the whole a part must match a tool to lift it (fused-score units)."""
KEPT_PLACES = 5
"""Each part's best tool is kept among this many first places (at most `KEPT_PLACES - 1` such
tools, so one place always goes by the combined score)."""


def request_parts(message: str) -> list[str]:
    """The sentences of `message` that could each be a request, or `[]` when it holds fewer than
    two (a one-request message is scored whole only)."""
    parts = [p.strip() for p in SENTENCE_END.split(message.strip())]
    parts = [p for p in parts if len(p.split()) >= MIN_PART_WORDS]
    return parts if len(parts) > 1 else []


def combined_scores(
    whole: npt.NDArray[np.float32], parts: Sequence[npt.NDArray[np.float32]]
) -> npt.NDArray[np.float32]:
    """Per candidate: the whole message's score, or its best part's less `PART_MARGIN` if higher."""
    if not parts:
        return whole
    best_part = np.max(np.stack(parts), axis=0)
    result: npt.NDArray[np.float32] = np.maximum(whole, best_part - np.float32(PART_MARGIN))
    return result


def keep_part_bests(
    scores: npt.NDArray[np.float32], parts: Sequence[npt.NDArray[np.float32]], places: int
) -> npt.NDArray[np.float32]:
    """`scores` with each part's best candidate raised, where needed, to just above the candidate
    it displaces from the first `places` (at most `places - 1` are kept, so one place always goes
    by score; none when `places` < 2)."""
    places = min(places, KEPT_PLACES)
    kept = list(dict.fromkeys(int(np.argmax(p)) for p in parts if len(p)))[: max(places - 1, 0)]
    others = np.ones(len(scores), dtype=bool)
    others[kept] = False
    room = places - len(kept)
    if not kept or int(others.sum()) <= room:
        return scores
    # The best of the others that the kept candidates push out of the first places.
    displaced = -np.partition(-scores[others], room)[room]
    floor = np.nextafter(np.float32(displaced), np.float32(np.inf))
    lifted = scores.copy()
    lifted[kept] = np.maximum(lifted[kept], floor)
    return lifted
