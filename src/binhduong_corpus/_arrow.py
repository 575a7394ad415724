"""Arrow tables to typed records, column by column.

One ``to_pylist`` per column, enums looked up once per distinct value,
then the attrs constructor: no dict per row, which keeps building records
close to the cost of ``Table.to_pylist()`` (and needs no cattrs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .records import Evidence
from .schema import columns

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["records_from_table"]

T = TypeVar("T")


def records_from_table(
    table: pa.Table, cls: type[T], evidence: Mapping[str, tuple[Evidence, ...]] | None = None
) -> list[T]:
    """Every row of ``table`` as a ``cls`` record; ``evidence`` maps record ids to their spans.

    Columns are passed positionally: the table's columns are the class's
    fields in order, with the nested ``evidence`` field last.
    """
    values: list[list[Any]] = []
    for col in columns(cls):
        column = table.column(col.name).to_pylist()
        if col.enum is not None:
            members = {member.value: member for member in col.enum}
            column = [None if v is None else members[v] for v in column]
        elif col.kind == "list":
            column = [tuple(v) for v in column]
        values.append(column)
    if cls is Evidence:
        return [cls(*row) for row in zip(*values, strict=True)]
    spans = evidence or {}
    nested = [spans.get(record_id, ()) for record_id in values[0]]
    return [cls(*row) for row in zip(*values, nested, strict=True)]
