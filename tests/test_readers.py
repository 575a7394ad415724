"""The shipped Parquet files, read by the tools people use instead of this package, keep their meaning.

Plain ``pandas.read_parquet``, Polars and DuckDB each give the dtype the
schema asks for; Frictionless validates the shipped data package in full;
and a DataFrame from ``load_dataframe`` survives ``to_sql``, ``to_json`` and
``to_csv`` with every list whole.
"""

from __future__ import annotations

import datetime
import io
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import binhduong_corpus as bdc
from binhduong_corpus._interop import JsonList
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import Column, columns

pytestmark = pytest.mark.standards

NAMES = list(TABLES)


def _pandas_dtype(col: Column) -> object:
    if col.enum is not None:
        return pd.CategoricalDtype(list(col.values), ordered=False)
    return {
        "string": pd.StringDtype(),
        "int64": pd.Int64Dtype(),
        "float64": "float64",
        "bool": pd.BooleanDtype(),
        "date": "object",  # datetime.date values, pandas' default for a Parquet date
        "list": "object",  # JSON text in the file
    }[col.kind]


def _polars_dtype(col: Column) -> object:
    if col.enum is not None:
        return pl.Enum(list(col.values))
    return {
        "string": pl.String,
        "int64": pl.Int64,
        "float64": pl.Float64,
        "bool": pl.Boolean,
        "date": pl.Date,
    }[col.kind]


_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "enum": "VARCHAR",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "list": "JSON",
}


@pytest.mark.parametrize("name", NAMES)
def test_plain_pandas_read_parquet_gives_the_schemas_dtypes(name: str) -> None:
    frame = pd.read_parquet(bdc.data_files()[name])
    for col in columns(TABLES[name]):
        assert frame[col.name].dtype == _pandas_dtype(col), (name, col.name, frame[col.name].dtype)
        if col.kind == "list":
            assert all(isinstance(json.loads(text), list) for text in frame[col.name])


@pytest.mark.parametrize("name", NAMES)
def test_load_dataframe_has_the_dtypes_plain_pandas_gives(name: str) -> None:
    plain = pd.read_parquet(bdc.data_files()[name])
    ours = bdc.load_dataframe(name)
    assert dict(ours.dtypes) == dict(plain.dtypes)
    for col in columns(TABLES[name]):
        if col.kind == "list":  # the package decodes what the file holds as JSON text
            assert [json.loads(text) for text in plain[col.name]] == list(ours[col.name])
        else:
            pd.testing.assert_series_equal(ours[col.name], plain[col.name])


@pytest.mark.parametrize("name", NAMES)
def test_plain_polars_read_parquet_gives_the_schemas_dtypes(name: str) -> None:
    frame = pl.read_parquet(bdc.data_files()[name])
    ours = bdc.query(name).to_polars()
    for col in columns(TABLES[name]):
        if col.kind == "list":
            decoded = frame.select(pl.col(col.name).ext.storage().str.json_decode(pl.List(pl.String)))
            assert decoded.to_series().to_list() == ours[col.name].to_list()
            assert ours.schema[col.name] == pl.List(pl.String)
        else:
            assert frame.schema[col.name] == _polars_dtype(col), (name, col.name)
            assert ours.schema[col.name] == frame.schema[col.name]


@pytest.mark.parametrize("name", NAMES)
def test_duckdb_reads_the_schemas_types(name: str) -> None:
    relation = duckdb.sql(f"select * from read_parquet('{bdc.data_files()[name]}')")
    found = dict(zip(relation.columns, map(str, relation.dtypes), strict=True))
    assert found == {col.name: _DUCKDB_TYPES[col.kind] for col in columns(TABLES[name])}


def test_duckdb_turns_json_lists_into_lists() -> None:
    path = bdc.data_files()["events"]
    rows = duckdb.sql(
        f"select id, organiser_ids::VARCHAR[] from read_parquet('{path}') where id = 'ev-wta-hitech-fair-2019'"
    ).fetchall()
    assert rows == [("ev-wta-hitech-fair-2019", list(bdc.get("ev-wta-hitech-fair-2019").organiser_ids))]


# --- Frictionless -----------------------------------------------------------------------------------


def _frictionless_errors(descriptor: Path) -> list[list[Any]]:
    report = frictionless.validate(str(descriptor))
    return [error for task in report.tasks for error in task.flatten(["rowNumber", "fieldName", "type", "note"])]


def test_frictionless_validates_the_shipped_data_package_in_full() -> None:
    descriptor = bdc.data_files()["events"].parent / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows == {name: bdc.manifest()["tables"][name]["rows"] for name in bdc.table_names()}


def _tamper(folder: Path, change: Any) -> Path:
    """A copy of the data folder whose events.parquet went through ``change`` (the hash left out)."""
    path = folder / "events.parquet"
    table = change(pq.read_table(path))
    pq.write_table(table, path)
    descriptor = folder / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == "events":
            resource.pop("hash")
    descriptor.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return descriptor


def _set(name: str, row: int, value: object) -> Any:
    def change(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index(name)
        values = table.column(index).to_pylist()
        values[row] = value
        field = table.schema.field(index)
        storage = field.type.storage_type if isinstance(field.type, pa.ExtensionType) else field.type
        array = pa.array(values, type=storage)
        if isinstance(field.type, pa.ExtensionType):
            array = pa.ExtensionArray.from_storage(field.type, array)
        return table.set_column(index, field.with_nullable(True), array)

    return change


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        pytest.param("parent_id", "ev-nowhere", "foreign-key", id="dangling-parent"),
        pytest.param("name_en", None, "constraint-error", id="required-missing"),
        pytest.param("organiser_ids", '{"not": "a list"}', "type-error", id="list-not-an-array"),
        pytest.param("id", "ev-wta-hitech-fair-2019", "primary-key", id="duplicate-id"),
    ],
)
def test_frictionless_still_catches_what_the_schema_forbids(
    tmp_path: Path, name: str, value: object, error: str
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(bdc.data_files()["events"].parent, folder)
    row = next(i for i, e in enumerate(bdc.events()) if e.id != "ev-wta-hitech-fair-2019" and e.parent_id is None)
    found = {error_type for *_, error_type, _ in _frictionless_errors(_tamper(folder, _set(name, row, value)))}
    assert error in found


# --- DataFrames through the writers people use -----------------------------------------------------------


def _lists(name: str) -> list[str]:
    return [col.name for col in columns(TABLES[name]) if col.kind == "list"]


@pytest.mark.parametrize("name", NAMES)
def test_frames_survive_to_sql(name: str) -> None:
    frame = bdc.load_dataframe(name)
    with sqlite3.connect(":memory:") as con:
        frame.to_sql(name, con, index=False)
        back = pd.read_sql(f"select * from {name}", con)
    assert len(back) == len(frame)
    for column in _lists(name):
        assert [json.loads(text) for text in back[column]] == [list(v) for v in frame[column]]


@pytest.mark.parametrize("name", NAMES)
def test_frames_survive_to_json_and_to_csv(name: str) -> None:
    frame = bdc.load_dataframe(name)
    records = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    text = pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype=str, keep_default_na=False)
    for column in _lists(name):
        assert [r[column] for r in records] == [list(v) for v in frame[column]]
        assert [json.loads(cell) for cell in text[column]] == [list(v) for v in frame[column]]


def test_list_values_are_lists_that_write_themselves_as_json() -> None:
    value = bdc.load_dataframe("events").set_index("id").loc["ev-korea-business-meetings-2019", "participant_ids"]
    assert isinstance(value, JsonList) and isinstance(value, list)
    assert str(value) == json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    assert value == list(bdc.get("ev-korea-business-meetings-2019").participant_ids)


def test_dates_compare_with_dates() -> None:
    frame = bdc.load_dataframe("events")
    october = frame[frame["start_date"] >= datetime.date(2019, 10, 1)]
    assert "ev-wta-hitech-fair-2019" in set(october["id"])


# --- the package's own tables and frames -------------------------------------------------------------


def test_an_empty_result_keeps_the_whole_vocabulary() -> None:
    empty = bdc.load_dataframe("events", kind="milestone", country_code="NL")
    assert len(empty) == 0
    assert list(empty["kind"].cat.categories) == [kind.value for kind in bdc.EventKind]
    both = pd.concat([bdc.load_dataframe("events", kind="forum"), empty])
    assert isinstance(both["kind"].dtype, pd.CategoricalDtype)
    assert bdc.query("events", kind="milestone", country_code="NL").to_polars().schema["kind"] == pl.Enum(
        [kind.value for kind in bdc.EventKind]
    )


def test_tables_in_memory_have_plain_arrow_types() -> None:
    events = bdc.load_table("events")
    assert events.schema.field("role").type == pa.string()
    assert events.sort_by("role").num_rows == events.num_rows  # a dictionary column could not be sorted


def test_tables_read_straight_from_the_files_can_be_filtered_and_searched() -> None:
    events = pq.read_table(bdc.data_files()["events"])
    hosted = bdc.filter_table(events, "events", role="host")
    assert hosted.column("id").to_pylist() == [e.id for e in bdc.events(role="host")]
    index = bdc.SearchIndex({"sources": pq.read_table(bdc.data_files()["sources"])})
    assert index.search("Thuy Linh")[0].record_id == "src-003"
