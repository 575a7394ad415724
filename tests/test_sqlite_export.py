"""The SQLite export holds exactly the package's data, typed and keyed, with link tables for the list columns.

The database is opened with the standard library's ``sqlite3`` and read
back: every row of every table, every list element through ``json_each``,
every link-table row against the lists, every foreign key, the declared
types, NOT NULL, CHECK and primary keys. Writing it follows the export
contract: refused without ``overwrite``, replaced whole with it, the old
file left whole by a failure.
"""

from __future__ import annotations

import datetime
import errno
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given

import binhduong_corpus as bdc
from binhduong_corpus import _files, _store
from binhduong_corpus._export import DESCRIBED_TABLE, export_bytes, export_sqlite, sqlite_bytes
from binhduong_corpus._links import LINK_TABLES, link_table
from binhduong_corpus.cli import main
from binhduong_corpus.records import KEY_COLUMNS, TABLES
from binhduong_corpus.schema import Column, columns

from .strategies import record_tables

pytestmark = pytest.mark.standards

SQL_TYPES = {"string": "TEXT", "enum": "TEXT", "int64": "INTEGER", "float64": "REAL", "bool": "INTEGER"}
SQL_TYPES |= {"date": "TEXT", "list": "TEXT"}
ALL_TABLES = [*TABLES, *LINK_TABLES, DESCRIBED_TABLE]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("sqlite") / "corpus.db"
    rows = export_sqlite(path)
    assert list(rows) == ALL_TABLES
    assert {name: rows[name] for name in TABLES} == {name: bdc.load_table(name).num_rows for name in TABLES}
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    yield connection
    connection.close()


def _select(db: sqlite3.Connection, sql: str, *args: object) -> list[tuple[object, ...]]:
    return db.execute(sql, args).fetchall()


def _from_sql(column: Column, value: object) -> object:
    """A value read from the database in the form ``Table.to_pylist()`` gives it."""
    if value is None:
        return None
    if column.kind == "list":
        return json.loads(str(value))
    if column.kind == "date":
        return datetime.date.fromisoformat(str(value))
    if column.kind == "bool":
        return bool(value)
    return value


def _columns_of(name: str) -> tuple[Column, ...]:
    return LINK_TABLES[name].columns if name in LINK_TABLES else columns(TABLES[name])


# --- the data ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_every_row_of_every_table_is_the_packages(database: sqlite3.Connection, name: str) -> None:
    cols = columns(TABLES[name])
    names = ", ".join(f'"{c.name}"' for c in cols)
    found = [
        {c.name: _from_sql(c, v) for c, v in zip(cols, row, strict=True)}
        for row in _select(database, f'SELECT {names} FROM "{name}" ORDER BY rowid')
    ]
    assert found == bdc.load_table(name).to_pylist()


def test_values_keep_their_sql_types(database: sqlite3.Connection) -> None:
    """Integers are INTEGER, floats REAL, dates ISO text: comparisons and sums in SQL mean what they say."""
    assert _select(database, "SELECT DISTINCT typeof(start) FROM evidence") == [("integer",)]
    assert _select(database, "SELECT DISTINCT typeof(value) FROM figures") == [("real",)]
    assert _select(database, "SELECT edition FROM events WHERE id = 'ev-wta-hitech-fair-2019'") == [(16,)]
    assert _select(database, "SELECT date, start_date FROM events WHERE id = 'ev-wta-hitech-fair-2019'") == [
        ("2019-10-21/2019-10-22", "2019-10-21")
    ]
    year_only = _select(database, "SELECT date, typeof(date) FROM awards WHERE length(date) = 4")
    assert year_only and all(kind == "text" for _, kind in year_only)


@pytest.mark.parametrize(
    ("name", "column"), [(t, c.name) for t in TABLES for c in columns(TABLES[t]) if c.kind == "list"]
)
def test_json_each_gives_every_list_element(database: sqlite3.Connection, name: str, column: str) -> None:
    key = KEY_COLUMNS[name][0]
    found = _select(
        database, f'SELECT t."{key}", j.key, j.value FROM "{name}" t, json_each(t."{column}") j ORDER BY t.rowid, j.key'
    )
    expected = [
        (row[key], position, value)
        for row in bdc.load_table(name).to_pylist()
        for position, value in enumerate(row[column])
    ]
    assert found == expected
    assert _select(database, f'SELECT count(*) FROM "{name}" WHERE json_type("{column}") != \'array\'') == [(0,)]


def test_event_partners_are_the_event_lists(database: sqlite3.Connection) -> None:
    rows = _select(database, "SELECT event_id, partner_id, role, position FROM event_partners ORDER BY rowid")
    expected = [
        (event.id, partner, role, position)
        for event in bdc.events()
        for role, ids in (("organiser", event.organiser_ids), ("participant", event.participant_ids))
        for position, partner in enumerate(ids)
    ]
    assert rows == expected and rows
    joined = _select(
        database,
        "SELECT p.name_en FROM event_partners ep JOIN partners p ON p.id = ep.partner_id "
        "WHERE ep.event_id = 'ev-korea-business-meetings-2019' AND ep.role = 'participant' ORDER BY ep.position",
    )
    meetings = bdc.get("ev-korea-business-meetings-2019")
    assert [name for (name,) in joined] == [bdc.get(pid).name_en for pid in meetings.participant_ids]


def test_source_authors_are_the_bylines(database: sqlite3.Connection) -> None:
    rows = _select(database, "SELECT source_id, position, author FROM source_authors ORDER BY rowid")
    assert rows == [(s.id, i, author) for s in bdc.sources() for i, author in enumerate(s.authors)]
    assert rows


def test_every_reference_resolves_and_the_file_is_sound(database: sqlite3.Connection) -> None:
    assert _select(database, "PRAGMA foreign_key_check") == []
    assert _select(database, "PRAGMA integrity_check") == [("ok",)]


def test_the_data_is_the_same_whichever_arrow_form_the_store_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closed vocabularies may be plain strings or dictionary-encoded in memory: the files are the same bytes."""
    before = sqlite_bytes()[0], export_bytes("events", "csv")[0], export_bytes("events", "jsonl")[0]
    shipped = _store.table

    def other_form(name: str) -> pa.Table:
        data = shipped(name)
        for index, field in enumerate(data.schema):
            if pa.types.is_dictionary(field.type):
                plain = data.column(index).cast(field.type.value_type)
                data = data.set_column(index, field.with_type(plain.type), plain)
            elif field.type == pa.string() and columns(TABLES[name])[index].kind == "enum":
                encoded = data.column(index).dictionary_encode()
                data = data.set_column(index, field.with_type(encoded.type), encoded)
        assert data.schema != shipped(name).schema or not any(c.kind == "enum" for c in columns(TABLES[name]))
        return data

    monkeypatch.setattr(_store, "table", other_form)
    assert (sqlite_bytes()[0], export_bytes("events", "csv")[0], export_bytes("events", "jsonl")[0]) == before


def test_the_same_data_gives_the_same_bytes(tmp_path: Path) -> None:
    first = sqlite_bytes()[0]
    export_sqlite(tmp_path / "again.db")
    assert (tmp_path / "again.db").read_bytes() == first == sqlite_bytes()[0]


# --- the declared schema -----------------------------------------------------------------------------------


def _table_info(db: sqlite3.Connection, name: str) -> list[tuple[str, str, int, int]]:
    """(name, declared type, not null, position in the primary key) of each column."""
    return [(row[1], row[2], row[3], row[5]) for row in _select(db, f'PRAGMA table_info("{name}")')]


def test_the_database_holds_these_tables_and_no_other(database: sqlite3.Connection) -> None:
    found = _select(database, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
    assert [name for (name,) in found] == ALL_TABLES


@pytest.mark.parametrize("name", [*TABLES, *LINK_TABLES])
def test_types_not_null_and_primary_key_are_declared(database: sqlite3.Connection, name: str) -> None:
    cols = _columns_of(name)
    key = LINK_TABLES[name].key if name in LINK_TABLES else KEY_COLUMNS[name]
    expected = [
        (c.name, SQL_TYPES[c.kind], int(not c.nullable), key.index(c.name) + 1 if c.name in key else 0) for c in cols
    ]
    assert _table_info(database, name) == expected


@pytest.mark.parametrize("name", [*TABLES, *LINK_TABLES])
def test_foreign_keys_are_the_scalar_references(database: sqlite3.Connection, name: str) -> None:
    found = {(row[3], row[2], row[4]) for row in _select(database, f'PRAGMA foreign_key_list("{name}")')}
    expected = {(c.name, c.ref, "id") for c in _columns_of(name) if c.ref not in (None, "*") and c.kind != "list"}
    assert found == expected
    if name == "evidence":  # record_id may point into any table: no foreign key can say so
        assert "record_id" not in {column for column, _, _ in found}


@pytest.mark.parametrize(
    ("statement", "refused"),
    [
        ("UPDATE events SET kind = 'forums' WHERE rowid = 1", "CHECK constraint failed"),
        ("UPDATE events SET organiser_ids = '[\"pt-icf\"' WHERE rowid = 1", "CHECK constraint failed"),
        ("UPDATE events SET organiser_ids = '{}' WHERE rowid = 1", "CHECK constraint failed"),
        ("UPDATE events SET start_date = '2019-1-2' WHERE rowid = 1", "CHECK constraint failed"),
        ("UPDATE events SET name_en = NULL WHERE rowid = 1", "NOT NULL constraint failed"),
        ("UPDATE events SET parent_id = 'ev-nope' WHERE rowid = 1", "FOREIGN KEY constraint failed"),
        ("INSERT INTO event_partners VALUES ('ev-gif-2019', 'pt-nope', 'organiser', 0)", "FOREIGN KEY constraint"),
        ("INSERT INTO event_partners VALUES ('ev-gif-2019', 'pt-icf', 'host', 0)", "CHECK constraint failed"),
        ("INSERT INTO partners SELECT * FROM partners LIMIT 1", "UNIQUE constraint failed"),
    ],
)
def test_the_constraints_are_enforced(statement: str, refused: str) -> None:
    """The declarations are real: with foreign keys on, each bad change is refused."""
    db = sqlite3.connect(":memory:")
    db.deserialize(sqlite_bytes()[0])
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match=refused):
        db.execute(statement)


def test_every_column_is_described(database: sqlite3.Connection) -> None:
    described = _select(database, f"SELECT table_name, column_name, type, description FROM {DESCRIBED_TABLE}")
    in_file = [
        (table, column)
        for table in ALL_TABLES
        for column, *_ in _table_info(database, table)  # every column the file has, however it got there
    ]
    assert [(table, column) for table, column, _, _ in described] == in_file
    assert all(kind and description.strip() for _, _, kind, description in described)
    kinds = {(t, c): kind for t, c, kind, _ in described}
    assert (kinds["events", "kind"], kinds["sources", "authors"], kinds["awards", "start_date"]) == (
        "string (enum)",
        "list<string>",
        "date",
    )


def test_the_schema_carries_the_descriptions_as_comments(database: sqlite3.Connection) -> None:
    (sql,) = _select(database, "SELECT sql FROM sqlite_master WHERE name = 'partners'")[0]
    assert "-- Name in Vietnamese." in str(sql)


# --- the link tables, on any data ----------------------------------------------------------------------------


def test_every_list_column_has_a_link_table() -> None:
    unfolded = {(link.table, column) for link in LINK_TABLES.values() for column, _ in link.lists}
    assert unfolded == {(name, c.name) for name, cls in TABLES.items() for c in columns(cls) if c.kind == "list"}


@given(events=record_tables("events"), sources=record_tables("sources"), evidence=record_tables("evidence"))
def test_link_tables_give_back_the_lists(events: pa.Table, sources: pa.Table, evidence: pa.Table) -> None:
    data = {"events": events, "sources": sources, "evidence": evidence}
    for name, link in LINK_TABLES.items():
        rows = link_table(name, data[link.table]).to_pylist()
        for record in data[link.table].to_pylist():
            for list_column, role in link.lists:
                mine = [r for r in rows if link.owner_of(r) == link.key_of(record) and r.get("role") == role]
                assert [r["position"] for r in mine] == list(range(len(mine)))
                assert [r[link.element] for r in mine] == record[list_column]
        assert len(rows) == sum(len(r[c]) for r in data[link.table].to_pylist() for c, _ in link.lists)
        keys = [tuple(r[k] for k in link.key) for r in rows]
        assert len(set(keys)) == len(keys)


# --- writing the file ----------------------------------------------------------------------------------------


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "corpus.db"
    target.write_bytes(b"mine")
    with pytest.raises(bdc.InvalidArgumentError, match="already exists"):
        export_sqlite(target)
    assert target.read_bytes() == b"mine"
    rows = export_sqlite(target, overwrite=True)
    assert target.read_bytes() == sqlite_bytes()[0] and rows["events"] == len(bdc.events())
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.db"]


@pytest.mark.parametrize(
    ("path", "error"),
    [(5, bdc.InvalidTypeError), (".", bdc.InvalidArgumentError), ("no/such/folder/c.db", bdc.InvalidArgumentError)],
)
def test_arguments_are_checked_as_export_tables_are(
    path: object, error: type[Exception], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error):
        export_sqlite(path)  # type: ignore[arg-type]
    with pytest.raises(bdc.InvalidTypeError):
        export_sqlite("c.db", overwrite="yes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_midway_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "corpus.db"
    target.write_bytes(b"mine")

    def disk_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_files, "_write_all", disk_full)
    with pytest.raises(bdc.WriteError, match="No space left on device"):
        bdc.export_sqlite(target, overwrite=True)
    assert target.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.db"]  # no temporary file left


# --- the command line ----------------------------------------------------------------------------------------


def test_cli_writes_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "corpus.db"
    assert main(["export", "--format", "sqlite", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {len(ALL_TABLES)} tables to {target}: sources 5, ")
    assert target.read_bytes() == sqlite_bytes()[0]
    assert main(["export", "--format", "sqlite", "-o", str(target)]) == 2  # exists: refused without --force
    assert "already exists" in capsys.readouterr().err
    assert main(["export", "--format", "sqlite", "-o", str(target), "--force"]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "events", "--format", "sqlite"], "give no table name"),
        (["export", "--format", "csv"], "give its name (sources, events,"),
        (["export"], "give its name"),
    ],
)
def test_cli_asks_for_a_table_exactly_when_the_format_needs_one(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("binhduong-corpus: ") and message in err
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_the_database_to_stdout(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "binhduong_corpus", "export", "--format", "sqlite", "-o", "-"],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout == sqlite_bytes()[0]
    assert list(tmp_path.iterdir()) == []
