"""Write a table out as CSV, JSON Lines or Parquet.

CSV holds list columns as JSON arrays (``["pt-icf","pt-wta"]``), which is
what Frictionless Table Schema's ``array`` type reads, and nulls as empty
cells; dates are ISO ``YYYY-MM-DD``.

The file is rendered in memory, written beside its target and moved into
place (:mod:`._files`), so an interrupted export never leaves a partial
file; an existing file is replaced only with ``overwrite=True``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from . import _store
from ._files import remove_stale, write_files
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FORMATS", "export_table"]

FORMATS = ("csv", "jsonl", "parquet")


def export_table(name: str, fmt: str, path: Path | str, *, overwrite: bool = False) -> int:
    """Write table ``name`` to ``path`` in ``fmt``; return the number of rows written.

    Refuses with :class:`InvalidArgumentError` when ``path`` exists and
    ``overwrite`` is false.
    """
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"unknown export format {fmt!r}; valid formats are: {', '.join(FORMATS)}")
    data = _store.table(name)
    target = Path(path)
    if not target.parent.is_dir():
        raise InvalidArgumentError(f"cannot write {str(target)!r}: the folder {str(target.parent)!r} does not exist")
    if not overwrite and (target.exists() or target.is_symlink()):
        raise InvalidArgumentError(f"{str(target)!r} already exists; ask to replace it (--force, overwrite=True)")
    render = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt]
    remove_stale([target])
    write_files({target: render(data)})
    return int(data.num_rows)


def _csv(data: pa.Table) -> bytes:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns = []
    for name in data.column_names:
        column = data.column(name)
        if pa.types.is_list(column.type):
            column = pa.array([json.dumps(v, ensure_ascii=False) for v in column.to_pylist()], type=pa.string())
        columns.append(column)
    sink = pa.BufferOutputStream()
    pacsv.write_csv(pa.table(columns, names=data.column_names), sink)
    return bytes(sink.getvalue().to_pybytes())


def _jsonl(data: pa.Table) -> bytes:
    lines = (json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in data.to_pylist())
    return "".join(lines).encode("utf-8")


def _parquet(data: pa.Table) -> bytes:
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(data, sink)
    return sink.getvalue()
