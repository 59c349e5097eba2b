from __future__ import annotations

import numpy as np

from salon.router.lexical import LexicalIndex

DOCUMENTS = {
    0: {"hotel": 2.0, "book": 1.0, "room": 1.0},
    1: {"hotel": 1.0, "search": 2.0},
    2: {"song": 2.0, "play": 1.0},
}


def _index(documents: dict[int, dict[str, float]]) -> LexicalIndex:
    index = LexicalIndex()
    for slot, bag in documents.items():
        index.add(slot, bag)
    return index


def test_bm25_ranks_the_document_that_repeats_a_rare_term_first() -> None:
    scores = _index(DOCUMENTS).scores(["hotel", "book"], 3)
    assert scores.dtype == np.float32
    assert scores[0] > scores[1] > 0.0
    assert scores[2] == 0.0


def test_repeated_queries_score_the_same_as_the_first() -> None:
    index = _index(DOCUMENTS)
    first = index.scores(["hotel", "search"], 3)
    np.testing.assert_array_equal(index.scores(["hotel", "search"], 3), first)


def test_scores_follow_a_document_added_after_a_query() -> None:
    index = _index(DOCUMENTS)
    index.scores(["hotel"], 3)
    index.add(3, {"hotel": 1.0, "cheap": 1.0, "city": 1.0})
    fresh = _index({**DOCUMENTS, 3: {"hotel": 1.0, "cheap": 1.0, "city": 1.0}})
    np.testing.assert_array_equal(index.scores(["hotel"], 4), fresh.scores(["hotel"], 4))


def test_scores_follow_a_document_removed_after_a_query() -> None:
    index = _index(DOCUMENTS)
    index.scores(["hotel", "play"], 3)
    index.remove(1)
    fresh = _index({slot: bag for slot, bag in DOCUMENTS.items() if slot != 1})
    after = index.scores(["hotel", "play"], 3)
    np.testing.assert_array_equal(after, fresh.scores(["hotel", "play"], 3))
    assert after[1] == 0.0


def test_a_replaced_document_is_scored_by_its_new_terms() -> None:
    index = _index(DOCUMENTS)
    index.scores(["song"], 3)
    index.add(2, {"hotel": 1.0})
    scores = index.scores(["song", "hotel"], 3)
    assert scores[2] > 0.0
    assert index.scores(["song"], 3)[2] == 0.0
