"""Columns as the record classes define them, and the one text that says what each holds.

:func:`columns` reads a record class once and describes each column: its
kind, enum, nullability and description. :func:`column_meaning` turns a
column into words (description, vocabulary, language); the data
dictionary, :func:`binhduong_corpus.describe` and the record classes'
docstrings all say it with that function, so the text is written once.

This module imports no record class: ``records`` imports it (lazily, to
give each class its column table in its docstring), and :mod:`.schema`
re-exports what it defines.
"""

from __future__ import annotations

import datetime
import enum
import inspect
import types
import typing
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from .records import AnyRecord

__all__ = ["Column", "class_doc", "column_meaning", "columns", "describe_class", "text_table"]

_SCALARS: dict[type, str] = {str: "string", int: "int64", float: "float64", bool: "bool", datetime.date: "date"}
_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "enum": str,
    "int64": int,
    "float64": (int, float),
    "bool": bool,
    "date": datetime.date,
    "list": (list, tuple),
}


@attrs.frozen
class Column:
    """One table column as the record class defines it."""

    name: str
    kind: str  # "string", "int64", "float64", "bool", "date", "enum" or "list"
    nullable: bool
    description: str
    derived: bool
    ref: str | None = None  # table the ids point into; "*" for any table
    format: str | None = None  # "id", "edtf" or "iso3166"
    enum: type[enum.Enum] | None = None
    language: str | None = None  # "vi", "en", "row" (the row's ``language``) or "source" (as the source prints it)
    evidenced: bool = False  # a value needs an evidence span that names this column in ``supports``

    @property
    def languages(self) -> tuple[str, ...]:
        """The BCP 47 tags the column's text may be in; empty for a column that holds no prose or names."""
        if self.language is None:
            return ()
        return (self.language,) if self.language in ("vi", "en") else ("vi", "en")

    @property
    def language_note(self) -> str:
        """How the column's language is known, in words; empty for a column without one."""
        return {
            None: "",
            "vi": "Vietnamese.",
            "en": "English.",
            "row": "In the language the row's `language` column gives.",
            "source": "As the sources print it: Vietnamese or English, like the source it comes from.",
        }[self.language]

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of an enum column, in definition order."""
        return tuple(member.value for member in self.enum) if self.enum else ()

    def accepts(self, value: object) -> bool:
        """Whether a non-null Python value has this column's type (list items are not looked at)."""
        # bool is a subclass of int in Python, but True is never a number here.
        numeric = self.kind in ("int64", "float64")
        return isinstance(value, _PYTHON_TYPES[self.kind]) and not (numeric and isinstance(value, bool))

    @property
    def type_label(self) -> str:
        """The type as the data dictionary shows it."""
        if self.kind == "enum":
            return "string (enum)"
        return "list<string>" if self.kind == "list" else self.kind


def _column(field: attrs.Attribute[Any], hint: Any) -> Column:
    nullable = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        nullable, hint = True, inner[0]
    meta = field.metadata
    common = {
        "name": field.name,
        "nullable": nullable,
        "description": meta["description"],
        "derived": meta["derived"],
        "ref": meta["ref"],
        "format": meta["format"],
        "language": meta["language"],
        "evidenced": meta.get("evidenced", False),
    }
    if typing.get_origin(hint) is tuple:
        return Column(kind="list", **common)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Column(kind="enum", enum=hint, **common)
    return Column(kind=_SCALARS[hint], **common)


_COLUMNS: dict[type[AnyRecord], tuple[Column, ...]] = {}  # a pure function of the class: never stale


def columns(cls: type[AnyRecord]) -> tuple[Column, ...]:
    """The table columns of a record class, in field order (nested evidence excluded)."""
    if cls not in _COLUMNS:
        hints = typing.get_type_hints(cls)
        _COLUMNS[cls] = tuple(_column(f, hints[f.name]) for f in attrs.fields(cls) if f.metadata.get("column", True))
    return _COLUMNS[cls]


def describe_class(cls: type) -> str:
    """The first line of a record class's docstring: the table's one-line description."""
    # A record class holds its own text unrendered (records._ColumnsDoc): reading it renders no column table.
    held = vars(cls).get("__doc__")
    text = held if isinstance(held, str) else getattr(held, "own", None) or cls.__doc__ or ""
    return text.strip().splitlines()[0]


def column_meaning(column: Column, code: Callable[[str], str] = str) -> str:
    """What a column holds, in words: its description, then its closed vocabulary and its language.

    ``code`` marks up each vocabulary value (the data dictionary puts it in backticks).
    """
    text = column.description
    if column.enum:
        text += f" One of: {', '.join(code(value) for value in column.values)}."
    if column.language:
        text += f" Language: {column.language_note}"
    if column.evidenced:
        text += " Evidence: spans whose `supports` names this column; stated if one of them is stated."
    return text


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], width: int = 100) -> str:
    """``rows`` under ``header`` as plain text within ``width`` characters.

    Every column is as wide as its widest cell, but the last, which takes what is left and wraps;
    a line break in a last cell starts a new paragraph.
    """
    import textwrap

    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    last = max(width - sum(widths) - 2 * len(widths), 30)
    # Dates (YYYY-MM-DD) and ids stay whole: only a word longer than the column (a URL, a hash) is cut.
    wrap = textwrap.TextWrapper(last, break_on_hyphens=False)
    lines = [_line(header, widths), _line(["-" * w for w in [*widths, last]], widths)]
    for row in rows:
        wrapped = [piece for part in row[-1].split("\n") for piece in wrap.wrap(part) or [""]]
        lines.append(_line([*row[:-1], wrapped[0]], widths))
        lines += [_line([""] * len(widths) + [piece], widths) for piece in wrapped[1:]]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join([*(cell.ljust(w) for cell, w in zip(cells, widths, strict=False)), cells[-1]]).rstrip()


def class_doc(cls: type[AnyRecord], table: str, text: str) -> str:
    """The docstring of ``table``'s record class: ``text``, its own, then the table of its columns."""
    rows = [(c.name, c.type_label, "yes" if c.nullable else "no", column_meaning(c)) for c in columns(cls)]
    listed = text_table(("column", "type", "null", "meaning"), rows, width=96)
    more = f"Row counts, null counts and an example of each column: binhduong_corpus.describe({table!r})."
    return f"{inspect.cleandoc(text)}\n\nColumns of the {table} table:\n\n{listed}\n\n{more}"
