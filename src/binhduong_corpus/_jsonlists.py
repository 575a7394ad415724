"""List columns as they are stored in the data files: JSON text, and back.

In memory a list column is Arrow ``list<string>``. In a Parquet file it is
JSON text (``["pt-icf","pt-wta"]``, Arrow's canonical ``arrow.json``
extension, Parquet's JSON logical type). Every reader then keeps the whole
list: Frictionless and Table Schema read an ``array`` from JSON text,
pandas' ``to_sql``/``to_csv`` and Datasette's loaders store it as text that
SQLite's JSON functions query, DuckDB sees a JSON column, and Hugging Face
``datasets`` decodes it into lists. A native Parquet list reaches those
tools as NumPy arrays, which they reject or store as buffer bytes.

The build encodes (:func:`encode`); the store decodes each table once as it
loads it (:func:`decode`), with Arrow's JSON reader rather than Python
objects handed to Arrow, which would import pandas.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["decode", "encode", "file_schema", "list_type"]


def list_type() -> pa.DataType:
    """The in-memory type of a list column; "element" is Parquet's name for list items."""
    import pyarrow as pa

    return pa.list_(pa.field("element", pa.string(), nullable=False))


def file_schema(schema: pa.Schema) -> pa.Schema:
    """``schema`` with each list column as JSON text: the schema of the data file."""
    import pyarrow as pa

    fields = [f.with_type(pa.json_()) if pa.types.is_list(f.type) else f for f in schema]
    return pa.schema(fields, metadata=schema.metadata)


def encode(data: pa.Table) -> pa.Table:
    """``data`` with its list columns as compact JSON text (the build's side)."""
    import pyarrow as pa

    schema = file_schema(data.schema)
    columns = []
    for field, column in zip(data.schema, data.columns, strict=True):
        if pa.types.is_list(field.type):
            text = [json.dumps(items, ensure_ascii=False, separators=(",", ":")) for items in column.to_pylist()]
            column = pa.ExtensionArray.from_storage(pa.json_(), pa.array(text, type=pa.string()))
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def decode(data: pa.Table) -> pa.Table:
    """``data`` with its JSON columns as ``list<string>`` (the store's side).

    Raises ``pyarrow.ArrowInvalid`` when a cell is not a JSON array of
    strings, or is null.
    """
    import pyarrow as pa

    for index, field in enumerate(data.schema):
        if field.type == pa.json_():
            lists = _lists(data.column(index))
            data = data.set_column(index, field.with_type(lists.type), lists)
    return data


def _lists(column: pa.ChunkedArray) -> pa.Array:
    import pyarrow as pa
    import pyarrow.json as pajson

    texts = [text for chunk in column.chunks for text in chunk.storage.to_pylist()]
    if not texts:
        return pa.array([], type=list_type())
    if None in texts:
        raise pa.ArrowInvalid("a list column holds a null; expected a JSON array in every row")
    # One newline-delimited JSON document for Arrow's reader: each cell becomes the object {"v": cell}.
    document = ('{"v":' + '}\n{"v":'.join(texts) + "}\n").encode("utf-8")
    schema = pa.schema([pa.field("v", list_type(), nullable=False)])
    parsed = pajson.read_json(
        pa.BufferReader(document),
        read_options=pajson.ReadOptions(use_threads=False, block_size=len(document) + 1),  # one block: every row
        parse_options=pajson.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
    )
    if parsed.num_rows != len(texts):
        raise pa.ArrowInvalid(f"a list column's JSON text gave {parsed.num_rows} rows for {len(texts)} cells")
    return parsed.column(0).combine_chunks()
