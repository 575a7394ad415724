"""Link tables load like tables and agree with the list columns row for row; connect() joins them in DuckDB.

The agreement is a property: on generated record tables (any ids, empty lists, an element named twice) and
on the shipped data, folding a link table back by owner, role and position gives each record's lists,
exactly, and nothing else.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given

import binhduong_corpus as bdc
from binhduong_corpus._links import LINK_TABLES, LinkTable, link_schema, link_table
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns

from .strategies import record_tables

LINKS = tuple(LINK_TABLES)


def _folded(link: LinkTable, rows: list[dict[str, object]]) -> dict[tuple[object, str], list[object]]:
    """The lists a link table's rows stand for: (owner id, list column) -> elements in position order."""
    column_of_role = {role: column for column, role in link.lists}
    found: dict[tuple[object, str], list[tuple[object, object]]] = defaultdict(list)
    for row in rows:
        found[(link.owner_of(row), column_of_role[row.get("role")])].append((row["position"], row[link.element]))
    for key, elements in found.items():
        assert [position for position, _ in elements] == list(range(len(elements))), key
    return {key: [element for _, element in elements] for key, elements in found.items()}


def _lists(link: LinkTable, data: pa.Table) -> dict[tuple[object, str], list[object]]:
    """The non-empty lists of a record table: (id, list column) -> elements."""
    return {
        (link.key_of(record), column): record[column]
        for record in data.to_pylist()
        for column, _ in link.lists
        if record[column]
    }


def _order(link: LinkTable, data: pa.Table) -> list[tuple[object, ...]]:
    """The rows a link table must have, in its order: the records', then the list columns', then the elements'."""
    return [
        (link.key_of(record), column, position)
        for record in data.to_pylist()
        for column, _ in link.lists
        for position in range(len(record[column]))
    ]


def _assert_agrees(name: str, data: pa.Table, linked: pa.Table) -> None:
    link = LINK_TABLES[name]
    rows = linked.to_pylist()
    assert _folded(link, rows) == _lists(link, data)
    column_of_role = {role: column for column, role in link.lists}
    assert [(link.owner_of(r), column_of_role[r.get("role")], r["position"]) for r in rows] == _order(link, data)
    assert linked.schema.equals(link_schema(name), check_metadata=True)


@given(events=record_tables("events"), sources=record_tables("sources"), evidence=record_tables("evidence"))
def test_link_tables_agree_with_the_list_columns_on_any_data(
    events: pa.Table, sources: pa.Table, evidence: pa.Table
) -> None:
    data = {"events": events, "sources": sources, "evidence": evidence}
    for name, link in LINK_TABLES.items():
        _assert_agrees(name, data[link.table], link_table(name, data[link.table]))


@pytest.mark.parametrize("name", LINKS)
def test_shipped_link_tables_agree_with_the_shipped_lists(name: str) -> None:
    link = LINK_TABLES[name]
    _assert_agrees(name, bdc.load_table(link.table), bdc.load_table(name))
    linked = bdc.load_table(name)
    assert linked.num_rows > 0
    assert linked.num_rows == sum(len(r[c]) for r in bdc.load_table(link.table).to_pylist() for c, _ in link.lists)


def test_event_partners_are_the_records_organisers_and_participants() -> None:
    rows = bdc.load_table("event_partners").to_pylist()
    for event in bdc.events():
        mine = [r for r in rows if r["event_id"] == event.id]
        assert [r["partner_id"] for r in mine if r["role"] == "organiser"] == list(event.organiser_ids)
        assert [r["partner_id"] for r in mine if r["role"] == "participant"] == list(event.participant_ids)


# --- loading them ---------------------------------------------------------------------------------------


def test_the_tables_stay_the_seven_and_the_link_tables_are_named_apart() -> None:
    assert bdc.table_names() == tuple(TABLES)
    assert bdc.link_names() == ("event_partners", "source_authors", "evidence_supports")
    assert not set(bdc.link_names()) & set(bdc.table_names())


def test_every_list_column_has_a_link_table_that_loads() -> None:
    unfolded = {(link.table, column) for link in LINK_TABLES.values() for column, _ in link.lists}
    listed = {(name, c.name) for name, cls in TABLES.items() for c in columns(cls) if c.kind == "list"}
    assert unfolded == listed
    for name in bdc.link_names():
        assert bdc.load_table(name).num_rows > 0


@pytest.mark.parametrize("name", LINKS)
def test_link_tables_are_typed_and_described(name: str) -> None:
    schema = bdc.load_table(name).schema
    assert schema.metadata[b"table"] == name.encode()
    assert schema.metadata[b"description"] == LINK_TABLES[name].description.encode()
    for field, column in zip(schema, LINK_TABLES[name].columns, strict=True):
        assert field.name == column.name and not field.nullable
        assert field.metadata[b"description"] == column.description.encode()
    assert schema.field("position").type == pa.int64()


def test_the_role_is_a_closed_vocabulary_in_every_form() -> None:
    assert bdc.load_table("event_partners").schema.field("role").metadata[b"enum"] == b"organiser,participant"
    frame = bdc.load_dataframe("event_partners")
    assert list(frame["role"].cat.categories) == ["organiser", "participant"]
    assert str(frame["position"].dtype) == "Int64" and str(frame["event_id"].dtype) == "string"


def test_pandas_users_merge_without_exploding_lists() -> None:
    events, partners = bdc.load_dataframe("events"), bdc.load_dataframe("partners")
    merged = bdc.load_dataframe("event_partners").merge(events[["id", "name_en"]], left_on="event_id", right_on="id")
    merged = merged.merge(partners[["id", "country_code"]], left_on="partner_id", right_on="id", suffixes=("", "_p"))
    exploded = events[["id", "organiser_ids"]].explode("organiser_ids").dropna()
    organisers = merged[merged["role"] == "organiser"]
    assert sorted(zip(organisers["event_id"], organisers["partner_id"], strict=True)) == sorted(
        zip(exploded["id"], exploded["organiser_ids"], strict=True)
    )
    assert len(merged) == bdc.load_table("event_partners").num_rows  # every partner id is a partner


def test_link_tables_take_columns_but_not_filters() -> None:
    assert bdc.load_table("source_authors", ["author", "source_id"]).column_names == ["author", "source_id"]
    assert list(bdc.load_dataframe("event_partners", columns=("role",)).columns) == ["role"]
    with pytest.raises(bdc.UnknownNameError, match="valid columns are: event_id, partner_id, role, position"):
        bdc.load_table("event_partners", ["partner"])
    with pytest.raises(bdc.UnknownNameError, match="link tables take no filters"):
        bdc.load_table("event_partners", role="organiser")
    with pytest.raises(bdc.InvalidTypeError):
        bdc.load_table("event_partners", "role")


def test_unknown_names_list_the_tables_and_the_link_tables() -> None:
    with pytest.raises(bdc.UnknownTableError, match=r"did you mean 'event_partners'.*link tables: event_partners"):
        bdc.load_table("event_partner")
    with pytest.raises(bdc.UnknownTableError, match="link tables: event_partners, source_authors"):
        bdc.load_dataframe("nope")
    with pytest.raises(bdc.UnknownTableError):
        bdc.load_records("event_partners")  # link tables have no record class
    with pytest.raises(bdc.UnknownTableError):
        bdc.data_path("event_partners")  # nor a file


def test_link_tables_are_read_only_cached_and_cleared_with_the_tables() -> None:
    linked = bdc.load_table("event_partners")
    for column in linked.columns:
        for chunk in column.chunks:
            assert all(buffer is None or not buffer.is_mutable for buffer in chunk.buffers())
    assert bdc.load_table("event_partners") is linked
    bdc.clear_cache()
    again = bdc.load_table("event_partners")
    assert again is not linked and again.equals(linked)


def test_loading_a_table_still_needs_no_attrs_and_a_link_table_no_pandas() -> None:
    code = (
        "import sys, binhduong_corpus as b\n"
        "b.load_table('events'); print('attr' in sys.modules)\n"
        "[b.load_table(n) for n in b.link_names()]; b.describe()\n"
        "print('pandas' in sys.modules, 'pyarrow.compute' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]


# --- DuckDB ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    return bdc.connect()


def test_connect_registers_every_table_and_link_table(con: duckdb.DuckDBPyConnection) -> None:
    registered = {row[0] for row in con.execute("show tables").fetchall()}
    assert registered == {*bdc.table_names(), *bdc.link_names()}
    for name in (*bdc.table_names(), *bdc.link_names()):
        assert con.execute(f"select count(*) from {name}").fetchall() == [(bdc.load_table(name).num_rows,)]


def test_connect_keeps_types(con: duckdb.DuckDBPyConnection) -> None:
    sql = "select column_name, data_type from information_schema.columns where table_name = 'events'"
    types = dict(con.execute(sql).fetchall())
    assert types["organiser_ids"] == "VARCHAR[]" and types["start_date"] == "DATE" and types["edition"] == "BIGINT"
    authors = con.execute("select id, authors from sources order by id").fetchall()
    assert authors == [(source.id, list(source.authors)) for source in bdc.sources()]


def test_a_join_across_events_partners_and_evidence_answers_as_the_python_api(con: duckdb.DuckDBPyConnection) -> None:
    """Which partners organised an event, what backs that event, and the events' countries."""
    sql = """
        select e.id, p.id, p.name_en, count(v.quote) as spans
        from events e
        join event_partners ep on ep.event_id = e.id and ep.role = 'organiser'
        join partners p on p.id = ep.partner_id
        join evidence v on v.record_id = e.id
        group by e.id, p.id, p.name_en
        order by e.id, p.id
    """
    answer = con.sql(sql).fetchall()
    expected = sorted(
        (event.id, partner, bdc.get(partner).name_en, len(event.evidence))
        for event in bdc.events()
        for partner in set(event.organiser_ids)
    )
    assert answer == expected and answer


def test_connect_adds_the_views_to_a_connection_given() -> None:
    given = duckdb.connect()
    given.sql("create table mine as select 1 as x")
    assert bdc.connect(given) is given
    assert given.execute("select count(*) from event_partners join mine on true").fetchall()[0][0] > 0


def test_connect_refuses_what_is_not_a_usable_connection() -> None:
    with pytest.raises(bdc.InvalidTypeError, match="expected a duckdb connection"):
        bdc.connect("memory")  # type: ignore[arg-type]
    closed = duckdb.connect()
    closed.close()
    with pytest.raises(bdc.InvalidArgumentError, match="DuckDB refused"):
        bdc.connect(closed)


def test_connect_without_duckdb_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['duckdb'] = None\nimport binhduong_corpus as b\n"
        "try:\n    b.connect()\nexcept ImportError as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("MissingDependencyError") and "binhduong-corpus[duckdb]" in out


def test_duckdb_reads_the_same_values(con: duckdb.DuckDBPyConnection) -> None:
    for name in bdc.link_names():
        frame = con.sql(f"select * from {name}").df()
        expected = bdc.load_table(name).to_pandas()
        pd.testing.assert_frame_equal(frame, expected, check_dtype=False)
