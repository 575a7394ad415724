"""Relations between records: what a record references, what references it, and its sources.

References come from the schema (columns whose metadata names a target
table: ``organiser_ids``, ``parent_id``, ``issuer_id`` ...) plus the
evidence, which ties every record to the sources it quotes. Every link is
seen from both ends: if A references B, ``related(B).incoming`` holds the
same link as ``related(A).outgoing``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import attrs

from . import load
from .records import TABLES, Evidence, Record, Source
from .schema import columns

__all__ = ["EVIDENCE_FIELD", "Link", "Relations", "links", "related"]

#: The field name a link through evidence carries (record -> source it quotes).
EVIDENCE_FIELD = "evidence.source_id"


@attrs.frozen
class Link:
    """``from_id``'s ``field`` points at ``to_id``."""

    from_id: str
    field: str
    to_id: str

    @property
    def from_record(self) -> Record:
        return load.get(self.from_id)

    @property
    def to_record(self) -> Record:
        return load.get(self.to_id)


@attrs.frozen
class Relations:
    """Everything linked to one record."""

    record: Record
    outgoing: tuple[Link, ...]  # links this record holds
    incoming: tuple[Link, ...]  # links other records hold to this one

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(self.record.evidence)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources this record's evidence quotes, by id."""
        ids = sorted({ev.source_id for ev in self.record.evidence})
        return tuple(load.get(i) for i in ids)  # type: ignore[misc]

    def ids(self) -> tuple[str, ...]:
        """Ids of every linked record, either direction, each once, sorted."""
        return tuple(sorted({link.to_id for link in self.outgoing} | {link.from_id for link in self.incoming}))

    def records(self, field: str | None = None) -> tuple[Record, ...]:
        """Linked records, optionally only through one field (either direction)."""
        out = [link.to_id for link in self.outgoing if field in (None, link.field)]
        into = [link.from_id for link in self.incoming if field in (None, link.field)]
        return tuple(load.get(i) for i in dict.fromkeys(out + into))

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())


def _outgoing(record: Any, table: str) -> Iterator[Link]:
    for col in columns(TABLES[table]):
        if col.ref is None:
            continue
        value = getattr(record, col.name)
        for target in value if isinstance(value, tuple) else (value,) if value is not None else ():
            yield Link(record.id, col.name, target)
    for source_id in sorted({ev.source_id for ev in record.evidence}):
        yield Link(record.id, EVIDENCE_FIELD, source_id)


@functools.cache
def links() -> tuple[Link, ...]:
    """Every link in the corpus, in table order then field order."""
    return tuple(
        link for table in load.table_names() if table != "evidence" for rec in load.load_records(table) for link in _outgoing(rec, table)
    )


@functools.cache
def _by_end() -> tuple[dict[str, tuple[Link, ...]], dict[str, tuple[Link, ...]]]:
    out: dict[str, list[Link]] = {}
    into: dict[str, list[Link]] = {}
    for link in links():
        out.setdefault(link.from_id, []).append(link)
        into.setdefault(link.to_id, []).append(link)
    return ({k: tuple(v) for k, v in out.items()}, {k: tuple(v) for k, v in into.items()})


def related(record_id: str) -> Relations:
    """The records linked to ``record_id``; an unknown id raises UnknownRecordError suggesting close ids."""
    record = load.get(record_id)
    out, into = _by_end()
    return Relations(record=record, outgoing=out.get(record.id, ()), incoming=into.get(record.id, ()))
