"""Arrow <-> records: the Arrow schema of each table, and conversion in both directions.

Everything that turns a record class into Arrow, or Arrow back into
records, is here: the build writes tables with :func:`table_from_records`,
the loaders read them with :func:`records_from_table`, and both use the one
:func:`arrow_schema` derived from the record classes.

In the data files the same tables take another form, which lets other
readers restore their dtypes (:mod:`._fileform`): lists as JSON text,
vocabularies dictionary-encoded, pandas and Polars metadata.

Reading goes column by column: one ``to_pylist`` per column, enums looked up
once per distinct value, then the attrs constructor. No dict is built per
row, which keeps typed records close to the cost of ``Table.to_pylist()``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._fileform import list_type
from .records import TABLES, AnyRecord, Evidence
from .schema import Column, columns, describe_class

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["arrow_schema", "records_from_table", "table_from_records"]


def _arrow_type(column: Column) -> pa.DataType:
    import pyarrow as pa

    if column.kind == "list":
        return list_type()
    scalar = {
        "string": pa.string(),
        "enum": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    return scalar[column.kind]


@functools.cache  # a pure function of the record classes; Arrow schemas are immutable
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table, with each field's description (and enum values) as metadata."""
    import pyarrow as pa

    cls = TABLES[table]
    fields = []
    for column in columns(cls):
        meta = {"description": column.description}
        if column.enum:
            meta["enum"] = ",".join(column.values)
        fields.append(pa.field(column.name, _arrow_type(column), nullable=column.nullable, metadata=meta))
    return pa.schema(
        fields, metadata={"table": table, "record_class": cls.__name__, "description": describe_class(cls)}
    )


def table_from_records(table: str, records: Iterable[AnyRecord]) -> pa.Table:
    """The Arrow table of ``records`` (instances of ``table``'s class), in the given order.

    Enums become their string values and tuples lists; nested evidence is
    left out (it is the evidence table's rows).
    """
    import pyarrow as pa

    rows = list(records)
    schema = arrow_schema(table)
    arrays = []
    for col, field in zip(columns(TABLES[table]), schema, strict=True):
        values = [getattr(row, col.name) for row in rows]
        if col.enum is not None:
            values = [None if v is None else v.value for v in values]
        elif col.kind == "list":
            values = [list(v) for v in values]
        arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def records_from_table(
    data: pa.Table, cls: type[AnyRecord], evidence: Mapping[str, tuple[Evidence, ...]] | None = None
) -> list[AnyRecord]:
    """Every row of ``data`` as a ``cls`` record; ``evidence`` maps record ids to their spans.

    Columns are passed positionally: the table's columns are the class's
    fields in order, with the nested ``evidence`` field last.
    """
    values: list[list[Any]] = []
    for col in columns(cls):
        column = data.column(col.name).to_pylist()
        if col.enum is not None:
            members = {member.value: member for member in col.enum}
            column = [None if v is None else members[v] for v in column]
        elif col.kind == "list":
            column = [tuple(v) for v in column]
        values.append(column)
    if cls is Evidence:
        return [cls(*row) for row in zip(*values, strict=True)]
    spans = evidence or {}
    nested = [spans.get(record_id, ()) for record_id in values[0]]
    return [cls(*row) for row in zip(*values, nested, strict=True)]
