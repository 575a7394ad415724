"""Relations between records: what a record references, what references it, and its sources.

References come from the schema (columns whose metadata names a target
table: ``organiser_ids``, ``parent_id``, ``issuer_id`` ...) plus the
evidence, which ties every record to the sources it quotes. Every link is
seen from both ends: if A references B, ``related(B).incoming`` holds the
same link as ``related(A).outgoing``.

Navigation lives here, not on the records: records are plain values that
know nothing of the corpus they came from, and :class:`Relations` answers
"which events are part of this series?" or "who gave this award?".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import attrs

from . import _corpus, _store
from ._arguments import check_choice
from .records import RECORD_TABLES, TABLES, Award, Event, Evidence, Partner, Person, Record, Source
from .schema import columns

__all__ = ["EVIDENCE_FIELD", "LINK_FIELDS", "Link", "Relations", "links", "related"]

#: The field name a link through evidence carries (record -> source it quotes).
EVIDENCE_FIELD = "evidence.source_id"

#: Every field a link can run through: the reference columns of the record tables, and the evidence.
LINK_FIELDS: tuple[str, ...] = (
    *dict.fromkeys(c.name for table in RECORD_TABLES for c in columns(TABLES[table]) if c.ref is not None),
    EVIDENCE_FIELD,
)

R = TypeVar("R", Source, Event, Partner, Award, Person)


@attrs.frozen
class Link:
    """``from_id``'s ``field`` points at ``to_id``."""

    from_id: str
    field: str
    to_id: str

    @property
    def from_record(self) -> Record:
        return _corpus.get(self.from_id)

    @property
    def to_record(self) -> Record:
        return _corpus.get(self.to_id)


@attrs.frozen
class Relations:
    """Everything linked to one record, and named ways to walk each kind of link."""

    record: Record
    outgoing: tuple[Link, ...]  # links this record holds
    incoming: tuple[Link, ...]  # links other records hold to this one

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(self.record.evidence)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources this record's evidence quotes (for a source: the source itself is not listed), by id."""
        ids = sorted({ev.source_id for ev in self.record.evidence})
        return tuple(_only(Source, (_corpus.get(i) for i in ids)))

    def records(self, field: str | None = None) -> tuple[Record, ...]:
        """Linked records, optionally only through one field (either direction), each once."""
        if field is not None:
            check_choice("field", field, LINK_FIELDS, "link field")
        out = [link.to_id for link in self.outgoing if field in (None, link.field)]
        into = [link.from_id for link in self.incoming if field in (None, link.field)]
        return tuple(_corpus.get(i) for i in dict.fromkeys(out + into))

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

    # --- named walks -----------------------------------------------------------------

    @property
    def parent(self) -> Event | None:
        """The series or larger event this event is part of."""
        return _first(_only(Event, (link.to_record for link in self.outgoing if link.field == "parent_id")))

    @property
    def parts(self) -> tuple[Event, ...]:
        """The events that name this one as their parent."""
        return tuple(_only(Event, (link.from_record for link in self.incoming if link.field == "parent_id")))

    @property
    def organisers(self) -> tuple[Partner, ...]:
        """The partners this event names as organisers, in the record's order."""
        return tuple(_only(Partner, self.records("organiser_ids")))

    @property
    def participants(self) -> tuple[Partner, ...]:
        """The partners this event names as taking part, in the record's order."""
        return tuple(_only(Partner, self.records("participant_ids")))

    @property
    def issuer(self) -> Partner | None:
        """The body that gave this award."""
        return _first(_only(Partner, self.records("issuer_id")))

    @property
    def ceremony(self) -> Event | None:
        """The event at which this award was presented, where the sources describe one."""
        return _first(_only(Event, (link.to_record for link in self.outgoing if link.field == "event_id")))

    @property
    def affiliation(self) -> Partner | None:
        """The partner this person speaks for, if any."""
        return _first(_only(Partner, self.records("affiliation_id")))

    @property
    def events(self) -> tuple[Event, ...]:
        """Linked events: those a partner organised or joined, the ceremony of an award, those a source backs."""
        return tuple(_only(Event, self.records()))

    @property
    def awards(self) -> tuple[Award, ...]:
        """Linked awards: those a partner gave, one presented at an event, those a source backs."""
        return tuple(_only(Award, self.records()))

    @property
    def people(self) -> tuple[Person, ...]:
        """Linked people: those affiliated with a partner, those a source names."""
        return tuple(_only(Person, self.records()))

    @property
    def partners(self) -> tuple[Partner, ...]:
        """Linked partners, through any field."""
        return tuple(_only(Partner, self.records()))


def _only(kind: type[R], found: Iterator[Record] | tuple[Record, ...]) -> Iterator[R]:
    return (record for record in found if isinstance(record, kind))


def _first(found: Iterator[R]) -> R | None:
    return next(found, None)


def _outgoing(record: Record, table: str) -> Iterator[Link]:
    for col in columns(TABLES[table]):
        if col.ref is None:
            continue
        value = getattr(record, col.name)
        for target in value if isinstance(value, tuple) else (value,) if value is not None else ():
            yield Link(record.id, col.name, target)
    for source_id in sorted({ev.source_id for ev in record.evidence}):
        yield Link(record.id, EVIDENCE_FIELD, source_id)


@_store.cached
def links() -> tuple[Link, ...]:
    """Every link in the corpus, in table order then field order."""
    return tuple(
        link
        for table in RECORD_TABLES
        for record in _corpus.records(table)
        for link in _outgoing(record, table)  # type: ignore[arg-type]
    )


@_store.cached
def _by_end() -> tuple[dict[str, tuple[Link, ...]], dict[str, tuple[Link, ...]]]:
    out: dict[str, list[Link]] = {}
    into: dict[str, list[Link]] = {}
    for link in links():
        out.setdefault(link.from_id, []).append(link)
        into.setdefault(link.to_id, []).append(link)
    return ({k: tuple(v) for k, v in out.items()}, {k: tuple(v) for k, v in into.items()})


def related(record_id: str) -> Relations:
    """The records linked to ``record_id``; an unknown id raises UnknownRecordError suggesting close ids."""
    record = _corpus.get(record_id)
    out, into = _by_end()
    return Relations(record=record, outgoing=out.get(record.id, ()), incoming=into.get(record.id, ()))
