"""Sets of record numbers for the search index: Python sets for a small index, NumPy masks for a large one.

A query is set algebra over the records each word matches: unions across
fields and expansions, intersections across words, differences between
ranks. For the shipped corpus (hundreds of records) Python's sets are the
cheapest, and importing nothing keeps a cold search fast. For an index of
hundreds of thousands of records a boolean mask per set makes each operation
one pass of vectorised code, whatever the sizes; NumPy is used then, when it
is installed (pandas and Polars bring it). Both give the same answers.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["DocSet", "Space", "space_for"]

#: From how many records an index keeps its sets as NumPy masks.
MASKS_FROM = 20_000


#: A set of record numbers: a Python ``set`` or a mask, both with ``& | -``, ``len``, ``in`` and truth.
DocSet = Any


class Space:
    """Sets of record numbers below ``size``, in Python's ``set``."""

    def __init__(self, size: int, rank: Callable[[int], str]) -> None:
        self.size, self.rank = size, rank

    def empty(self) -> Any:
        return set()

    def of(self, docs: Iterable[int]) -> Any:
        return set(docs)

    def first(self, docs: Any, wanted: int | None) -> list[int]:
        """The records of ``docs`` in rank order (record id), only the first ``wanted``."""
        if wanted is None or wanted >= len(docs):
            return sorted(docs, key=self.rank)
        return heapq.nsmallest(wanted, docs, key=self.rank)


class _Mask:
    """A set of record numbers as a NumPy boolean array."""

    __slots__ = ("bits",)

    def __init__(self, bits: np.ndarray[Any, Any]) -> None:
        self.bits = bits

    def __and__(self, other: _Mask) -> _Mask:
        return _Mask(self.bits & other.bits)

    def __or__(self, other: _Mask) -> _Mask:
        return _Mask(self.bits | other.bits)

    def __sub__(self, other: _Mask) -> _Mask:
        return _Mask(self.bits & ~other.bits)

    def __len__(self) -> int:
        return int(self.bits.sum())

    def __bool__(self) -> bool:
        return bool(self.bits.any())

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, int) and 0 <= doc < len(self.bits) and bool(self.bits[doc])

    def __iter__(self) -> Any:
        return iter(self.bits.nonzero()[0].tolist())


class MaskSpace(Space):
    """Sets of record numbers below ``size`` as NumPy masks; ``ranks`` orders records by id."""

    def __init__(self, size: int, rank: Callable[[int], str], ranks: Any) -> None:
        import numpy

        super().__init__(size, rank)
        self._np = numpy
        self._ranks = numpy.asarray(ranks, dtype=numpy.int64)

    def empty(self) -> _Mask:
        return _Mask(self._np.zeros(self.size, dtype=bool))

    def of(self, docs: Iterable[int]) -> _Mask:
        bits = self._np.zeros(self.size, dtype=bool)
        if isinstance(docs, memoryview):
            bits[self._np.frombuffer(docs, dtype=self._np.int32)] = True
        else:
            bits[self._np.fromiter(docs, dtype=self._np.int64)] = True
        return _Mask(bits)

    def first(self, docs: Any, wanted: int | None) -> list[int]:
        members = docs.bits.nonzero()[0]
        ranks = self._ranks[members]
        if wanted is not None and wanted < len(members):
            chosen = self._np.argpartition(ranks, wanted)[:wanted]
            members, ranks = members[chosen], ranks[chosen]
        result: list[int] = members[self._np.argsort(ranks, kind="stable")].tolist()
        return result


def space_for(ids: Sequence[str]) -> Space:
    """The sets for an index of these record ids: masks from :data:`MASKS_FROM` records when NumPy is there."""
    rank = ids.__getitem__
    if len(ids) < MASKS_FROM:
        return Space(len(ids), rank)
    try:
        import numpy
    except ImportError:
        return Space(len(ids), rank)
    order = numpy.argsort(numpy.array(ids, dtype=object), kind="stable")
    ranks = numpy.empty(len(ids), dtype=numpy.int64)
    ranks[order] = numpy.arange(len(ids))
    return MaskSpace(len(ids), rank, ranks)
