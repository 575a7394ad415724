"""Folding, and the inverted index of one text column: each folded word -> the records that hold it.

Text is folded before it is indexed or looked up: case-folded, decomposed
(NFKD), stripped of combining marks, ``đ`` turned into ``d`` (Unicode does not
decompose it), and split into runs of letters and digits. So "Bình Dương" ~
"binh duong" and "Đại hội đồng" ~ "dai hoi dong". Folding is plain Python
(:mod:`unicodedata`), the same for the index and the query.

A column's postings map each word to the sorted record numbers holding it,
and each count of distinct words to the records whose one value has that
many (so that "the field is exactly the query" is a set lookup). A small
column is indexed in Python; a large one with Arrow's kernels, which fold
each distinct token once: both give the same postings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ARROW_FROM", "Postings", "arrow_postings", "fold_text", "grouped", "postings", "python_postings", "words"]

#: From how many values on a column is indexed with Arrow's kernels rather than in Python.
ARROW_FROM = 20_000

_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def fold_text(text: str) -> str:
    """The folded form of ``text``: lower-case letters and digits without marks, one space between words."""
    text = text.casefold()
    if not text.isascii():
        text = _unmarked(text)
        # Decomposition can bring back capitals ("𝕊" -> "S"), case folding marks ("İ" -> "i̇"): fold again.
        text = _unmarked(text.casefold())
    return " ".join(_WORD.findall(text))


def _unmarked(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def words(text: str) -> list[str]:
    return fold_text(text).split()


@attrs.frozen
class Postings:
    """A column's index: word -> sorted record numbers, and distinct-word count -> record numbers (one value each)."""

    terms: dict[str, Sequence[int]]
    by_size: dict[int, Sequence[int]]


def postings(values: pa.Array | pa.ChunkedArray, docs: Sequence[int], *, single: bool = True) -> Postings:
    """The postings of ``values`` (text, or lists of text), row i belonging to record ``docs[i]``.

    ``single`` says each record has one row here, so its distinct words can
    be counted; a record with several rows (evidence quotes) is never an exact match.
    """
    if len(values) < ARROW_FROM:
        return python_postings(values.to_pylist(), docs, single=single)
    return arrow_postings(values, docs, single=single)


def _text(value: object) -> str | None:
    if isinstance(value, list):
        return " · ".join(value)  # a list's items, one searchable text
    return value if isinstance(value, str) else None


def python_postings(values: Sequence[object], docs: Sequence[int], *, single: bool = True) -> Postings:
    """:func:`postings`, in Python."""
    terms: dict[str, array[int]] = {}
    unordered: set[str] = set()  # words whose rows came out of record order: sorted once, at the end
    sizes: dict[int, set[int]] = {}
    for doc, value in zip(docs, values, strict=True):
        text = _text(value)
        found = dict.fromkeys(words(text)) if text else {}
        for word in found:
            held = terms.get(word)
            if held is None:
                terms[word] = array("i", [doc])
            elif held[-1] != doc:
                if held[-1] > doc:
                    unordered.add(word)
                held.append(doc)
        if found and single:
            sizes.setdefault(len(found), set()).add(doc)
    for word in unordered:
        terms[word] = array("i", sorted(set(terms[word])))
    return Postings(dict(terms), {n: array("i", sorted(d)) for n, d in sizes.items()})


def arrow_postings(values: pa.Array | pa.ChunkedArray, docs: Sequence[int], *, single: bool = True) -> Postings:
    """:func:`postings`, with Arrow's kernels: each distinct token is folded once, in Python."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    rows = pa.array(range(len(column)), pa.int32())
    if pa.types.is_list(column.type):
        rows, column = pc.list_parent_indices(column), pc.list_flatten(column)
    split = pc.utf8_split_whitespace(column)
    rows = pc.take(rows, pc.list_parent_indices(split))
    encoded = pc.list_flatten(split).dictionary_encode()
    # Fold each distinct token once; a token may fold to no word ("–") or to several ("Hi-Tech").
    vocabulary: dict[str, int] = {}
    folded = [[vocabulary.setdefault(w, len(vocabulary)) for w in words(t)] for t in encoded.dictionary.to_pylist()]
    term_parts, row_parts = [], []
    for k in range(max((len(f) for f in folded), default=0)):
        mapping = pa.array([f[k] if len(f) > k else -1 for f in folded], pa.int32())
        terms = pc.take(mapping, encoded.indices)
        keep = pc.greater_equal(terms, 0)
        term_parts.append(pc.filter(terms, keep))
        row_parts.append(pc.filter(rows, keep))
    empty = pa.array([], pa.int32())
    term = pa.concat_arrays(term_parts or [empty])
    rows_all = pa.concat_arrays(row_parts or [empty])
    if isinstance(docs, range) and docs.step == 1:  # records numbered by row: no array of numbers to look up
        doc = pc.add(rows_all, pa.scalar(docs.start, pa.int32()))
    else:
        doc = pc.take(pa.array(docs, pa.int32()), rows_all)
    return _postings_of_pairs(_sorted_unique(term, doc, in_order=len(term_parts) <= 1), list(vocabulary), single)


def _sorted_unique(term: pa.Array, doc: pa.Array, *, in_order: bool) -> pa.Table:
    """(term, doc) pairs sorted by term then doc, each once.

    When the pairs come in record order (one word per token, records by row),
    a stable sort by term alone keeps each term's records in order: a sort
    on a small integer domain, far cheaper than one on two keys.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pairs = pa.table({"term": term, "doc": doc})
    ascending = in_order and (len(doc) < 2 or not pc.any(pc.less(doc.slice(1), doc.slice(0, len(doc) - 1))).as_py())
    keys = [("term", "ascending")] if ascending else [("term", "ascending"), ("doc", "ascending")]
    pairs = pairs.take(pc.sort_indices(pairs, keys))
    if pairs.num_rows < 2:
        return pairs
    t, d = pairs.column("term").combine_chunks(), pairs.column("doc").combine_chunks()
    n = len(t)
    repeated = pc.and_(pc.equal(t.slice(1), t.slice(0, n - 1)), pc.equal(d.slice(1), d.slice(0, n - 1)))
    return pairs.filter(pa.concat_arrays([pa.array([True]), pc.invert(repeated)]))


def _postings_of_pairs(pairs: pa.Table, vocabulary: list[str], single: bool) -> Postings:
    """Postings from (term, doc) pairs, unique and sorted by term then doc."""
    import pyarrow as pa
    import pyarrow.compute as pc

    term = pairs.column("term").combine_chunks()
    doc = pairs.column("doc").combine_chunks()
    held = memoryview(_int32_buffer(doc))
    starts = _run_starts(term)
    firsts = term.take(pa.array(starts, pa.int64())).to_pylist() if starts else []
    bounds = [*starts, len(term)]
    terms: dict[str, Sequence[int]] = {vocabulary[t]: held[bounds[i] : bounds[i + 1]] for i, t in enumerate(firsts)}
    by_size: dict[int, Sequence[int]] = {}
    if single and len(doc):
        counts = pc.value_counts(doc)
        sizes = pa.table({"doc": counts.field("values"), "n": counts.field("counts")})
        for n in pc.unique(sizes.column("n")).to_pylist():
            chosen = sizes.filter(pc.equal(sizes.column("n"), n)).column("doc")
            by_size[int(n)] = array("i", sorted(chosen.to_pylist()))
    return Postings(terms, by_size)


def _run_starts(values: pa.Array) -> list[int]:
    """The positions where a sorted array's value changes (and 0)."""
    import pyarrow.compute as pc

    if len(values) == 0:
        return []
    changed = pc.not_equal(values.slice(1), values.slice(0, len(values) - 1))
    return [0, *(i + 1 for i in pc.indices_nonzero(changed).to_pylist())]


def _int32_buffer(values: pa.Array) -> memoryview:
    """A view of an int32 array's values, without copying them."""
    view = memoryview(values.buffers()[1]).cast("i")
    return view[values.offset : values.offset + len(values)]


def grouped(values: pa.Array | pa.ChunkedArray, docs: Sequence[int]) -> dict[object, Sequence[int]]:
    """The records holding each value of a column (a closed vocabulary, a country code); nulls left out."""
    if len(values) < ARROW_FROM:
        found: dict[object, list[int]] = {}
        for doc, value in zip(docs, values.to_pylist(), strict=True):
            if value is not None:
                found.setdefault(value, []).append(doc)
        return dict(found)
    import pyarrow as pa
    import pyarrow.compute as pc

    column = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    encoded = column.dictionary_encode()
    order = pc.sort_indices(encoded.indices)
    codes = encoded.indices.take(order)
    if isinstance(docs, range) and docs.step == 1:
        doc = pc.add(order.cast(pa.int32()), pa.scalar(docs.start, pa.int32()))
    else:
        doc = pc.take(pa.array(docs, pa.int32()), order)
    held = _int32_buffer(doc)
    starts = _run_starts(codes)
    bounds = [*starts, len(codes)]
    dictionary = encoded.dictionary.to_pylist()
    firsts = codes.take(pa.array(starts, pa.int64())).to_pylist() if starts else []
    return {dictionary[code]: held[bounds[i] : bounds[i + 1]] for i, code in enumerate(firsts) if code is not None}
