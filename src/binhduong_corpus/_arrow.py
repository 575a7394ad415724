"""Arrow <-> records: the Arrow schema of each table, and conversion in both directions.

Everything that turns a record class into Arrow, or Arrow back into
records, is here: the build writes tables with :func:`table_from_records`,
the loaders read them with :func:`records_from_table`, and both use the one
:func:`arrow_schema` derived from the record classes.

Closed vocabularies are dictionary-encoded with the whole vocabulary as
the dictionary, in definition order, so a column comes back as a pandas
Categorical or a Polars Enum with the fixed categories, whether or not each
value occurs. The schema also carries what plain readers need to restore the
other dtypes: pandas' own metadata (nullable Int64 and boolean, string,
Arrow dates) and Polars' enum metadata. In the data files list columns are
JSON text (:mod:`._jsonlists`); here they are ``list<string>``.

Reading goes column by column: one ``to_pylist`` per column, enums looked up
once per distinct value, then the attrs constructor. No dict is built per
row, which keeps typed records close to the cost of ``Table.to_pylist()``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._jsonlists import list_type
from .records import TABLES, AnyRecord, Evidence
from .schema import Column, columns, describe_class

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["arrow_schema", "records_from_table", "table_from_records"]


def _arrow_type(column: Column) -> pa.DataType:
    import pyarrow as pa

    if column.kind == "list":
        return list_type()
    if column.kind == "enum":
        return pa.dictionary(_index_type(len(column.values)), pa.string())
    scalar = {
        "string": pa.string(),
        "enum": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    return scalar[column.kind]


def _index_type(size: int) -> pa.DataType:
    import pyarrow as pa

    return pa.int8() if size < 2**7 else pa.int16() if size < 2**15 else pa.int32()


# How pandas should restore each kind of column, in the metadata pandas itself writes ("numpy_type" names
# the dtype): nullable integers and booleans, the string dtype, real dates rather than Python objects.
_PANDAS_TYPES = {
    "string": ("unicode", "string"),
    "enum": ("categorical", "int8"),
    "int64": ("int64", "Int64"),
    "float64": ("float64", "float64"),
    "bool": ("bool", "boolean"),
    "date": ("date", "date32[day][pyarrow]"),
    "list": ("unicode", "object"),  # JSON text in the files; pandas has no dtype for lists of strings
}


def _pandas_metadata(cls: type[AnyRecord]) -> str:
    described = []
    for column in columns(cls):
        pandas_type, numpy_type = _PANDAS_TYPES[column.kind]
        meta = {"num_categories": len(column.values), "ordered": False} if column.enum else None
        described.append(
            {
                "name": column.name,
                "field_name": column.name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": meta,
            }
        )
    document = {"index_columns": [], "column_indexes": [], "columns": described}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _field_metadata(column: Column) -> dict[str, str]:
    meta = {"description": column.description}
    if column.enum:
        meta["enum"] = ",".join(column.values)
        # Polars restores an Enum, not a Categorical, from this: each value prefixed by its length in bytes.
        meta["_PL_ENUM_VALUES2"] = "".join(f"{len(value.encode('utf-8'))};{value}" for value in column.values)
    return meta


@functools.cache  # a pure function of the record classes; Arrow schemas are immutable
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table in memory, with descriptions, vocabularies and reader metadata."""
    import pyarrow as pa

    cls = TABLES[table]
    fields = [
        pa.field(column.name, _arrow_type(column), nullable=column.nullable, metadata=_field_metadata(column))
        for column in columns(cls)
    ]
    metadata = {
        "table": table,
        "record_class": cls.__name__,
        "description": describe_class(cls),
        "pandas": _pandas_metadata(cls),
    }
    return pa.schema(fields, metadata=metadata)


def table_from_records(table: str, records: Iterable[AnyRecord]) -> pa.Table:
    """The Arrow table of ``records`` (instances of ``table``'s class), in the given order.

    Enums become indices into their whole vocabulary and tuples lists;
    nested evidence is left out (it is the evidence table's rows).
    """
    import pyarrow as pa

    rows = list(records)
    schema = arrow_schema(table)
    arrays = []
    for col, field in zip(columns(TABLES[table]), schema, strict=True):
        values = [getattr(row, col.name) for row in rows]
        if col.enum is not None:
            position = {member: i for i, member in enumerate(col.enum)}
            indices = pa.array([None if v is None else position[v] for v in values], type=field.type.index_type)
            arrays.append(pa.DictionaryArray.from_arrays(indices, pa.array(col.values, type=pa.string())))
            continue
        if col.kind == "list":
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
