"""A CSV export comes with its Table Schema, which Frictionless and the README's pandas recipe read it by.

``export_table(name, "csv", path)`` writes ``<stem>.schema.json`` beside
the CSV, both or neither. Frictionless validates every table against it
(and reports a tampered file, so the check is not vacuous), and the
README's recipe, run exactly as printed, reads every table back with the
values ``load_dataframe`` gives: text stays text, lists stay lists.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import frictionless
import numpy as np
import pandas as pd
import pytest

import binhduong_corpus as bdc
from binhduong_corpus import _files
from binhduong_corpus._export import csv_schema, export_bytes, schema_path
from binhduong_corpus._tableschema import table_schema
from binhduong_corpus.cli import main

from .conftest import ROOT

pytestmark = pytest.mark.standards

TABLE_NAMES = list(bdc.table_names())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a CSV export of every table, each with its schema."""
    folder = tmp_path_factory.mktemp("csv")
    for name in TABLE_NAMES:
        assert bdc.export_table(name, "csv", folder / f"{name}.csv") == bdc.load_table(name).num_rows
    return folder


# --- the schema beside the CSV -------------------------------------------------------------------------------


def test_the_schema_is_named_after_the_csv() -> None:
    assert schema_path(Path("out/events.csv")) == Path("out/events.schema.json")
    assert schema_path(Path("events")) == Path("events.schema.json")


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_the_schema_is_the_tables_without_keys_into_other_tables(exported: Path, name: str) -> None:
    written = json.loads((exported / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert written == csv_schema(name)
    full = table_schema(name)
    assert {k: v for k, v in written.items() if k != "foreignKeys"} == {
        k: v for k, v in full.items() if k != "foreignKeys"
    }
    own = [key for key in full.get("foreignKeys", []) if key["reference"]["resource"] == name]
    assert written.get("foreignKeys", []) == [{**key, "reference": {**key["reference"], "resource": ""}} for key in own]


def test_events_keep_their_reference_to_themselves(exported: Path) -> None:
    keys = json.loads((exported / "events.schema.json").read_text(encoding="utf-8"))["foreignKeys"]
    assert keys == [{"fields": ["parent_id"], "reference": {"resource": "", "fields": ["id"]}}]
    assert "foreignKeys" not in json.loads((exported / "awards.schema.json").read_text(encoding="utf-8"))


# --- Frictionless --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_frictionless_validates_each_csv_against_its_schema(exported: Path, name: str) -> None:
    # Frictionless reads only paths below its base path; an absolute one is "not safe".
    report = frictionless.validate(f"{name}.csv", schema=f"{name}.schema.json", basepath=str(exported))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert report.tasks[0].stats["rows"] == bdc.load_table(name).num_rows


def _tampered(exported: Path, tmp_path: Path, change: Callable[[list[dict[str, str]]], None]) -> list[list[str]]:
    """Errors (type, field) Frictionless reports for events.csv after ``change`` to its rows."""
    with (exported / "events.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        fields, rows = list(reader.fieldnames or []), list(reader)
    change(rows)
    target = tmp_path / "events.csv"
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fields, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "events.schema.json").write_bytes((exported / "events.schema.json").read_bytes())
    report = frictionless.validate("events.csv", schema="events.schema.json", basepath=str(tmp_path))
    assert not report.valid
    return [list(error) for error in report.flatten(["type", "fieldName"])]


def test_frictionless_reports_a_value_outside_the_vocabulary(exported: Path, tmp_path: Path) -> None:
    def change(rows: list[dict[str, str]]) -> None:
        rows[0]["kind"] = "forums"

    assert _tampered(exported, tmp_path, change) == [["constraint-error", "kind"]]


def test_frictionless_reports_a_missing_required_value(exported: Path, tmp_path: Path) -> None:
    def change(rows: list[dict[str, str]]) -> None:
        rows[1]["name_en"] = ""

    assert _tampered(exported, tmp_path, change) == [["constraint-error", "name_en"]]


def test_frictionless_reports_a_list_that_is_not_json(exported: Path, tmp_path: Path) -> None:
    def change(rows: list[dict[str, str]]) -> None:
        rows[2]["organiser_ids"] = "pt-icf, pt-wta"

    assert _tampered(exported, tmp_path, change) == [["type-error", "organiser_ids"]]


def test_frictionless_reports_a_parent_that_is_not_there(exported: Path, tmp_path: Path) -> None:
    def change(rows: list[dict[str, str]]) -> None:
        child = next(row for row in rows if row["parent_id"])
        child["parent_id"] = "ev-nope"

    assert ["foreign-key", None] in _tampered(exported, tmp_path, change)


# --- the README's pandas recipe ------------------------------------------------------------------------------


def _recipe() -> Callable[[Path, Path], pd.DataFrame]:
    """``read_csv_with_schema`` exactly as README.md prints it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"^```python\n(.*?)^```", readme, re.M | re.S) if "def read_csv_with_schema" in b]
    assert len(blocks) == 1, "README.md lost its pandas recipe"
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "README.md recipe", "exec"), namespace)
    function = namespace["read_csv_with_schema"]
    assert callable(function)
    return function  # type: ignore[no-any-return]


def _plain(value: object) -> object:
    """A cell as a plain Python value, whatever pandas dtype holds it."""
    if isinstance(value, np.ndarray | list):
        return list(value)
    if pd.isna(value):  # type: ignore[call-overload]
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if isinstance(value, np.generic) else value


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_the_readme_recipe_reads_back_what_load_dataframe_gives(exported: Path, name: str) -> None:
    frame = _recipe()(exported / f"{name}.csv", exported / f"{name}.schema.json")
    expected = bdc.load_dataframe(name)
    assert list(frame.columns) == list(expected.columns)
    for column in expected.columns:
        assert [_plain(v) for v in frame[column]] == [_plain(v) for v in expected[column]], column


def test_the_recipe_keeps_years_as_text_lists_as_lists_and_vocabularies_closed(exported: Path) -> None:
    awards = _recipe()(exported / "awards.csv", exported / "awards.schema.json")
    assert "2019" in list(awards["date"]) and pd.api.types.is_string_dtype(awards["date"].dtype)
    assert pd.api.types.is_datetime64_dtype(awards["start_date"].dtype)
    events = _recipe()(exported / "events.csv", exported / "events.schema.json")
    launch = events.set_index("id").loc["ev-gif-launch-2014"]
    assert launch["organiser_ids"] == list(bdc.get("ev-gif-launch-2014").organiser_ids)
    assert list(events["kind"].cat.categories) == [kind.value for kind in bdc.EventKind]
    assert str(events["edition"].dtype) == "Int64"


# --- writing the pair ----------------------------------------------------------------------------------------


def test_an_existing_schema_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    (tmp_path / "events.schema.json").write_text("mine\n", encoding="utf-8")
    with pytest.raises(bdc.InvalidArgumentError, match=r"'events\.schema\.json' already exists"):
        bdc.export_table("events", "csv", target)
    assert not target.exists() and (tmp_path / "events.schema.json").read_text(encoding="utf-8") == "mine\n"
    bdc.export_table("events", "csv", target, overwrite=True)
    assert json.loads((tmp_path / "events.schema.json").read_text(encoding="utf-8")) == csv_schema("events")
    assert target.read_text(encoding="utf-8").startswith('"id"')


def test_a_failure_while_writing_the_pair_leaves_both_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "events.csv"
    target.write_text("old csv\n", encoding="utf-8")
    (tmp_path / "events.schema.json").write_text("old schema\n", encoding="utf-8")
    written = 0

    def second_write_fails(fd: int, data: bytes) -> None:
        nonlocal written
        written += 1
        if written == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        os.write(fd, data)

    monkeypatch.setattr(_files, "_write_all", second_write_fails)
    with pytest.raises(bdc.WriteError, match="no file was replaced"):
        bdc.export_table("events", "csv", target, overwrite=True)
    assert target.read_text(encoding="utf-8") == "old csv\n"
    assert (tmp_path / "events.schema.json").read_text(encoding="utf-8") == "old schema\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "events.schema.json"]


def test_a_schema_name_too_long_for_the_file_system_stops_the_csv(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 246 + ".csv")  # a legal name, but its schema's would be 258 bytes
    with pytest.raises(bdc.InvalidArgumentError, match="too long"):
        bdc.export_table("events", "csv", target)
    assert list(tmp_path.iterdir()) == []


def test_other_formats_have_no_schema(tmp_path: Path) -> None:
    for fmt in ("jsonl", "parquet"):
        bdc.export_table("events", fmt, tmp_path / f"events.{fmt}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl", "events.parquet"]


def test_cli_writes_the_csv_and_its_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "events.csv"
    assert main(["export", "events", "-o", str(target)]) == 0
    schema = tmp_path / "events.schema.json"
    assert (
        capsys.readouterr().out
        == f"wrote {len(bdc.events())} rows of events to {target} and its Table Schema to {schema}\n"
    )
    assert json.loads((tmp_path / "events.schema.json").read_text(encoding="utf-8")) == csv_schema("events")


def test_cli_writes_a_csv_alone_to_stdout(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "binhduong_corpus", "export", "events", "-o", "-"],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout == export_bytes("events", "csv")[0]
    assert list(tmp_path.iterdir()) == []
