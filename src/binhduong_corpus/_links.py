"""Link tables: the list columns unfolded into one row per list element, so joins need no JSON.

Three tables stand for the list columns:

* ``event_partners(event_id, partner_id, role, position)``: one row per
  partner in an event's ``organiser_ids`` (role ``organiser``) or
  ``participant_ids`` (role ``participant``);
* ``source_authors(source_id, position, author)``: one row per byline in a
  source's ``authors``;
* ``evidence_supports(record_id, source_id, start, end, position, column)``:
  one row per column an evidence span backs (``evidence.supports``), keyed
  by the span's own key.

``position`` is the element's index in its list, from 0 (as SQLite's
``json_each`` counts), so the lists come back in order, and a partner named
twice in one list still gives two distinct rows. Rows follow the record
table's order, then the list columns' order, then ``position``.

Only list columns get link tables. Records and evidence need none: the
``evidence`` table already is the record–evidence link, one row per record
and span. Nor do awards and events: ``awards.event_id`` is a single id, joined as it
is.

They are never files: the loaders derive the shipped ones from the shipped
tables on first use and take their names beside the tables'
(:func:`link_names`).

Deriving them needs only the columns and pyarrow, so this module sits with
the plain values, below everything that may want link tables; it never
imports the store, whose schema lock the build that imports this module
may have to write.
"""

from __future__ import annotations

import array
import enum
import functools
import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

import attrs

from ._columns import Column

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "LINK_TABLES",
    "LinkTable",
    "PartnerRole",
    "link_names",
    "link_schema",
    "link_table",
]


class PartnerRole(enum.StrEnum):
    """Which list of an event names the partner."""

    ORGANISER = "organiser"
    PARTICIPANT = "participant"


def _column(
    name: str, kind: str, description: str, *, ref: str | None = None, vocabulary: type[enum.Enum] | None = None
) -> Column:
    return Column(name, kind, False, description, derived=True, ref=ref, enum=vocabulary)


_POSITION = "Index of the element in its list, from 0."


@attrs.frozen
class LinkTable:
    """A table with one row per element of some list columns of a record table."""

    name: str
    description: str
    table: str  # the record table whose list columns it unfolds
    lists: tuple[tuple[str, str | None], ...]  # (list column, the role its rows get, or None)
    owners: tuple[tuple[str, str], ...]  # (link column, record table column): the key of the row a row comes from
    element: str  # the column holding the list element
    columns: tuple[Column, ...]  # in the order of the table
    key: tuple[str, ...]

    def owner_of(self, row: Mapping[str, object]) -> tuple[object, ...]:
        """The key of the record row a link row comes from, read off the link row."""
        return tuple(row[link] for link, _ in self.owners)

    def key_of(self, record: Mapping[str, object]) -> tuple[object, ...]:
        """The same key, read off a row of the record table."""
        return tuple(record[own] for _, own in self.owners)


LINK_TABLES: dict[str, LinkTable] = {
    "event_partners": LinkTable(
        name="event_partners",
        description="One row per partner an event names as organiser or participant (events.organiser_ids, "
        "events.participant_ids).",
        table="events",
        lists=(("organiser_ids", PartnerRole.ORGANISER.value), ("participant_ids", PartnerRole.PARTICIPANT.value)),
        owners=(("event_id", "id"),),
        element="partner_id",
        columns=(
            _column("event_id", "string", "The event (events.id).", ref="events"),
            _column("partner_id", "string", "The partner (partners.id).", ref="partners"),
            _column(
                "role",
                "enum",
                "'organiser' from organiser_ids, 'participant' from participant_ids.",
                vocabulary=PartnerRole,
            ),
            _column("position", "int64", _POSITION),
        ),
        key=("event_id", "role", "position"),
    ),
    "source_authors": LinkTable(
        name="source_authors",
        description="One row per byline of a source (sources.authors), in order.",
        table="sources",
        lists=(("authors", None),),
        owners=(("source_id", "id"),),
        element="author",
        columns=(
            _column("source_id", "string", "The source (sources.id).", ref="sources"),
            _column("position", "int64", _POSITION),
            _column("author", "string", "The byline as written."),
        ),
        key=("source_id", "position"),
    ),
    "evidence_supports": LinkTable(
        name="evidence_supports",
        description="One row per column an evidence span backs (evidence.supports), in order; join on the "
        "span's key (record_id, source_id, start, end) for its basis.",
        table="evidence",
        lists=(("supports", None),),
        owners=(("record_id", "record_id"), ("source_id", "source_id"), ("start", "start"), ("end", "end")),
        element="column",
        columns=(
            _column("record_id", "string", "The record the span backs (evidence.record_id).", ref="*"),
            _column("source_id", "string", "The source the span quotes (evidence.source_id).", ref="sources"),
            _column("start", "int64", "The span's start (evidence.start)."),
            _column("end", "int64", "The span's end (evidence.end)."),
            _column("position", "int64", _POSITION),
            _column("column", "string", "A column of the record whose value the span backs."),
        ),
        key=("record_id", "source_id", "start", "end", "position"),
    ),
}


def link_names() -> tuple[str, ...]:
    """The names of the link tables, which the loaders take beside :func:`table_names`'s."""
    return tuple(LINK_TABLES)


@functools.cache  # a pure function of the code; Arrow schemas are immutable
def link_schema(name: str) -> pa.Schema:
    """The Arrow schema of a link table: each field's description (and vocabulary) as metadata, as the tables'."""
    import pyarrow as pa

    link = LINK_TABLES[name]
    types = {"string": pa.string(), "enum": pa.string(), "int64": pa.int64()}
    fields = []
    for column in link.columns:
        meta = {"description": column.description}
        if column.enum:
            meta["enum"] = ",".join(column.values)
        fields.append(pa.field(column.name, types[column.kind], nullable=column.nullable, metadata=meta))
    return pa.schema(fields, metadata={"table": name, "description": link.description})


def link_table(name: str, data: pa.Table) -> pa.Table:
    """Link table ``name`` computed from ``data``, the Arrow table of its record table.

    Reads values with ``to_pylist``, so plain and dictionary-encoded string
    columns give the same rows.
    """
    import pyarrow as pa

    link = LINK_TABLES[name]
    rows: dict[str, list[object]] = {column.name: [] for column in link.columns}
    lists = [(data.column(column).to_pylist(), role) for column, role in link.lists]
    owners = [(column, data.column(own).to_pylist()) for column, own in link.owners]
    for index in range(data.num_rows):
        for values, role in lists:
            for position, element in enumerate(values[index]):
                for column, keys in owners:
                    rows[column].append(keys[index])
                rows[link.element].append(element)
                rows["position"].append(position)
                if role is not None:
                    rows["role"].append(role)
    schema = link_schema(name)
    arrays = [_int64s(rows[f.name]) if f.type == pa.int64() else _strings(rows[f.name]) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


# Arrays built from their buffers: pa.array() and Table.from_pydict() import pandas (a quarter of a
# second) to check their input, which no load needs.


def _strings(values: list[object]) -> pa.Array:
    import pyarrow as pa

    encoded = [text.encode("utf-8") for text in cast("list[str]", values)]
    offsets = array.array("i", [0])
    offsets.extend(itertools.accumulate(map(len, encoded)))
    buffers = [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), len(values), buffers)


def _int64s(values: list[object]) -> pa.Array:
    import pyarrow as pa

    numbers = array.array("q", cast("list[int]", values))
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(numbers.tobytes())])
