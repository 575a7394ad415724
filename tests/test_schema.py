"""The schema has one definition: the record classes. Everything derived must agree with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import binhduong_corpus as bdc
from binhduong_corpus._arrow import arrow_schema
from binhduong_corpus._fileform import file_schema
from binhduong_corpus._fingerprint import schema_fingerprint
from binhduong_corpus._schema_lock import SCHEMAS
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns, data_dictionary

from .conftest import ROOT


def test_data_dictionary_is_generated_from_the_schema() -> None:
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary() + "\n", "run: python -m binhduong_corpus.build"


def test_data_dictionary_lists_every_column_and_enum_value() -> None:
    text = data_dictionary()
    for table, cls in TABLES.items():
        assert f"## {table}" in text
        for col in columns(cls):
            assert f"| `{col.name}` |" in text
            for value in col.values:
                assert f"`{value}`" in text


@pytest.mark.parametrize("table", list(TABLES))
def test_shipped_parquet_schema_is_the_derived_schema(table: str, data_dir: Path) -> None:
    data = (data_dir / f"{table}.parquet").read_bytes()
    schema = pq.ParquetFile(pa.BufferReader(data)).schema_arrow
    assert schema.equals(file_schema(arrow_schema(table)), check_metadata=True)
    assert bdc.manifest()["tables"][table]["schema"] == schema_fingerprint(file_schema(arrow_schema(table)))


@pytest.mark.parametrize("table", list(TABLES))
def test_enum_columns_hold_only_enum_values(table: str) -> None:
    data = bdc.load_table(table)
    for col in columns(TABLES[table]):
        if col.enum:
            values = {v for v in data.column(col.name).to_pylist() if v is not None}
            assert values <= set(col.values), (table, col.name)


def test_schema_lock_is_the_record_classes_compiled() -> None:
    """The fingerprints the store checks files against are those of the live record classes, in table order."""
    assert {table: schema_fingerprint(file_schema(arrow_schema(table))) for table in TABLES} == SCHEMAS
    assert list(SCHEMAS) == list(TABLES)


def test_versions_agree(data_dir: Path) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'path = "src/binhduong_corpus/_version.py"' in pyproject
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = re.search(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.MULTILINE)
    assert newest is not None
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    assert bdc.__version__ == manifest["version"] == newest[1]


def test_public_surface() -> None:
    import importlib
    import pkgutil
    import types

    # A submodule named like a public function would replace it on the package once imported.
    for module in pkgutil.iter_modules(bdc.__path__):
        if module.name != "__main__":
            importlib.import_module(f"binhduong_corpus.{module.name}")
    assert set(bdc.__all__) <= set(dir(bdc))
    for name in bdc.__all__:
        assert not isinstance(getattr(bdc, name), types.ModuleType), name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        bdc.nope  # noqa: B018
    assert issubclass(bdc.UnknownTableError, bdc.CorpusError)
    assert issubclass(bdc.InvalidDateError, bdc.InvalidArgumentError)
    assert issubclass(bdc.MissingDependencyError, ImportError)
