"""BM25 over posting lists, updatable one document at a time.

Each document is a bag of (term, weight) pairs, so fields can count more than others (a tool's
name more than its description) and synthetic requests less. Postings live in dictionaries while
the index changes and are frozen into numpy arrays the first time a query needs them, so that
scoring a query over 100,000 documents is a few vectorised scatter-adds, and adding or removing a
document costs only its own terms.

A term's BM25 contributions (one per document that holds it) depend on the term's postings and on
the collection's size and average length, so between two changes they are constants: the first
query that needs them computes and keeps them, the next queries only add them up. Any change drops
them all, since every document changes the average length.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75


class LexicalIndex:
    """BM25 scores of slot-numbered documents; a removed slot scores zero until it is reused."""

    def __init__(self) -> None:
        self._postings: dict[str, dict[int, float]] = {}
        self._lengths: dict[int, float] = {}
        self._bags: dict[int, dict[str, float]] = {}
        self._total_length = 0.0
        self._frozen: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]] = {}
        self._length_array: npt.NDArray[np.float32] | None = None
        self._contributions: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]] = {}

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, slot: int, bag: Mapping[str, float]) -> None:
        if slot in self._lengths:
            self.remove(slot)
        length = float(sum(bag.values()))
        self._lengths[slot] = length
        self._bags[slot] = dict(bag)
        self._total_length += length
        for term, weight in bag.items():
            self._postings.setdefault(term, {})[slot] = weight
            self._frozen.pop(term, None)
        self._length_array = None
        self._contributions.clear()

    def remove(self, slot: int) -> None:
        bag = self._bags.pop(slot, None)
        if bag is None:
            return
        self._total_length -= self._lengths.pop(slot)
        for term in bag:
            posting = self._postings.get(term)
            if posting is None:
                continue
            posting.pop(slot, None)
            self._frozen.pop(term, None)
            if not posting:
                del self._postings[term]
        self._length_array = None
        self._contributions.clear()

    def scores(self, query_terms: list[str], size: int) -> npt.NDArray[np.float32]:
        """BM25 of every slot below `size` for the query (zeros where no term matches)."""
        out = np.zeros(size, dtype=np.float32)
        if not self._lengths or not query_terms:
            return out
        for term in dict.fromkeys(query_terms):
            contribution = self._contribution(term, size)
            if contribution is not None:
                slots, values = contribution
                out[slots] += values
        return out

    def _contribution(
        self, term: str, size: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]] | None:
        """The slots holding `term` and its BM25 contribution to each (see the module docstring)."""
        cached = self._contributions.get(term)
        if cached is not None:
            return cached
        frozen = self._freeze(term)
        if frozen is None:
            return None
        slots, tf = frozen
        count = len(self._lengths)
        lengths = self._lengths_up_to(size)
        average = self._total_length / count
        idf = math.log(1.0 + (count - len(slots) + 0.5) / (len(slots) + 0.5))
        norm = tf + K1 * (1.0 - B + B * lengths[slots] / average)
        values = np.asarray(np.float32(idf) * tf * (K1 + 1.0) / norm, dtype=np.float32)
        self._contributions[term] = (slots, values)
        return slots, values

    def coverage(self, query_terms: list[str], slot: int) -> float:
        """Share of the query's idf mass whose terms occur in document `slot` (0..1)."""
        bag = self._bags.get(slot, {})
        unique = list(dict.fromkeys(query_terms))
        total = sum(self.idf(t) for t in unique)
        return sum(self.idf(t) for t in unique if t in bag) / total if total > 0 else 0.0

    def idf(self, term: str) -> float:
        count = len(self._lengths)
        df = len(self._postings.get(term, ()))
        return math.log(1.0 + (count - df + 0.5) / (df + 0.5))

    def _freeze(self, term: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]] | None:
        frozen = self._frozen.get(term)
        if frozen is None:
            posting = self._postings.get(term)
            if not posting:
                return None
            slots = np.fromiter(posting.keys(), dtype=np.int64, count=len(posting))
            tf = np.fromiter(posting.values(), dtype=np.float32, count=len(posting))
            frozen = (slots, tf)
            self._frozen[term] = frozen
        return frozen

    def _lengths_up_to(self, size: int) -> npt.NDArray[np.float32]:
        if self._length_array is None or len(self._length_array) < size:
            array = np.zeros(max(size, 1), dtype=np.float32)
            for slot, length in self._lengths.items():
                if slot < size:
                    array[slot] = length
            self._length_array = array
        return self._length_array
