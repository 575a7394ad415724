"""Column definitions derived from the record classes.

:func:`columns` reads a record class once and describes each column: its
kind, enum, nullability and description. Everything else -- the Arrow
schema, the Parquet field metadata, the data dictionary and the build's
type checks -- is computed from that description, never written twice.
pyarrow is imported inside the functions that need it.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from typing import Any

import attrs

from .records import TABLES, AnyRecord

__all__ = ["Column", "columns", "data_dictionary", "describe_class"]

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
    return (cls.__doc__ or "").strip().splitlines()[0]


def data_dictionary() -> str:
    """The data dictionary as Markdown (docs/data-dictionary.md is this text)."""
    out = [
        "# Data dictionary",
        "",
        "Generated from the record classes in `binhduong_corpus.records`; do not edit by hand",
        "(`python -m binhduong_corpus.build` rewrites it, and a test fails when it drifts).",
        "",
        "Offsets (`evidence.start`, `evidence.end`) count Python code points over the NFC text of",
        "`sources.text`, end exclusive: `quote == text[start:end]`. JavaScript strings count UTF-16",
        "code units, which differ for characters outside the Basic Multilingual Plane; recompute",
        "offsets there rather than reusing them.",
        "",
        "Dates: `date` columns hold EDTF strings (YYYY, YYYY-MM, YYYY-MM-DD, or an interval `A/B` of",
        "these with `..` for an open end). `start_date` and `end_date` are the first and last day the",
        "EDTF value covers, for filtering; a null bound is an open or unknown end.",
        "",
    ]
    for table, cls in TABLES.items():
        out += [
            f"## {table}",
            "",
            describe_class(cls),
            "",
            "| column | type | null | description |",
            "|---|---|---|---|",
        ]
        for col in columns(cls):
            desc = col.description + (f" One of: {', '.join(f'`{v}`' for v in col.values)}." if col.enum else "")
            desc += f" Language: {col.language_note}" if col.language else ""
            out.append(f"| `{col.name}` | {col.type_label} | {'yes' if col.nullable else 'no'} | {desc} |")
        out.append("")
    return "\n".join(out)
