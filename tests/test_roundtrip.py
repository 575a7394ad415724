"""Records survive record -> Arrow -> Parquet -> record unchanged, for any values."""

from __future__ import annotations

import io
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings, strategies as st

from binhduong_corpus._arrow import arrow_schema, records_from_table, table_from_records
from binhduong_corpus._fileform import decode
from binhduong_corpus.build import table_bytes
from binhduong_corpus.records import RECORD_TABLES, TABLES, Evidence
from binhduong_corpus.schema import columns

from .strategies import records


def _reread(data: bytes) -> pa.Table:
    """The table as the store hands it out: list columns decoded from their JSON text."""
    return decode(pq.ParquetFile(pa.BufferReader(data)).read())


def _unique(items: list[Any]) -> list[Any]:
    return list({item.id: item for item in items}.values())


@pytest.mark.parametrize("table", list(TABLES))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_table_roundtrip(table: str, data: st.DataObject) -> None:
    items = data.draw(st.lists(records(table), max_size=5))
    if table != "evidence":
        items = _unique(items)
    read = _reread(table_bytes(table, tuple(items)))
    assert read.schema.equals(arrow_schema(table), check_metadata=True)
    back = records_from_table(read, TABLES[table])
    flat = [record if table == "evidence" else _without_evidence(record) for record in items]
    assert back == flat


def _without_evidence(record: Any) -> Any:
    return attrs.evolve(record, evidence=())


@pytest.mark.parametrize("table", RECORD_TABLES)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_nested_evidence_roundtrip(table: str, data: st.DataObject) -> None:
    """Evidence ships as its own table and is nested back onto the right record."""
    items = _unique(data.draw(st.lists(records(table), max_size=4)))
    spans = tuple(ev for item in items for ev in item.evidence)
    ev_back = records_from_table(_reread(table_bytes("evidence", spans)), Evidence)
    grouped: dict[str, list[Evidence]] = {}
    for ev in ev_back:
        grouped.setdefault(ev.record_id, []).append(ev)
    nested = {record_id: tuple(spans) for record_id, spans in grouped.items()}
    back = records_from_table(_reread(table_bytes(table, tuple(items))), TABLES[table], nested)
    assert back == items


@pytest.mark.parametrize("table", list(TABLES))
def test_schema_follows_record_class(table: str) -> None:
    """Arrow field order, names and nullability are the attrs definition's."""
    schema = arrow_schema(table)
    cols = columns(TABLES[table])
    assert schema.names == [c.name for c in cols]
    assert [f.nullable for f in schema] == [c.nullable for c in cols]
    assert all(f.metadata[b"description"].decode() == c.description for f, c in zip(schema, cols, strict=True))
    assert "evidence" not in schema.names


@settings(max_examples=20, deadline=None)
@given(items=st.lists(records("events"), max_size=5))
def test_parquet_bytes_are_deterministic(items: list[Any]) -> None:
    items = _unique(items)
    assert table_bytes("events", tuple(items)) == table_bytes("events", tuple(items))


@pytest.mark.parametrize("table", list(TABLES))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_arrow_roundtrip_without_parquet(table: str, data: st.DataObject) -> None:
    """records -> Arrow -> records is the identity on the columns, before any file is involved."""
    items = data.draw(st.lists(records(table), max_size=5))
    arrow = table_from_records(table, items)
    assert arrow.schema.equals(arrow_schema(table), check_metadata=True)
    flat = [item if table == "evidence" else _without_evidence(item) for item in items]
    assert records_from_table(arrow, TABLES[table]) == flat


def test_parquet_keeps_field_descriptions() -> None:
    data = table_bytes("partners", ())
    schema = pq.ParquetFile(io.BytesIO(data)).schema_arrow
    assert schema.field("country_code").metadata[b"description"].startswith(b"ISO 3166-1 alpha-2")
