"""The record types: one frozen attrs class per table, and the closed vocabularies.

These classes are the schema. The Arrow schema, the Parquet field
descriptions, the data dictionary in ``docs/`` and the build's validation
are all generated from them (see :mod:`binhduong_corpus.schema`), so a
column is added, renamed or described here and nowhere else.

Each field's ``metadata`` carries its description, and each class's
docstring ends with the table of its columns (rendered from the same
metadata when first read, so ``help(Event)`` shows what every column
means). Two flags shape how a field travels:

* ``column=False`` -- not a table column: the nested ``evidence`` of a
  record, which ships as rows of the flat ``evidence`` table.
* ``derived=True`` -- computed by the build, never written by a curator
  (``start_date`` and ``end_date`` come from the EDTF ``date``).

``ref`` names the table a field's ids point into (``"*"``: any table) and
``format`` names a value syntax the build checks (``id``, ``edtf``,
``iso3166``).
"""

from __future__ import annotations

import datetime
import enum
from typing import Any, ClassVar

import attrs

__all__ = [
    "EVIDENCE_TABLE",
    "KEY_COLUMNS",
    "RECORD_TABLES",
    "TABLES",
    "TABLE_OF_PREFIX",
    "AnyRecord",
    "Award",
    "AwardTier",
    "Basis",
    "Event",
    "EventKind",
    "Evidence",
    "Figure",
    "Language",
    "Partner",
    "PartnerKind",
    "Person",
    "Qualifier",
    "Record",
    "Relationship",
    "Role",
    "Source",
    "basis_of",
    "table_of",
]


def _col(description: str, default: Any = attrs.NOTHING, **flags: Any) -> Any:
    """An attrs field whose metadata documents it and says how it travels."""
    metadata = {
        "description": description,
        "column": True,
        "derived": False,
        "ref": None,
        "format": None,
        "language": None,
        "evidenced": False,
        **flags,
    }
    if default is attrs.NOTHING:
        return attrs.field(metadata=metadata)
    return attrs.field(default=default, metadata=metadata)


class Language(enum.StrEnum):
    """A BCP 47 language tag."""

    VI = "vi"
    EN = "en"


class Basis(enum.StrEnum):
    """Whether a source states a fact in so many words or a curator inferred it."""

    STATED = "stated"
    INFERRED = "inferred"


class EventKind(enum.StrEnum):
    """What sort of event a record describes."""

    SERIES = "series"
    CONFERENCE = "conference"
    GENERAL_ASSEMBLY = "general_assembly"
    FORUM = "forum"
    SUMMIT = "summit"
    FAIR = "fair"
    EXHIBITION = "exhibition"
    WORKSHOP = "workshop"
    PLENARY_SESSION = "plenary_session"
    CEREMONY = "ceremony"
    RECEPTION = "reception"
    PRESS_CONFERENCE = "press_conference"
    DELEGATION_VISIT = "delegation_visit"
    BUSINESS_MEETING = "business_meeting"
    AWARD_CEREMONY = "award_ceremony"
    MILESTONE = "milestone"


class Role(enum.StrEnum):
    """Bình Dương's part in an event."""

    HOST = "host"
    PARTICIPANT = "participant"
    VISITOR = "visitor"
    HONOUREE = "honouree"
    SUBJECT = "subject"
    NOT_INVOLVED = "not_involved"


class PartnerKind(enum.StrEnum):
    """What sort of body a partner is."""

    LOCALITY = "locality"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    COMPANY = "company"
    OTHER = "other"


class Relationship(enum.StrEnum):
    """How a partner stands to Bình Dương, as the sources put it."""

    SISTER_LOCALITY = "sister_locality"
    FRIENDSHIP_COOPERATION = "friendship_cooperation"
    MEMBERSHIP = "membership"
    BUSINESS_CONTACT = "business_contact"
    EVENT_PARTNER = "event_partner"


class AwardTier(enum.StrEnum):
    """The level of an Intelligent Community Forum honour."""

    SMART21 = "Smart21"
    TOP7 = "Top7"
    TOP1 = "Top1"


class Qualifier(enum.StrEnum):
    """How exact a stated number is."""

    EXACT = "exact"
    ABOUT = "about"
    NEARLY = "nearly"
    MORE_THAN = "more_than"


_ID = "Stable identifier: a table prefix, a hyphen, then lowercase ASCII words joined by hyphens. Never reused."
_NOTE = (
    "Curator's note: what was inferred and how, where sources disagree, what the text leaves open. "
    "Null when there is nothing to add."
)
_DATE = (
    "EDTF date (ISO 8601-2 subset): YYYY, YYYY-MM, YYYY-MM-DD, or an interval A/B of these where either side may be "
    "'..' (open) or empty (unknown: '2018-10-10/' began that day, end not given). Null when no source gives or "
    "implies a date."
)
_DATE_BASIS = "'stated' when the source gives the date in full; 'inferred' when a curator completed it (e.g. the year)."
_START = (
    "First day the EDTF date is known to cover (derived by the build; null for an open start; for an unknown start, "
    "the first day of the given end)."
)
_END = (
    "Last day the EDTF date is known to cover (derived by the build; null for an open end; for an unknown end, the "
    "last day of the given start)."
)
_TRANSLATED = (
    "Which name column is a curator's translation rather than the sources' wording: 'vi', 'en', or null when both "
    "appear in the sources."
)
_EVIDENCE = "The evidence rows that back this record (the evidence table, joined on record_id)."


@attrs.frozen
class Evidence:
    """A verbatim span of a source that backs a record.

    ``quote == source.text[start:end]`` with Python ``str`` offsets (code
    points over the NFC text, end exclusive), as in a W3C Web Annotation
    TextPositionSelector. JavaScript counts UTF-16 units, so recompute
    offsets there rather than reusing them.
    """

    ID_PREFIX: ClassVar[str] = ""

    record_id: str = _col("Id of the record this span backs (any table).", ref="*")
    source_id: str = _col("Id of the source whose text holds the span (sources.id).", ref="sources")
    start: int = _col("Offset of the first character of the quote in sources.text (Python code points over NFC text).")
    end: int = _col("Offset just past the last character of the quote (exclusive).")
    quote: str = _col("The span itself, verbatim: equal to sources.text[start:end].", language="source")
    basis: Basis = _col("'stated' when the span says the fact; 'inferred' when a curator drew the fact from it.")
    note: str | None = _col("How the fact was inferred from the span; null for stated evidence.", None, language="en")
    supports: tuple[str, ...] = _col(
        "The columns of the record whose values this span backs (e.g. 'date', 'organiser_ids'); a column's value is "
        "stated when a stated span supports it and inferred when only inferred spans do.",
        (),
    )


@attrs.frozen
class Source:
    """A seed document: one news article, its metadata and its full text."""

    ID_PREFIX: ClassVar[str] = "src"

    id: str = _col(_ID, format="id")
    title: str | None = _col("Headline as printed; null when the document has none.", language="row", evidenced=True)
    publisher: str | None = _col(
        "Publisher as named in the document; null when it names none.", language="source", evidenced=True
    )
    publisher_basis: Basis | None = _col(
        "'stated' when a line names the publisher; 'inferred' when it is read off a byline, dateline or footer."
    )
    authors: tuple[str, ...] = _col(
        "Bylines as written, in order; empty when the article has none.", language="source", evidenced=True
    )
    date: str | None = _col("Publication date. " + _DATE, format="edtf", evidenced=True)
    date_basis: Basis | None = _col(_DATE_BASIS)
    start_date: datetime.date | None = _col(_START, derived=True)
    end_date: datetime.date | None = _col(_END, derived=True)
    language: Language = _col("Language of the article body (BCP 47).")
    url: str | None = _col("Address of the article where its own text gives one; never looked up.", evidenced=True)
    seed_file: str = _col("File name of the document in the seeds/ folder.")
    sha256: str = _col("SHA-256 of the seed file's bytes (UTF-8, NFC).")
    text: str = _col(
        "Full text of the document, exactly as in the seed file. Evidence offsets index into it.", language="row"
    )
    note: str | None = _col(_NOTE, None, language="en")
    evidence: tuple[Evidence, ...] = _col(_EVIDENCE, (), column=False)


@attrs.frozen
class Event:
    """Something that happened (or was announced) on a date: a meeting, a fair, a milestone."""

    ID_PREFIX: ClassVar[str] = "ev"

    id: str = _col(_ID, format="id")
    name_vi: str = _col("Name in Vietnamese.", language="vi", evidenced=True)
    name_en: str = _col("Name in English.", language="en", evidenced=True)
    translated: Language | None = _col(_TRANSLATED)
    kind: EventKind = _col("What sort of event this is.")
    date: str | None = _col(_DATE, format="edtf", evidenced=True)
    date_basis: Basis | None = _col(_DATE_BASIS)
    start_date: datetime.date | None = _col(_START, derived=True)
    end_date: datetime.date | None = _col(_END, derived=True)
    place: str | None = _col(
        "City or locality as the sources name it; null when none is stated.", language="source", evidenced=True
    )
    country_code: str | None = _col(
        "ISO 3166-1 alpha-2 code of the country it took place in; null when not stated.",
        format="iso3166",
        evidenced=True,
    )
    role: Role | None = _col(
        "Bình Dương's part in the event; null when the sources do not say (silence is not 'not_involved').",
        evidenced=True,
    )
    organiser_ids: tuple[str, ...] = _col(
        "Partners (partners.id) the sources name as organisers, or whose own event it is by its name "
        "(the note says which).",
        ref="partners",
        evidenced=True,
    )
    participant_ids: tuple[str, ...] = _col(
        "Partners (partners.id) the sources name as taking part.", ref="partners", evidenced=True
    )
    parent_id: str | None = _col(
        "The series or larger event this one is part of (events.id).", ref="events", evidenced=True
    )
    edition: int | None = _col("Edition number as stated (e.g. 16 for the 16th fair).", evidenced=True)
    theme: str | None = _col(
        "Theme as the source states it ('the theme of ... was'), in the source's language.",
        language="source",
        evidenced=True,
    )
    attendees: int | None = _col("Number of attendees as stated.", evidenced=True)
    attendees_qualifier: Qualifier | None = _col("How exact the attendee number is.")
    countries_represented: int | None = _col(
        "Number of countries and territories represented, as stated.", evidenced=True
    )
    note: str | None = _col(_NOTE, None, language="en")
    evidence: tuple[Evidence, ...] = _col(_EVIDENCE, (), column=False)


@attrs.frozen
class Partner:
    """A foreign locality, international organisation, company or other body Bình Dương deals with."""

    ID_PREFIX: ClassVar[str] = "pt"

    id: str = _col(_ID, format="id")
    name_vi: str = _col("Name in Vietnamese.", language="vi", evidenced=True)
    name_en: str = _col("Name in English.", language="en", evidenced=True)
    translated: Language | None = _col(_TRANSLATED)
    abbreviation: str | None = _col("Abbreviation as the sources use it.", language="source", evidenced=True)
    kind: PartnerKind = _col("What sort of body this is.")
    country_code: str | None = _col(
        "ISO 3166-1 alpha-2 code of the partner's country; null for bodies the sources tie to none.",
        format="iso3166",
        evidenced=True,
    )
    relationship: Relationship = _col("How the partner stands to Bình Dương, as stated.", evidenced=True)
    since: str | None = _col(
        "When the relationship began, as EDTF; null when not stated.", format="edtf", evidenced=True
    )
    note: str | None = _col(_NOTE, None, language="en")
    evidence: tuple[Evidence, ...] = _col(_EVIDENCE, (), column=False)


@attrs.frozen
class Award:
    """An honour Bình Dương received."""

    ID_PREFIX: ClassVar[str] = "aw"

    id: str = _col(_ID, format="id")
    name_vi: str = _col("Name in Vietnamese.", language="vi", evidenced=True)
    name_en: str = _col("Name in English.", language="en", evidenced=True)
    translated: Language | None = _col(_TRANSLATED)
    issuer_id: str = _col("The body that gave the honour (partners.id).", ref="partners", evidenced=True)
    tier: AwardTier = _col("Level of the honour.", evidenced=True)
    date: str = _col("Award year or date. " + _DATE, format="edtf", evidenced=True)
    date_basis: Basis = _col(_DATE_BASIS)
    start_date: datetime.date | None = _col(_START, derived=True)
    end_date: datetime.date | None = _col(_END, derived=True)
    recipient: str = _col("Who received it, as named.", language="source", evidenced=True)
    event_id: str | None = _col(
        "The ceremony at which it was presented (events.id), where the sources describe one.",
        ref="events",
        evidenced=True,
    )
    note: str | None = _col(_NOTE, None, language="en")
    evidence: tuple[Evidence, ...] = _col(_EVIDENCE, (), column=False)


@attrs.frozen
class Person:
    """Someone the sources name."""

    ID_PREFIX: ClassVar[str] = "pe"

    id: str = _col(_ID, format="id")
    name: str = _col("Name as written in the sources.", language="source", evidenced=True)
    role: str | None = _col("Role or title as stated, in the source's language.", language="source", evidenced=True)
    role_en: str | None = _col(
        "Role or title in English (a curator's translation where the source is Vietnamese).", language="en"
    )
    affiliation_id: str | None = _col(
        "The partner the person speaks for (partners.id), where it is one.", ref="partners", evidenced=True
    )
    affiliation: str | None = _col(
        "Body the person belongs to, as named, when it is not a partner.", language="source", evidenced=True
    )
    note: str | None = _col(_NOTE, None, language="en")
    evidence: tuple[Evidence, ...] = _col(_EVIDENCE, (), column=False)


@attrs.frozen
class Figure:
    """A number the sources state that belongs to no single event."""

    ID_PREFIX: ClassVar[str] = "fg"

    id: str = _col(_ID, format="id")
    subject: str = _col("What the number is about (e.g. 'Bình Dương').", language="source", evidenced=True)
    what: str = _col("What is counted or measured, in English.", language="en")
    value: float = _col("The number, in the unit given (e.g. 40300000000 for '40,3 tỷ đô la Mỹ').", evidenced=True)
    unit: str = _col("Unit of value: a currency code or a plural noun.", language="en")
    qualifier: Qualifier = _col("How exact the number is ('hơn' = more_than, 'gần' = nearly).")
    as_written: str = _col("The number exactly as the source writes it.", language="source")
    date: str | None = _col("Date the number holds for. " + _DATE, format="edtf", evidenced=True)
    date_basis: Basis | None = _col(_DATE_BASIS)
    start_date: datetime.date | None = _col(_START, derived=True)
    end_date: datetime.date | None = _col(_END, derived=True)
    note: str | None = _col(_NOTE, None, language="en")
    evidence: tuple[Evidence, ...] = _col(_EVIDENCE, (), column=False)


Record = Source | Event | Partner | Award | Person | Figure
AnyRecord = Record | Evidence

_RECORD_CLASSES = (Source, Event, Partner, Award, Person, Figure)

#: Table name -> record class, in the order tables are built and listed.
TABLES: dict[str, type[AnyRecord]] = {
    "sources": Source,
    "events": Event,
    "partners": Partner,
    "awards": Award,
    "people": Person,
    "figures": Figure,
    "evidence": Evidence,
}

#: The table of evidence spans: the one table whose rows have no id of their own.
EVIDENCE_TABLE = "evidence"

#: The tables whose rows are records with ids (every table but evidence).
RECORD_TABLES: tuple[str, ...] = tuple(name for name in TABLES if name != EVIDENCE_TABLE)

#: Id prefix (with its hyphen, e.g. ``"ev-"``) -> the table whose ids carry it.
TABLE_OF_PREFIX: dict[str, str] = {f"{TABLES[name].ID_PREFIX}-": name for name in RECORD_TABLES}

#: The columns that identify a row: ``id``, or for evidence the span's record, source and offsets.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    name: ("record_id", "source_id", "start", "end") if name == EVIDENCE_TABLE else ("id",) for name in TABLES
}


class _ColumnsDoc:
    """A record class's docstring: its own text, then its columns, rendered when first read.

    ``type.__doc__`` calls the ``__get__`` of what a class holds as ``__doc__``, so ``help()`` and
    ``inspect.getdoc`` see the whole text while importing this module renders nothing.
    """

    def __init__(self, table: str, own: str) -> None:
        self._table = table
        self.own = own  # the class's own docstring, whose first line describes the table
        self._rendered: str | None = None

    def __get__(self, instance: object, owner: type | None = None) -> str:
        if self._rendered is None:
            from ._columns import class_doc

            self._rendered = class_doc(TABLES[self._table], self._table, self.own)
        return self._rendered


for _name, _cls in TABLES.items():
    _cls.__doc__ = _ColumnsDoc(_name, _cls.__doc__ or "")  # type: ignore[assignment]
del _name, _cls


def basis_of(record: Record, column: str) -> Basis | None:
    """How the sources back ``record``'s value in ``column``: stated, inferred, or None when it has no value.

    A value is *stated* when an evidence span that says it outright names the column in its
    ``supports``, and *inferred* when only spans a curator drew it from do (their notes say how).
    ``record`` is a record of a table with ids (not an evidence span); ``column`` one of its
    columns that take evidence.
    """
    from ._columns import columns  # the schema module reads this one: import it only when asked
    from .errors import InvalidTypeError, UnknownNameError

    if type(record) not in _RECORD_CLASSES:
        valid = ", ".join(cls.__name__ for cls in _RECORD_CLASSES)
        raise InvalidTypeError(f"record={_short(record)}: expected a record ({valid}), got {type(record).__name__}")
    if not isinstance(column, str):
        raise InvalidTypeError(f"column={_short(column)}: expected a column name, got {type(column).__name__}")
    evidenced = [c.name for c in columns(type(record)) if c.evidenced]
    if column not in evidenced:
        valid = ", ".join(evidenced)
        raise UnknownNameError(f"column {_short(column)} of {type(record).__name__} has no evidence; valid: {valid}")
    spans = [span for span in record.evidence if column in span.supports]
    if not spans:
        return None
    return Basis.STATED if any(span.basis is Basis.STATED for span in spans) else Basis.INFERRED


def _short(value: object) -> str:
    """A value as an error message shows it: its repr on one line, cut short."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 60 else f"{text[:57]}..."


def table_of(record_id: str) -> str | None:
    """The table whose id prefix ``record_id`` carries, or None when no table's does."""
    prefix, hyphen, _ = record_id.partition("-")
    return TABLE_OF_PREFIX.get(prefix + hyphen)
