"""Read the shipped tables: as Arrow tables, pandas DataFrames or typed records.

Data files are read through :mod:`importlib.resources`, so any install
works, zipped or read-only ones included. Each file's SHA-256 is checked
against ``manifest.json`` before its first use; a mismatch raises
:class:`IntegrityError` and nothing is loaded. Tables are cached per
process. Arrow tables are immutable, records are frozen and every
DataFrame is a fresh copy, so no caller can change what another one sees.

pyarrow is imported on the first load, pandas only by
:func:`load_dataframe`, cattrs only by the typed accessors.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import IntegrityError, InvalidArgumentError, MissingDependencyError, UnknownRecordError, UnknownTableError

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd
    import pyarrow as pa

    from .records import Award, Event, Evidence, Figure, Partner, Person, Record, Source

__all__ = [
    "awards",
    "data_path",
    "events",
    "evidence",
    "figures",
    "get",
    "load_dataframe",
    "load_table",
    "manifest",
    "partners",
    "people",
    "load_records",
    "sources",
    "table_names",
]

def table_names() -> tuple[str, ...]:
    """The names of the tables, in the order the corpus lists them."""
    # From the manifest rather than the record classes, so loading a table needs no attrs.
    return tuple(manifest()["tables"])


def _check_table(name: object) -> str:
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


def load_table(name: str, columns: Sequence[str] | None = None) -> pa.Table:
    """A table as a ``pyarrow.Table``, optionally with only some columns."""
    table = _table(_check_table(name))
    if columns is None:
        return table
    if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
        raise InvalidArgumentError(f"columns must be a list of column names, got {columns!r}")
    unknown = [c for c in columns if c not in table.column_names]
    if unknown:
        raise InvalidArgumentError(
            f"unknown column(s) {unknown} for table {name!r}; valid columns are: {', '.join(table.column_names)}"
        )
    return table.select(list(columns))


def load_dataframe(name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A table as a fresh pandas DataFrame (needs the ``pandas`` extra).

    Integer and boolean columns use pandas' nullable dtypes, so a null never
    turns them into floats; dates are ``datetime64`` columns.
    """
    table = load_table(name, columns)
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError(
            "load_dataframe needs pandas, which is not installed: pip install 'binhduong-corpus[pandas]'"
        ) from None
    import pyarrow as pa

    dtypes = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}
    frame: pd.DataFrame = table.to_pandas(types_mapper=dtypes.get, date_as_object=False, use_threads=False)
    return frame


def data_path(name: str) -> Path:
    """The file system path of a table's Parquet file, checked against the manifest.

    For tools that read Parquet themselves (DuckDB, Polars, Spark). Raises
    :class:`InvalidArgumentError` when the package is installed somewhere
    that has no real files (a zip import).
    """
    from pathlib import Path

    _verified_bytes(_check_table(name))
    resource = _data_dir() / manifest()["tables"][name]["file"]
    if not isinstance(resource, Path):
        raise InvalidArgumentError(f"table {name!r} is not stored as a file on disk here; use load_table() instead")
    return resource


@functools.cache
def _evidence_by_record() -> dict[str, tuple[Evidence, ...]]:
    from .records import Evidence

    grouped: dict[str, list[Evidence]] = {}
    for item in load_records("evidence"):
        grouped.setdefault(item.record_id, []).append(item)
    return {record_id: tuple(items) for record_id, items in grouped.items()}


def load_records(name: str) -> tuple[Any, ...]:
    """A table as a tuple of frozen attrs records; records nest their evidence."""
    return _records(_check_table(name))


@functools.cache
def _records(name: str) -> tuple[Any, ...]:
    from ._convert import record_from_row
    from .records import TABLES, Evidence

    cls = TABLES[name]
    rows = _table(name).to_pylist()
    if cls is Evidence:
        return tuple(record_from_row(row, Evidence) for row in rows)
    by_record = _evidence_by_record()
    return tuple(record_from_row(row, cls, by_record.get(row["id"], ())) for row in rows)


def sources() -> tuple[Source, ...]:
    """Every source document, with its full text."""
    return load_records("sources")


def events() -> tuple[Event, ...]:
    """Every event, sorted by id."""
    return load_records("events")


def partners() -> tuple[Partner, ...]:
    """Every partner, sorted by id."""
    return load_records("partners")


def awards() -> tuple[Award, ...]:
    """Every award, sorted by id."""
    return load_records("awards")


def people() -> tuple[Person, ...]:
    """Every person named, sorted by id."""
    return load_records("people")


def figures() -> tuple[Figure, ...]:
    """Every stand-alone figure, sorted by id."""
    return load_records("figures")


def evidence() -> tuple[Evidence, ...]:
    """Every evidence span, sorted by record id, source id and offset."""
    return load_records("evidence")


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
