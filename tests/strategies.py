"""Hypothesis strategies for every record type, derived from the schema columns.

Generating from :func:`binhduong_corpus.schema.columns` keeps the strategies in
step with the record classes: a new column is covered without editing here.
"""

from __future__ import annotations

import datetime
from typing import Any

import pyarrow as pa
from hypothesis import strategies as st

from binhduong_corpus._links import LINK_TABLES
from binhduong_corpus.records import TABLES, Evidence
from binhduong_corpus.schema import Column, columns

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
# Vietnamese letters, an astral character and a no-break space: what offsets and Parquet must carry intact.
_TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)), st.sampled_from("ĐđƯươàảãạ\u00a0𝔅")),
    max_size=40,
)
_DATE = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


def ids(prefix: str) -> st.SearchStrategy[str]:
    """Ids in the corpus format: prefix-word(-word)*."""
    return st.lists(_WORD, min_size=1, max_size=3).map(lambda words: f"{prefix}-{'-'.join(words)}")


def _value(col: Column, prefix: str) -> st.SearchStrategy[Any]:
    if col.name == "id":
        base: st.SearchStrategy[Any] = ids(prefix)
    elif col.kind == "enum":
        assert col.enum is not None
        base = st.sampled_from(list(col.enum))
    elif col.kind == "list":
        base = st.lists(ids("pt"), max_size=3).map(tuple)
    else:
        base = {
            "string": _TEXT,
            "int64": st.integers(-(2**63), 2**63 - 1),
            "float64": st.floats(allow_nan=False),
            "bool": st.booleans(),
            "date": _DATE,
        }[col.kind]
    return st.one_of(st.none(), base) if col.nullable else base


def _fixed(cls: type[Any], **fixed: Any) -> st.SearchStrategy[Any]:
    fields = {c.name: fixed.get(c.name, _value(c, cls.ID_PREFIX)) for c in columns(cls)}
    return st.fixed_dictionaries(
        {name: s if isinstance(s, st.SearchStrategy) else st.just(s) for name, s in fields.items()}
    )


def evidence_for(record_id: str) -> st.SearchStrategy[Evidence]:
    """Evidence rows that back the record with this id."""
    return _fixed(Evidence, record_id=record_id).map(lambda row: Evidence(**row))


@st.composite
def records(draw: st.DrawFn, table: str) -> Any:
    """A record of the table's class, with nested evidence pointing back at it."""
    cls = TABLES[table]
    row = draw(_fixed(cls))
    if cls is Evidence:
        return Evidence(**row)
    nested = draw(st.lists(evidence_for(row["id"]), max_size=3))
    return cls(**row, evidence=tuple(nested))


@st.composite
def record_tables(draw: st.DrawFn, table: str) -> pa.Table:
    """A record table with the columns a link table reads; empty lists and an element named twice included."""
    link = next(link for link in LINK_TABLES.values() if link.table == table)
    element = st.one_of(st.sampled_from(["pt-a", "pt-b"]), ids("pt") if table == "events" else st.text(max_size=12))
    # The record key: unique ids, or for evidence unique spans (record_id, source_id, start, end).
    owners = [own for _, own in link.owners]
    parts = {"id": ids(TABLES[table].ID_PREFIX), "record_id": ids("ev"), "source_id": ids("src")}
    key = st.tuples(*(parts.get(own, st.integers(0, 10_000)) for own in owners))
    keys = draw(st.lists(key, max_size=8, unique=True))
    size = len(keys)
    data = {}
    for index, own in enumerate(owners):
        values = [k[index] for k in keys]
        data[own] = pa.array(values, pa.int64() if own in ("start", "end") else pa.string())
    for column, _ in link.lists:
        data[column] = pa.array([draw(st.lists(element, max_size=4)) for _ in range(size)], pa.list_(pa.string()))
    return pa.table(data)
