"""Filters over the tables, computed on Arrow, and the timeline.

A filter is a keyword argument named after a column (or one of the few
aliases below) whose value is one allowed value or a list of them::

    bdc.events(kind="forum", country_code="KR", between=("2019-10-01", "2019-10-31"))
    bdc.partners(kind=bdc.PartnerKind.LOCALITY, country_code=["NL", "BE"])
    bdc.awards(issuer="pt-icf", year=2023)

Every argument is checked against the schema before anything is filtered:
an unknown filter or vocabulary value (:class:`UnknownNameError`), a value
of the wrong type (:class:`InvalidTypeError`), a country code that is not
ISO 3166-1 alpha-2, a malformed id, text holding NUL or a lone surrogate,
a number out of range (:class:`InvalidArgumentError`), a date that does
not exist or a reversed range (:class:`InvalidDateError`) each names the
argument, the value and what is valid. A typo never comes back as an
empty result; a well-formed id that no record has simply matches nothing.

Date filters work on the derived ``start_date``/``end_date`` columns and
respect precision: ``between=(a, b)`` keeps a record when the days its EDTF
date covers overlap the closed range ``[a, b]``, that is when
``start_date <= b`` and ``end_date >= a``. A record known only to the month
(``2019-10``) covers 1-31 October, so it overlaps any day range inside that
month. An open end (``..``) counts as unbounded on that side; a record with
no date at all never matches a date filter. ``year=Y`` is
``between=(Y-01-01, Y-12-31)``. A bound is a ``datetime.date`` or an ISO
``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a month or year means its first day
as a start, its last day as an end); either may be ``None``.

For list columns (``organiser_ids``, ``participant_ids``, ``authors``) a
value matches the rows whose list contains it (any of them, for a list).
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from . import _corpus, _interop, _store
from ._arguments import check_bool, check_choice, check_date_bound, check_int, check_record_id, check_text, shown
from ._arrow import arrow_schema
from ._edtf import parse_edtf
from ._fileform import decode as from_file_form
from ._iso3166 import ALPHA2
from .errors import InvalidArgumentError, InvalidDateError, InvalidTypeError, UnknownNameError
from .records import TABLES, AnyRecord, Award, Event
from .schema import Column, columns

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = ["Query", "filter_table", "filter_value", "filters", "query", "timeline", "timeline_table"]

#: Short names for reference filters, per table: alias -> column.
ALIASES: dict[str, dict[str, str]] = {
    "events": {"organiser": "organiser_ids", "participant": "participant_ids", "parent": "parent_id"},
    "awards": {"issuer": "issuer_id", "event": "event_id"},
    "evidence": {"record": "record_id", "source": "source_id"},
    "sources": {"author": "authors"},
}
_DATE_FILTERS = ("between", "year")


def filters(table: str) -> tuple[str, ...]:
    """The filter names a table accepts: its columns, its aliases and, for dated tables, between/year."""
    names = [c.name for c in columns(TABLES[table])]
    dated = ("start_date" in names) * _DATE_FILTERS
    return (*names, *ALIASES.get(table, {}), *dated)


def _column(table: str, name: str) -> Column:
    target = ALIASES.get(table, {}).get(name, name)
    for col in columns(TABLES[table]):
        if col.name == target:
            return col
    valid = ", ".join(filters(table))
    close = difflib.get_close_matches(name, filters(table), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UnknownNameError(f"unknown filter {shown(name)} for table {table!r}{hint}; valid filters are: {valid}")


# --- checking values ------------------------------------------------------------------


def _as_list(arg: str, value: object) -> list[object]:
    """The values of one filter: one value, or a list, tuple or set of them (any of which may match)."""
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            raise InvalidArgumentError(f"{arg}= was given an empty collection; give at least one value")
        return sorted(value, key=repr) if isinstance(value, set | frozenset) else list(value)
    if isinstance(value, dict | bytes | bytearray) or (isinstance(value, Iterable) and not isinstance(value, str)):
        raise InvalidTypeError(f"{arg}={shown(value)}: give one value, or a list, tuple or set of values")
    return [value]


def _check_scalar(arg: str, col: Column, value: object) -> object:
    if col.enum is not None:
        return _check_enum(arg, col, value)
    if col.kind in ("string", "list"):
        return _check_string(arg, col, value)
    if col.kind == "date":
        return check_date_bound(arg, value, "start")
    if col.kind == "bool":
        return check_bool(arg, value)
    if col.kind == "int64":
        return check_int(arg, value)
    return _check_float(arg, value)


def _check_float(arg: str, value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:  # an int past a float's range
        number = math.inf
    if not math.isfinite(number):
        raise InvalidArgumentError(f"{arg}={shown(value)}: expected a finite number")
    return number


def _check_enum(arg: str, col: Column, value: object) -> str:
    assert col.enum is not None
    if isinstance(value, col.enum):
        return str(value.value)
    return check_choice(arg, value, col.values, f"{col.name} value")


def _check_string(arg: str, col: Column, value: object) -> str:
    if col.ref is not None:
        # A well-formed id that no record has simply matches nothing; a malformed one is a mistake.
        return check_record_id(arg, value)
    text = check_text(arg, value)
    if col.format == "iso3166" and text not in ALPHA2:
        hint = f" (did you mean {text.upper()!r}?)" if text.upper() in ALPHA2 else ""
        raise InvalidArgumentError(
            f"{arg}={shown(value)} is not an ISO 3166-1 alpha-2 country code{hint}, e.g. 'VN', 'KR', 'NL'"
        )
    if col.format == "edtf":
        try:
            parse_edtf(text)
        except InvalidDateError as exc:
            raise InvalidDateError(f"{arg}={shown(value)}: {exc}") from None
    return text


def _date_range(given: Mapping[str, object]) -> tuple[datetime.date | None, datetime.date | None] | None:
    if "between" in given and "year" in given:
        raise InvalidArgumentError("give between= or year=, not both")
    if "year" in given:
        year = given["year"]
        if not isinstance(year, int) or isinstance(year, bool):
            raise InvalidTypeError(f"year={shown(year)}: expected a whole year, got {type(year).__name__}")
        if not 1 <= year <= 9999:
            raise InvalidDateError(f"year={shown(year)}: expected a whole year from 1 to 9999")
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if "between" not in given:
        return None
    span = given["between"]
    if not isinstance(span, list | tuple):
        raise InvalidTypeError(f"between={shown(span)}: expected a pair (start, end); use None for an open side")
    if len(span) != 2:
        raise InvalidDateError(f"between={shown(span)}: expected a pair (start, end); use None for an open side")
    start = None if span[0] is None else check_date_bound("between[0]", span[0], "start")
    end = None if span[1] is None else check_date_bound("between[1]", span[1], "end")
    if start and end and end < start:
        raise InvalidDateError(f"between={shown(span)}: the range ends ({end}) before it starts ({start})")
    return start, end


_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


def filter_value(table: str, name: str, text: str) -> object:
    """A filter value written as text (as on the command line), as the filter ``name`` of ``table`` takes it.

    Whole numbers, numbers and booleans are read as such when they are
    written as such (ASCII digits; ``true``/``false``); anything else stays
    text, which the filter's own check then refuses with the usual error.
    Dates, vocabulary values, ids and names stay text. An unknown filter is
    an :class:`UnknownNameError` listing the valid ones.
    """
    kind = "int64" if name == "year" and name in filters(table) else _column(table, name).kind
    if kind == "int64" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "float64" and _NUMBER.fullmatch(text):
        return float(text)
    if kind == "bool" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


@attrs.frozen
class _Plan:
    """Checked filters: column -> allowed values, plus an optional date range."""

    values: dict[str, tuple[Column, list[Any]]]
    dates: tuple[datetime.date | None, datetime.date | None] | None


def _plan(table: str, given: Mapping[str, object]) -> _Plan:
    values: dict[str, tuple[Column, list[Any]]] = {}
    for arg, value in given.items():
        if arg in _DATE_FILTERS and "start_date" in {c.name for c in columns(TABLES[table])}:
            continue
        col = _column(table, arg)
        checked = [_check_scalar(arg, col, v) for v in _as_list(arg, value)]
        values[col.name] = (col, checked)
    return _Plan(values=values, dates=_date_range(given))


# --- applying them on Arrow --------------------------------------------------------------


def _mask(data: pa.Table, plan: _Plan) -> pa.ChunkedArray | pa.Array | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for name, (col, values) in plan.values.items():
        column = data.column(name)
        if col.kind == "list":
            parts.append(_list_contains(column, values))
        else:
            wanted = pa.array(values, type=column.type)
            parts.append(pc.fill_null(pc.is_in(column, value_set=wanted), False))
    if plan.dates is not None:
        parts.append(_overlaps(data, *plan.dates))
    if not parts:
        return None
    mask = parts[0]
    for part in parts[1:]:
        mask = pc.and_(mask, part)
    return mask


def _list_contains(column: pa.ChunkedArray, values: list[str]) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    array = column.combine_chunks()
    hit = pc.is_in(pc.list_flatten(array), value_set=pa.array(values, type=pa.string()))
    rows = pc.filter(pc.list_parent_indices(array), hit)
    # Scatter the matching parent row numbers into a boolean mask without a Python loop.
    return pc.is_in(_row_numbers(len(array)), value_set=rows)


def _row_numbers(n: int) -> pa.Array:
    import pyarrow as pa

    if hasattr(pa, "arange"):  # pyarrow >= 21
        return pa.arange(0, n)
    return pa.array(range(n), type=pa.int64())


def _overlaps(data: pa.Table, start: datetime.date | None, end: datetime.date | None) -> pa.ChunkedArray:
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pc.is_valid(data.column("date"))
    if end is not None:
        mask = pc.and_(mask, pc.fill_null(pc.less_equal(data.column("start_date"), pa.scalar(end)), True))
    if start is not None:
        mask = pc.and_(mask, pc.fill_null(pc.greater_equal(data.column("end_date"), pa.scalar(start)), True))
    return mask


def _in_memory(data: object) -> object:
    import pyarrow as pa

    if not isinstance(data, pa.Table):
        return data
    try:
        return from_file_form(data)
    except pa.ArrowException as exc:
        raise InvalidArgumentError(
            f"data has a JSON column that is not a list of strings in every row: {exc}"
        ) from None


def _check_data(data: object, table: str) -> None:
    """``data`` must be an Arrow table with every column of ``table``, each of its type."""
    import pyarrow as pa

    if not isinstance(data, pa.Table):
        raise InvalidTypeError(f"data={shown(data)}: expected a pyarrow.Table, got {type(data).__name__}")
    wanted = arrow_schema(table)
    found = {field.name: field.type for field in data.schema}
    wrong = [f"{f.name} ({found[f.name]}, not {f.type})" for f in wanted if f.name in found and found[f.name] != f.type]
    missing = [f.name for f in wanted if f.name not in found]
    problems = ([f"it lacks {', '.join(missing)}"] if missing else []) + (
        [f"wrong types: {', '.join(wrong)}"] if wrong else []
    )
    if problems:
        raise InvalidArgumentError(f"data is not a {table} table: {'; '.join(problems)}")


def filter_table(data: pa.Table, table: str, /, **given: object) -> pa.Table:
    """Apply filters to any Arrow table with ``table``'s schema (the shipped one or another).

    A table read straight from a data file (lists as JSON text, vocabularies
    dictionary-encoded) is taken in its in-memory form. Reference ids are not
    checked against the shipped corpus here, since the table may be a
    different corpus; :func:`query` checks them.
    """
    _store.check_table(table)
    data = _in_memory(data)
    _check_data(data, table)
    mask = _mask(data, _plan(table, given))
    return data if mask is None else data.filter(mask)


# --- the result object -----------------------------------------------------------------------


@attrs.frozen
class Query:
    """The rows of one table that pass some filters, ready for Arrow, pandas, Polars, DuckDB or typed records."""

    table_name: str
    arrow: pa.Table
    rows: tuple[int, ...] | None  # positions in the full table; None = every row

    def __len__(self) -> int:
        return int(self.arrow.num_rows)

    def __iter__(self) -> Iterator[AnyRecord]:
        return iter(self.records())

    def records(self) -> tuple[AnyRecord, ...]:
        """The matching rows as frozen records (with nested evidence), in table order."""
        everything = _corpus.records(self.table_name)
        return everything if self.rows is None else tuple(everything[i] for i in self.rows)

    def to_arrow(self) -> pa.Table:
        """The matching rows as a ``pyarrow.Table``."""
        return self.arrow

    def to_pandas(self) -> pd.DataFrame:
        """The matching rows as a fresh pandas DataFrame, with the dtypes of :func:`load_dataframe`."""
        return _interop.to_pandas(self.arrow, "Query.to_pandas")

    def to_polars(self) -> pl.DataFrame:
        """The matching rows as a ``polars.DataFrame`` (needs the ``polars`` extra), built from Arrow."""
        return _interop.to_polars(self.arrow)

    def to_duckdb(self, connection: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyRelation:
        """The matching rows as a DuckDB relation (needs the ``duckdb`` extra), scanning the Arrow table."""
        return _interop.to_duckdb(self.arrow, connection)


def query(table: str, /, *, columns: Iterable[str] | None = None, **given: object) -> Query:
    """Filter a shipped table; see the module documentation for the filters."""
    import pyarrow.compute as pc

    data = _store.table(table)
    mask = _mask(data, _plan(table, given))
    if mask is None:
        result = Query(table, data, None)
    else:
        rows = tuple(pc.indices_nonzero(mask).to_pylist())
        result = Query(table, data.filter(mask), rows)
    if columns is not None:
        result = attrs.evolve(result, arrow=_store.select_columns(result.arrow, table, columns))
    return result


# --- timeline ------------------------------------------------------------------------------------


def timeline(**given: object) -> tuple[Event | Award, ...]:
    """Events and awards in date order: by first day, then last day, then id; undated ones last.

    Accepts the date filters ``between=`` and ``year=``.
    """
    unknown = sorted(set(given) - set(_DATE_FILTERS))
    if unknown:
        raise UnknownNameError(f"unknown timeline filter(s) {shown(unknown)}; valid filters are: between, year")
    dates = cast("dict[str, Any]", given)
    found = [*query("events", **dates).records(), *query("awards", **dates).records()]
    items = cast("list[Event | Award]", found)
    far = datetime.date.max

    def key(item: Event | Award) -> tuple[datetime.date, datetime.date, str]:
        return (item.start_date or far, item.end_date or far, item.id)

    return tuple(sorted(items, key=key))


def timeline_table(**given: object) -> pa.Table:
    """The timeline as an Arrow table, one row per event or award in :func:`timeline` order.

    Columns: id, table, kind (an event's kind, or ``award:<tier>``), date,
    date_basis, precision (``year``, ``month``, ``day`` or ``interval``),
    start_date, end_date, name_en, name_vi, role and parent_id. ``role`` and
    ``parent_id`` are the event's; an award has neither (null): it is an honour
    Bình Dương received, and the ceremony it was presented at is
    ``awards.event_id``, not a parent.
    """
    import pyarrow as pa

    from ._edtf import parse_edtf

    rows = [
        {
            "id": item.id,
            "table": "events" if isinstance(item, Event) else "awards",
            "kind": item.kind.value if isinstance(item, Event) else f"award:{item.tier.value}",
            "date": item.date,
            "date_basis": item.date_basis.value if item.date_basis else None,
            "precision": parse_edtf(item.date).precision if item.date else None,
            "start_date": item.start_date,
            "end_date": item.end_date,
            "name_en": item.name_en,
            "name_vi": item.name_vi,
            "role": item.role.value if isinstance(item, Event) and item.role is not None else None,
            "parent_id": item.parent_id if isinstance(item, Event) else None,
        }
        for item in timeline(**given)
    ]
    # New columns go at the end, so that positions callers rely on stay where they were.
    schema = pa.schema(
        [("id", pa.string()), ("table", pa.string()), ("kind", pa.string()), ("date", pa.string()),
         ("date_basis", pa.string()), ("precision", pa.string()), ("start_date", pa.date32()),
         ("end_date", pa.date32()), ("name_en", pa.string()), ("name_vi", pa.string()), ("role", pa.string()),
         ("parent_id", pa.string())]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)
