"""describe() answers 'what does column X mean, what values can it take' from Python, in the schema's words.

The words of describe(), of the data dictionary and of each record class's docstring come from one
function of the schema, so they agree; the counts and examples come from the shipped tables. The docs
that explain the data ship inside the package (docs_path()).
"""

from __future__ import annotations

import datetime
import inspect
import json
import pydoc
import re
import subprocess
import sys

import pytest

import binhduong_corpus as bdc
from binhduong_corpus._columns import column_meaning
from binhduong_corpus._links import LINK_TABLES
from binhduong_corpus.records import KEY_COLUMNS, TABLES
from binhduong_corpus.schema import Column, columns, data_dictionary, describe_class

from .conftest import ROOT

NAMES = (*bdc.table_names(), *bdc.link_names())


def _schema_columns(name: str) -> tuple[Column, ...]:
    return LINK_TABLES[name].columns if name in LINK_TABLES else columns(TABLES[name])


def _first_example(values: list[object]) -> object:
    """What describe() should show: the first value neither null nor an empty list; long text cut at 80."""
    value = next((v for v in values if v is not None and v != []), None)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str) and len(value) > 80:
        return value[:79] + "…"
    return value


def test_describe_covers_every_table_then_every_link_table() -> None:
    described = bdc.describe()
    assert isinstance(described, bdc.Description)
    assert tuple(t.name for t in described.tables) == NAMES
    assert [t.kind for t in described.tables] == ["table"] * 7 + ["link"] * len(LINK_TABLES)
    assert all(isinstance(t, bdc.TableDescription) for t in described.tables)


@pytest.mark.parametrize("name", NAMES)
def test_a_table_is_described_from_the_schema_and_the_data(name: str) -> None:
    table = bdc.describe(name)
    data = bdc.load_table(name)
    assert table == next(t for t in bdc.describe().tables if t.name == name)
    assert table.rows == data.num_rows > 0
    if name in LINK_TABLES:
        link = LINK_TABLES[name]
        assert (table.meaning, table.key) == (link.description, link.key)
        assert table.derived_from == tuple(f"{link.table}.{column}" for column, _ in link.lists)
    else:
        assert (table.meaning, table.key, table.derived_from) == (describe_class(TABLES[name]), KEY_COLUMNS[name], ())
    for column, schema in zip(table.columns, _schema_columns(name), strict=True):
        values = data.column(schema.name).to_pylist()
        assert isinstance(column, bdc.ColumnDescription)
        assert (column.name, column.type, column.nullable) == (schema.name, schema.type_label, schema.nullable)
        assert (column.meaning, column.values, column.language) == (
            schema.description,
            schema.values,
            schema.language_note,
        )
        assert column.nulls == values.count(None)
        assert column.example == _first_example(values)
        assert column.nulls == 0 or column.nullable


def test_a_column_answers_what_it_means_and_what_values_it_takes() -> None:
    role = bdc.describe("events").column("role")
    assert role.values == ("host", "participant", "visitor", "honouree", "subject", "not_involved")
    assert role.meaning == (
        "Bình Dương's part in the event; null when the sources do not say (silence is not 'not_involved')."
    )
    text = str(role)
    assert text.startswith("role: string (enum), may be null (2 null)\nBình Dương's part in the event; null when")
    assert "Example: '" in text
    assert "may be null (" in str(bdc.describe("events").column("edition"))
    with pytest.raises(bdc.UnknownNameError, match="valid columns are: id, name_vi"):
        bdc.describe("events").column("rol")
    with pytest.raises(bdc.InvalidTypeError):
        bdc.describe("events").column(5)  # type: ignore[arg-type]


def test_examples_are_plain_values_of_the_column_type() -> None:
    events = bdc.describe("events")
    assert isinstance(events.column("start_date").example, datetime.date)
    assert isinstance(events.column("organiser_ids").example, tuple)
    assert isinstance(events.column("edition").example, int)
    text = bdc.describe("sources").column("text").example
    assert isinstance(text, str) and len(text) == 80 and text.endswith("…")


def test_to_dict_is_plain_json() -> None:
    whole = bdc.describe().to_dict()
    assert json.loads(json.dumps(whole, ensure_ascii=False)) == whole
    assert whole["summary"] == bdc.describe().summary
    events = bdc.describe("events").to_dict()
    assert events["name"] == "events" and events["kind"] == "table" and events["key"] == ["id"]
    role = next(c for c in events["columns"] if c["name"] == "role")  # type: ignore[union-attr]
    assert set(role) == {"name", "type", "nullable", "meaning", "values", "language", "nulls", "example"}
    assert role["values"][0] == "host" and isinstance(role["example"], str)
    start = next(c for c in events["columns"] if c["name"] == "start_date")  # type: ignore[union-attr]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", start["example"])


@pytest.mark.parametrize("name", NAMES)
def test_the_text_is_a_table_within_100_columns_with_every_word(name: str) -> None:
    text = str(bdc.describe(name))
    assert max(map(len, text.splitlines())) <= 100
    assert text.startswith(name)
    flat = " ".join(text.split())
    for column in bdc.describe(name).columns:
        assert re.search(rf"^{column.name}\s", text, re.MULTILINE), column.name
        assert " ".join(column.text.split()) in flat  # wrapped, but every word, in order
        assert all(value in flat for value in column.values)


def test_the_whole_text_has_the_summary_and_every_table() -> None:
    text = str(bdc.describe())
    assert max(map(len, text.splitlines())) <= 100
    summary = bdc.describe().summary
    assert "event_partners" in summary and "source_authors" in summary and "evidence.record_id" in summary
    assert "awards.event_id" in summary
    for name in NAMES:
        assert str(bdc.describe(name)) in text


def test_describe_data_dictionary_and_docstrings_say_the_same() -> None:
    dictionary = data_dictionary()
    for name in NAMES:
        for column, schema in zip(bdc.describe(name).columns, _schema_columns(name), strict=True):
            assert column.text == column_meaning(schema)
            marked = column_meaning(schema, lambda value: f"`{value}`")
            assert f"| `{schema.name}` | {schema.type_label} | {'yes' if schema.nullable else 'no'} | {marked} |" in (
                dictionary
            )
    for name, cls in TABLES.items():
        doc = " ".join(inspect.getdoc(cls).split())  # type: ignore[union-attr]
        for column in bdc.describe(name).columns:
            assert " ".join(column.text.split()) in doc


@pytest.mark.parametrize("name", list(TABLES))
def test_help_shows_each_record_class_with_its_columns(name: str) -> None:
    cls = TABLES[name]
    doc = inspect.getdoc(cls)
    assert doc is not None and doc.startswith(describe_class(cls))
    assert f"Columns of the {name} table:" in doc and f"describe({name!r})" in doc
    for column in columns(cls):
        assert re.search(rf"^{column.name}\s+{re.escape(column.type_label)}\s+(yes|no)\s", doc, re.MULTILINE)
    assert max(map(len, doc.splitlines())) <= 96
    assert doc in pydoc.render_doc(cls, renderer=pydoc.plaintext).replace("\n |  ", "\n").replace(" |  ", "")


def test_the_record_classes_render_their_docstrings_only_when_read() -> None:
    code = (
        "import binhduong_corpus as b\n"
        "b.get('pt-icf'), b.load_records('evidence')\n"
        "rendered = lambda: [c.__dict__['__doc__']._rendered is not None for c in (b.Event, b.Evidence)]\n"
        "print(*rendered(), b.Event.__doc__ is not None, *rendered())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "True", "True", "False"]


def test_describe_refuses_what_is_not_a_table() -> None:
    with pytest.raises(bdc.UnknownTableError, match=r"did you mean 'events'.*link tables: event_partners"):
        bdc.describe("evnts")
    with pytest.raises(bdc.InvalidTypeError):
        bdc.describe(5)  # type: ignore[call-overload]


def test_describe_is_cached_and_cleared_with_the_tables() -> None:
    first = bdc.describe()
    assert bdc.describe() is first
    bdc.clear_cache()
    assert bdc.describe() is not first and bdc.describe() == first


# --- the docs that explain the data ---------------------------------------------------------------------


def test_docs_path_holds_the_docs_that_explain_the_data() -> None:
    folder = bdc.docs_path()
    files = bdc.docs_files()
    assert {"data-dictionary.md", "datasheet.md", "vocabulary.md"} <= set(files)
    assert all(path.parent == folder and path.is_file() and path.suffix == ".md" for path in files.values())
    assert list(files) == sorted(files)
    assert (folder / "data-dictionary.md").read_text(encoding="utf-8") == data_dictionary() + "\n"


def test_docs_files_are_the_markdown_of_the_repository_docs() -> None:
    """What a checkout lists is what the wheel carries (tests/test_install.py reads it from a wheel)."""
    assert set(bdc.docs_files()) == {path.name for path in (ROOT / "docs").glob("*.md")}
    examples = ROOT / "docs" / "examples.md"
    assert ("examples.md" in bdc.docs_files()) == examples.is_file()


def test_the_readme_points_python_users_to_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bdc.docs_path()" in readme and "bdc.describe(" in readme and "bdc.connect()" in readme
