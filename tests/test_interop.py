"""Results reach pandas, Polars and DuckDB through Arrow; Parquet files are readable directly."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

import binhduong_corpus as bdc
from binhduong_corpus._fileform import decode


def test_data_files_are_the_verified_parquet_files() -> None:
    files = bdc.data_files()
    assert list(files) == list(bdc.table_names())
    for name, path in files.items():
        assert decode(pq.ParquetFile(path).read()).equals(bdc.load_table(name))


def test_duckdb_reads_the_parquet_files() -> None:
    files = bdc.data_files()
    con = duckdb.connect()
    rows = con.sql(
        f"select distinct e.id from read_parquet('{files['events']}') e "
        f"join read_parquet('{files['partners']}') p on list_contains(e.participant_ids::VARCHAR[], p.id) "
        "where p.kind = 'company' order by e.id"
    ).fetchall()
    assert rows == [("ev-korea-business-meetings-2019",)]


def test_polars_reads_the_parquet_files() -> None:
    frame = pl.read_parquet(bdc.data_files()["partners"])
    assert frame.filter(pl.col("country_code") == "NL")["id"].to_list() == ["pt-eindhoven", "pt-emmen"]
    assert frame.schema["id"] == pl.String


def test_query_results_convert_through_arrow() -> None:
    q = bdc.query("events", country_code="KR")
    table = q.to_arrow()
    polars_frame = q.to_polars()
    assert isinstance(polars_frame, pl.DataFrame)
    assert polars_frame["id"].to_list() == table.column("id").to_pylist()
    assert polars_frame.schema["start_date"] == pl.Date
    relation = q.to_duckdb()
    assert relation.aggregate("count(*)").fetchall() == [(len(q),)]
    con = duckdb.connect()
    assert q.to_duckdb(con).filter("kind = 'fair'").project("id").fetchall() == [("ev-wta-hitech-fair-2019",)]
    frame = q.to_pandas()
    assert str(frame["edition"].dtype) == "Int64" and len(frame) == len(q)


@pytest.mark.parametrize(
    ("module", "method"), [("polars", "to_polars"), ("duckdb", "to_duckdb"), ("pandas", "to_pandas")]
)
def test_missing_optional_library_names_the_extra(module: str, method: str) -> None:
    code = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "import binhduong_corpus as b\n"
        f"try:\n    b.query('events').{method}()\n"
        "except ImportError as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("MissingDependencyError")
    assert f"binhduong-corpus[{module}]" in out
