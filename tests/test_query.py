"""Filters: example questions, brute-force agreement on arbitrary filters, and every bad argument."""

from __future__ import annotations

import datetime
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus._query import ALIASES, filters
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns

RECORD_TABLES = [t for t in TABLES if t != "evidence"]
# Columns whose values are long free text: filtering on them is allowed but pointless to fuzz.
SKIP = {"text", "note", "quote"}


# --- brute force ---------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def _matches(record: Any, column: str, wanted: list[Any]) -> bool:
    value = getattr(record, column)
    wanted = [_plain(w) for w in wanted]
    if isinstance(value, tuple):
        return any(v in wanted for v in value)
    return _plain(value) in wanted


def _overlaps(record: Any, start: datetime.date | None, end: datetime.date | None) -> bool:
    if record.date is None:
        return False
    starts_in_time = end is None or record.start_date is None or record.start_date <= end
    ends_in_time = start is None or record.end_date is None or record.end_date >= start
    return starts_in_time and ends_in_time


def _brute_force(table: str, given: dict[str, Any]) -> list[str]:
    out = []
    for record in bdc.load_records(table):
        ok = True
        for arg, value in given.items():
            if arg == "year":
                ok &= _overlaps(record, datetime.date(value, 1, 1), datetime.date(value, 12, 31))
            elif arg == "between":
                start, end = (None if v is None else datetime.date.fromisoformat(str(v)) for v in value)
                ok &= _overlaps(record, start, end)
            else:
                column = ALIASES.get(table, {}).get(arg, arg)
                ok &= _matches(record, column, value if isinstance(value, list) else [value])
        if ok:
            out.append(record.id if table != "evidence" else (record.record_id, record.start))
    return out


@st.composite
def filter_sets(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    table = draw(st.sampled_from(RECORD_TABLES))
    records = bdc.load_records(table)
    cols = [c for c in columns(TABLES[table]) if c.name not in SKIP]
    chosen = draw(st.lists(st.sampled_from(cols), min_size=0, max_size=3, unique_by=lambda c: c.name))
    given: dict[str, Any] = {}
    for col in chosen:
        seen = [v for r in records for v in (getattr(r, col.name) if col.kind == "list" else (getattr(r, col.name),))]
        pool = [v for v in seen if v is not None]
        if col.enum:
            pool += list(col.enum)
        if not pool:
            continue
        values = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        name = draw(st.sampled_from([col.name, *[a for a, c in ALIASES.get(table, {}).items() if c == col.name]]))
        given[name] = values if len(values) > 1 else values[0]
    if "year" in filters(table) and draw(st.booleans()):
        if draw(st.booleans()):
            given["year"] = draw(st.integers(2012, 2026))
        else:
            a = draw(st.one_of(st.none(), st.dates(datetime.date(2013, 1, 1), datetime.date(2025, 12, 31))))
            b = draw(st.one_of(st.none(), st.dates(a or datetime.date(2013, 1, 1), datetime.date(2026, 12, 31))))
            given["between"] = (None if a is None else a.isoformat(), b)
    return table, given


@settings(max_examples=300, deadline=None)
@given(case=filter_sets())
def test_filters_agree_with_brute_force_and_are_subsets(case: tuple[str, dict[str, Any]]) -> None:
    table, given = case
    result = bdc.load_records(table) if not given else bdc.query(table, **given).records()
    everything = set(bdc.load_records(table))
    assert set(result) <= everything
    ids = [r.id for r in result]
    assert ids == _brute_force(table, given)
    # The loaders take the same filters and give the same rows.
    assert bdc.load_table(table, **given).column("id").to_pylist() == ids


# --- the questions from the guide -----------------------------------------------------------


def test_events_hosted_in_2019() -> None:
    assert [e.id for e in bdc.events(role="host", year=2019)] == ["ev-horasis-asia-2019"]


def test_partners_in_the_netherlands() -> None:
    assert [p.id for p in bdc.partners(country_code="NL")] == ["pt-eindhoven", "pt-emmen"]


def test_what_icf_awarded_and_when() -> None:
    assert [(a.date, a.tier.value) for a in bdc.awards(issuer="pt-icf", year=2023)] == [
        ("2023", "Top1"),
        ("2023", "Top7"),
    ]
    assert len(bdc.awards(issuer="pt-icf")) == 6


def test_what_happened_in_october_2019() -> None:
    october = {e.id for e in bdc.events(between=("2019-10-01", "2019-10-31"))}
    assert {"ev-wta-2019-daejeon", "ev-bd-delegation-korea-2019", "ev-wta-hitech-fair-2019"} <= october
    assert "ev-horasis-asia-2019" in october  # known only to the year: it overlaps October
    assert "ev-wta-general-assembly-2018" not in october


def test_month_precision_overlaps_a_day_inside_the_month() -> None:
    day = {e.id for e in bdc.events(between=("2016-11-15", "2016-11-15"))}
    assert "ev-smart-city-programme-approval-2016" in day  # "2016-11"
    assert "ev-eindhoven-twinning-2016" in day  # "2016": the whole year
    october = {e.id for e in bdc.events(between=("2019-10-05", "2019-10-05"))}
    assert "ev-horasis-asia-2019" in october  # "2019": the whole year
    assert "ev-wta-2019-daejeon" not in october  # 21-23 October only


def test_an_unknown_end_matches_only_the_days_known() -> None:
    # "2018-10-10/": the General Assembly began on 10 October 2018; its end is not given.
    assert "ev-wta-general-assembly-2018" in {e.id for e in bdc.events(between=("2018-10-10", "2018-10-10"))}
    later = {e.id for e in bdc.events(between=("2018-10-11", "2019-12-31"))}
    assert {"ev-wta-general-assembly-2018", "ev-wta-summit-2018"}.isdisjoint(later)


def test_open_ranges() -> None:
    assert {a.id for a in bdc.awards(between=(None, "2018-12-31"))} == {"aw-icf-smart21-2018"}
    assert {a.id for a in bdc.awards(between=("2023-06-01", None))} == {"aw-icf-top1-2023", "aw-icf-top7-2023"}


def test_undated_sources_never_match_a_date_filter() -> None:
    assert "src-001" not in {s.id for s in bdc.sources(between=(None, None))}
    assert len(bdc.sources(between=(None, None))) == 4


def test_enum_members_and_lists() -> None:
    by_member = bdc.events(kind=bdc.EventKind.FAIR)
    assert by_member == bdc.events(kind="fair")
    assert {e.kind for e in bdc.events(kind=["fair", "forum"])} == {bdc.EventKind.FAIR, bdc.EventKind.FORUM}


def test_list_columns_match_membership() -> None:
    assert [e.id for e in bdc.events(organiser="pt-unesco")] == [
        "ev-gif-launch-2014",
        "ev-unesco-wta-training-workshop-2019",
        "ev-unesco-wta-training-workshop-first-2005",
    ]
    assert [s.id for s in bdc.sources(author="Thuy Linh")] == ["src-003"]


def test_query_columns_and_dataframe() -> None:
    q = bdc.query("events", columns=["id", "edition"], edition=16)
    assert q.to_arrow().column_names == ["id", "edition"]
    assert q.to_pandas()["edition"].tolist() == [16]
    assert [e.id for e in q] == ["ev-wta-hitech-fair-2019"]


def test_filter_table_works_on_any_table_with_the_schema() -> None:
    doubled = pa.concat_tables([bdc.load_table("partners")] * 2)
    assert bdc.filter_table(doubled, "partners", country_code="NL").num_rows == 4


def test_timeline_order_and_precision() -> None:
    items = bdc.timeline()
    keys = [(i.start_date, i.end_date, i.id) for i in items]
    assert keys == sorted(keys)
    assert len(items) == len(bdc.events()) + len(bdc.awards())
    table = bdc.timeline_table(year=2019)
    assert table.column("id").to_pylist() == [i.id for i in bdc.timeline(year=2019)]
    everything = bdc.timeline_table()
    precision = dict(zip(everything.column("id").to_pylist(), everything.column("precision").to_pylist(), strict=True))
    assert precision["ev-horasis-asia-2019"] == "year"
    assert precision["ev-smart-city-programme-approval-2016"] == "month"
    assert precision["ev-smart-city-conference-press-2017"] == "day"
    assert precision["ev-wta-hitech-fair-2019"] == "interval"


# --- bad arguments ---------------------------------------------------------------------------


BAD = [
    (
        "events",
        {"knd": "forum"},
        bdc.InvalidArgumentError,
        "unknown filter 'knd' for table 'events' (did you mean 'kind'?)",
    ),
    ("partners", {"year": 2019}, bdc.InvalidArgumentError, "unknown filter 'year' for table 'partners'"),
    ("events", {"kind": "foru"}, bdc.UnknownNameError, "kind='foru' is not a known kind value (did you mean 'forum'?)"),
    ("events", {"kind": bdc.PartnerKind.COMPANY}, bdc.UnknownNameError, "is not a known kind value"),
    ("events", {"edition": "16"}, bdc.InvalidTypeError, "edition='16': expected a whole number, got str"),
    ("events", {"edition": True}, bdc.InvalidTypeError, "expected a whole number, got bool"),
    (
        "events",
        {"edition": 10**30},
        bdc.InvalidArgumentError,
        "expected a whole number from -9,223,372,036,854,775,808",
    ),
    ("figures", {"value": "13"}, bdc.InvalidTypeError, "value='13': expected a number"),
    ("figures", {"value": float("nan")}, bdc.InvalidArgumentError, "value=nan: expected a finite number"),
    ("events", {"name_en": 5}, bdc.InvalidTypeError, "name_en=5: expected a string, got int"),
    ("events", {"name_en": "WTA\x00"}, bdc.InvalidArgumentError, "holds a NUL character ('\\x00')"),
    ("events", {"name_en": "\ud800"}, bdc.InvalidArgumentError, "holds a lone surrogate"),
    ("events", {"name_en": iter(["a"])}, bdc.InvalidTypeError, "give one value, or a list, tuple or set of values"),
    (
        "partners",
        {"country_code": "kr"},
        bdc.InvalidArgumentError,
        "not an ISO 3166-1 alpha-2 country code (did you mean 'KR'?)",
    ),
    ("partners", {"country_code": "XX"}, bdc.InvalidArgumentError, "country_code='XX' is not an ISO 3166-1 alpha-2"),
    ("awards", {"issuer": "PT-ICF"}, bdc.InvalidArgumentError, "issuer='PT-ICF' is not a record id"),
    ("awards", {"issuer": " pt-icf"}, bdc.InvalidArgumentError, "is not a record id"),
    ("evidence", {"record": ""}, bdc.InvalidArgumentError, "record='' is not a record id"),
    ("events", {"kind": []}, bdc.InvalidArgumentError, "kind= was given an empty collection"),
    ("events", {"date": "2019-13-40"}, bdc.InvalidDateError, "date='2019-13-40': invalid EDTF date"),
    (
        "events",
        {"between": ("2019-10-31", "2019-10-01")},
        bdc.InvalidDateError,
        "ends (2019-10-01) before it starts (2019-10-31)",
    ),
    ("events", {"between": ("2019-02-30", None)}, bdc.InvalidDateError, "between[0]='2019-02-30' is not a valid date"),
    ("events", {"between": ("2016-13", None)}, bdc.InvalidDateError, "between[0]='2016-13' is not a valid date"),
    ("events", {"between": "2019"}, bdc.InvalidTypeError, "expected a pair (start, end)"),
    ("events", {"between": (1, 2, 3)}, bdc.InvalidDateError, "expected a pair (start, end)"),
    ("events", {"between": (datetime.datetime(2019, 1, 1), None)}, bdc.InvalidTypeError, "give a date, not a datetime"),
    ("events", {"year": "2019"}, bdc.InvalidTypeError, "year='2019': expected a whole year"),
    ("events", {"year": 0}, bdc.InvalidDateError, "expected a whole year from 1 to 9999"),
    ("events", {"year": 2019, "between": (None, None)}, bdc.InvalidArgumentError, "give between= or year=, not both"),
    ("events", {"start_date": "yesterday"}, bdc.InvalidDateError, "start_date='yesterday' is not a valid date"),
]


@pytest.mark.parametrize(("table", "given", "error", "message"), BAD, ids=[str(b[1]) for b in BAD])
def test_bad_arguments_raise_the_documented_error(table: str, given: dict[str, Any], error: type, message: str) -> None:
    for call in (
        lambda: bdc.query(table, **given),
        lambda: bdc.load_table(table, **given),
        lambda: getattr(bdc, table)(**given),
    ):
        with pytest.raises(error) as info:
            call()
        assert message in str(info.value)
        assert isinstance(info.value, bdc.CorpusError)


def test_unknown_table_in_query() -> None:
    with pytest.raises(bdc.UnknownTableError, match="valid tables are: sources, events"):
        bdc.query("event", kind="forum")
    with pytest.raises(bdc.UnknownTableError):
        bdc.filter_table(bdc.load_table("events"), "event")


def test_aliases_never_hide_a_column() -> None:
    for table, aliases in ALIASES.items():
        names = {c.name for c in columns(TABLES[table])}
        assert not names & set(aliases), table
        assert set(aliases.values()) <= names


def test_a_column_called_name_is_a_filter_not_the_table_argument() -> None:
    assert [p.id for p in bdc.people(name="John Jung")] == ["pe-john-jung"]
    assert bdc.load_table("people", name="John Jung").num_rows == 1


def test_timeline_rejects_other_filters() -> None:
    with pytest.raises(bdc.InvalidArgumentError, match="valid filters are: between, year"):
        bdc.timeline(kind="forum")


def test_a_well_formed_id_that_no_record_has_matches_nothing() -> None:
    assert bdc.awards(issuer="pt-icff") == ()
    assert bdc.events(parent="pt-icf") == ()  # a partner is never a parent event
    assert bdc.query("evidence", record="ev-nope").to_arrow().num_rows == 0


def test_bounds_may_be_months_or_years() -> None:
    by_month = {e.id for e in bdc.events(between=("2019-10", "2019-10"))}
    by_days = {e.id for e in bdc.events(between=("2019-10-01", "2019-10-31"))}
    assert by_month == by_days and by_month
    assert {e.id for e in bdc.events(between=("2019", "2019"))} == {e.id for e in bdc.events(year=2019)}


def test_columns_may_be_any_iterable_of_names() -> None:
    assert bdc.load_table("events", iter(["id", "name_en"])).column_names == ["id", "name_en"]
    assert bdc.query("events", columns=("id",), year=2019).to_arrow().column_names == ["id"]
    with pytest.raises(bdc.InvalidTypeError, match="expected a list of column names"):
        bdc.load_table("events", "id")
    with pytest.raises(bdc.UnknownNameError, match="unknown column"):
        bdc.load_table("events", iter(["nope"]))


def test_filter_table_checks_the_kind_of_table() -> None:
    with pytest.raises(bdc.InvalidArgumentError, match="data is not a events table: it lacks"):
        bdc.filter_table(bdc.load_table("people"), "events", kind="forum")
    with pytest.raises(bdc.InvalidArgumentError, match="data is not a partners table"):
        bdc.filter_table(bdc.load_table("events"), "partners", kind="locality")
    with pytest.raises(bdc.InvalidTypeError, match=r"expected a pyarrow\.Table"):
        bdc.filter_table({"id": []}, "events")  # type: ignore[arg-type]
