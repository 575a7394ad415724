"""Read the shipped tables: as Arrow tables, pandas DataFrames or typed records.

Data files are read through :mod:`importlib.resources`, so any install
works, zipped or read-only ones included. Each file's SHA-256 is checked
against ``manifest.json`` before its first use; a mismatch raises
:class:`IntegrityError` and nothing is loaded. Tables are cached per
process. Arrow tables are immutable, records are frozen and every
DataFrame is a fresh copy, so no caller can change what another one sees.

pyarrow is imported on the first load and pandas only by
:func:`load_dataframe`; loading a table needs neither attrs nor cattrs, and
the typed accessors build records column by column without cattrs.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import IntegrityError, InvalidArgumentError, MissingDependencyError, UnknownRecordError, UnknownTableError

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd
    import pyarrow as pa

    from .records import Award, Event, Evidence, Figure, Partner, Person, Record, Source

__all__ = [
    "awards",
    "check_table",
    "data_files",
    "data_path",
    "events",
    "evidence",
    "FileCheck",
    "figures",
    "get",
    "load_dataframe",
    "load_records",
    "load_table",
    "manifest",
    "optional_import",
    "partners",
    "people",
    "select_columns",
    "sources",
    "table_names",
    "to_pandas",
    "verify",
]


def table_names() -> tuple[str, ...]:
    """The names of the tables, in the order the corpus lists them."""
    # From the manifest rather than the record classes, so loading a table needs no attrs.
    return tuple(manifest()["tables"])


def check_table(name: object) -> str:
    """``name`` if it is a table of the corpus, else UnknownTableError listing the tables."""
    names = table_names()
    if not isinstance(name, str) or name not in names:
        raise UnknownTableError(f"unknown table {name!r}; valid tables are: {', '.join(names)}")
    return name


def _data_dir() -> Any:
    from importlib.resources import files

    return files(__package__) / "data"


@functools.cache
def manifest() -> dict[str, Any]:
    """The shipped manifest: dataset version and, per table, file, rows, sha256 and schema fingerprint."""
    import json

    result: dict[str, Any] = json.loads((_data_dir() / "manifest.json").read_text(encoding="utf-8"))
    return result


def _verified_bytes(name: str) -> bytes:
    import hashlib

    info = manifest()["tables"][name]
    data: bytes = (_data_dir() / info["file"]).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != info["sha256"]:
        raise IntegrityError(
            f"data file {info['file']!r} has sha256 {digest}, but the manifest records {info['sha256']}: "
            "the installed data is corrupted or was modified; reinstall binhduong-corpus"
        )
    return data


@functools.cache
def _table(name: str) -> pa.Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # ParquetFile(...).read() rather than pq.read_table(), which imports pandas. The tables are
    # small: one thread reads them as fast, and starts no pool that Arrow must tear down at exit
    # (a pool worker alive at exit can abort the process, apache/arrow#34314).
    return pq.ParquetFile(pa.BufferReader(_verified_bytes(name))).read(use_threads=False)


def load_table(name: str, /, columns: Sequence[str] | None = None, **filters: Any) -> pa.Table:
    """A table as a ``pyarrow.Table``: optionally only some columns, and only the rows that pass ``filters``.

    The filters are those of :func:`binhduong_corpus.query`.
    """
    if filters:
        from ._query import query

        return query(name, columns=columns, **filters).to_arrow()
    table = _table(check_table(name))
    return table if columns is None else select_columns(table, name, columns)


def select_columns(table: pa.Table, name: str, columns: Sequence[str]) -> pa.Table:
    """``table`` with only ``columns``, or InvalidArgumentError naming the unknown ones and the valid ones."""
    if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
        raise InvalidArgumentError(f"columns must be a list of column names, got {columns!r}")
    unknown = [c for c in columns if c not in table.column_names]
    if unknown:
        raise InvalidArgumentError(
            f"unknown column(s) {unknown} for table {name!r}; valid columns are: {', '.join(table.column_names)}"
        )
    return table.select(list(columns))


def load_dataframe(name: str, /, columns: Sequence[str] | None = None, **filters: Any) -> pd.DataFrame:
    """A table as a fresh pandas DataFrame (needs the ``pandas`` extra); same arguments as :func:`load_table`.

    Integer and boolean columns use pandas' nullable dtypes, so a null never
    turns them into floats; dates are ``datetime64`` columns.
    """
    return to_pandas(load_table(name, columns, **filters))


def optional_import(module: str, needed_by: str) -> Any:
    """Import an optional dependency, or raise MissingDependencyError naming the extra that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{needed_by} needs {module}, which is not installed: pip install 'binhduong-corpus[{module}]'"
        ) from None


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a pandas DataFrame with meaning-keeping dtypes (nullable ints, datetime64 dates)."""
    pandas = optional_import("pandas", "load_dataframe")
    import pyarrow as pa

    dtypes = {pa.int64(): pandas.Int64Dtype(), pa.bool_(): pandas.BooleanDtype(), pa.string(): pandas.StringDtype()}
    frame: pd.DataFrame = table.to_pandas(types_mapper=dtypes.get, date_as_object=False, use_threads=False)
    return frame


def data_path(name: str) -> Path:
    """The file system path of a table's Parquet file, checked against the manifest.

    For tools that read Parquet themselves (DuckDB, Polars, Spark). Raises
    :class:`InvalidArgumentError` when the package is installed somewhere
    that has no real files (a zip import).
    """
    from pathlib import Path

    _verified_bytes(check_table(name))
    resource = _data_dir() / manifest()["tables"][name]["file"]
    if not isinstance(resource, Path):
        raise InvalidArgumentError(f"table {name!r} is not stored as a file on disk here; use load_table() instead")
    return resource


class FileCheck(NamedTuple):
    """One shipped file re-hashed against the manifest."""

    file: str
    expected: str
    actual: str | None  # None when the file is missing

    @property
    def ok(self) -> bool:
        return self.actual == self.expected

    @property
    def problem(self) -> str:
        if self.actual is None:
            return "file is missing"
        return "" if self.ok else f"sha256 {self.actual} != manifest {self.expected}"


def verify() -> tuple[FileCheck, ...]:
    """Re-hash every shipped data and metadata file against the manifest; one result per file.

    Unlike loading, this never raises for a mismatch: it reports each file,
    so a flipped byte is named along with every file that is intact.
    """
    import hashlib

    info = manifest()
    listed = {t["file"]: t["sha256"] for t in info["tables"].values()}
    listed.update({name: meta["sha256"] for name, meta in info.get("metadata", {}).items()})
    checks = []
    for file, expected in listed.items():
        resource = _data_dir() / file
        actual = hashlib.sha256(resource.read_bytes()).hexdigest() if resource.is_file() else None
        checks.append(FileCheck(file, expected, actual))
    return tuple(checks)


def data_files() -> dict[str, Path]:
    """Every table's Parquet file path, checked against the manifest: ``{name: path}``.

    Hand these to DuckDB (``read_parquet``), Polars (``scan_parquet``), Dask or Spark.
    """
    return {name: data_path(name) for name in table_names()}


@functools.cache
def _evidence_by_record() -> dict[str, tuple[Evidence, ...]]:
    grouped: dict[str, list[Evidence]] = {}
    for item in load_records("evidence"):
        grouped.setdefault(item.record_id, []).append(item)
    return {record_id: tuple(items) for record_id, items in grouped.items()}


def load_records(name: str) -> tuple[Any, ...]:
    """A table as a tuple of frozen attrs records; records nest their evidence."""
    return _records(check_table(name))


@functools.cache
def _records(name: str) -> tuple[Any, ...]:
    from ._arrow import records_from_table
    from .records import TABLES, Evidence

    cls = TABLES[name]
    spans = None if cls is Evidence else _evidence_by_record()
    return tuple(records_from_table(_table(name), cls, spans))


def sources(**filters: Any) -> tuple[Source, ...]:
    """Every source document, with its full text; with filters, only those that pass them."""
    return _filtered("sources", filters)


def events(**filters: Any) -> tuple[Event, ...]:
    """Every event, sorted by id; with filters, only those that pass them."""
    return _filtered("events", filters)


def partners(**filters: Any) -> tuple[Partner, ...]:
    """Every partner, sorted by id; with filters, only those that pass them."""
    return _filtered("partners", filters)


def awards(**filters: Any) -> tuple[Award, ...]:
    """Every award, sorted by id; with filters, only those that pass them."""
    return _filtered("awards", filters)


def people(**filters: Any) -> tuple[Person, ...]:
    """Every person named, sorted by id; with filters, only those that pass them."""
    return _filtered("people", filters)


def figures(**filters: Any) -> tuple[Figure, ...]:
    """Every stand-alone figure, sorted by id; with filters, only those that pass them."""
    return _filtered("figures", filters)


def evidence(**filters: Any) -> tuple[Evidence, ...]:
    """Every evidence span, sorted by record id, source id and offset; with filters, only those that pass them."""
    return _filtered("evidence", filters)


def _filtered(name: str, filters: dict[str, Any]) -> tuple[Any, ...]:
    if not filters:
        return load_records(name)
    from ._query import query

    return query(name, **filters).records()


@functools.cache
def _index() -> dict[str, Record]:
    return {rec.id: rec for name in table_names() if name != "evidence" for rec in load_records(name)}


def get(record_id: str) -> Record:
    """The record with this id, from whichever table holds it."""
    import difflib

    index = _index()
    if isinstance(record_id, str) and record_id in index:
        return index[record_id]
    close = difflib.get_close_matches(str(record_id), list(index), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise UnknownRecordError(f"no record has id {record_id!r}{hint}")
