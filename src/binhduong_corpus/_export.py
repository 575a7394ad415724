"""Write a table out as CSV, JSON Lines or Parquet.

CSV holds list columns as JSON arrays (``["pt-icf","pt-wta"]``), which is
what Frictionless Table Schema's ``array`` type reads, and nulls as empty
cells; dates are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import _store
from .errors import InvalidArgumentError

__all__ = ["FORMATS", "export_table"]

FORMATS = ("csv", "jsonl", "parquet")


def export_table(name: str, fmt: str, path: Path | str) -> int:
    """Write table ``name`` to ``path`` in ``fmt``; return the number of rows written."""
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"unknown export format {fmt!r}; valid formats are: {', '.join(FORMATS)}")
    data = _store.table(name)
    target = Path(path)
    {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt](data, target)
    return int(data.num_rows)


def _csv(data: Any, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns = []
    for name in data.column_names:
        column = data.column(name)
        if pa.types.is_list(column.type):
            column = pa.array([json.dumps(v, ensure_ascii=False) for v in column.to_pylist()], type=pa.string())
        columns.append(column)
    pacsv.write_csv(pa.table(columns, names=data.column_names), target)


def _jsonl(data: Any, target: Path) -> None:
    with target.open("w", encoding="utf-8") as out:
        for row in data.to_pylist():
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _parquet(data: Any, target: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(data, target)
