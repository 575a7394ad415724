"""Load the shipped tables: as Arrow tables, pandas DataFrames or typed records, optionally filtered.

Tables come from the store (:mod:`._store`), which checks every file against
the manifest and the code's schema before its first use and hands out
read-only tables; records from :mod:`._corpus`. Filters are those of
:func:`binhduong_corpus.query`, and the query module is imported only when
filters are given.

Imports follow the data asked for: :func:`load_table` without filters
needs pyarrow but not attrs or pandas, typed records need attrs but not
cattrs or pandas, and :func:`load_dataframe` imports pandas. Filters go
through :mod:`._query`, which hands Python values to pyarrow; pyarrow then
imports pandas itself when it is installed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from . import _store
from ._store import (
    FileCheck,
    Manifest,
    clear_cache,
    data_files,
    data_path,
    docs_files,
    docs_path,
    manifest,
    table_names,
    verify,
)
from .errors import UnknownNameError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import pyarrow as pa

    from .records import AnyRecord, Award, Event, Evidence, Figure, Partner, Person, Record, Source

__all__ = [
    "FileCheck",
    "Manifest",
    "awards",
    "clear_cache",
    "connect",
    "data_files",
    "data_path",
    "docs_files",
    "docs_path",
    "events",
    "evidence",
    "figures",
    "get",
    "load_dataframe",
    "load_records",
    "load_table",
    "manifest",
    "partners",
    "people",
    "sources",
    "table_names",
    "verify",
]


def load_table(name: str, /, columns: Iterable[str] | None = None, **filters: object) -> pa.Table:
    """A table as a read-only ``pyarrow.Table``.

    Optionally only some columns, and only the rows that pass ``filters``
    (those of :func:`binhduong_corpus.query`). ``name`` may also be a link
    table (:func:`binhduong_corpus.link_names`), derived from the list
    columns on first use; link tables take no filters.
    """
    if isinstance(name, str) and name not in table_names():  # a link table, or a name to refuse listing both
        return _link_table(name, columns, filters)
    if filters:
        from ._query import query

        return query(name, columns=columns, **filters).to_arrow()
    return _store.table(name, columns)


def check_table_or_link(name: object, arg: str = "table") -> str:
    """``name`` if it names a table or a link table, else UnknownTableError listing both."""
    from ._links import link_names

    return _store.check_table(name, arg, links=link_names())


def _link_table(name: str, columns: Iterable[str] | None, filters: dict[str, object]) -> pa.Table:
    check_table_or_link(name)
    if filters:
        raise UnknownNameError(
            f"unknown filter(s) {', '.join(map(repr, filters))} for link table {name!r}: link tables take "
            "no filters; filter the table returned"
        )
    data = _derived(name)
    return data if columns is None else _store.select_columns(data, name, columns)


@_store.cached  # the store's cache: clear_cache() forgets a link table with the table it came from
def _derived(name: str) -> pa.Table:
    """A shipped link table, derived from its table on first use, read-only like the tables."""
    from ._links import LINK_TABLES, link_table

    return _store.read_only(link_table(name, _store.table(LINK_TABLES[name].table)))


def load_dataframe(name: str, /, columns: Iterable[str] | None = None, **filters: object) -> pd.DataFrame:
    """A table or link table as a fresh pandas DataFrame (needs the ``pandas`` extra); as :func:`load_table`.

    The dtypes are those plain ``pandas.read_parquet`` gives on the data file:
    nullable ``Int64`` and ``boolean``, so a null never turns them into
    floats; ``string``; a Categorical with the whole vocabulary for a closed
    vocabulary; Python ``datetime.date`` values for dates. A list cell is a
    list that ``to_sql``, ``to_csv`` and ``to_json`` write as JSON.
    """
    from ._interop import to_pandas

    return to_pandas(load_table(name, columns, **filters))


def connect(connection: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection in which every table and link table is a view (needs the ``duckdb`` extra).

    Each view scans the read-only Arrow table :func:`load_table` gives,
    without a copy: list columns are ``VARCHAR[]``, dates ``DATE``. Given
    a ``connection``, the views go into it, where their names now stand
    for the corpus's tables, and it is returned; otherwise a new in-memory
    database is.
    """
    from ._interop import register_tables
    from ._links import link_names

    names = (*table_names(), *link_names())
    return register_tables({name: load_table(name) for name in names}, connection, needed_by="connect")


@overload
def load_records(name: Literal["sources"]) -> tuple[Source, ...]: ...
@overload
def load_records(name: Literal["events"]) -> tuple[Event, ...]: ...
@overload
def load_records(name: Literal["partners"]) -> tuple[Partner, ...]: ...
@overload
def load_records(name: Literal["awards"]) -> tuple[Award, ...]: ...
@overload
def load_records(name: Literal["people"]) -> tuple[Person, ...]: ...
@overload
def load_records(name: Literal["figures"]) -> tuple[Figure, ...]: ...
@overload
def load_records(name: Literal["evidence"]) -> tuple[Evidence, ...]: ...
@overload
def load_records(name: str) -> tuple[AnyRecord, ...]: ...
def load_records(name: str) -> tuple[AnyRecord, ...]:
    """A table as a tuple of frozen attrs records; records nest their evidence."""
    from ._corpus import records

    return records(name)


def get(record_id: str) -> Record:
    """The record with this id, from whichever table holds it; a miss suggests close ids."""
    from ._corpus import get

    return get(record_id)


def _filtered(name: str, filters: dict[str, object]) -> tuple[AnyRecord, ...]:
    if not filters:
        return load_records(name)
    from ._query import query

    return query(name, **cast("dict[str, Any]", filters)).records()


def sources(**filters: object) -> tuple[Source, ...]:
    """Every source document, with its full text; with filters, only those that pass them."""
    return _filtered("sources", filters)  # type: ignore[return-value]


def events(**filters: object) -> tuple[Event, ...]:
    """Every event, sorted by id; with filters, only those that pass them."""
    return _filtered("events", filters)  # type: ignore[return-value]


def partners(**filters: object) -> tuple[Partner, ...]:
    """Every partner, sorted by id; with filters, only those that pass them."""
    return _filtered("partners", filters)  # type: ignore[return-value]


def awards(**filters: object) -> tuple[Award, ...]:
    """Every award, sorted by id; with filters, only those that pass them."""
    return _filtered("awards", filters)  # type: ignore[return-value]


def people(**filters: object) -> tuple[Person, ...]:
    """Every person named, sorted by id; with filters, only those that pass them."""
    return _filtered("people", filters)  # type: ignore[return-value]


def figures(**filters: object) -> tuple[Figure, ...]:
    """Every stand-alone figure, sorted by id; with filters, only those that pass them."""
    return _filtered("figures", filters)  # type: ignore[return-value]


def evidence(**filters: object) -> tuple[Evidence, ...]:
    """Every evidence span, sorted by record id, source id and offset; with filters, only those that pass them."""
    return _filtered("evidence", filters)  # type: ignore[return-value]
