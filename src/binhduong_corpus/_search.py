"""Bilingual, diacritic-insensitive search over names, abbreviations, themes, people and quotes.

Text is *folded* before it is compared: lower-cased, decomposed (NFD),
stripped of combining marks, ``đ`` turned into ``d`` (Unicode does not
decompose it), and every run of characters that are neither letters nor
digits turned into one space. So "Bình Dương" ~ "binh duong" and
"Đại hội đồng" ~ "dai hoi dong". Folding runs in Arrow's compute kernels
for the index and the query alike, so both sides always fold the same way.

A field matches when every word of the query occurs in it. How well it
matches sets the score, weighted by how telling the field is:

=========================  =====  ==================================
match                      level  example for "wta"
=========================  =====  ==================================
the whole field            1.0    abbreviation ``WTA``
the query as whole words   0.8    "16th WTA Hi-Tech Fair"
the query as a substring   0.7    "wta2019"
every word, any order      0.6    query "fair wta"
=========================  =====  ==================================

``score = 100 * field weight * level``; names and abbreviations weigh 1.0,
themes, roles and descriptions 0.6, places and affiliations 0.5, evidence
quotes 0.4. Each record appears once, with its best field; ties go to the
more telling field, then to the id.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from . import load
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    import pyarrow as pa

    from .records import Record

__all__ = ["FIELDS", "Hit", "SearchIndex", "fold", "fold_array", "search"]

#: table -> (column, weight) searched; evidence quotes count for the record they back.
FIELDS: dict[str, tuple[tuple[str, float], ...]] = {
    "events": (("name_en", 1.0), ("name_vi", 1.0), ("theme", 0.6), ("place", 0.5)),
    "partners": (("abbreviation", 1.0), ("name_en", 1.0), ("name_vi", 1.0)),
    "awards": (("name_en", 1.0), ("name_vi", 1.0), ("tier", 1.0)),
    "people": (("name", 1.0), ("role", 0.6), ("role_en", 0.6), ("affiliation", 0.5)),
    "sources": (("title", 0.8), ("publisher", 0.6), ("authors", 0.6)),
    "figures": (("what", 0.6), ("as_written", 0.6)),
    "evidence": (("quote", 0.4),),
}
_LEVELS = (("exact", 1.0), ("phrase", 0.8), ("substring", 0.7), ("words", 0.6))


def fold_array(values: Any) -> pa.Array:
    """Fold an Arrow string array (or anything ``pa.array`` accepts) for comparison."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values, type=pa.string())
    folded = pc.utf8_normalize(pc.utf8_lower(array), "NFD")
    folded = pc.replace_substring(pc.replace_substring_regex(folded, r"\p{Mn}+", ""), "đ", "d")
    return pc.utf8_trim(pc.replace_substring_regex(folded, r"[^\p{L}\p{N}]+", " "), " ")


def fold(text: str) -> str:
    """Fold one string: ``fold("Đại hội đồng") == "dai hoi dong"``."""
    if not isinstance(text, str):
        raise InvalidArgumentError(f"expected a string to fold, got {type(text).__name__}")
    result: str = fold_array([text])[0].as_py()
    return result


@attrs.frozen
class Hit:
    """One search result: which record, which field matched, how well."""

    record_id: str
    table: str
    field: str  # "evidence.quote" when a quote backing the record matched
    score: float
    text: str  # the field's value as stored

    @property
    def record(self) -> Record:
        return load.get(self.record_id)


@attrs.frozen
class _Field:
    table: str
    column: str
    weight: float
    ids: pa.Array  # the record id of each row
    texts: pa.Array  # the value as stored
    folded: pa.Array


class SearchIndex:
    """Folded copies of the searched columns of some tables; :func:`search` uses the shipped corpus."""

    def __init__(self, tables: Mapping[str, pa.Table]) -> None:
        self.tables = tuple(tables)
        self._fields = tuple(_index_fields(tables))

    def search(self, text: str, *, table: str | None = None, limit: int | None = 20) -> tuple[Hit, ...]:
        query = _check_query(text)
        if table is not None and table not in FIELDS:
            raise InvalidArgumentError(f"table={table!r} cannot be searched; valid tables are: {', '.join(FIELDS)}")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
            raise InvalidArgumentError(f"limit={limit!r}: expected a positive whole number or None")
        best: dict[str, Hit] = {}
        for field in self._fields:
            if table is None or _record_table(field, table):
                for hit in _field_hits(field, query, table):
                    kept = best.get(hit.record_id)
                    if kept is None or hit.score > kept.score:
                        best[hit.record_id] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.record_id))
        return tuple(ranked if limit is None else ranked[:limit])


def _index_fields(tables: Mapping[str, pa.Table]) -> Iterable[_Field]:
    import pyarrow as pa
    import pyarrow.compute as pc

    for name, data in tables.items():
        for column, weight in FIELDS.get(name, ()):
            values = data.column(column).combine_chunks()
            if pa.types.is_list(values.type):
                values = pc.binary_join(values.cast(pa.list_(pa.string())), " ")
            ids = data.column("record_id" if name == "evidence" else "id").combine_chunks()
            yield _Field(name, column, weight, ids, values, fold_array(values))


def _record_table(field: _Field, table: str) -> bool:
    # Quotes count for the record they back, whatever its table.
    return field.table in (table, "evidence")


def _check_query(text: Any) -> str:
    if not isinstance(text, str):
        raise InvalidArgumentError(f"search text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InvalidArgumentError("search text is empty; give at least one letter or digit")
    folded = fold(text)
    if not folded:
        raise InvalidArgumentError(f"search text {text!r} has no letters or digits to search for")
    return folded


def _field_hits(field: _Field, query: str, table: str | None) -> Iterable[Hit]:
    import pyarrow.compute as pc

    words = None
    for word in query.split(" "):
        found = pc.match_substring(field.folded, word)
        words = found if words is None else pc.and_(words, found)
    rows = pc.indices_nonzero(pc.fill_null(words, False))
    if len(rows) == 0:
        return
    folded = pc.take(field.folded, rows)
    # Folded text holds only letters, digits and single spaces, so it needs no regex escaping.
    levels = {
        "exact": pc.equal(folded, query),
        "phrase": pc.match_substring_regex(folded, f"(^| ){query}( |$)"),
        "substring": pc.match_substring(folded, query),
    }
    ids = pc.take(field.ids, rows).to_pylist()
    texts = pc.take(field.texts, rows).to_pylist()
    flags = {name: mask.to_pylist() for name, mask in levels.items()}
    quoted = field.table == "evidence"
    name = f"evidence.{field.column}" if quoted else field.column
    for i, record_id in enumerate(ids):
        owner = _table_of(record_id) if quoted else field.table
        if table is not None and owner != table:
            continue
        level = next((value for key, value in _LEVELS if key == "words" or flags[key][i]))
        yield Hit(record_id, owner, name, round(100 * field.weight * level, 2), texts[i])


@functools.cache
def _prefixes() -> dict[str, str]:
    from .records import TABLES

    return {f"{cls.ID_PREFIX}-": table for table, cls in TABLES.items() if cls.ID_PREFIX}


def _table_of(record_id: str) -> str:
    """The table a record id belongs to, read off its prefix."""
    prefix = record_id.split("-", 1)[0] + "-"
    return _prefixes().get(prefix, "unknown")


@functools.cache
def _default_index() -> SearchIndex:
    return SearchIndex({name: load.load_table(name) for name in FIELDS})


def search(text: str, *, table: str | None = None, limit: int | None = 20) -> tuple[Hit, ...]:
    """Search the corpus; best matches first. ``table`` keeps hits on that table's records."""
    return _default_index().search(text, table=table, limit=limit)
