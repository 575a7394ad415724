"""The Frictionless Table Schema of each table, derived from the record classes.

The shipped ``datapackage.json`` (built from Parquet) and the sidecar of a
CSV export describe their columns with this one schema: every column's
type and description, ``required`` and ``enum`` constraints, the primary
key and the foreign keys Table Schema can express.

List columns are ``array`` of strings. In every file this package writes
they are JSON text (``["pt-icf","pt-wta"]``), the form Table Schema reads
an array from in any format. ``<NA>`` is declared missing beside the empty
string: it is how pandas shows a null integer, date or string when a tool
(Frictionless among them) reads the Parquet files through pandas; the build
refuses a text value equal to either.
"""

from __future__ import annotations

from typing import Any

from .records import KEY_COLUMNS, TABLES
from .schema import columns

__all__ = ["MISSING_VALUES", "table_schema"]

MISSING_VALUES = ("", "<NA>")

_TYPES = {
    "string": "string",
    "enum": "string",
    "int64": "integer",
    "float64": "number",
    "bool": "boolean",
    "date": "date",
    "list": "array",
}


def _field(table: str, index: int) -> dict[str, Any]:
    col = columns(TABLES[table])[index]
    field: dict[str, Any] = {"name": col.name, "type": _TYPES[col.kind], "description": col.description}
    if col.kind == "list":
        field["arrayItem"] = {"type": "string"}
    constraints: dict[str, Any] = {}
    if not col.nullable:
        constraints["required"] = True
    if col.enum is not None:
        constraints["enum"] = list(col.values)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: str) -> dict[str, Any]:
    """The Table Schema of ``table``: fields, missing values, primary key and foreign keys.

    Foreign keys are declared for the reference columns that hold one id
    into one table. A list of ids (``organiser_ids``) and
    ``evidence.record_id``, which may point into any table, are described
    but not declared: Table Schema cannot say either. The build checks
    every one of them itself.
    """
    cols = columns(TABLES[table])
    schema: dict[str, Any] = {
        "fields": [_field(table, i) for i in range(len(cols))],
        "missingValues": list(MISSING_VALUES),
        "primaryKey": list(KEY_COLUMNS[table]),
    }
    foreign = [
        {"fields": [c.name], "reference": {"resource": c.ref, "fields": ["id"]}}
        for c in cols
        if c.ref not in (None, "*") and c.kind != "list"
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema
