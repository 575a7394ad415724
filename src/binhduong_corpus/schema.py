"""Column definitions derived from the record classes, and the data dictionary.

:func:`columns` reads a record class once and describes each column: its
kind, enum, nullability and description. Everything else -- the Arrow
schema, the Parquet field metadata, the data dictionary and the build's
type checks -- is computed from that description, never written twice.
(Both live in :mod:`._columns`, which the record classes' docstrings use
too; this module is their public home.) pyarrow is imported inside the
functions that need it.
"""

from __future__ import annotations

from ._columns import Column, column_meaning, columns, describe_class
from ._links import LINK_TABLES
from .records import TABLES

__all__ = ["Column", "columns", "data_dictionary", "describe_class"]


def _code(value: str) -> str:
    return f"`{value}`"


def _rows(cols: tuple[Column, ...]) -> list[str]:
    return [
        f"| `{col.name}` | {col.type_label} | {'yes' if col.nullable else 'no'} | {column_meaning(col, _code)} |"
        for col in cols
    ]


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
        out += [*_rows(columns(cls)), ""]
    return "\n".join(out + _link_tables())


def _link_tables() -> list[str]:
    out = [
        "## Link tables",
        "",
        "Derived when loaded, not shipped as files: each unfolds list columns into one row per element,",
        "so joins need no lists. `load_table`, `load_dataframe` and `connect()` take their names",
        "(`link_names()`). Evidence needs none: the `evidence` table already has one row per record and",
        "span. Nor do awards and events: `awards.event_id` is a single id, joined as it is.",
        "",
    ]
    for link in LINK_TABLES.values():
        out += [
            f"### {link.name}",
            "",
            f"{link.description} Key: {', '.join(map(_code, link.key))}.",
            "",
            "| column | type | null | description |",
            "|---|---|---|---|",
            *_rows(link.columns),
            "",
        ]
    return out
