"""Arrow tables handed to the tools people already use: pandas, Polars, DuckDB.

Each converter imports its library only when called and, when it is not
installed, raises :class:`MissingDependencyError` naming the extra that
installs it. Every conversion goes through Arrow.

A DataFrame has the dtypes plain ``pandas.read_parquet`` gives on the data
files, whose metadata asks for them: nullable ``Int64`` and ``boolean``,
``string``, Categoricals with the whole vocabulary, Python dates. A list
column holds :class:`JsonList` values: lists that ``to_sql`` stores and
``to_csv`` writes as JSON text, where a NumPy array would be stored as its
raw buffer bytes. A Polars frame has ``Enum`` vocabularies and ``List``
columns.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING

from ._fileform import encode as to_file_form
from .errors import InvalidArgumentError, InvalidTypeError, MissingDependencyError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = ["JsonList", "optional_import", "register_tables", "to_duckdb", "to_pandas", "to_polars"]


class JsonList(list[str]):
    """A list of strings that any writer of a DataFrame keeps whole: its text form is JSON.

    ``str()`` (what ``to_csv`` writes) gives ``["a","b"]``, sqlite3 (what
    ``to_sql`` and Datasette's loaders use) stores that text, and ``to_json``
    writes a JSON array. Otherwise it is a plain list.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return json.dumps(self, ensure_ascii=False, separators=(",", ":"))

    def __conform__(self, protocol: object) -> str | None:
        # sqlite3's adaptation protocol: without it, a list cannot be bound as a parameter at all.
        import sqlite3

        return str(self) if protocol is sqlite3.PrepareProtocol else None


def optional_import(module: str, needed_by: str) -> ModuleType:
    """Import an optional dependency, or raise MissingDependencyError naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{needed_by} needs {module}, which is not installed: pip install 'binhduong-corpus[{module}]'"
        ) from None


def to_pandas(data: pa.Table, needed_by: str = "load_dataframe") -> pd.DataFrame:
    """An Arrow table as a fresh pandas DataFrame with the dtypes ``pandas.read_parquet`` gives on a data file."""
    pandas = optional_import("pandas", needed_by)
    import pyarrow as pa

    # The file form's vocabularies and pandas metadata give the dtypes, exactly as when pandas reads a file.
    frame: pd.DataFrame = to_file_form(data, lists=False).to_pandas(use_threads=False)
    for field in data.schema:
        if pa.types.is_list(field.type):
            lists = [JsonList(items) for items in data.column(field.name).to_pylist()]
            frame[field.name] = pandas.Series(lists, index=frame.index, dtype=object)
    return frame


def to_polars(data: pa.Table, needed_by: str = "to_polars") -> pl.DataFrame:
    """An Arrow table as a ``polars.DataFrame``, vocabularies as ``Enum`` (needs the ``polars`` extra)."""
    polars = optional_import("polars", needed_by)
    frame: pl.DataFrame = polars.from_arrow(data)
    vocabularies = {f.name: f.metadata[b"enum"].decode("utf-8").split(",") for f in data.schema if _enum(f)}
    return frame.with_columns(polars.col(name).cast(polars.Enum(values)) for name, values in vocabularies.items())


def _enum(field: pa.Field) -> bool:
    return b"enum" in (field.metadata or {})


def to_duckdb(data: pa.Table, connection: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyRelation:
    """An Arrow table as a DuckDB relation scanning it (needs the ``duckdb`` extra)."""
    duckdb_module = _duckdb(connection, "to_duckdb")
    relation: duckdb.DuckDBPyRelation = (connection or duckdb_module).from_arrow(data)
    return relation


def register_tables(
    tables: Mapping[str, pa.Table], connection: duckdb.DuckDBPyConnection | None = None, needed_by: str = "connect"
) -> duckdb.DuckDBPyConnection:
    """``connection`` (or a new in-memory one) with each Arrow table registered as a view of its name.

    DuckDB scans a registered Arrow table where it is, without copying it.
    """
    duckdb_module = _duckdb(connection, needed_by)
    target: duckdb.DuckDBPyConnection = connection if connection is not None else duckdb_module.connect()
    try:
        for name, data in tables.items():
            target.register(name, data)
    except duckdb_module.Error as exc:  # a closed connection, say
        why = " ".join(str(exc).split())[:200]
        raise InvalidArgumentError(f"connection={connection!r:.60}: DuckDB refused the tables ({why})") from None
    return target


def _duckdb(connection: object, needed_by: str) -> ModuleType:
    """The duckdb module, once ``connection`` is None or a DuckDB connection."""
    duckdb_module = optional_import("duckdb", needed_by)
    if connection is not None and not isinstance(connection, duckdb_module.DuckDBPyConnection):
        raise InvalidTypeError(
            f"connection={connection!r:.60}: expected a duckdb connection (duckdb.connect()), "
            f"got {type(connection).__name__}"
        )
    return duckdb_module
