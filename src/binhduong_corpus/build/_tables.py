"""The Parquet bytes of a table."""

from __future__ import annotations

import io
from collections.abc import Iterable

from .._arrow import table_from_records
from .._fileform import encode
from ..records import AnyRecord

__all__ = ["table_bytes"]


def table_bytes(name: str, records: Iterable[AnyRecord]) -> bytes:
    """The Parquet bytes of table ``name`` holding ``records``, in order.

    The same records and the same pyarrow release give the same bytes: the
    committed files are compared with a fresh build byte for byte.
    """
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    # zstd at level 9: the files ship in the wheel, and they are read far more often than written.
    pq.write_table(
        encode(table_from_records(name, records)), sink, compression="zstd", compression_level=9, write_statistics=True
    )
    return sink.getvalue()
