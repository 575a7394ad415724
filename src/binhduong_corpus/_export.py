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
from ._arguments import check_bool, check_choice, check_path, shown
from ._files import remove_stale, write_files
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FORMATS", "export_bytes", "export_table"]

FORMATS = ("csv", "jsonl", "parquet")


def export_bytes(name: str, fmt: str) -> tuple[bytes, int]:
    """Table ``name`` rendered in ``fmt``, and its number of rows."""
    check_choice("fmt", fmt, FORMATS, "export format")
    data = _store.table(name)
    render = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt]
    return render(data), int(data.num_rows)


def export_table(name: str, fmt: str, path: Path | str, *, overwrite: bool = False) -> int:
    """Write table ``name`` to ``path`` in ``fmt``; return the number of rows written.

    Refuses with :class:`InvalidArgumentError` when ``path`` is a folder, its
    folder does not exist, or it exists and ``overwrite`` is false; a write
    that fails raises :class:`WriteError` and leaves any old file whole.
    """
    target = check_path("path", path)
    check_bool("overwrite", overwrite)
    _check_target(target, overwrite)
    data, rows = export_bytes(name, fmt)
    remove_stale([target])
    write_files({target: data})
    return rows


def _check_target(target: Path, overwrite: bool) -> None:
    if target.is_dir():
        raise InvalidArgumentError(f"path={shown(str(target))} is a folder; give the path of a file to write")
    if not target.parent.is_dir():
        where = "is not a folder" if target.parent.exists() else "does not exist"
        raise InvalidArgumentError(f"cannot write {shown(str(target))}: {shown(str(target.parent))} {where}")
    if not overwrite and (target.exists() or target.is_symlink()):
        raise InvalidArgumentError(f"{shown(str(target))} already exists; ask to replace it (--force, overwrite=True)")


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
