"""Tables go into the data files in the form other readers restore, and come back exactly as they were."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from hypothesis import given, strategies as st

from binhduong_corpus._fileform import decode, encode, file_schema, list_type

# Any text Arrow can hold: quotes, backslashes, line breaks and the wrapper's own '}\n{"v":' included.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(['}\n{"v":', '"', "\\"])
VOCABULARY = ["host", "participant", "visitor", "unused"]
SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("items", list_type(), nullable=False),
        pa.field("role", pa.string(), metadata={"enum": ",".join(VOCABULARY), "description": "a vocabulary"}),
    ],
    metadata={"table": "test"},
)


def _table(rows: list[tuple[list[str], str | None]]) -> pa.Table:
    items = pa.array([r[0] for r in rows], type=list_type())
    roles = pa.array([r[1] for r in rows], type=pa.string())
    return pa.Table.from_arrays([pa.array(range(len(rows)), pa.int64()), items, roles], schema=SCHEMA)


ROWS = st.lists(st.tuples(st.lists(TEXT, max_size=4), st.none() | st.sampled_from(VOCABULARY[:3])), max_size=6)


@given(ROWS, st.integers(1, 3))
def test_encode_then_decode_gives_the_same_table(rows: list[tuple[list[str], str | None]], chunks: int) -> None:
    table = _table(rows)
    stored = encode(table)
    assert stored.schema == file_schema(table.schema)
    assert stored.schema.field("items").type == pa.json_()
    assert stored.schema.field("role").type == pa.dictionary(pa.int32(), pa.string())
    assert decode(stored).equals(table, check_metadata=True)
    split = pa.Table.from_batches(stored.to_batches(max_chunksize=max(1, len(rows) // chunks)), stored.schema)
    assert decode(split).equals(table, check_metadata=True)


def test_decoding_a_table_in_memory_form_changes_nothing() -> None:
    table = _table([(["a"], "host")])
    assert decode(table).equals(table, check_metadata=True)


def test_the_whole_vocabulary_is_the_dictionary_even_without_rows() -> None:
    for rows in ([], [(["a"], None)], [([], "visitor")]):
        column = encode(_table(rows)).column("role")
        dictionaries = [chunk.dictionary.to_pylist() for chunk in column.chunks]
        assert dictionaries and all(d == VOCABULARY for d in dictionaries)


def test_stored_lists_are_compact_json_and_readers_are_told_the_dtypes() -> None:
    stored = encode(_table([(["pt-icf", "Bình Dương"], "host"), ([], None)]))
    assert stored.column("items").chunk(0).storage.to_pylist() == ['["pt-icf","Bình Dương"]', "[]"]
    pandas = {c["name"]: c["numpy_type"] for c in json.loads(stored.schema.metadata[b"pandas"])["columns"]}
    assert pandas == {"id": "Int64", "items": "object", "role": "int8"}
    assert stored.schema.field("role").metadata[b"_PL_ENUM_VALUES2"] == b"4;host11;participant7;visitor6;unused"


@pytest.mark.parametrize("text", ["{}", "[1]", '["a", null]', "null", "[", '["a"]\n["b"]', '["a"],"w":1'])
def test_a_cell_that_is_not_a_json_array_of_strings_is_refused(text: str) -> None:
    cells = pa.ExtensionArray.from_storage(pa.json_(), pa.array([text, "[]"], type=pa.string()))
    with pytest.raises(pa.ArrowInvalid):
        decode(pa.table({"items": cells}))
