"""The shipped corpus as typed records: every table's records, and any record by its id.

Records are built from the store's checked tables (see :mod:`._arrow`) and
nest their evidence spans. They are frozen and cached, so every caller
shares the same objects and none can change them.
"""

from __future__ import annotations

from . import _store
from ._arguments import check_record_id
from ._arrow import arrow_schema, records_from_table
from .errors import IntegrityError, UnknownRecordError
from .records import EVIDENCE_TABLE, RECORD_TABLES, TABLES, AnyRecord, Evidence, Record

__all__ = ["get", "records"]


@_store.cached
def _evidence_by_record() -> dict[str, tuple[Evidence, ...]]:
    grouped: dict[str, list[Evidence]] = {}
    for span in records(EVIDENCE_TABLE):
        assert isinstance(span, Evidence)
        grouped.setdefault(span.record_id, []).append(span)
    return {record_id: tuple(spans) for record_id, spans in grouped.items()}


@_store.cached
def _records(name: str) -> tuple[AnyRecord, ...]:
    data = _store.table(name)
    # The store checked the file against the compiled fingerprints; the classes themselves may have
    # been edited since (a checkout without `make data`), and records are built from them.
    if not data.schema.equals(arrow_schema(name), check_metadata=True):
        raise IntegrityError(
            f"the {name} table was built from other record classes than this code's; "
            "in a source checkout, run `make data`; otherwise reinstall binhduong-corpus"
        )
    spans = None if name == EVIDENCE_TABLE else _evidence_by_record()
    return tuple(records_from_table(data, TABLES[name], spans))


def records(name: str) -> tuple[AnyRecord, ...]:
    """Every record of table ``name``, in table order, evidence nested."""
    return _records(_store.check_table(name))


@_store.cached
def _index() -> dict[str, Record]:
    return {rec.id: rec for name in RECORD_TABLES for rec in records(name)}  # type: ignore[union-attr,misc]


def get(record_id: str) -> Record:
    """The record with this id, from whichever table holds it.

    A malformed id raises InvalidArgumentError (InvalidTypeError for a non-string); a well-formed id
    that no record has raises UnknownRecordError suggesting close ids, or, for an id a release
    retired, saying when, into which record it was merged (its ``successor``) and why.
    """
    index = _index()
    if isinstance(record_id, str) and record_id in index:
        return index[record_id]
    check_record_id("record_id", record_id)
    _check_not_retired(record_id)
    import difflib  # only a miss needs it

    close = difflib.get_close_matches(record_id, list(index), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise UnknownRecordError(f"no record has id {record_id!r}{hint}")


def _check_not_retired(record_id: str) -> None:
    """An id is never reused, so a retired one is answered with what became of it, not with look-alikes."""
    retired = _store.retired().get(record_id)
    if retired is None:
        return
    fate = f"merged into {retired.successor}" if retired.successor else "removed"
    raise UnknownRecordError(
        f"no record has id {record_id!r} any more; it was retired in {retired.release}: {fate} ({retired.reason})",
        successor=retired.successor,
        retired_in=retired.release,
    )
