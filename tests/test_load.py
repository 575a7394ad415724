"""Loading tables, DataFrames and typed records, and the loaders' errors (integrity is in test_store)."""

from __future__ import annotations

import datetime
import subprocess
import sys

import attrs
import pyarrow as pa
import pytest

import binhduong_corpus as bdc
from binhduong_corpus.records import TABLES


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_loads_with_manifest_row_count(name: str) -> None:
    table = bdc.load_table(name)
    assert isinstance(table, pa.Table)
    assert table.num_rows == bdc.manifest()["tables"][name]["rows"] > 0
    assert len(bdc.load_records(name)) == table.num_rows


def test_version_is_the_manifest_version() -> None:
    assert bdc.__version__ == bdc.manifest()["version"] == "0.2.0"


def test_unknown_table_lists_valid_names() -> None:
    with pytest.raises(bdc.UnknownTableError) as info:
        bdc.load_table("event")
    message = str(info.value)
    assert "'event'" in message
    assert all(name in message for name in TABLES)
    assert isinstance(info.value, LookupError)
    with pytest.raises(bdc.UnknownTableError):
        bdc.load_records("nope")
    with pytest.raises(bdc.InvalidTypeError, match=r"table=\['events'\]: expected a table name, got list"):
        bdc.load_dataframe(["events"])  # type: ignore[arg-type]


def test_column_selection_and_unknown_column() -> None:
    assert bdc.load_table("events", ["id", "kind"]).column_names == ["id", "kind"]
    with pytest.raises(bdc.InvalidArgumentError, match=r"unknown column\(s\) \['nmae_en'\].*name_en"):
        bdc.load_table("events", ["id", "nmae_en"])
    with pytest.raises(bdc.InvalidArgumentError, match="list of column names"):
        bdc.load_table("events", "id")


def test_dataframe_dtypes_keep_meaning() -> None:
    frame = bdc.load_dataframe("events")
    # edition has nulls: it must stay an integer column, not turn into floats.
    assert frame["edition"].isna().any()
    assert str(frame["edition"].dtype) == "Int64"
    assert frame["start_date"].dtype == object  # Python dates, as pandas reads a Parquet date
    assert all(isinstance(d, datetime.date) for d in frame["start_date"].dropna())
    october = frame[
        (frame["start_date"] >= datetime.date(2019, 10, 1)) & (frame["end_date"] <= datetime.date(2019, 10, 31))
    ]
    assert "ev-wta-hitech-fair-2019" in set(october["id"])
    assert frame.loc[frame["id"] == "ev-wta-hitech-fair-2019", "edition"].item() == 16


def test_dataframes_are_fresh_copies() -> None:
    first = bdc.load_dataframe("partners")
    first.loc[:, "name_en"] = "changed"
    assert "changed" not in set(bdc.load_dataframe("partners")["name_en"])


def test_records_are_frozen_and_cached_tuples() -> None:
    events = bdc.events()
    assert isinstance(events, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        events[0].name_en = "x"  # type: ignore[misc]
    assert bdc.events() is events


def test_records_nest_their_evidence() -> None:
    by_record = {}
    for ev in bdc.evidence():
        by_record.setdefault(ev.record_id, []).append(ev)
    for name in ("sources", "events", "partners", "awards", "people", "figures"):
        for record in bdc.load_records(name):
            assert list(record.evidence) == by_record[record.id]


def test_get_any_record_by_id() -> None:
    for name in ("sources", "events", "partners", "awards", "people", "figures"):
        for record in bdc.load_records(name):
            assert bdc.get(record.id) is record
    assert isinstance(bdc.get("pt-icf"), bdc.Partner)


def test_get_unknown_id_suggests_close_ids() -> None:
    with pytest.raises(bdc.UnknownRecordError, match="did you mean 'ev-wta-hitech-fair-2019'"):
        bdc.get("ev-wta-hitech-fair")
    with pytest.raises(bdc.UnknownRecordError, match=r"no record has id 'pt-zzz'$"):
        bdc.get("pt-zzz")
    for malformed in ("zzz", "", " pt-icf", "PT-ICF", "pt-icf\n", "pt-\x00"):
        with pytest.raises(bdc.InvalidArgumentError, match=r"is not a record id|NUL character"):
            bdc.get(malformed)
    with pytest.raises(bdc.InvalidTypeError, match="expected a record id"):
        bdc.get(5)  # type: ignore[arg-type]


def test_typed_fields_have_python_types() -> None:
    fair = bdc.get("ev-wta-hitech-fair-2019")
    assert isinstance(fair, bdc.Event)
    assert fair.kind is bdc.EventKind.FAIR
    assert fair.start_date == datetime.date(2019, 10, 21)
    assert fair.end_date == datetime.date(2019, 10, 22)
    assert fair.organiser_ids == ("pt-wta",)


def test_data_path_points_at_verified_parquet() -> None:
    path = bdc.data_path("events")
    assert path.name == "events.parquet" and path.is_file()


def test_load_dataframe_without_pandas_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import binhduong_corpus as b\n"
        "try:\n    b.load_dataframe('events')\n"
        "except ImportError as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("MissingDependencyError")
    assert "binhduong-corpus[pandas]" in out
