"""describe(): what every table and column holds, in words, with counts and an example from the data.

The words come from the schema -- the record classes' field descriptions
and vocabularies, the link tables' columns -- through the one function the
data dictionary and the classes' docstrings use
(:func:`._columns.column_meaning`); the numbers and examples from the
shipped tables. Nothing is written here that is written elsewhere.
"""

from __future__ import annotations

import datetime
import textwrap
from typing import TYPE_CHECKING, overload

import attrs

from . import _store
from ._columns import Column, column_meaning, columns, describe_class, text_table
from ._links import LINK_TABLES
from ._version import __version__
from .errors import InvalidTypeError, UnknownNameError
from .load import check_table_or_link, load_table
from .records import KEY_COLUMNS, TABLES

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ColumnDescription", "Description", "Example", "SourceCoverage", "TableDescription", "describe"]

#: A column's example value: a list column's is a tuple, a date column's a date.
Example = str | int | float | bool | datetime.date | tuple[str, ...] | None

_EXAMPLE_CHARACTERS = 80  # longer text is cut: an example shows what a value looks like, not a whole article
_WIDTH = 100


@attrs.frozen
class ColumnDescription:
    """One column: its type, whether it may be null, what it means and what the data holds."""

    name: str
    type: str  # as the data dictionary shows it: "string", "string (enum)", "list<string>", "int64", "date" ...
    nullable: bool
    meaning: str  # the column's description
    values: tuple[str, ...]  # the closed vocabulary, in order; empty for an open column
    language: str  # how the column's language is known, in words; empty for a column without one
    nulls: int  # rows whose value is null
    example: Example  # the first value that is neither null nor an empty list, in table order; None if none is
    _column: Column = attrs.field(repr=False, eq=False, alias="column")

    @property
    def text(self) -> str:
        """The meaning with the vocabulary and the language, as the data dictionary words it."""
        return column_meaning(self._column)

    def to_dict(self) -> dict[str, object]:
        """The description as plain JSON values (a date as its ISO text, a tuple as a list)."""
        return {
            "name": self.name,
            "type": self.type,
            "nullable": self.nullable,
            "meaning": self.meaning,
            "values": list(self.values),
            "language": self.language,
            "nulls": self.nulls,
            "example": _json(self.example),
        }

    def __str__(self) -> str:
        nulls = f"may be null ({self.nulls} null)" if self.nullable else "never null"
        lines = [f"{self.name}: {self.type}, {nulls}", self.text, f"Example: {_shown(self.example)}"]
        return "\n".join(textwrap.fill(line, _WIDTH, break_on_hyphens=False) for line in lines)


def _column_description(column: Column, data: pa.ChunkedArray) -> ColumnDescription:
    return ColumnDescription(
        name=column.name,
        type=column.type_label,
        nullable=column.nullable,
        meaning=column.description,
        values=column.values,
        language=column.language_note,
        nulls=data.null_count,
        example=_example(data),
        column=column,
    )


@attrs.frozen
class TableDescription:
    """One table or link table: what a row is, how many there are, and each column."""

    name: str
    kind: str  # "table" (shipped as a file) or "link" (derived from list columns when loaded)
    meaning: str  # what one row is
    rows: int
    key: tuple[str, ...]  # the columns that identify a row
    derived_from: tuple[str, ...]  # a link table's list columns, as "table.column"; empty for a table
    columns: tuple[ColumnDescription, ...]

    def column(self, name: str) -> ColumnDescription:
        """The description of column ``name``; UnknownNameError listing the columns otherwise."""
        if not isinstance(name, str):
            raise InvalidTypeError(f"name={name!r:.60}: expected a column name, got {type(name).__name__}")
        for column in self.columns:
            if column.name == name:
                return column
        valid = ", ".join(column.name for column in self.columns)
        raise UnknownNameError(f"unknown column {name!r:.60} for table {self.name!r}; valid columns are: {valid}")

    def to_dict(self) -> dict[str, object]:
        """The description as plain JSON values, each column's too."""
        return {
            "name": self.name,
            "kind": self.kind,
            "meaning": self.meaning,
            "rows": self.rows,
            "key": list(self.key),
            "derived_from": list(self.derived_from),
            "columns": [column.to_dict() for column in self.columns],
        }

    def __str__(self) -> str:
        what = " (link table)" if self.kind == "link" else ""
        head = f"{self.name}{what}: {self.meaning} {self.rows} rows; key: {', '.join(self.key)}."
        rows = [(c.name, c.type, _null(c), f"{c.text}\nExample: {_shown(c.example)}") for c in self.columns]
        table = text_table(("column", "type", "null", "meaning"), rows, _WIDTH)
        return f"{textwrap.fill(head, _WIDTH, break_on_hyphens=False)}\n\n{table}"


@attrs.frozen
class SourceCoverage:
    """How much of one source the evidence covers, sentence by sentence (docs/coverage.md lists them)."""

    source_id: str
    sentences: int
    covered: int  # sentences an evidence span touches; each other one has a curator's reason
    furniture: int  # sentences that are page furniture (menus, counters, form labels), not the article

    @property
    def share(self) -> float:
        """The covered fraction of the source's sentences, from 0 to 1."""
        return self.covered / self.sentences if self.sentences else 0.0

    @property
    def article_share(self) -> float:
        """The covered fraction of the sentences that are not page furniture, from 0 to 1."""
        article = self.sentences - self.furniture
        return self.covered / article if article else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "source_id": self.source_id,
            "sentences": self.sentences,
            "covered": self.covered,
            "furniture": self.furniture,
        }

    def __str__(self) -> str:
        article = self.sentences - self.furniture
        return (
            f"{self.source_id} {self.covered}/{self.sentences} ({self.share:.0%}; "
            f"{self.covered}/{article} = {self.article_share:.0%} furniture aside)"
        )


@attrs.frozen
class Description:
    """The whole corpus: a summary, how much of each source the evidence covers, then every table and link table."""

    summary: str
    tables: tuple[TableDescription, ...]
    coverage: tuple[SourceCoverage, ...] = ()

    @property
    def coverage_text(self) -> str:
        """The sentence coverage in one paragraph."""
        covered = sum(c.covered for c in self.coverage)
        total = sum(c.sentences for c in self.coverage)
        share = f"{covered / total:.0%}" if total else "0%"
        return (
            f"Sentence coverage: evidence spans touch {covered} of the {total} sentences of the sources ({share}): "
            f"{'; '.join(map(str, self.coverage))}. Every other sentence has a curator's reason for holding nothing "
            "to record (page furniture, opinion, context ...): docs_path() / 'coverage.md'."
        )

    def to_dict(self) -> dict[str, object]:
        """The description as plain JSON values, every table's too."""
        return {
            "summary": self.summary,
            "coverage": [c.to_dict() for c in self.coverage],
            "tables": [table.to_dict() for table in self.tables],
        }

    def __str__(self) -> str:
        paragraphs = (self.summary, self.coverage_text)
        filled = [textwrap.fill(text, _WIDTH, break_on_hyphens=False) for text in paragraphs]
        return "\n\n\n".join([*filled, *map(str, self.tables)])


@overload
def describe(table: None = None) -> Description: ...
@overload
def describe(table: str) -> TableDescription: ...
def describe(table: str | None = None) -> Description | TableDescription:
    """What the corpus holds: every table and link table, or the one named, column by column.

    Each column's type, whether it may be null, its meaning, its closed
    vocabulary and language (the data dictionary's words, from the same
    schema), and from the data its null count and an example. ``print()``
    shows a text table; ``to_dict()`` gives plain JSON values.
    """
    if table is None:
        return _description()
    return _table(check_table_or_link(table))


def _null(column: ColumnDescription) -> str:
    return f"yes ({column.nulls})" if column.nullable else "no"


@_store.cached  # built from the shipped tables: clear_cache() forgets it with them
def _table(name: str) -> TableDescription:
    data = load_table(name)
    link = LINK_TABLES.get(name)
    lists: tuple[str, ...] = ()
    if link is None:
        cls = TABLES[name]
        cols, meaning, key = columns(cls), describe_class(cls), KEY_COLUMNS[name]
    else:
        cols, meaning, key = link.columns, link.description, link.key
        lists = tuple(f"{link.table}.{column}" for column, _ in link.lists)
    described = tuple(_column_description(column, data.column(column.name)) for column in cols)
    return TableDescription(name, "link" if link else "table", meaning, data.num_rows, key, lists, described)


@_store.cached
def _description() -> Description:
    tables = tuple(_table(name) for name in (*_store.table_names(), *LINK_TABLES))
    return Description(_summary({table.name: table.rows for table in tables}), tables, _coverage())


def _coverage() -> tuple[SourceCoverage, ...]:
    sources = _store.coverage()["sources"]
    return tuple(
        SourceCoverage(name, int(s["sentences"]), int(s["covered"]), int(s["with_reason"].get("furniture", 0)))
        for name, s in sorted(sources.items())
    )


def _summary(rows: dict[str, int]) -> str:
    records = ", ".join(f"{rows[name]} {name}" for name in TABLES if name != "evidence")
    links = " and ".join(
        f"{name} (from {' and '.join(f'{link.table}.{column}' for column, _ in link.lists)})"
        for name, link in LINK_TABLES.items()
    )
    return (
        f"binhduong-corpus {__version__}: {records}, each backed by evidence ({rows['evidence']} verbatim "
        "spans of the sources). The evidence table is the record-evidence link: one row per record and span, "
        "joined on evidence.record_id. Link tables unfold the list columns into one row per element, so joins "
        f"need no lists: {links}; they are derived when loaded, not shipped as files. Awards need no link to "
        "events: awards.event_id is a single id. The same words are in the data dictionary (docs_path() / "
        "'data-dictionary.md') and in each record class's docstring."
    )


def _example(data: pa.ChunkedArray) -> Example:
    for value in data.to_pylist():
        if value is None or value == []:
            continue
        if isinstance(value, list):
            return tuple(value)
        if isinstance(value, str) and len(value) > _EXAMPLE_CHARACTERS:
            return f"{value[: _EXAMPLE_CHARACTERS - 1]}…"
        return value  # type: ignore[no-any-return]
    return None


def _json(value: Example) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


def _shown(value: Example) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(list(value)) if isinstance(value, tuple) else repr(value)
