"""Write a table out as CSV, JSON Lines or Parquet, or every table to one SQLite database.

CSV holds list columns as JSON arrays (``["pt-icf","pt-wta"]``), which is
what Frictionless Table Schema's ``array`` type reads, and nulls as empty
cells; dates are ISO ``YYYY-MM-DD``. Beside ``events.csv`` goes its Table
Schema, ``events.schema.json`` (:func:`schema_path`), so a reader knows
that ``"2019"`` in ``date`` is text and that a list column is a JSON array.

The SQLite database holds every table with its types, NOT NULL, CHECK,
primary and foreign keys, the link tables of :mod:`._links` (so joins need
no JSON) and ``columns_described``, every column's type and description,
since SQLite has no column comments (the ``CREATE TABLE`` statements carry
them as ``--`` comments too). See :func:`sqlite_bytes`.

Every file is rendered in memory, written beside its target and moved into
place (:mod:`._files`), so an interrupted export never leaves a partial
file; an existing file is replaced only with ``overwrite=True``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import _store
from ._arguments import check_bool, check_choice, check_path, check_target, shown
from ._fileform import encode as to_file_form
from ._files import json_bytes, remove_stale, write_files
from ._links import LINK_TABLES, link_table
from ._tableschema import table_schema
from .errors import InvalidArgumentError
from .records import KEY_COLUMNS, TABLES
from .schema import Column, columns, describe_class

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "DESCRIBED_TABLE",
    "FORMATS",
    "csv_schema",
    "export_bytes",
    "export_sqlite",
    "export_table",
    "schema_path",
    "sqlite_bytes",
]

FORMATS = ("csv", "jsonl", "parquet")

#: The table of the SQLite database that describes every column of every table in it.
DESCRIBED_TABLE = "columns_described"


def export_bytes(name: str, fmt: str) -> tuple[bytes, int]:
    """Table ``name`` rendered in ``fmt``, and its number of rows."""
    check_choice("fmt", fmt, FORMATS, "export format")
    data = _store.table(name)
    render = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt]
    return render(data), int(data.num_rows)


def export_table(name: str, fmt: str, path: Path | str, *, overwrite: bool = False) -> int:
    """Write table ``name`` to ``path`` in ``fmt``; return the number of rows written.

    A CSV comes with its Table Schema beside it (:func:`schema_path`); the
    two are written as a set, both or neither, and both must be new unless
    ``overwrite`` is true. Refuses with :class:`InvalidArgumentError` when
    ``path`` is a folder, its folder does not exist, or it exists and
    ``overwrite`` is false; a write that fails raises :class:`WriteError`
    and leaves any old file whole.
    """
    _store.check_table(name)  # what to write is checked before where: an unknown table is the first thing to say
    check_choice("fmt", fmt, FORMATS, "export format")
    target = check_path("path", path)
    check_bool("overwrite", overwrite)
    _check_target(target, overwrite)  # before a schema's path is derived from its name, which "." lacks
    data, rows = export_bytes(name, fmt)
    files = {target: data}
    if fmt == "csv":
        files[schema_path(target)] = json_bytes(csv_schema(name))
    _write(files, overwrite)
    return rows


def export_sqlite(path: Path | str, *, overwrite: bool = False) -> dict[str, int]:
    """Write every table to one SQLite database at ``path``; return the rows written per table.

    The arguments are checked as :func:`export_table` checks them, with the
    same errors; see :func:`sqlite_bytes` for what the database holds.
    """
    target = check_path("path", path)
    check_bool("overwrite", overwrite)
    _check_target(target, overwrite)  # before the work of building the database
    data, rows = sqlite_bytes()
    _write({target: data}, overwrite)
    return rows


def schema_path(path: Path) -> Path:
    """Where the Table Schema of a CSV export at ``path`` goes: ``events.csv`` -> ``events.schema.json``."""
    return path.with_name(f"{path.stem}.schema.json")


def csv_schema(name: str) -> dict[str, Any]:
    """The Table Schema written beside a CSV export of table ``name``.

    It is :func:`table_schema` with only the foreign keys a lone CSV can
    resolve: those into its own table (``events.parent_id``), written as
    Table Schema's self-reference (resource ``""``) so they hold whatever
    the file is called. Keys into other tables would need the other files:
    Frictionless refuses them without a data package.
    """
    schema = table_schema(name)
    foreign = schema.pop("foreignKeys", [])
    own = [
        {**key, "reference": {**key["reference"], "resource": ""}}
        for key in foreign
        if key["reference"]["resource"] == name
    ]
    if own:
        schema["foreignKeys"] = own
    return schema


def _write(files: dict[Path, bytes], overwrite: bool) -> None:
    """Check each target, then write them as a set; the first file (the export itself) moves in last."""
    for target in files:
        try:
            _check_target(target, overwrite)
        except OSError as exc:  # a companion's name the system refuses, such as one too long (the path was checked)
            where = f"{shown(target.name)} in {shown(str(target.parent))}"
            raise InvalidArgumentError(f"cannot write {where}: {exc.strerror or exc}") from None
    remove_stale(files)
    # The companion moves in first: if that fails, the export's old file is left in place with the old companion.
    write_files(dict(reversed(files.items())))


def _check_target(target: Path, overwrite: bool) -> None:
    label = shown(str(target))
    check_target(
        target, overwrite, named=f"path={label}", label=label, replace="ask to replace it (--force, overwrite=True)"
    )


def _json_list(values: Sequence[str]) -> str:
    # Compact, as SQLite's json() writes it, so the text is the same wherever it comes from.
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _csv(data: pa.Table) -> bytes:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns = []
    for name in data.column_names:
        column = data.column(name)
        if pa.types.is_list(column.type):
            column = pa.array([_json_list(v) for v in column.to_pylist()], type=pa.string())
        columns.append(column)
    sink = pa.BufferOutputStream()
    pacsv.write_csv(pa.table(columns, names=data.column_names), sink)
    return bytes(sink.getvalue().to_pybytes())


def _jsonl(data: pa.Table) -> bytes:
    lines = (json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in data.to_pylist())
    return "".join(lines).encode("utf-8")


def _parquet(data: pa.Table) -> bytes:
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    # The shipped files' form, so an export reads the same in every tool: lists as JSON text.
    pq.write_table(to_file_form(data), sink)
    return sink.getvalue()


# --- SQLite ----------------------------------------------------------------------------------------------


class _SqlTable(NamedTuple):
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rows: list[tuple[object, ...]]


_SQL_TYPES = {
    "string": "TEXT",
    "enum": "TEXT",
    "int64": "INTEGER",
    "float64": "REAL",
    "bool": "INTEGER",
    "date": "TEXT",
    "list": "TEXT",
}

_DESCRIBED_COLUMNS = (
    Column("table_name", "string", False, "A table of this database.", derived=True),
    Column("column_name", "string", False, "One of its columns, in table order.", derived=True),
    Column(
        "type",
        "string",
        False,
        "The column's type in the corpus, as the data dictionary gives it: string, string (enum), int64, float64, "
        "bool (0 or 1 here), date (ISO text YYYY-MM-DD here) or list<string> (a JSON array here).",
        derived=True,
    ),
    Column("description", "string", False, "What the column holds.", derived=True),
)


def sqlite_bytes() -> tuple[bytes, dict[str, int]]:
    """Every table as one SQLite database file, and the rows of each of its tables.

    Each column has its SQL type (TEXT, INTEGER, REAL; dates as ISO text,
    booleans as 0/1), NOT NULL where the schema says so, a CHECK for closed
    vocabularies, booleans, dates and list columns (JSON arrays for
    ``json_each``), each table its primary key, and each scalar reference a
    foreign key; ``evidence.record_id`` may point into any table and has
    none. The same data gives the same bytes with the same SQLite library,
    whose version the file's header records.
    """
    import sqlite3

    tables = _sql_tables()
    connection = sqlite3.connect(":memory:")
    try:
        for table in tables:
            connection.execute(_create_sql(table))
            marks = ", ".join("?" for _ in table.columns)
            connection.executemany(f"INSERT INTO {_quote(table.name)} VALUES ({marks})", table.rows)
        connection.commit()
        return connection.serialize(), {table.name: len(table.rows) for table in tables}
    finally:
        connection.close()


def _sql_tables() -> list[_SqlTable]:
    tables = [
        _SqlTable(name, describe_class(cls), columns(cls), KEY_COLUMNS[name], _rows(columns(cls), _store.table(name)))
        for name, cls in TABLES.items()
    ]
    for link in LINK_TABLES.values():
        rows = _rows(link.columns, link_table(link.name, _store.table(link.table)))
        tables.append(_SqlTable(link.name, link.description, link.columns, link.key, rows))
    about = "Every column of every table in this database (this one too): its type and description."
    described = _SqlTable(DESCRIBED_TABLE, about, _DESCRIBED_COLUMNS, ("table_name", "column_name"), [])
    described.rows.extend(_described_rows([*tables, described]))
    return [*tables, described]


def _described_rows(tables: list[_SqlTable]) -> Iterator[tuple[object, ...]]:
    for table in tables:
        for column in table.columns:
            values = f" One of: {', '.join(column.values)}." if column.enum else ""
            yield table.name, column.name, column.type_label, column.description + values


def _rows(cols: tuple[Column, ...], data: pa.Table) -> list[tuple[object, ...]]:
    values = [_sql_values(column, data.column(column.name).to_pylist()) for column in cols]
    return list(zip(*values, strict=True))


def _sql_values(column: Column, values: list[Any]) -> list[object]:
    # to_pylist gives strings for plain and dictionary-encoded columns alike; only these kinds need converting.
    if column.kind == "list":
        return [_json_list(v) for v in values]
    if column.kind == "date":
        return [None if v is None else v.isoformat() for v in values]
    if column.kind == "bool":
        return [None if v is None else int(v) for v in values]
    return values


def _create_sql(table: _SqlTable) -> str:
    """``CREATE TABLE``, each column's description a comment beside it (the sqlite3 shell's .schema shows them)."""
    lines = [f"CREATE TABLE {_quote(table.name)} (  -- {_one_line(table.description)}"]
    lines += [f"  {_column_sql(column)},  -- {_one_line(column.description)}" for column in table.columns]
    lines.append(f"  PRIMARY KEY ({', '.join(_quote(name) for name in table.key)})")
    return "\n".join([*lines, ")"])


def _column_sql(column: Column) -> str:
    name = _quote(column.name)
    parts = [name, _SQL_TYPES[column.kind]]
    if not column.nullable:
        parts.append("NOT NULL")
    check = _check_sql(column, name)
    if check:
        parts.append(f"CHECK ({check})")
    if column.ref not in (None, "*") and column.kind != "list":
        parts.append(f'REFERENCES {_quote(str(column.ref))} ("id")')
    return " ".join(parts)


def _check_sql(column: Column, name: str) -> str | None:
    if column.enum is not None:
        return f"{name} IN ({', '.join(_literal(value) for value in column.values)})"
    checks = {
        "bool": f"{name} IN (0, 1)",
        "date": f"{name} IS date({name})",  # only YYYY-MM-DD comes back from date() unchanged
        "list": f"json_valid({name}) AND json_type({name}) = 'array'",
    }
    return checks.get(column.kind)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _one_line(text: str) -> str:
    return " ".join(text.split())
