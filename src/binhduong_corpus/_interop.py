"""Arrow tables handed to the tools people already use: pandas, Polars, DuckDB.

Each converter imports its library only when called and, when it is not
installed, raises :class:`MissingDependencyError` naming the extra that
installs it. Every conversion goes through Arrow.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from .errors import InvalidTypeError, MissingDependencyError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = ["optional_import", "to_duckdb", "to_pandas", "to_polars"]


def optional_import(module: str, needed_by: str) -> ModuleType:
    """Import an optional dependency, or raise MissingDependencyError naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{needed_by} needs {module}, which is not installed: pip install 'binhduong-corpus[{module}]'"
        ) from None


def to_pandas(data: pa.Table, needed_by: str = "load_dataframe") -> pd.DataFrame:
    """An Arrow table as a fresh pandas DataFrame with meaning-keeping dtypes (nullable ints, datetime64 dates)."""
    pandas = optional_import("pandas", needed_by)
    import pyarrow as pa

    dtypes = {pa.int64(): pandas.Int64Dtype(), pa.bool_(): pandas.BooleanDtype(), pa.string(): pandas.StringDtype()}
    frame: pd.DataFrame = data.to_pandas(types_mapper=dtypes.get, date_as_object=False, use_threads=False)
    return frame


def to_polars(data: pa.Table, needed_by: str = "to_polars") -> pl.DataFrame:
    """An Arrow table as a ``polars.DataFrame`` (needs the ``polars`` extra)."""
    polars = optional_import("polars", needed_by)
    frame: pl.DataFrame = polars.from_arrow(data)
    return frame


def to_duckdb(data: pa.Table, connection: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyRelation:
    """An Arrow table as a DuckDB relation scanning it (needs the ``duckdb`` extra)."""
    duckdb_module = optional_import("duckdb", "to_duckdb")
    if connection is not None and not isinstance(connection, duckdb_module.DuckDBPyConnection):
        raise InvalidTypeError(
            f"connection={connection!r:.60}: expected a duckdb connection (duckdb.connect()), "
            f"got {type(connection).__name__}"
        )
    relation: duckdb.DuckDBPyRelation = (connection or duckdb_module).from_arrow(data)
    return relation
