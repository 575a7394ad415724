"""List columns go into the files as JSON text and come back as the same lists, whatever the strings hold."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, strategies as st

from binhduong_corpus._jsonlists import decode, encode, file_schema, list_type

# Any text Arrow can hold: quotes, backslashes, line breaks and the wrapper's own '}\n{"v":' included.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(['}\n{"v":', '"', "\\"])


def _table(rows: list[list[str]]) -> pa.Table:
    schema = pa.schema([pa.field("id", pa.int64()), pa.field("items", list_type(), nullable=False)])
    return pa.Table.from_arrays([pa.array(range(len(rows))), pa.array(rows, type=list_type())], schema=schema)


@given(st.lists(st.lists(TEXT, max_size=4), max_size=6))
def test_encode_then_decode_gives_the_same_table(rows: list[list[str]]) -> None:
    table = _table(rows)
    stored = encode(table)
    assert stored.schema == file_schema(table.schema)
    assert stored.schema.field("items").type == pa.json_()
    assert decode(stored).equals(table)


def test_stored_text_is_compact_json() -> None:
    stored = encode(_table([["pt-icf", "Bình Dương"], []]))
    assert stored.column("items").chunk(0).storage.to_pylist() == ['["pt-icf","Bình Dương"]', "[]"]


@pytest.mark.parametrize("text", ["{}", "[1]", '["a", null]', "null", "[", '["a"]\n["b"]', '["a"],"w":1'])
def test_a_cell_that_is_not_a_json_array_of_strings_is_refused(text: str) -> None:
    cells = pa.ExtensionArray.from_storage(pa.json_(), pa.array([text, "[]"], type=pa.string()))
    stored = pa.table({"items": cells})
    with pytest.raises(pa.ArrowInvalid):
        decode(stored)
