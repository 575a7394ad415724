"""Tests for the strict EDTF subset parser in binhduong_corpus._edtf."""

from __future__ import annotations

import ast
import calendar
import datetime
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import assume, given, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus import _edtf
from binhduong_corpus._edtf import EDTF, parse_edtf
from binhduong_corpus.errors import InvalidArgumentError, InvalidDateError

D = datetime.date
ACCEPTED = "accepted forms are YYYY, YYYY-MM, YYYY-MM-DD and intervals A/B"
WHITESPACE = [chr(code) for code in range(0x3001) if chr(code).isspace()]


def _first_and_last(year: int, month: int | None, day: int | None) -> tuple[D, D]:
    """An independent reference for the days a truncated date covers."""
    if month is None:
        return D(year, 1, 1), D(year, 12, 31)
    if day is None:
        return D(year, month, 1), D(year, month, calendar.monthrange(year, month)[1])
    return D(year, month, day), D(year, month, day)


def _truncate(date: D, precision: str) -> tuple[str, D, D]:
    if precision == "year":
        return f"{date.year:04d}", *_first_and_last(date.year, None, None)
    if precision == "month":
        return date.isoformat()[:7], *_first_and_last(date.year, date.month, None)
    return date.isoformat(), date, date


def _reject(text: object, *fragments: str) -> str:
    with pytest.raises(InvalidDateError) as caught:
        parse_edtf(text)  # type: ignore[arg-type]
    message = str(caught.value)
    assert ACCEPTED in message
    for fragment in fragments:
        assert fragment in message
    assert not is_valid_edtf(text)  # type: ignore[arg-type]
    return message


# Single dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2018", D(2018, 1, 1), D(2018, 12, 31), "year"),
        ("0001", D(1, 1, 1), D(1, 12, 31), "year"),
        ("9999", D(9999, 1, 1), D(9999, 12, 31), "year"),
        ("2019-10", D(2019, 10, 1), D(2019, 10, 31), "month"),
        ("2019-02", D(2019, 2, 1), D(2019, 2, 28), "month"),
        ("2020-02", D(2020, 2, 1), D(2020, 2, 29), "month"),
        ("2019-11", D(2019, 11, 1), D(2019, 11, 30), "month"),
        ("2019-10-21", D(2019, 10, 21), D(2019, 10, 21), "day"),
        ("2020-02-29", D(2020, 2, 29), D(2020, 2, 29), "day"),
        ("2000-02-29", D(2000, 2, 29), D(2000, 2, 29), "day"),
    ],
)
def test_single_dates(text: str, start: D, end: D, precision: str) -> None:
    assert parse_edtf(text) == EDTF(text, start, end, precision)
    assert is_valid_edtf(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2019-02-29", "day 29 does not exist in 2019-02, which has 28 days"),
        ("1900-02-29", "day 29 does not exist in 1900-02"),
        ("2019-11-31", "day 31 does not exist in 2019-11, which has 30 days"),
        ("2019-10-00", "day 00 does not exist"),
        ("2019-10-32", "day 32 does not exist"),
        ("2019-13", "month 13 is not 01-12"),
        ("2019-00", "month 00 is not 01-12"),
        ("2019-13-01", "month 13 is not 01-12"),
        ("2019-21", "seasons 21-41 are not supported"),
        ("0000", "year 0000 is not 0001-9999"),
    ],
)
def test_impossible_dates(text: str, fragment: str) -> None:
    _reject(text, repr(text), fragment)


def test_error_message_wording() -> None:
    message = _reject("2019-13")
    assert message == (
        "invalid EDTF date '2019-13': month 13 is not 01-12; accepted forms are"
        " YYYY, YYYY-MM, YYYY-MM-DD and intervals A/B of these (either side may be '..' for open or empty for unknown)"
    )


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_edtf("2019-13")
    assert issubclass(InvalidDateError, InvalidArgumentError)


# Intervals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2019-10-21/2019-10-22", D(2019, 10, 21), D(2019, 10, 22)),
        ("2019-10-21/2019-10-21", D(2019, 10, 21), D(2019, 10, 21)),
        ("2019-10/2019-10-05", D(2019, 10, 1), D(2019, 10, 5)),
        ("2018/2019-03", D(2018, 1, 1), D(2019, 3, 31)),
        ("2019/2019", D(2019, 1, 1), D(2019, 12, 31)),
        ("2019-10-05/2019-10", D(2019, 10, 5), D(2019, 10, 31)),
        ("../2019-10-21", None, D(2019, 10, 21)),
        ("2019-10/..", D(2019, 10, 1), None),
        ("../2018", None, D(2018, 12, 31)),
        # An unknown side: the interval is known to cover only the given side's days.
        ("2018-10-10/", D(2018, 10, 10), D(2018, 10, 10)),
        ("2019-10/", D(2019, 10, 1), D(2019, 10, 31)),
        ("/2019-11-10", D(2019, 11, 10), D(2019, 11, 10)),
        ("/2019", D(2019, 1, 1), D(2019, 12, 31)),
    ],
)
def test_intervals(text: str, start: D | None, end: D | None) -> None:
    assert parse_edtf(text) == EDTF(text, start, end, "interval")


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("2019-10-22/2019-10-21", ("ends before it starts", "2019-10-21", "2019-10-22")),
        ("2019/2018", ("ends before it starts", "2018-12-31", "2019-01-01")),
        ("2019-11/2019-10-31", ("ends before it starts",)),
        ("../..", ("neither side is a date",)),
        ("../", ("neither side is a date",)),
        ("/..", ("neither side is a date",)),
        ("/", ("both sides are empty",)),
        ("2018/2019/2020", ("exactly one '/'",)),
        ("2019-02-29/2020", ("day 29 does not exist in 2019-02",)),
        ("2019/2020-13", ("month 13 is not 01-12",)),
        ("..", ("only as one side of an interval",)),
        ("2019/...", ("unsupported syntax",)),
    ],
)
def test_bad_intervals(text: str, fragments: tuple[str, ...]) -> None:
    _reject(text, repr(text), *fragments)


# Rejected syntax ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        (" 2019", "leading whitespace"),
        ("2019 ", "trailing whitespace"),
        ("2019-10-21\n", "trailing whitespace"),
        ("\t2019", "leading whitespace"),
        ("2019 /2020", "whitespace inside"),
        ("2019-10- 21", "whitespace inside"),
        ("2019\u00a0", "trailing whitespace"),
        ("2019?", "qualifiers"),
        ("2019~", "qualifiers"),
        ("2019-10%", "qualifiers"),
        ("?2019-10-21", "qualifiers"),
        ("201X", "unspecified digits"),
        ("2019-XX", "unspecified digits"),
        ("-2019", "negative years"),
        ("2019/-0100", "negative years"),
        ("2019-10-21T10:00:00", "time parts"),
        ("2019-10-21T10", "time parts"),
        ("19", "four digits"),
        ("12019", "four digits"),
        ("2019-1", "two digits"),
        ("2019-10-1", "two digits"),
        ("Y12019", "unsupported syntax"),
        ("[2019,2020]", "unsupported syntax"),
        ("{2019..2020}", "unsupported syntax"),
        ("20191021", "four digits"),
        ("2019-10-21-", "unsupported syntax"),
        ("\uff12\uff10\uff11\uff19", "unsupported syntax"),  # fullwidth digits
        ("\u0662\u0660\u0661\u0669", "unsupported syntax"),  # Arabic-Indic digits
    ],
)
def test_rejected_syntax(text: str, fragment: str) -> None:
    _reject(text, repr(text), fragment)


@pytest.mark.parametrize("value", [None, 2019, 2019.0, b"2019", D(2019, 1, 1), ["2019"]])
def test_non_str_is_rejected(value: object) -> None:
    _reject(value, "expected a str", f"got {type(value).__name__}")


def test_module_imports_stay_light() -> None:
    tree = ast.parse(Path(_edtf.__file__).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    imported = {alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in nodes if isinstance(node, ast.ImportFrom) and node.module}
    allowed = {"__future__", "calendar", "datetime", "re", "reprlib", "typing", "attrs"}
    assert imported <= allowed | {"binhduong_corpus.errors"}


def test_edtf_is_frozen_and_slotted() -> None:
    value = parse_edtf("2019")
    with pytest.raises(AttributeError):
        value.start = None  # type: ignore[misc]
    assert not hasattr(value, "__dict__")


# Properties -----------------------------------------------------------------

dates = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))
precisions = st.sampled_from(["year", "month", "day"])


@given(dates)
def test_day_strings_cover_one_day(date: D) -> None:
    assert parse_edtf(date.isoformat()) == EDTF(date.isoformat(), date, date, "day")


@given(st.integers(1, 9999))
def test_year_strings_cover_the_year(year: int) -> None:
    value = parse_edtf(f"{year:04d}")
    assert (value.start, value.end, value.precision) == (D(year, 1, 1), D(year, 12, 31), "year")


@given(st.integers(1, 9999), st.integers(1, 12))
def test_month_strings_cover_the_month(year: int, month: int) -> None:
    value = parse_edtf(f"{year:04d}-{month:02d}")
    last_day = calendar.monthrange(year, month)[1]
    assert (value.start, value.end) == (D(year, month, 1), D(year, month, last_day))
    assert value.precision == "month"


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_day_exists_iff_the_calendar_has_it(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    assert is_valid_edtf(text) == (day <= calendar.monthrange(year, month)[1])


@given(dates, precisions, dates, precisions)
def test_interval_parses_iff_ordered(a: D, a_precision: str, b: D, b_precision: str) -> None:
    a_text, start, _ = _truncate(a, a_precision)
    b_text, _, end = _truncate(b, b_precision)
    text = f"{a_text}/{b_text}"
    if start <= end:
        assert parse_edtf(text) == EDTF(text, start, end, "interval")
    else:
        _reject(text, "ends before it starts")


@given(dates, precisions, st.booleans())
def test_half_open_intervals(date: D, precision: str, open_start: bool) -> None:
    text, first, last = _truncate(date, precision)
    if open_start:
        assert parse_edtf(f"../{text}") == EDTF(f"../{text}", None, last, "interval")
    else:
        assert parse_edtf(f"{text}/..") == EDTF(f"{text}/..", first, None, "interval")


@given(dates, precisions, st.booleans())
def test_an_unknown_side_covers_only_the_given_sides_days(date: D, precision: str, unknown_start: bool) -> None:
    text, first, last = _truncate(date, precision)
    value = f"/{text}" if unknown_start else f"{text}/"
    # The same days as the date alone: nothing is assumed about the side the source leaves out.
    assert parse_edtf(value) == EDTF(value, first, last, "interval")
    assert (parse_edtf(value).start, parse_edtf(value).end) == (parse_edtf(text).start, parse_edtf(text).end)


BASE = D(2020, 6, 15)
WINDOW = [BASE + datetime.timedelta(days=offset) for offset in range(-400, 401)]
near_dates = st.integers(-60, 60).map(lambda offset: BASE + datetime.timedelta(days=offset))
maybe_near = st.none() | near_dates


@st.composite
def near_values(draw: st.DrawFn) -> EDTF:
    """Single dates or intervals around BASE, so brute force over WINDOW sees every edge."""
    a_text, _, _ = _truncate(draw(near_dates), draw(precisions))
    if draw(st.booleans()):
        return parse_edtf(a_text)
    b_text, _, _ = _truncate(draw(near_dates), draw(precisions))
    a_text, b_text = draw(st.sampled_from([(a_text, b_text), ("..", b_text), (a_text, "..")]))
    text = f"{a_text}/{b_text}"
    return parse_edtf(text) if is_valid_edtf(text) else parse_edtf(a_text)


def _brute_force_overlaps(value: EDTF, start: D | None, end: D | None) -> bool:
    covered = {
        day for day in WINDOW if (value.start is None or value.start <= day) and (value.end is None or day <= value.end)
    }
    wanted = {day for day in WINDOW if (start is None or start <= day) and (end is None or day <= end)}
    return bool(covered & wanted)


def is_valid_edtf(text: str) -> bool:
    try:
        parse_edtf(text)
    except InvalidDateError:
        return False
    return True


def overlaps(value: EDTF, start: D | None, end: D | None) -> bool:
    """The query's own answer: does an event dated ``value`` pass ``between=(start, end)``?"""
    row = bdc.load_table("events").slice(0, 1)
    for name, item, kind in (("date", value.text, pa.string()), ("start_date", value.start, pa.date32()),
                             ("end_date", value.end, pa.date32())):  # fmt: skip
        row = row.set_column(row.schema.get_field_index(name), row.schema.field(name), pa.array([item], kind))
    return bool(bdc.filter_table(row, "events", between=(start, end)).num_rows)


@given(near_values(), maybe_near, maybe_near)
def test_overlaps_agrees_with_brute_force(value: EDTF, start: D | None, end: D | None) -> None:
    assume(start is None or end is None or start <= end)  # a reversed range is refused, not empty
    assert overlaps(value, start, end) == _brute_force_overlaps(value, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("2019-10", D(2019, 10, 31), D(2019, 11, 5), True),
        ("2019-10", D(2019, 11, 1), None, False),
        ("2019-10", None, D(2019, 9, 30), False),
        ("2019-10", None, None, True),
        ("../2018", D(2018, 12, 31), D(2018, 12, 31), True),
        ("../2018", D(2019, 1, 1), None, False),
        ("2019/..", None, D(2018, 12, 31), False),
        ("2019/..", D(3000, 1, 1), None, True),
    ],
)
def test_overlaps_examples(text: str, start: D | None, end: D | None, expected: bool) -> None:
    assert overlaps(parse_edtf(text), start, end) is expected


@given(st.one_of(dates.map(D.isoformat), st.text(max_size=12)), st.sampled_from(WHITESPACE))
def test_leading_or_trailing_whitespace_is_rejected(text: str, space: str) -> None:
    _reject(space + text, "leading whitespace")
    _reject(text + space, "whitespace")


@given(st.text(max_size=24))
def test_any_text_parses_or_raises_invalid_date(text: str) -> None:
    try:
        value = parse_edtf(text)
    except InvalidDateError as exc:
        assert repr(text) in str(exc)
        assert not is_valid_edtf(text)
    else:
        assert value.text == text
        assert is_valid_edtf(text)
