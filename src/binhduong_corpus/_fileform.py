"""The form a table takes in a data file, and back: what lets any reader keep its meaning.

In memory a table has plain Arrow types: text is ``string``, a closed
vocabulary is ``string`` with its values in the field's ``enum`` metadata, a
list column is ``list<string>``. In a Parquet file the same table is stored
so that tools which never heard of this package restore it:

* a list column is JSON text (``["pt-icf","pt-wta"]``: Arrow's canonical
  ``arrow.json`` type, Parquet's JSON logical type). Frictionless reads a
  Table Schema ``array`` from it, pandas' ``to_sql``/``to_csv`` and
  Datasette's loaders store it whole, SQLite's JSON functions and DuckDB's
  ``JSON`` type query it, Hugging Face ``datasets`` decodes it into lists. A
  native Parquet list reaches those tools as NumPy arrays, which they reject
  or store as raw buffer bytes;
* a closed vocabulary is dictionary-encoded with the whole vocabulary as the
  dictionary, in definition order, so pandas shows a ``Categorical`` and
  Polars an ``Enum`` with every category, whether or not it occurs;
* the schema carries pandas' own metadata (nullable ``Int64`` and
  ``boolean``, the ``string`` dtype; dates stay Python dates, pandas'
  default) and Polars' enum metadata.

:func:`file_schema` derives the file's schema from the memory schema, the
build writes with :func:`encode`, and the store reads with :func:`decode`.
Decoding uses Arrow's JSON reader rather than Python values handed to Arrow,
which would import pandas.
"""

from __future__ import annotations

import array
import itertools
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["decode", "encode", "file_schema", "list_type"]

_READER_METADATA = b"pandas"
_POLARS_ENUM = b"_PL_ENUM_VALUES2"


def list_type() -> pa.DataType:
    """The in-memory type of a list column; "element" is Parquet's name for list items."""
    import pyarrow as pa

    return pa.list_(pa.field("element", pa.string(), nullable=False))


def _vocabulary(field: pa.Field) -> list[str] | None:
    allowed = (field.metadata or {}).get(b"enum")
    return None if allowed is None else allowed.decode("utf-8").split(",")


# How pandas should restore each type, as pandas' own metadata says it ("numpy_type" names the dtype).
def _pandas_column(field: pa.Field) -> dict[str, object]:
    import pyarrow as pa

    vocabulary = _vocabulary(field)
    if vocabulary is not None:
        kind, dtype, meta = "categorical", "int8", {"num_categories": len(vocabulary), "ordered": False}
    else:
        kind, dtype = {
            pa.string(): ("unicode", "string"),
            pa.int64(): ("int64", "Int64"),
            pa.float64(): ("float64", "float64"),
            pa.bool_(): ("bool", "boolean"),
            # Python dates, pandas' own reading of a Parquet date: Arrow-backed dates break to_sql in pandas 2.0
            # and to_json in pandas 3, and datetime64 is a moment, not a day.
            pa.date32(): ("date", "object"),
        }.get(field.type, ("unicode", "object"))  # lists: JSON text, for which pandas has no dtype
        meta = None
    return {"name": field.name, "field_name": field.name, "pandas_type": kind, "numpy_type": dtype, "metadata": meta}


def _file_field(field: pa.Field, lists: bool) -> pa.Field:
    import pyarrow as pa

    if pa.types.is_list(field.type):
        return field.with_type(pa.json_()) if lists else field
    vocabulary = _vocabulary(field)
    if vocabulary is None:
        return field
    # int32 indices: what every pyarrow release reads a Parquet dictionary back as.
    polars = "".join(f"{len(value.encode('utf-8'))};{value}" for value in vocabulary)
    metadata = {**(field.metadata or {}), _POLARS_ENUM: polars.encode("utf-8")}
    return field.with_type(pa.dictionary(pa.int32(), pa.string())).with_metadata(metadata)


def file_schema(schema: pa.Schema, *, lists: bool = True) -> pa.Schema:
    """The schema of the data file that stores a table of in-memory ``schema`` (lists kept when not ``lists``)."""
    import pyarrow as pa

    document = {"index_columns": [], "column_indexes": [], "columns": [_pandas_column(f) for f in schema]}
    metadata = {**(schema.metadata or {}), _READER_METADATA: json.dumps(document, separators=(",", ":")).encode()}
    return pa.schema([_file_field(f, lists) for f in schema], metadata=metadata)


def encode(data: pa.Table, *, lists: bool = True) -> pa.Table:
    """``data`` (in memory) in the form its data file stores; list columns left as they are when not ``lists``.

    ``lists=False`` is what pandas is handed: the vocabularies and metadata
    that give its dtypes, without JSON text to parse back.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    schema = file_schema(data.schema, lists=lists)
    columns = []
    for field, stored, column in zip(data.schema, schema, data.columns, strict=True):
        if field.type != stored.type and pa.types.is_list(field.type):
            text = [json.dumps(items, ensure_ascii=False, separators=(",", ":")) for items in column.to_pylist()]
            columns.append(pa.ExtensionArray.from_storage(pa.json_(), pa.array(text, type=pa.string())))
        elif field.type != stored.type:  # a vocabulary: indices into the whole of it, even with no rows
            vocabulary = pa.array(_vocabulary(field) or [], type=pa.string())
            indices = pc.index_in(column.combine_chunks(), value_set=vocabulary).cast(pa.int32())
            columns.append(pa.DictionaryArray.from_arrays(indices, vocabulary))
        else:
            columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def decode(data: pa.Table) -> pa.Table:
    """``data`` as it is held in memory: JSON columns as lists, dictionaries as text, no reader metadata.

    A table already in memory form comes back as it is. Raises
    ``pyarrow.ArrowInvalid`` when a JSON cell is not an array of strings, or
    is null.
    """
    import pyarrow as pa

    fields, columns = [], []
    for field, column in zip(data.schema, data.columns, strict=True):
        if field.type == pa.json_():
            column = _lists(column)
        elif pa.types.is_dictionary(field.type):
            column = pa.chunked_array([_plain(chunk) for chunk in column.chunks], field.type.value_type)
        metadata = {k: v for k, v in (field.metadata or {}).items() if k != _POLARS_ENUM} or None
        fields.append(field.with_type(column.type).with_metadata(metadata))
        columns.append(column)
    metadata = {k: v for k, v in (data.schema.metadata or {}).items() if k != _READER_METADATA} or None
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=metadata))


def _plain(chunk: pa.DictionaryArray) -> pa.Array:
    """A dictionary-encoded text array as plain text, built from its buffers.

    Arrow's own ``dictionary_decode`` would import ``pyarrow.compute`` (about
    25 ms), which no plain load needs otherwise.
    """
    import pyarrow as pa

    words = [word.encode("utf-8") for word in chunk.dictionary.to_pylist()]
    indices = chunk.indices.to_pylist()
    data = b"".join(words[i] for i in indices if i is not None)
    offsets = array.array("i", [0])
    offsets.extend(itertools.accumulate(0 if i is None else len(words[i]) for i in indices))
    valid = None
    if chunk.null_count:
        bits = sum(1 << row for row, i in enumerate(indices) if i is not None)
        valid = pa.py_buffer(bits.to_bytes((len(indices) + 7) // 8, "little"))
    buffers = [valid, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.string(), len(indices), buffers, null_count=chunk.null_count)


def _lists(column: pa.ChunkedArray) -> pa.ChunkedArray:
    import pyarrow as pa
    import pyarrow.json as pajson

    texts = [text for chunk in column.chunks for text in chunk.storage.to_pylist()]
    if not texts:
        return pa.chunked_array([], type=list_type())
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
    return parsed.column(0)
