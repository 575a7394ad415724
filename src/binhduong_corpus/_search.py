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
quotes 0.4. Each record appears once, with its best field (on equal
scores, the field listed first in :data:`FIELDS`); records with equal scores
are ordered by id. All of it runs on Arrow arrays; Python objects are built
only for the hits returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from . import _corpus, _store
from ._arguments import check_choice, check_int, check_text, shown
from ._fileform import decode as from_file_form
from .errors import InvalidArgumentError, InvalidTypeError
from .records import EVIDENCE_TABLE, RECORD_TABLES, TABLES, table_of

if TYPE_CHECKING:
    import pyarrow as pa

    from .records import Record

__all__ = ["FIELDS", "MAX_QUERY", "MAX_WORDS", "Hit", "SearchIndex", "fold", "fold_array", "search"]

#: The most characters a search text may hold, and the most different words after folding.
MAX_QUERY, MAX_WORDS = 1_000, 32
#: The longest text fold() takes, and the largest search limit.
MAX_FOLD, MAX_LIMIT = 100_000, 1_000_000

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
    result: str = fold_array([check_text("text", text, max_length=MAX_FOLD)])[0].as_py()
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
        return _corpus.get(self.record_id)


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
        _check_tables(tables)
        tables = {name: _in_memory(name, data) for name, data in tables.items()}
        self.tables = tuple(tables)
        self._fields = tuple(_index_fields(tables))

    def search(self, text: str, *, table: str | None = None, limit: int | None = 20) -> tuple[Hit, ...]:
        """The records whose searched fields hold every word of ``text``, best first (see the module docs).

        ``text`` holds at most 1,000 characters and 32 different words; ``table`` is one of the
        record tables; ``limit`` a whole number from 1, or None for every hit.
        """
        query = _check_query(text)
        if table is not None:
            check_choice("table", table, RECORD_TABLES, "table to search")
        if limit is not None:
            check_int("limit", limit, 1, MAX_LIMIT)
        parts = [
            part
            for number, field in enumerate(self._fields)
            if table is None or _record_table(field, table)
            for part in [_field_scores(field, number, query, table)]
            if part is not None
        ]
        if not parts:
            return ()
        best = _best_per_record(parts, limit)
        return tuple(self._hit(row) for row in best.to_pylist())

    def _hit(self, row: dict[str, Any]) -> Hit:
        field = self._fields[row["field"]]
        quoted = field.table == EVIDENCE_TABLE
        return Hit(
            record_id=row["record_id"],
            table=(table_of(row["record_id"]) or "unknown") if quoted else field.table,
            field=f"evidence.{field.column}" if quoted else field.column,
            score=row["score"],
            text=field.texts[row["row"]].as_py(),
        )


def _index_fields(tables: Mapping[str, pa.Table]) -> Iterable[_Field]:
    import pyarrow as pa
    import pyarrow.compute as pc

    for name, data in tables.items():
        for column, weight in FIELDS.get(name, ()):
            values = data.column(column).combine_chunks()
            if pa.types.is_list(values.type):
                values = pc.binary_join(values.cast(pa.list_(pa.string())), " ")
            ids = data.column("record_id" if name == EVIDENCE_TABLE else "id").combine_chunks()
            yield _Field(name, column, weight, ids, values, fold_array(values))


def _record_table(field: _Field, table: str) -> bool:
    # Quotes count for the record they back, whatever its table.
    return field.table in (table, EVIDENCE_TABLE)


def _in_memory(name: str, data: pa.Table) -> pa.Table:
    """A table read straight from a data file, in its in-memory form (lists, plain text)."""
    import pyarrow as pa

    try:
        return from_file_form(data)
    except pa.ArrowException as exc:
        raise InvalidArgumentError(f"tables[{name!r}] has a JSON column that is not a list of strings: {exc}") from None


def _check_tables(tables: object) -> None:
    import pyarrow as pa

    if not isinstance(tables, Mapping):
        raise InvalidTypeError(f"tables={shown(tables)}: expected a mapping of table name to pyarrow.Table")
    for name, data in tables.items():
        check_choice("tables", name, tuple(FIELDS), "table")
        if not isinstance(data, pa.Table):
            raise InvalidTypeError(f"tables[{name!r}]={shown(data)}: expected a pyarrow.Table")
        key = "record_id" if name == EVIDENCE_TABLE else "id"
        needed = (key, *(column for column, _ in FIELDS[name]))
        missing = [c for c in needed if c not in data.column_names]
        if missing:
            raise InvalidArgumentError(f"tables[{name!r}] lacks the column(s) {', '.join(missing)}")
        wrong = [c for c in needed if not _holds_text(data.schema.field(c).type)]
        if wrong:
            raise InvalidArgumentError(f"tables[{name!r}]: the column(s) {', '.join(wrong)} must hold text")


def _holds_text(kind: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_list(kind) or pa.types.is_dictionary(kind):
        kind = kind.value_type
    if kind == pa.json_():
        return True
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _check_query(text: object) -> str:
    check_text("text", text, max_length=MAX_QUERY)
    assert isinstance(text, str)
    if not text.strip():
        raise InvalidArgumentError("text='': the search text is empty; give at least one letter or digit")
    folded = fold(text)
    if not folded:
        raise InvalidArgumentError(f"text={shown(text)} has no letters or digits to search for")
    words = set(folded.split(" "))
    if len(words) > MAX_WORDS:
        raise InvalidArgumentError(f"text={shown(text)} has {len(words)} different words; at most {MAX_WORDS} allowed")
    return folded


def _field_scores(field: _Field, number: int, query: str, table: str | None) -> pa.Table | None:
    """Rows of one field that match, scored: a table of record_id, score, field (number), row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    words = None
    for word in dict.fromkeys(query.split(" ")):  # a repeated word narrows nothing: search it once
        found = pc.fill_null(pc.match_substring(field.folded, word), False)
        words = found if words is None else pc.and_(words, found)
        if not pc.any(words).as_py():  # every word must match: one that matches nowhere ends the search
            return None
    rows = pc.indices_nonzero(words)
    ids = pc.take(field.ids, rows)
    if field.table == EVIDENCE_TABLE and table is not None:
        mine = pc.starts_with(ids, f"{TABLES[table].ID_PREFIX}-")
        rows, ids = pc.filter(rows, mine), pc.filter(ids, mine)
    if len(rows) == 0:
        return None
    folded = pc.take(field.folded, rows)
    # Folded text holds only letters, digits and single spaces, so it needs no regex escaping.
    level = pc.if_else(
        pc.equal(folded, query),
        1.0,
        pc.if_else(
            pc.match_substring_regex(folded, f"(^| ){query}( |$)"),
            0.8,
            pc.if_else(pc.match_substring(folded, query), 0.7, 0.6),
        ),
    )
    score = pc.round(pc.multiply(level, 100 * field.weight), 2)
    return pa.table(
        {"record_id": ids, "score": score, "field": pa.repeat(number, len(rows)).cast(pa.int32()), "row": rows}
    )


def _best_per_record(parts: list[pa.Table], limit: int | None) -> pa.Table:
    """Each record's best hit (highest score, then the earlier field), ranked by score then id."""
    import pyarrow as pa
    import pyarrow.compute as pc

    hits = pa.concat_tables(parts).combine_chunks()
    by_record = hits.take(
        pc.sort_indices(hits, [("record_id", "ascending"), ("score", "descending"), ("field", "ascending")])
    )
    ids = by_record.column("record_id").combine_chunks()
    # The first row of each run of equal record ids is that record's best.
    changed = pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1))
    first = pa.concat_arrays([pa.array([True]), changed])
    best = by_record.filter(first)
    ranked = best.take(pc.sort_indices(best, [("score", "descending"), ("record_id", "ascending")]))
    return ranked if limit is None else ranked.slice(0, limit)


@_store.cached
def _default_index() -> SearchIndex:
    return SearchIndex({name: _store.table(name) for name in FIELDS})


def search(text: str, *, table: str | None = None, limit: int | None = 20) -> tuple[Hit, ...]:
    """Search the corpus; best matches first. ``table`` keeps hits on that table's records."""
    return _default_index().search(text, table=table, limit=limit)
