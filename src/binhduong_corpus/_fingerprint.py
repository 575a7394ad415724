"""How a table's Arrow schema is summarised for comparison: a fingerprint and its column signatures.

The build records both for the code's schema (in the manifest and the
generated ``_schema_lock``); the store computes them for every file it
reads. One definition, so the two sides always summarise the same way.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["column_signatures", "schema_fingerprint"]


def schema_fingerprint(schema: pa.Schema) -> str:
    """A short hash of a schema's names, types, nullability and metadata."""
    text = schema.to_string(show_field_metadata=True, show_schema_metadata=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def column_signatures(schema: pa.Schema) -> tuple[str, ...]:
    """Each field as ``name: type``, with `` not null`` when it may hold no nulls."""
    return tuple(f"{field.name}: {field.type}{'' if field.nullable else ' not null'}" for field in schema)
