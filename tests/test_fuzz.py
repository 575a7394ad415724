"""Fuzzing the public surface: any value for any argument gets an answer or a CorpusError, quickly.

The contract (``errors.py``, ``docs/query.md``): every public function, given any value for any of
its arguments, returns a well-typed answer or raises a :class:`~binhduong_corpus.CorpusError` --
never another exception, never a hang. An error for a value of the wrong Python type is also a
TypeError, for a wrong value also a ValueError, for an unknown name also a LookupError. Where a
test can tell which kind of mistake a drawn argument is, it checks the error's class, and a call
with a clearly wrong argument must not come back with an answer. Once the caches are warm, no call
on the shipped corpus takes more than two seconds.

Every failure message starts with its kind: ``[raw]`` another exception, ``[class]`` a CorpusError
of the wrong kind, ``[accepted]`` a clearly wrong argument answered, ``[type]`` an answer of the
wrong type, ``[slow]`` or ``[hang]`` too long, ``[cli]`` the command line, ``[write]`` a file left
behind or changed.

Hypothesis profiles come from ``tests/conftest.py``: "ci" unless ``HYPOTHESIS_PROFILE`` names
another ("fuzz" for long runs: ``make fuzz``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import inspect
import io
import json
import math
import numbers
import operator
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus import cli
from binhduong_corpus._cite import STYLES
from binhduong_corpus._edtf import parse_edtf
from binhduong_corpus._export import FORMATS, export_sqlite, export_table
from binhduong_corpus._iso3166 import ALPHA2
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import Column, columns as schema_columns

ROOT = Path(__file__).resolve().parent.parent
# A failing example's report shows the strategies drawn from, whose text can run to hundreds of kB.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
FUZZ = settings(PROFILE)
# capsys is function-scoped; the command-line test reads and resets it for every example.
FUZZ_WITH_CAPSYS = settings(
    PROFILE, suppress_health_check=[*PROFILE.suppress_health_check, HealthCheck.function_scoped_fixture]
)

LIMIT_SECONDS = 2.0  # the longest any one warm call may take
HANG_SECONDS = 10.0  # a call still running after this is stopped and reported as a hang

# --- what the shipped corpus holds ------------------------------------------------------------------

TABLE_NAMES: tuple[str, ...] = bdc.table_names()
SHIPPED: dict[str, pa.Table] = {name: bdc.load_table(name) for name in TABLE_NAMES}
COLUMNS: dict[str, dict[str, Column]] = {
    name: {col.name: col for col in schema_columns(TABLES[name])} for name in TABLE_NAMES
}
#: The short names of reference filters (docs/query.md), per table.
ALIASES: dict[str, dict[str, str]] = {
    "events": {"organiser": "organiser_ids", "participant": "participant_ids", "parent": "parent_id"},
    "awards": {"issuer": "issuer_id", "event": "event_id"},
    "evidence": {"record": "record_id", "source": "source_id"},
    "sources": {"author": "authors"},
}
ALIAS_TARGET = {alias: column for names in ALIASES.values() for alias, column in names.items()}
DATED = frozenset(name for name in TABLE_NAMES if "start_date" in COLUMNS[name])
FILTERS: dict[str, tuple[str, ...]] = {
    name: (*COLUMNS[name], *ALIASES.get(name, {}), *(("between", "year") if name in DATED else ()))
    for name in TABLE_NAMES
}
ALL_FILTERS = sorted({name for names in FILTERS.values() for name in names})
RECORD_TABLE: dict[str, str] = {
    record_id: name
    for name in TABLE_NAMES
    if "id" in COLUMNS[name]
    for record_id in SHIPPED[name].column("id").to_pylist()
}
RECORD_IDS = sorted(RECORD_TABLE)
LINK_FIELDS = sorted({link.field for record_id in RECORD_IDS for link in bdc.related(record_id).outgoing})
RECORD_CLASSES = tuple(TABLES.values())
RELEASE_FILE = ROOT / "releases" / "0.1.0.json"
RELEASE: dict[str, Any] = json.loads(RELEASE_FILE.read_text(encoding="utf-8"))
DATA_DIR = bdc.data_path("events").parent
MANIFEST: dict[str, Any] = json.loads((DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
#: What diff() reads: a snapshot file, a release folder, its manifest; and two paths that are none of those.
REAL_CORPORA = [RELEASE_FILE, DATA_DIR, DATA_DIR / "manifest.json"]
NOT_CORPORA = [ROOT, ROOT / "missing"]
DUCK = duckdb.connect()


def _samples() -> dict[str, list[object]]:
    """Column name -> some of the values it holds in any table (list items flattened, long texts left out)."""
    found: dict[str, set[object]] = {}
    for data in SHIPPED.values():
        for column in data.column_names:
            bucket = found.setdefault(column, set())
            for value in data.column(column).to_pylist():
                for item in value if isinstance(value, list) else [value]:
                    if item is not None and not (isinstance(item, str) and len(item) > 200):
                        bucket.add(item)
    return {column: sorted(values, key=repr)[:15] for column, values in found.items()}


SAMPLES = _samples()

# --- values to call with --------------------------------------------------------------------------------


class OneShot:
    """An iterator over some values, shown as ``iter([...])``; a new one is drawn for every example."""

    def __init__(self, items: Iterable[object]) -> None:
        self._items = list(items)
        self._rest = iter(self._items)

    def __iter__(self) -> Iterator[object]:
        return self

    def __next__(self) -> object:
        return next(self._rest)

    def __repr__(self) -> str:
        return f"iter({self._items!r})"


ABSENT = type("Absent", (), {"__repr__": lambda self: "<not passed>"})()

WEIRD_TEXT = [
    *["", " ", "   ", "\x00", "a\x00b", "\ud800", "\udfff", "pt-icf\ud800", "\t", "\n", "\r\n", "\x0b\x0c"],
    *["\x1b[2J", "\x7f", "\x85", "\u00a0", "\u2028", "\u200b", "\ufeff", "\u0301", "e\u0301", "Đ", "đ"],
    *["Đại hội đồng", "Bình Dương", "binh duong", "ǅ", "İ", "ß", "ﬁ", "𝔅", "２０１９", "٢٠١٩"],
    *["-", "--", "-o", "--force", "..", ".", "/", "\\", "%s", "{0}", "${HOME}", "*", "?", "[", "(", "|"],
    *["^", "$", "'", '"', "\\d+", ".*", "NaN", "None", "null", "true", "0", "-1", "1e3", str(10**30)],
]
WRONG_TABLES = ["evnts", "Events", "EVENTS", " events", "events\n", "event", "evidence ", "table", "records"]
DATE_TEXT = [
    *["2019-10-21", "2019-10-22", "2016-11-15", "2022-01-01", "2023-12-31", "2019-10-31", "2019-10", "2019"],
    *["2019-10/2019-11-10", "../2019-10", "2019-10-21/..", "2019-02-30", "2019-13-01", "0000-01-01"],
    *["0001-01-01", "9999-12-31", "2019-1-1", "20191021", "2019-10-21T00:00", "2019-W43", "+2019-10-21"],
    *["2019-10-21 ", "２０１９-10-21", "2019-10-21\n"],
]
COUNTRIES = ["KR", "VN", "NL", "BE", "US", "kr", "Kr", "XX", "UK", "EU", "ZZ", "KOR"]
STYLE_TEXT = [*STYLES, "BibTeX", "APA", "mla", "csl_json", "json"]
FORMAT_TEXT = [*FORMATS, "CSV", "json", "xlsx", "parquet "]
ENUM_MEMBERS = [
    member
    for kind in (bdc.AwardTier, bdc.Basis, bdc.EventKind, bdc.Language, bdc.PartnerKind, bdc.Qualifier)
    for member in kind
] + [*bdc.Relationship, *bdc.Role]


def _id_variants(record_id: str) -> list[str]:
    """Near misses of a real id: padded, wrong case, wrong separator, one letter more or less, a NUL."""
    return [
        *[record_id.upper(), f" {record_id}", f"{record_id}\n", f"{record_id} ", record_id.replace("-", "_")],
        *[f"{record_id}x", record_id[:-1], f"{record_id}\x00", record_id.title()],
    ]


REAL_IDS = st.sampled_from(RECORD_IDS)
ID_VARIANTS = REAL_IDS.flatmap(lambda record_id: st.sampled_from(_id_variants(record_id)))
LONG_TEXT = st.builds(
    lambda piece, n: (piece * n)[:n],
    st.sampled_from(["a", "wta ", "pt-icf", "đ ", " ", "\x00", "\ud800", "2019-10-21 "]),
    st.sampled_from([1_000, 1_001, 4_097, 100_000]),
)
PLAUSIBLE_TEXT = st.sampled_from(
    sorted(
        {
            *TABLE_NAMES,
            *WRONG_TABLES,
            *ALL_FILTERS,
            *DATE_TEXT,
            *COUNTRIES,
            *STYLE_TEXT,
            *FORMAT_TEXT,
            *LINK_FIELDS,
            *["wta", "WTA", "dai hoi dong", "ICF", "zacharilla", "smart city", "fair wta"],
        }
    )
)
TEXT = st.one_of(
    PLAUSIBLE_TEXT,
    REAL_IDS,
    ID_VARIANTS,
    st.sampled_from(WEIRD_TEXT),
    st.text(max_size=12),
    st.text(st.characters(categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp", "Mn")), min_size=1, max_size=4),
    LONG_TEXT,
)
NUMBERS = st.one_of(
    st.sampled_from([0, 1, -1, 2, 20, 2019, 2023, 9999, 10_000, 10**6, 10**6 + 1, 2**31, 2**63 - 1, 2**63]),
    st.sampled_from([-(2**63), -(2**63) - 1, 2**64, 10**30, -(10**30), 10**400, -(10**400)]),
    st.integers(),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 0.5, 2019.0, 1e308, 5e-324]),
    st.floats(),
)
WHEN = st.one_of(
    st.sampled_from(
        [
            datetime.date(2019, 10, 21),
            datetime.datetime(2019, 10, 21, 9, 30),
            datetime.datetime(2019, 10, 21, tzinfo=datetime.UTC),
            datetime.date.min,
            datetime.date.max,
            datetime.time(12),
            datetime.timedelta(days=1),
        ]
    ),
    st.dates(),
    st.datetimes(),
)
ODD = st.sampled_from(
    [Decimal("2019"), Decimal("NaN"), Fraction(1, 3), complex(1, 2), Path("events.csv"), ..., np.float64("nan")]
)
# Decimal == numpy.int64 raises TypeError, which breaks building a set: numpy's integer stays out of sets.
NUMPY = st.sampled_from([np.int64(2019), np.str_("pt-icf"), np.bool_(True)])
BYTES = st.one_of(st.binary(max_size=12), st.sampled_from([b"pt-icf", b"events", b"\xff\xfe"]))
HASHABLE = st.one_of(TEXT, NUMBERS, st.booleans(), st.none(), BYTES, WHEN, st.sampled_from(ENUM_MEMBERS), ODD)
SCALAR = st.one_of(HASHABLE, NUMPY, st.just(bytearray(b"events")))


def _containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    items = st.lists(inner, max_size=4)
    return st.one_of(
        items,
        items.map(tuple),
        st.sets(HASHABLE, max_size=4),
        st.frozensets(HASHABLE, max_size=4),
        st.dictionaries(HASHABLE, inner, max_size=3),
        items.map(OneShot),
    )


ANYTHING: st.SearchStrategy[object] = st.recursive(SCALAR, _containers, max_leaves=6)


def anything() -> st.SearchStrategy[object]:
    """Any value: odd text (lone surrogates, NUL, controls, 100,000 characters), near-miss and real ids,
    huge and negative numbers, NaN, bools, None, bytes, dates and datetimes, the package's enum members,
    and lists, tuples, sets, dicts and one-shot iterators of those."""
    return ANYTHING


TABLE_ARG = st.one_of(st.sampled_from(TABLE_NAMES), st.sampled_from(WRONG_TABLES), anything())
ID_ARG = st.one_of(REAL_IDS, ID_VARIANTS, anything())
UNKNOWN_FILTER_NAMES = st.one_of(
    st.sampled_from(["knd", "Kind", "KIND", "kind ", " kind", "name", "table", "self", "", "\ud800", "year "]),
    st.sampled_from(["Year", "organiser_id", "organisers", "issuers", "between_", "dates", "id_", "columns"]),
    st.text(max_size=6),
)
BOUND = st.one_of(st.none(), st.sampled_from(DATE_TEXT), st.dates(datetime.date(2010, 1, 1)), WHEN)


@functools.cache
def plausible(name: str) -> st.SearchStrategy[object]:
    """Values a filter called ``name`` could be given: what its column holds, its vocabulary, and the edge
    cases of its kind (huge numbers for a number, odd dates for a date, near-miss ids for a reference)."""
    if name == "between":
        return st.one_of(st.tuples(BOUND, BOUND), st.lists(BOUND, max_size=3))
    if name == "year":
        return st.one_of(st.integers(2010, 2026), st.sampled_from([0, 1, 9999, 10_000, -2019, 2**63, True, "2019"]))
    column = ALIAS_TARGET.get(name, name)
    found: list[object] = list(SAMPLES.get(column, []))
    edges: list[st.SearchStrategy[object]] = []
    for cols in COLUMNS.values():
        col = cols.get(column)
        if col is None:
            continue
        if col.enum is not None:
            found += [*col.enum, *col.values]
        if col.format == "iso3166":
            found += COUNTRIES
        edges.append(
            {
                "int64": NUMBERS,
                "float64": NUMBERS,
                "date": BOUND,
                "bool": st.sampled_from([0, 1, "true", None]),
                "list": ID_VARIANTS,
            }.get(col.kind, st.sampled_from(DATE_TEXT) if col.format == "edtf" else ID_VARIANTS)
        )
    if not found:
        return st.nothing()
    one = st.one_of(st.sampled_from(sorted(set(found), key=repr)), *edges)
    return st.one_of(one, st.lists(one, min_size=1, max_size=3), st.frozensets(one, min_size=1, max_size=2))


@st.composite
def filter_kwargs(
    draw: st.DrawFn, table: object, pool: Sequence[str] | None = None, reserved: Sequence[str] = ()
) -> dict[str, object]:
    """Up to three keyword filters: the table's own, another table's, or unknown names; plausible or any values."""
    own = FILTERS[table] if isinstance(table, str) and table in FILTERS else ALL_FILTERS
    names = st.one_of(st.sampled_from(pool or own), st.sampled_from(ALL_FILTERS), UNKNOWN_FILTER_NAMES)
    given: dict[str, object] = {}
    for _ in range(draw(st.integers(0, 3))):
        name = draw(names.filter(lambda n: n not in reserved))
        given[name] = draw(st.one_of(plausible(name), anything()))
    return given


def columns_arg(table: object) -> st.SearchStrategy[object]:
    names = sorted(COLUMNS[table]) if isinstance(table, str) and table in COLUMNS else ["id", "name_en"]
    known = st.sampled_from(names)
    return st.one_of(
        st.none(),
        st.lists(known, min_size=1, max_size=3, unique=True),
        st.lists(st.one_of(known, st.sampled_from(sorted(SAMPLES)), TEXT), max_size=3),
        st.lists(known, max_size=3).map(tuple),
        anything(),
    )


# --- which arguments are clearly wrong, and how (docs/errors.md) ------------------------------------------


@dataclasses.dataclass(frozen=True)
class Expect:
    """What a call's arguments make of it.

    ``wrong`` holds each clearly wrong argument: the built-in exceptions its error must also be, and why.
    ``unsure`` marks an argument that may be refused or answered, which also leaves the class unchecked.
    """

    wrong: tuple[tuple[tuple[type[Exception], ...], str], ...] = ()
    unsure: bool = False

    def __add__(self, other: Expect) -> Expect:
        return Expect(self.wrong + other.wrong, self.unsure or other.unsure)


OK = Expect()
UNSURE = Expect(unsure=True)


def wrong(why: str, *kinds: type[Exception]) -> Expect:
    return Expect(wrong=((kinds, why),))


def total(parts: Iterable[Expect]) -> Expect:
    return functools.reduce(operator.add, parts, OK)


def shown(value: object, width: int = 70) -> str:
    try:
        text = " ".join(repr(value).split())  # one line, whatever the repr (an Arrow table's has several)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= width else f"{text[: width - 3]}..."


RECORD_ID = re.compile(r"(src|ev|pt|aw|pe|fg)-[a-z0-9]+(-[a-z0-9]+)*")
RECORD_TABLES = tuple(name for name in TABLE_NAMES if "id" in COLUMNS[name])


def bad_text(arg: str, text: str, longest: int = 1_000) -> Expect:
    """Text holds no NUL and no lone surrogate, and is at most ``longest`` characters."""
    if "\x00" in text or any(unicodedata.category(ch) == "Cs" for ch in text):
        return wrong(f"{arg}={shown(text)} holds a NUL or a lone surrogate", ValueError)
    if len(text) > longest:
        return wrong(f"{arg}= is {len(text):,} characters, more than {longest:,}", ValueError)
    return OK


def expect_name(arg: str, value: object, valid: Sequence[str], what: str, *, any_case: bool = False) -> Expect:
    """A name must be a string and one of the valid ones: any other string is an unknown name."""
    if not isinstance(value, str):
        return wrong(f"{arg}={shown(value)} is not a string", TypeError)
    if value in valid:
        return OK
    if any_case and value.lower() in valid:
        return UNSURE
    return wrong(f"{arg}={shown(value)} is not a {what}", LookupError)


def expect_table(arg: str, value: object) -> Expect:
    return expect_name(arg, value, TABLE_NAMES, "table name")


def expect_record_id(arg: str, value: object) -> Expect:
    """An id for get/related/cite_sources: malformed is a wrong value, well-formed but unknown is a lookup."""
    if not isinstance(value, str):
        return wrong(f"{arg}={shown(value)} is not a string", TypeError)
    if value in RECORD_TABLE:
        return OK
    if bad_text(arg, value).wrong:
        return bad_text(arg, value)
    if not RECORD_ID.fullmatch(value):
        return wrong(f"{arg}={shown(value)} is not a well-formed record id", ValueError)
    return wrong(f"{arg}={shown(value)} is no record's id", LookupError)


def expect_columns(table: object, value: object) -> Expect:
    """``columns=``: any iterable of column names but a lone string; at least one."""
    if value is None:
        return OK
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        return wrong(f"columns={shown(value)} is not an iterable of names", TypeError)
    names = value._items if isinstance(value, OneShot) else list(value)
    if not names:
        return wrong("columns= is empty", ValueError)
    parts = [UNSURE] if len(set(map(repr, names))) != len(names) else []
    for name in names:
        if not isinstance(name, str):
            parts.append(wrong(f"columns holds {shown(name)}, not a name", TypeError))
        elif isinstance(table, str) and table in COLUMNS and name not in COLUMNS[table]:
            parts.append(wrong(f"columns holds {shown(name)}, not a column of {table}", LookupError))
    return total(parts)


def _partial_date(text: str) -> bool:
    """``YYYY`` or ``YYYY-MM``, a real year and month."""
    found = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}))?", text)
    return bool(found) and int(found[1]) >= 1 and (found[2] is None or 1 <= int(found[2]) <= 12)


def _iso_day(text: str) -> datetime.date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def expect_bound(arg: str, value: object) -> Expect:
    """A date: ``datetime.date`` (not a datetime) or ISO ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    if isinstance(value, datetime.datetime):
        return wrong(f"{arg}={shown(value)} is a datetime", TypeError, ValueError)
    if value is None or isinstance(value, datetime.date):
        return OK
    if isinstance(value, str):
        if _iso_day(value) or _partial_date(value):
            return OK
        if re.fullmatch(r"0000(-[0-9]{2}){0,2}", value):
            return UNSURE
        return wrong(f"{arg}={shown(value)} is not a date", ValueError)
    return wrong(f"{arg}={shown(value)} is neither a date nor a string", TypeError)


def _as_date(value: object) -> datetime.date | None:
    if isinstance(value, str):
        return _iso_day(value)
    return value if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) else None


def expect_between(span: object) -> Expect:
    if span is None or isinstance(span, OneShot):
        return UNSURE
    if not isinstance(span, list | tuple):
        return wrong(f"between={shown(span)} is not a pair", TypeError)
    if len(span) != 2:
        return wrong(f"between={shown(span)} does not have two bounds", TypeError, ValueError)
    found = expect_bound("between[0]", span[0]) + expect_bound("between[1]", span[1])
    start, end = _as_date(span[0]), _as_date(span[1])
    if not found.wrong and start and end and end < start:
        return wrong(f"between={shown(span)} ends before it starts", ValueError)
    return found


def expect_year(year: object) -> Expect:
    if isinstance(year, bool):
        return wrong(f"year={year!r} is a bool", TypeError)
    if isinstance(year, int):
        return OK if 1 <= year <= 9999 else wrong(f"year={shown(year)} is not a year from 1 to 9999", ValueError)
    if year is None or isinstance(year, numbers.Real):
        return UNSURE
    return wrong(f"year={shown(year)} is not a number", TypeError)


FILTERS_BY_DATE: dict[str, Callable[[object], Expect]] = {"between": expect_between, "year": expect_year}


def expect_dates(given: Mapping[str, object]) -> Expect:
    """The timeline's filters: only between= and year=, not both."""
    parts = [
        wrong(f"{shown(name)} is not a timeline filter", LookupError) for name in given if name not in FILTERS_BY_DATE
    ]
    parts += [FILTERS_BY_DATE[name](value) for name, value in given.items() if name in FILTERS_BY_DATE]
    if "between" in given and "year" in given:
        parts.append(wrong("both between= and year= are given", ValueError))
    return total(parts)


def _valid_edtf(text: str) -> Expect:
    try:
        parse_edtf(text)
    except bdc.InvalidDateError:
        return wrong(f"{shown(text)} is not EDTF", ValueError)
    except Exception:
        return UNSURE
    return OK


def expect_scalar(arg: str, col: Column, value: object) -> Expect:
    """One value for a column's filter."""
    if value is None:
        return UNSURE  # "match the nulls" or a refusal
    kind = col.kind
    if col.enum is not None:
        if isinstance(value, col.enum) or (isinstance(value, str) and value in col.values):
            return OK
        if isinstance(value, str):
            return wrong(f"{arg}={shown(value)} is not a {col.name} value", LookupError)
        return wrong(f"{arg}={shown(value)} is not a string", TypeError)
    if kind in ("string", "list"):
        if not isinstance(value, str):
            return wrong(f"{arg}={shown(value)} is not a string", TypeError)
        refused = bad_text(arg, value)
        if refused.wrong:
            return refused
        if col.format == "iso3166":
            return OK if value in ALPHA2 else wrong(f"{arg}={shown(value)} is not a country code", ValueError)
        if col.ref is not None:  # a well-formed id no record has matches nothing
            return OK if RECORD_ID.fullmatch(value) else wrong(f"{arg}={shown(value)} is not a record id", ValueError)
        if col.format == "edtf":
            return _valid_edtf(value)
        return OK
    if kind == "date":
        return expect_bound(arg, value)
    if kind == "bool":
        if isinstance(value, bool):
            return OK
        return UNSURE if isinstance(value, np.bool_) else wrong(f"{arg}={shown(value)} is not a bool", TypeError)
    if isinstance(value, bool):
        return wrong(f"{arg}={value!r} is a bool, not a number", TypeError)
    if kind == "int64":
        if isinstance(value, int):
            return OK if -(2**63) <= value < 2**63 else wrong(f"{arg}={shown(value)} is past 64 bits", ValueError)
        if isinstance(value, float):
            return wrong(f"{arg}={shown(value)} is a float, not a whole number", TypeError)
    if kind == "float64":
        if isinstance(value, int):
            return OK if abs(value) < 2**1000 else UNSURE
        if isinstance(value, float):
            return OK if math.isfinite(value) else wrong(f"{arg}={value!r} is not finite", ValueError)
    if isinstance(value, numbers.Real):
        return UNSURE
    return wrong(f"{arg}={shown(value)} is not a number", TypeError)


def expect_values(arg: str, col: Column, value: object) -> Expect:
    """A filter's value: one value, or a non-empty list, tuple or set of them."""
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            return wrong(f"{arg}={shown(value)} is empty", ValueError)
        return total(expect_scalar(arg, col, item) for item in value)
    if isinstance(value, dict | bytes | bytearray | OneShot):
        return wrong(f"{arg}={shown(value)} is neither a value nor a list, tuple or set", TypeError)
    return expect_scalar(arg, col, value)


def expect_filters(table: object, given: Mapping[str, object]) -> Expect:
    if not (isinstance(table, str) and table in FILTERS):
        return OK  # the table is wrong: that is the error to expect
    parts = []
    for name, value in given.items():
        if name not in FILTERS[table]:
            parts.append(wrong(f"{shown(name)} is not a filter of {table}", LookupError))
        elif name in FILTERS_BY_DATE:
            parts.append(FILTERS_BY_DATE[name](value))
        else:
            parts.append(expect_values(name, COLUMNS[table][ALIAS_TARGET.get(name, name)], value))
    if "between" in given and "year" in given and table in DATED:
        parts.append(wrong("both between= and year= are given", ValueError))
    return total(parts)


def _words(text: str) -> int:
    """About how many different words a search text folds to."""
    return len({word.lower() for word in re.findall(r"[^\W_]+", text)})


def expect_search(text: object, table: object, limit: object) -> Expect:
    parts = []
    if not isinstance(text, str):
        parts.append(wrong(f"text={shown(text)} is not a string", TypeError))
    elif bad_text("text", text).wrong:
        parts.append(bad_text("text", text))
    elif any(unicodedata.category(ch) == "Cn" for ch in text):
        parts.append(UNSURE)  # unassigned in Python's Unicode, perhaps a letter in Arrow's newer one
    elif not any(ch.isalnum() for ch in text):
        parts.append(wrong(f"text={shown(text)} has no letter or digit", ValueError))
    elif _words(text) > 40:
        parts.append(wrong(f"text={shown(text)} has more than 32 different words", ValueError))
    elif _words(text) > 24:
        parts.append(UNSURE)
    if table is not None and table is not ABSENT:
        parts.append(expect_name("table", table, RECORD_TABLES, "record table"))
    if isinstance(limit, bool | float):
        parts.append(wrong(f"limit={limit!r} is not a whole number", TypeError))
    elif isinstance(limit, int):
        parts.append(OK if 1 <= limit <= 10**6 else wrong(f"limit={limit} is not from 1 to 1,000,000", ValueError))
    elif isinstance(limit, numbers.Real):
        parts.append(UNSURE)
    elif limit is not None and limit is not ABSENT:
        parts.append(wrong(f"limit={shown(limit)} is not a number", TypeError))
    return total(parts)


def expect_corpus(arg: str, value: object) -> Expect:
    """A side of diff: None, a path (checked by the test that draws it) or a snapshot mapping."""
    if value is None or value is ABSENT or value is RELEASE:
        return OK
    if isinstance(value, str | Path) and Path(value) in REAL_CORPORA:
        return OK
    if isinstance(value, str | Path) and Path(value) in NOT_CORPORA:
        return wrong(f"{arg}={shown(value)} is not a release folder, manifest or snapshot", ValueError)
    if isinstance(value, str | os.PathLike | Mapping | bytes):
        return UNSURE
    return wrong(f"{arg}={shown(value)} is neither None, a path nor a mapping", TypeError)


def expect_bool(arg: str, value: object) -> Expect:
    if value is ABSENT or isinstance(value, bool):
        return OK
    return UNSURE if isinstance(value, np.bool_) else wrong(f"{arg}={shown(value)} is not True or False", TypeError)


def expect_target(path: object) -> Expect:
    """An export's path: a str or path naming a file whose folder exists."""
    if isinstance(path, bytes):
        return UNSURE
    if not isinstance(path, str | os.PathLike):
        return wrong(f"path={shown(path)} is not a path", TypeError)
    text = os.fspath(path)
    refused = bad_text("path", text, 4_096)
    if refused.wrong:
        return refused
    if not text.strip():
        return wrong("path= is empty", ValueError)
    target = Path(text)
    try:
        if target.is_dir():
            return wrong(f"path={shown(text)} is a folder", ValueError)
        if not target.parent.is_dir():
            return wrong(f"the folder of path={shown(text)} does not exist", ValueError)
    except OSError:  # a name too long for the file system, say: a refusal or a WriteError
        return UNSURE
    return OK


# --- calling -----------------------------------------------------------------------------------------------


class Hang(BaseException):
    """Raised into a call that runs past HANG_SECONDS (a BaseException, so no ``except Exception`` hides it)."""


@contextlib.contextmanager
def hard_limit(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclasses.dataclass(frozen=True)
class Outcome:
    call: str
    value: object = None
    error: BaseException | None = None
    seconds: float = 0.0


def describe_call(name: str, args: Sequence[object], kwargs: Mapping[str, object]) -> str:
    shown_args = [shown(a) for a in args]
    shown_args += [f"{k}={shown(v)}" if k.isidentifier() else f"**{{{k!r}: {shown(v)}}}" for k, v in kwargs.items()]
    return f"{name}({', '.join(shown_args)})"


def attempt(name: str, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Outcome:
    call = describe_call(name, args, kwargs)
    start = time.perf_counter()
    try:
        with hard_limit(HANG_SECONDS):
            value = fn(*args, **kwargs)
    except (Exception, Hang) as exc:
        return Outcome(call, error=exc, seconds=time.perf_counter() - start)
    return Outcome(call, value=value, seconds=time.perf_counter() - start)


def describe_error(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    first = lines[0] if lines else ""
    return f"{type(exc).__name__}: {first[:200]}"


def check(outcome: Outcome, expect: Expect, returns: Callable[[Any], bool]) -> Any:
    """The call's answer (None after an error), once it passes every part of the contract."""
    call, error = outcome.call, outcome.error
    if isinstance(error, Hang):
        raise AssertionError(f"[hang] {call} was still running after {HANG_SECONDS:.0f} s") from error
    if error is not None and not isinstance(error, bdc.CorpusError):
        raise AssertionError(f"[raw] {call} raised {describe_error(error)}") from error
    matches = any(isinstance(error, kinds) for kinds, _ in expect.wrong)
    if error is not None and expect.wrong and not expect.unsure and not matches:
        wanted = " or ".join(sorted({"/".join(k.__name__ for k in kinds) for kinds, _ in expect.wrong}))
        whys = "; ".join(why for _, why in expect.wrong)
        raise AssertionError(
            f"[class] {call} raised {describe_error(error)}, which is not also a {wanted} ({whys})"
        ) from error
    if error is None and expect.wrong:
        whys = "; ".join(why for _, why in expect.wrong)
        raise AssertionError(f"[accepted] {call} returned {shown(outcome.value)} although {whys}")
    if error is None and not returns(outcome.value):
        raise AssertionError(f"[type] {call} returned {shown(outcome.value)}")
    if outcome.seconds > LIMIT_SECONDS:
        raise AssertionError(f"[slow] {call} took {outcome.seconds:.2f} s (limit {LIMIT_SECONDS:.0f} s)")
    return outcome.value


def split_args(
    data: st.DataObject, fn: Callable[..., object], values: Mapping[str, object]
) -> tuple[list[object], dict[str, object]]:
    """Pass each value (in signature order) by position or by keyword, as ``fn`` allows; drawn where both are."""
    params = inspect.signature(fn).parameters
    args: list[object] = []
    kwargs: dict[str, object] = {}
    by_position = True
    for name, value in values.items():
        if value is ABSENT:
            by_position = False
            continue
        kind = params[name].kind
        if kind is inspect.Parameter.POSITIONAL_ONLY or (
            kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            and by_position
            and data.draw(st.booleans(), label=f"{name} by position")
        ):
            args.append(value)
        else:
            by_position = False
            kwargs[name] = value
    return args, kwargs


def is_a(*kinds: type) -> Callable[[object], bool]:
    return lambda value: isinstance(value, kinds)


def records_of(table: object) -> Callable[[object], bool]:
    cls = TABLES.get(table) if isinstance(table, str) else None
    return lambda value: isinstance(value, tuple) and all(isinstance(r, cls or RECORD_CLASSES) for r in value)


def optional(kind: type) -> Callable[[object], bool]:
    return lambda value: value is None or isinstance(value, kind)


def is_a_file(value: object) -> bool:
    return isinstance(value, Path) and value.is_file()


def tuple_of(kind: type) -> Callable[[object], bool]:
    return lambda value: isinstance(value, tuple) and all(isinstance(item, kind) for item in value)


def warm() -> None:
    """Fill every cache and import every optional library once, so the timed calls are warm ones."""
    for name in TABLE_NAMES:
        bdc.load_records(name)
        bdc.load_dataframe(name)
    q = bdc.query("events", year=2019)
    for convert in (q.to_pandas, q.to_polars, q.to_duckdb, functools.partial(q.to_duckdb, DUCK)):
        convert()
    bdc.search("wta")
    bdc.search("wta", table="events")
    bdc.SearchIndex({name: SHIPPED[name] for name in RECORD_TABLES}).search("wta")
    assert bdc.related("pt-icf").sources
    bdc.timeline_table()
    bdc.diff(None)
    bdc.diff(RELEASE_FILE)
    bdc.verify()
    bdc.cite()
    bdc.cite_sources("pt-icf")
    bdc.data_files()
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            export_table("people", fmt, Path(folder) / f"people.{fmt}")
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(["summary"])


@pytest.fixture(scope="module", autouse=True)
def warm_caches() -> None:
    warm()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the files the fuzzed calls read and write; each example takes a fresh subfolder."""
    return tmp_path_factory.mktemp("fuzz")


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind in ``folder`` or the folder above it."""
    return sorted(
        p.name for where in (folder, folder.parent) for p in where.iterdir() if re.fullmatch(r"\..+\.tmp", p.name)
    )


# --- the public functions -------------------------------------------------------------------------------

FUZZED = {
    *["load_table", "load_dataframe", "load_records", "sources", "events", "partners", "awards", "people"],
    *["figures", "evidence", "get", "query", "filter_table", "timeline", "timeline_table", "related", "search"],
    *["fold", "cite", "cite_sources", "diff", "verify", "data_path", "data_files", "manifest", "clear_cache"],
    *["table_names", "export_table", "export_sqlite", "citation_notes"],
    *["link_names", "describe", "connect", "docs_path", "docs_files"],
    *["in_context", "basis_of"],
}


def test_every_public_function_is_fuzzed() -> None:
    functions = {
        name for name in bdc.__all__ if callable(getattr(bdc, name)) and not isinstance(getattr(bdc, name), type)
    }
    assert functions <= FUZZED, f"not fuzzed here: {sorted(functions - FUZZED)}"


@pytest.mark.parametrize(
    ("name", "returns"),
    [
        ("table_names", lambda v: v == TABLE_NAMES),
        ("manifest", lambda v: isinstance(v, dict) and set(v["tables"]) == set(TABLE_NAMES)),
        ("verify", lambda v: isinstance(v, tuple) and all(isinstance(c, bdc.FileCheck) and c.ok for c in v)),
        ("data_files", lambda v: isinstance(v, dict) and all(isinstance(p, Path) and p.is_file() for p in v.values())),
        ("clear_cache", lambda v: v is None),
    ],
)
def test_functions_without_arguments(name: str, returns: Callable[[object], bool]) -> None:
    try:
        for _ in range(2):
            check(attempt(name, getattr(bdc, name)), OK, returns)
    finally:
        warm()


@pytest.mark.parametrize(("loader", "kind"), [("load_table", pa.Table), ("load_dataframe", pd.DataFrame)])
@FUZZ
@given(data=st.data())
def test_loaders(loader: str, kind: type, data: st.DataObject) -> None:
    fn = getattr(bdc, loader)
    name = data.draw(TABLE_ARG, label="name")
    columns = data.draw(st.one_of(st.just(ABSENT), columns_arg(name)), label="columns")
    given_ = data.draw(filter_kwargs(name, reserved=("columns",)), label="filters")
    args, kwargs = split_args(data, fn, {"name": name, "columns": columns})
    expect = expect_table("name", name) + expect_filters(name, given_)
    expect += OK if columns is ABSENT else expect_columns(name, columns)
    check(attempt(loader, fn, *args, **kwargs, **given_), expect, is_a(kind))


@FUZZ
@given(data=st.data())
def test_load_records(data: st.DataObject) -> None:
    name = data.draw(TABLE_ARG, label="name")
    args, kwargs = split_args(data, bdc.load_records, {"name": name})
    check(attempt("load_records", bdc.load_records, *args, **kwargs), expect_table("name", name), records_of(name))


@pytest.mark.parametrize("table", TABLE_NAMES)
@FUZZ
@given(data=st.data())
def test_typed_accessors(table: str, data: st.DataObject) -> None:
    given_ = data.draw(filter_kwargs(table), label="filters")
    expect = expect_filters(table, {k: v for k, v in given_.items() if k != "columns"})
    expect += UNSURE if "columns" in given_ else OK
    check(attempt(table, getattr(bdc, table), **given_), expect, records_of(table))


@functools.cache
def edges(table: str, name: str) -> st.SearchStrategy[object]:
    """The edge cases of one filter's kind: every odd number for a number, odd dates for a date, odd text."""
    if name in ("between", "year"):
        return plausible(name)
    col = COLUMNS[table][ALIAS_TARGET.get(name, name)]
    one = {
        "int64": NUMBERS,
        "float64": NUMBERS,
        "date": st.one_of(BOUND, NUMBERS),
        "bool": SCALAR,
        "enum": st.one_of(TEXT, st.sampled_from(ENUM_MEMBERS)),
    }.get(col.kind, st.one_of(TEXT, ID_VARIANTS))
    return st.one_of(one, st.lists(one, min_size=1, max_size=2))


@FUZZ
@given(data=st.data())
def test_filters_at_the_edges(data: st.DataObject) -> None:
    """One filter of a table given the odd values of its kind: huge numbers, NaN, odd dates, odd text."""
    table = data.draw(st.sampled_from(TABLE_NAMES), label="table")
    name = data.draw(st.sampled_from(FILTERS[table]), label="filter")
    value = data.draw(edges(table, name), label="value")
    check(attempt(table, getattr(bdc, table), **{name: value}), expect_filters(table, {name: value}), records_of(table))


@FUZZ
@given(data=st.data())
def test_get(data: st.DataObject) -> None:
    record_id = data.draw(ID_ARG, label="record_id")
    args, kwargs = split_args(data, bdc.get, {"record_id": record_id})

    def returns(value: object) -> bool:
        return isinstance(value, RECORD_CLASSES) and getattr(value, "id", None) == record_id

    check(attempt("get", bdc.get, *args, **kwargs), expect_record_id("record_id", record_id), returns)


@FUZZ
@given(data=st.data())
def test_query_and_its_results(data: st.DataObject) -> None:
    table = data.draw(TABLE_ARG, label="table")
    columns = data.draw(st.one_of(st.just(ABSENT), columns_arg(table)), label="columns")
    given_ = data.draw(filter_kwargs(table, reserved=("columns",)), label="filters")
    kwargs = given_ if columns is ABSENT else {"columns": columns, **given_}
    expect = expect_table("table", table) + expect_filters(table, given_)
    expect += OK if columns is ABSENT else expect_columns(table, columns)
    q = check(attempt("query", bdc.query, table, **kwargs), expect, is_a(bdc.Query))
    if q is None:
        return
    where = describe_call("query", [table], kwargs)
    check(attempt(f"len({where})", len, q), OK, is_a(int))
    check(attempt(f"{where}.records", q.records), OK, records_of(table))
    check(attempt(f"list({where})", list, q), OK, is_a(list))
    check(attempt(f"{where}.to_arrow", q.to_arrow), OK, is_a(pa.Table))
    check(attempt(f"{where}.to_pandas", q.to_pandas), OK, is_a(pd.DataFrame))
    check(attempt(f"{where}.to_polars", q.to_polars), OK, is_a(pl.DataFrame))
    connection = data.draw(st.one_of(st.just(ABSENT), st.none(), st.just(DUCK), anything()), label="connection")
    args, kw = split_args(data, q.to_duckdb, {"connection": connection})
    if connection is ABSENT or connection is None or isinstance(connection, duckdb.DuckDBPyConnection):
        expect = OK
    else:
        expect = wrong(f"connection={shown(connection)} is not a DuckDB connection", TypeError)
    check(attempt(f"{where}.to_duckdb", q.to_duckdb, *args, **kw), expect, is_a(duckdb.DuckDBPyRelation))


def _retyped(name: str, column: str, values: pa.Array | pa.ChunkedArray) -> pa.Table:
    data = SHIPPED[name]
    return data.set_column(data.column_names.index(column), column, values)


ODD_TABLES: dict[str, pa.Table] = {
    "no events": SHIPPED["events"].slice(0, 0),
    "events twice": pa.concat_tables([SHIPPED["events"], SHIPPED["events"]]),
    "three event columns": SHIPPED["events"].select(["id", "name_en", "kind"]),
    "events with whole-number names": _retyped("events", "name_en", pa.array(range(SHIPPED["events"].num_rows))),
    "events with a dictionary kind": _retyped("events", "kind", SHIPPED["events"].column("kind").dictionary_encode()),
    "partners as large strings": SHIPPED["partners"].cast(
        pa.schema([f.with_type(pa.large_string()) if f.type == pa.string() else f for f in SHIPPED["partners"].schema])
    ),
    "one id": pa.table({"id": ["pt-icf"]}),
    "integer ids": pa.table({"id": [1]}),
    "no columns": pa.table({}),
}


def arrow_table(name: str) -> pa.Table:
    """A shipped table or one of ODD_TABLES, drawn by name so that Hypothesis shows the name."""
    return SHIPPED[name] if name in SHIPPED else ODD_TABLES[name]


ARROW_TABLES = st.sampled_from([*TABLE_NAMES, *ODD_TABLES]).map(arrow_table)


def expect_data(frame: object, table: object) -> Expect:
    """``filter_table``'s data: an Arrow table with every column of ``table``, each of its type."""
    if not isinstance(frame, pa.Table):
        return wrong(f"data={shown(frame)} is not a pyarrow.Table", TypeError)
    if not (isinstance(table, str) and table in SHIPPED):
        return OK
    fields = {field.name: field.type for field in frame.schema}
    if any(fields.get(field.name) != field.type for field in SHIPPED[table].schema):
        return wrong(f"data lacks a column of {table} or has it with another type", ValueError)
    return OK


@FUZZ
@given(data=st.data())
def test_filter_table(data: st.DataObject) -> None:
    table = data.draw(TABLE_ARG, label="table")
    frame = data.draw(st.one_of(ARROW_TABLES, anything()), label="data")
    given_ = data.draw(filter_kwargs(table), label="filters")
    expect = expect_table("table", table) + expect_data(frame, table) + expect_filters(table, given_)
    check(attempt("filter_table", bdc.filter_table, frame, table, **given_), expect, is_a(pa.Table))


@pytest.mark.parametrize(
    ("name", "returns"), [("timeline", tuple_of((bdc.Event, bdc.Award))), ("timeline_table", is_a(pa.Table))]
)
@FUZZ
@given(data=st.data())
def test_timeline(name: str, returns: Callable[[object], bool], data: st.DataObject) -> None:
    given_ = data.draw(filter_kwargs("events", pool=("between", "year")), label="filters")
    check(attempt(name, getattr(bdc, name), **given_), expect_dates(given_), returns)


WALKS: dict[str, Callable[[object], bool]] = {
    "parent": optional(bdc.Event),
    "parts": tuple_of(bdc.Event),
    "organisers": tuple_of(bdc.Partner),
    "participants": tuple_of(bdc.Partner),
    "issuer": optional(bdc.Partner),
    "ceremony": optional(bdc.Event),
    "affiliation": optional(bdc.Partner),
    "events": tuple_of(bdc.Event),
    "awards": tuple_of(bdc.Award),
    "people": tuple_of(bdc.Person),
    "partners": tuple_of(bdc.Partner),
    "sources": tuple_of(bdc.Source),
    "evidence": tuple_of(bdc.Evidence),
}


@FUZZ
@given(data=st.data())
def test_related_and_its_walks(data: st.DataObject) -> None:
    record_id = data.draw(ID_ARG, label="record_id")
    args, kwargs = split_args(data, bdc.related, {"record_id": record_id})
    rel = check(
        attempt("related", bdc.related, *args, **kwargs),
        expect_record_id("record_id", record_id),
        lambda v: isinstance(v, bdc.Relations) and v.record.id == record_id,
    )
    if rel is None:
        return
    for walk, returns in WALKS.items():
        check(attempt(f"related({record_id!r}).{walk}", getattr, rel, walk), OK, returns)
    for link in (*rel.outgoing, *rel.incoming)[:4]:
        check(attempt(f"{link!r}.to_record", getattr, link, "to_record"), OK, is_a(*RECORD_CLASSES))
        check(attempt(f"{link!r}.from_record", getattr, link, "from_record"), OK, is_a(*RECORD_CLASSES))
    field = data.draw(st.one_of(st.just(ABSENT), st.none(), st.sampled_from(LINK_FIELDS), anything()), label="field")
    args, kwargs = split_args(data, rel.records, {"field": field})
    expect = OK if field is ABSENT or field is None else expect_name("field", field, LINK_FIELDS, "link field")
    check(attempt(f"related({record_id!r}).records", rel.records, *args, **kwargs), expect, records_of(None))


SPANS: tuple[bdc.Evidence, ...] = bdc.evidence()
RECORDS = [bdc.get(record_id) for record_id in RECORD_IDS]


def _forged(source_id: object, start: object, end: object, quote: object) -> bdc.Evidence:
    return bdc.Evidence("pt-icf", source_id, start, end, quote, bdc.Basis.STATED)  # type: ignore[arg-type]


#: Spans no shipped source backs, by name, with the built-in exceptions their error must also be.
FORGED_SPANS: dict[str, tuple[bdc.Evidence, tuple[type[Exception], ...]]] = {
    "another text at the offsets": (_forged("src-001", 0, 4, "nope"), (ValueError,)),
    "no such source": (_forged("src-999", 0, 4, "nope"), (LookupError,)),
    "a partner as the source": (_forged("pt-icf", 0, 4, "nope"), (ValueError,)),
    "a malformed source id": (_forged("SRC-001", 0, 4, "nope"), (ValueError,)),
    "a number as the source id": (_forged(1, 0, 4, "nope"), (TypeError,)),
    "offsets past the end": (_forged("src-001", 10**9, 10**9 + 4, "nope"), (ValueError,)),
    "reversed offsets": (_forged("src-001", 5, 2, ""), (ValueError,)),
    "an offset as text": (_forged("src-001", "0", 4, "nope"), (TypeError,)),
    "an offset as a bool": (_forged("src-001", True, 4, "nope"), (TypeError,)),
    "no quote": (_forged("src-001", 0, 4, None), (TypeError,)),
}


def expect_item(item: object) -> Expect:
    """``in_context``'s item: a shipped span, a record, a record id."""
    for span, kinds in FORGED_SPANS.values():
        if item is span:
            return wrong(f"item={shown(item)} is not a span of a shipped source", *kinds)
    if isinstance(item, RECORD_CLASSES):
        return OK
    if isinstance(item, str):
        return expect_record_id("item", item)
    return wrong(f"item={shown(item)} is neither a span, a record nor an id", TypeError)


def expect_chars(chars: object) -> Expect:
    if chars is ABSENT or chars is None:
        return OK
    if isinstance(chars, bool) or not isinstance(chars, int):
        return wrong(f"chars={shown(chars)} is not a whole number", TypeError)
    return OK if 0 <= chars <= 10_000 else wrong(f"chars={shown(chars)} is not from 0 to 10,000", ValueError)


@FUZZ
@given(data=st.data())
def test_in_context(data: st.DataObject) -> None:
    forged = st.sampled_from(sorted(FORGED_SPANS)).map(lambda name: FORGED_SPANS[name][0])
    item = data.draw(
        st.one_of(st.sampled_from(SPANS), st.sampled_from(RECORDS), ID_ARG, forged, anything()), label="item"
    )
    chars = data.draw(st.one_of(st.just(ABSENT), st.none(), st.integers(0, 300), NUMBERS, anything()), label="chars")
    args, kwargs = split_args(data, bdc.in_context, {"item": item, "chars": chars})
    expect = expect_item(item) + expect_chars(chars)

    def returns(value: object) -> bool:
        spans = (item,) if isinstance(item, bdc.Evidence) else bdc.get(str(getattr(item, "id", item))).evidence
        return isinstance(value, tuple) and [(c.source_id, c.quote) for c in value] == [
            (s.source_id, s.quote) for s in spans
        ]

    check(attempt("in_context", bdc.in_context, *args, **kwargs), expect, returns)


EVIDENCED = {
    name: [c.name for c in schema_columns(cls) if c.evidenced] for name, cls in TABLES.items() if name != "evidence"
}


def expect_basis_args(record: object, column: object) -> Expect:
    """``basis_of``: a record of a table with ids, then one of its columns that take evidence."""
    table = next((name for name, cls in TABLES.items() if type(record) is cls), None)
    if table is None or table == "evidence":
        return wrong(f"record={shown(record)} is not a record", TypeError)
    return expect_name("column", column, EVIDENCED[table], f"column of {table} that takes evidence")


@FUZZ
@given(data=st.data())
def test_basis_of(data: st.DataObject) -> None:
    record = data.draw(st.one_of(st.sampled_from(RECORDS), st.sampled_from(SPANS), ID_ARG, anything()), label="record")
    names = sorted({name for evidenced in EVIDENCED.values() for name in evidenced} | {"kind", "id", "note"})
    column = data.draw(st.one_of(st.sampled_from(names), st.text(max_size=12), anything()), label="column")
    args, kwargs = split_args(data, bdc.basis_of, {"record": record, "column": column})

    def returns(value: object) -> bool:
        spans = [s for s in getattr(record, "evidence", ()) if column in s.supports]
        stated = any(s.basis is bdc.Basis.STATED for s in spans)
        return value is (None if not spans else bdc.Basis.STATED if stated else bdc.Basis.INFERRED)

    check(attempt("basis_of", bdc.basis_of, *args, **kwargs), expect_basis_args(record, column), returns)


SEARCH_TEXT = st.one_of(
    st.sampled_from(["wta", "dai hoi dong", "Bình Dương", "ICF", "zacharilla", "smart city", "fair wta", "2019"]),
    st.text(max_size=20),
    anything(),
)
LIMITS = st.one_of(
    st.just(ABSENT),
    st.none(),
    st.integers(1, 50),
    st.sampled_from([0, -1, 10**6, 10**30, 2**63, True, 2.0]),
    anything(),
)


def _search_args(data: st.DataObject, fn: Callable[..., object]) -> tuple[list[object], dict[str, object], Expect]:
    text = data.draw(SEARCH_TEXT, label="text")
    table = data.draw(st.one_of(st.just(ABSENT), st.none(), TABLE_ARG), label="table")
    limit = data.draw(LIMITS, label="limit")
    args, kwargs = split_args(data, fn, {"text": text, "table": table, "limit": limit})
    return args, kwargs, expect_search(text, table, limit)


def _hits(limit: object) -> Callable[[object], bool]:
    def returns(value: object) -> bool:
        if not (isinstance(value, tuple) and all(isinstance(hit, bdc.Hit) for hit in value)):
            return False
        return not isinstance(limit, int) or isinstance(limit, bool) or len(value) <= limit

    return returns


@FUZZ
@given(data=st.data())
def test_search(data: st.DataObject) -> None:
    args, kwargs, expect = _search_args(data, bdc.search)
    check(attempt("search", bdc.search, *args, **kwargs), expect, _hits(kwargs.get("limit", 20)))


@FUZZ
@given(data=st.data())
def test_fold(data: st.DataObject) -> None:
    text = data.draw(st.one_of(TEXT, anything()), label="text")
    args, kwargs = split_args(data, bdc.fold, {"text": text})
    if not isinstance(text, str):
        expect = wrong(f"text={shown(text)} is not a string", TypeError)
    else:
        expect = bad_text("text", text, 100_000)
    check(attempt("fold", bdc.fold, *args, **kwargs), expect, is_a(str))


def expect_index_tables(tables: object) -> Expect:
    if not isinstance(tables, Mapping):
        return wrong(f"tables={shown(tables)} is not a mapping", TypeError)
    parts = []
    for key, value in tables.items():
        # Evidence quotes count for the records they back: whether the table is a key of its own is open.
        parts.append(UNSURE if key == "evidence" else expect_name("tables key", key, RECORD_TABLES, "table to search"))
        if not isinstance(value, pa.Table):
            parts.append(wrong(f"tables[{shown(key)}]={shown(value)} is not a pyarrow.Table", TypeError))
        elif isinstance(key, str) and key in SHIPPED and not value.schema.equals(SHIPPED[key].schema):
            parts.append(UNSURE)
    return total(parts)


SEARCH_INDEX_TABLES = st.one_of(
    st.lists(st.sampled_from(TABLE_NAMES), unique=True, max_size=7).map(lambda ns: {n: SHIPPED[n] for n in ns}),
    st.dictionaries(st.sampled_from(TABLE_NAMES), ARROW_TABLES, min_size=1, max_size=2),
    st.dictionaries(st.one_of(st.sampled_from(TABLE_NAMES), HASHABLE), st.one_of(ARROW_TABLES, anything()), max_size=3),
    anything(),
)


@FUZZ
@given(data=st.data())
def test_search_index(data: st.DataObject) -> None:
    tables = data.draw(SEARCH_INDEX_TABLES, label="tables")
    args, kwargs = split_args(data, bdc.SearchIndex, {"tables": tables})
    index = check(
        attempt("SearchIndex", bdc.SearchIndex, *args, **kwargs), expect_index_tables(tables), is_a(bdc.SearchIndex)
    )
    if index is None:
        return
    args, kwargs, expect = _search_args(data, index.search)
    outcome = attempt(f"SearchIndex({shown(tables)}).search", index.search, *args, **kwargs)
    check(outcome, expect, _hits(kwargs.get("limit", 20)))


@FUZZ
@given(data=st.data())
def test_cite(data: st.DataObject) -> None:
    style = data.draw(st.one_of(st.just(ABSENT), st.sampled_from(STYLE_TEXT), anything()), label="style")
    args, kwargs = split_args(data, bdc.cite, {"style": style})
    expect = OK if style is ABSENT else expect_name("style", style, STYLES, "citation style", any_case=True)
    check(attempt("cite", bdc.cite, *args, **kwargs), expect, is_a(str))


@FUZZ
@given(data=st.data())
def test_cite_sources(data: st.DataObject) -> None:
    record_id = data.draw(ID_ARG, label="record_id")
    style = data.draw(st.one_of(st.just(ABSENT), st.sampled_from(STYLE_TEXT), anything()), label="style")
    args, kwargs = split_args(data, bdc.cite_sources, {"record_id": record_id, "style": style})
    expect = expect_record_id("record_id", record_id)
    expect += OK if style is ABSENT else expect_name("style", style, STYLES, "citation style", any_case=True)
    check(attempt("cite_sources", bdc.cite_sources, *args, **kwargs), expect, is_a(str))


@FUZZ
@given(data=st.data())
def test_citation_notes(data: st.DataObject) -> None:
    record_id = data.draw(ID_ARG, label="record_id")
    args, kwargs = split_args(data, bdc.citation_notes, {"record_id": record_id})

    def notes(value: object) -> bool:
        return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())

    check(
        attempt("citation_notes", bdc.citation_notes, *args, **kwargs), expect_record_id("record_id", record_id), notes
    )


def _json_containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3))


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
    _json_containers,
    max_leaves=8,
)


#: Documents to damage, by name (a name keeps Hypothesis from showing the whole document).
DOCUMENTS: dict[str, dict[str, Any]] = {"release": RELEASE, "manifest": MANIFEST}


@st.composite
def damaged(draw: st.DrawFn, document: str, values: st.SearchStrategy[object] = ANYTHING) -> dict[str, Any]:
    """A document with one value, one or two levels down, replaced by a drawn value or removed."""
    copy = dict(DOCUMENTS[document])
    key = draw(st.sampled_from(sorted(copy)))
    inner = copy[key]
    if isinstance(inner, dict) and inner and draw(st.booleans()):
        inner = dict(inner)
        sub = draw(st.sampled_from(sorted(inner)))
        inner[sub] = draw(st.one_of(JSON, values))
        copy[key] = inner
    elif draw(st.booleans()):
        del copy[key]
    else:
        copy[key] = draw(st.one_of(JSON, values))
    return copy


@st.composite
def corpus_file(draw: st.DrawFn, folder: Path) -> object:
    """A file or folder written for this example: a JSON document, raw bytes, or a folder with a manifest."""
    where = Path(tempfile.mkdtemp(dir=folder))
    if draw(st.booleans()):
        manifest = draw(st.one_of(damaged("manifest", JSON), JSON))
        (where / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        for name in draw(st.lists(st.sampled_from(sorted(p.name for p in DATA_DIR.iterdir())), max_size=2)):
            (where / name).write_bytes((DATA_DIR / name).read_bytes())
        target = where
    else:
        content = draw(
            st.one_of(
                damaged("release", JSON).map(lambda d: json.dumps(d).encode()),
                JSON.map(lambda d: json.dumps(d).encode()),
                st.binary(max_size=20),
                st.just(b"{"),
            )
        )
        target = where / f"corpus{draw(st.sampled_from(['.json', '', '.parquet', '.JSON']))}"
        target.write_bytes(content)
    return draw(st.sampled_from([str(target), target]))


@FUZZ
@given(data=st.data())
def test_diff(scratch: Path, data: st.DataObject) -> None:
    real = [*REAL_CORPORA, *NOT_CORPORA, DATA_DIR / "croissant.json", ROOT / ("x" * 300), Path("x" * 300)]
    corpus = st.one_of(
        st.none(),
        st.sampled_from([*real, *map(str, real)]),
        st.builds(DOCUMENTS.get, st.just("release")),
        damaged("release"),
        corpus_file(scratch),
        anything(),
    )
    old = data.draw(corpus, label="old")
    new = data.draw(st.one_of(st.just(ABSENT), corpus), label="new")
    args, kwargs = split_args(data, bdc.diff, {"old": old, "new": new})
    expect = expect_corpus("old", old) + expect_corpus("new", new)
    check(attempt("diff", bdc.diff, *args, **kwargs), expect, is_a(bdc.Diff))


@FUZZ
@given(data=st.data())
def test_data_path(data: st.DataObject) -> None:
    name = data.draw(TABLE_ARG, label="name")
    args, kwargs = split_args(data, bdc.data_path, {"name": name})
    check(attempt("data_path", bdc.data_path, *args, **kwargs), expect_table("name", name), is_a_file)


# --- link tables, describe(), connect() and the docs ----------------------------------------------------

LINK_NAMES: tuple[str, ...] = bdc.link_names()
LINK_COLUMNS: dict[str, list[str]] = {name: bdc.load_table(name).column_names for name in LINK_NAMES}
ANY_TABLE_NAMES = (*TABLE_NAMES, *LINK_NAMES)
ANY_TABLE_ARG = st.one_of(st.sampled_from(ANY_TABLE_NAMES), TABLE_ARG)


@pytest.mark.parametrize(
    ("name", "returns"),
    [
        ("link_names", lambda v: v == ("event_partners", "source_authors", "evidence_supports")),
        ("docs_path", lambda v: isinstance(v, Path) and (v / "data-dictionary.md").is_file()),
        ("docs_files", lambda v: isinstance(v, dict) and "datasheet.md" in v and all(p.is_file() for p in v.values())),
    ],
)
def test_link_names_and_the_docs(name: str, returns: Callable[[object], bool]) -> None:
    for _ in range(2):
        check(attempt(name, getattr(bdc, name)), OK, returns)


def expect_link_columns(name: str, value: object) -> Expect:
    """``columns=`` of a link table: as a table's, the names checked against the link table's columns."""
    found = expect_columns(None, value)
    if found.wrong or value is None or isinstance(value, OneShot):
        return found
    unknown = [c for c in value if isinstance(c, str) and c not in LINK_COLUMNS[name]]  # type: ignore[attr-defined]
    return found + total(wrong(f"columns holds {shown(c)}, not a column of {name}", LookupError) for c in unknown)


@pytest.mark.parametrize(("loader", "kind"), [("load_table", pa.Table), ("load_dataframe", pd.DataFrame)])
@FUZZ
@given(data=st.data())
def test_loaders_on_link_tables(loader: str, kind: type, data: st.DataObject) -> None:
    """A link table loads with any columns= a table takes; any filter is an unknown name."""
    fn = getattr(bdc, loader)
    name = data.draw(st.sampled_from(LINK_NAMES), label="name")
    columns = data.draw(
        st.one_of(st.just(ABSENT), st.lists(st.sampled_from(LINK_COLUMNS[name]), max_size=3), columns_arg(name)),
        label="columns",
    )
    given_ = data.draw(filter_kwargs(name, reserved=("columns",)), label="filters")
    args, kwargs = split_args(data, fn, {"name": name, "columns": columns})
    expect = OK if columns is ABSENT else expect_link_columns(name, columns)
    expect += total(wrong(f"{shown(f)} filters a link table", LookupError) for f in given_)
    check(attempt(loader, fn, *args, **kwargs, **given_), expect, is_a(kind))


def _is_a_description(value: object) -> bool:
    """A description whose text and JSON form come out whole."""
    if not isinstance(value, bdc.Description | bdc.TableDescription):
        return False
    text, plain = str(value), value.to_dict()
    return bool(text) and max(map(len, text.splitlines())) <= 100 and json.loads(json.dumps(plain)) == plain


@FUZZ
@given(data=st.data())
def test_describe(data: st.DataObject) -> None:
    table = data.draw(st.one_of(st.just(ABSENT), st.none(), ANY_TABLE_ARG), label="table")
    args, kwargs = split_args(data, bdc.describe, {"table": table})
    expect = OK if table is ABSENT or table is None else expect_name("table", table, ANY_TABLE_NAMES, "table name")
    check(attempt("describe", bdc.describe, *args, **kwargs), expect, _is_a_description)


@FUZZ
@given(data=st.data())
def test_connect(data: st.DataObject) -> None:
    connection = data.draw(st.one_of(st.just(ABSENT), st.none(), st.just(DUCK), anything()), label="connection")
    args, kwargs = split_args(data, bdc.connect, {"connection": connection})
    if connection is ABSENT or connection is None or connection is DUCK:
        expect = OK
    else:
        expect = wrong(f"connection={shown(connection)} is not a DuckDB connection", TypeError)

    def returns(value: object) -> bool:
        if not isinstance(value, duckdb.DuckDBPyConnection):
            return False
        return set(ANY_TABLE_NAMES) <= {row[0] for row in value.execute("show tables").fetchall()}

    con = check(attempt("connect", bdc.connect, *args, **kwargs), expect, returns)
    if con is not None and con is not DUCK:
        con.close()


def _inside(folder: Path, value: object) -> object:
    """A drawn path kept inside ``folder`` (no separators), in the drawn form; other values unchanged."""
    if isinstance(value, bytes):
        return bytes(folder) + b"/" + value.replace(b"/", b"_").replace(b"\\", b"_")
    if isinstance(value, str | os.PathLike):
        name = os.fspath(value)
        name = name.decode("utf-8", "replace") if isinstance(name, bytes) else name
        inside = folder / name.replace("/", "_").replace("\\", "_")
        return inside if isinstance(value, os.PathLike) else str(inside)
    return value


EXPORT_NAMES = st.one_of(
    st.sampled_from(["out.csv", "events.parquet", "", ".", "..", "-", " ", "\x00", "a\ud800", "x" * 300, "a\nb"]),
    st.text(st.characters(exclude_characters="/\\"), max_size=10),
    anything(),
)


def _maybe_existing(data: st.DataObject, folder: Path, path: object) -> Path | None:
    """The export's target made to exist already, when the draw says so and it names a file in ``folder``."""
    if isinstance(path, str | Path) and Path(path).parent == folder and Path(path).name not in ("", ".", ".."):
        with contextlib.suppress(OSError, ValueError):
            if data.draw(st.booleans(), label="the file exists"):
                Path(path).write_bytes(b"keep me")
                return Path(path)
    return None


def _check_write(
    outcome: Outcome, expect: Expect, returns: Callable[[object], bool], folder: Path, existing: Path | None
) -> None:
    """An export's outcome as expected, no temporary file left, and a file it refused to replace intact."""
    check(outcome, expect, returns)
    assert not leftovers(folder), f"[write] {outcome.call} left {leftovers(folder)}"
    if existing is not None and outcome.error is not None:
        assert existing.read_bytes() == b"keep me", f"[write] {outcome.call} failed but changed {existing}"


@FUZZ
@given(data=st.data())
def test_export_table(scratch: Path, data: st.DataObject) -> None:
    folder = Path(tempfile.mkdtemp(dir=scratch))
    name = data.draw(TABLE_ARG, label="name")
    fmt = data.draw(st.one_of(st.sampled_from(FORMAT_TEXT), anything()), label="fmt")
    path = _inside(folder, data.draw(EXPORT_NAMES, label="path"))
    overwrite = data.draw(st.one_of(st.just(ABSENT), st.booleans(), anything()), label="overwrite")
    existing = _maybe_existing(data, folder, path)
    args, kwargs = split_args(data, export_table, {"name": name, "fmt": fmt, "path": path, "overwrite": overwrite})
    expect = expect_table("name", name) + expect_name("fmt", fmt, FORMATS, "format", any_case=True)
    expect += expect_target(path) + expect_bool("overwrite", overwrite)
    if existing is not None and overwrite is not True:
        expect += wrong(f"{path!r} exists and overwrite is not True", ValueError)
    with contextlib.chdir(folder):
        outcome = attempt("export_table", export_table, *args, **kwargs)

    def returns(rows: object) -> bool:
        return rows == SHIPPED[name].num_rows and isinstance(path, str | Path) and Path(path).is_file()

    _check_write(outcome, expect, returns, folder, existing)


@FUZZ
@given(data=st.data())
def test_export_sqlite(scratch: Path, data: st.DataObject) -> None:
    folder = Path(tempfile.mkdtemp(dir=scratch))
    path = _inside(folder, data.draw(EXPORT_NAMES, label="path"))
    overwrite = data.draw(st.one_of(st.just(ABSENT), st.booleans(), anything()), label="overwrite")
    existing = _maybe_existing(data, folder, path)
    args, kwargs = split_args(data, export_sqlite, {"path": path, "overwrite": overwrite})
    expect = expect_target(path) + expect_bool("overwrite", overwrite)
    if existing is not None and overwrite is not True:
        expect += wrong(f"{path!r} exists and overwrite is not True", ValueError)
    with contextlib.chdir(folder):
        outcome = attempt("export_sqlite", export_sqlite, *args, **kwargs)

    def returns(rows: object) -> bool:
        counts = {name: table.num_rows for name, table in SHIPPED.items()}
        written = Path(os.fsdecode(path)) if isinstance(path, bytes) else Path(str(path))
        return isinstance(rows, dict) and {k: rows.get(k) for k in counts} == counts and written.is_file()

    _check_write(outcome, expect, returns, folder, existing)


# --- the command line ---------------------------------------------------------------------------------

SUBCOMMANDS = ["show", "search", "related", "cite", "diff", "export", "verify", "summary"]
SUBCOMMANDS += ["list", "timeline", "describe"]
CLI_OPTIONS = [
    *["--table", "--limit", "--style", "--record", "--format", "--force", "--help", "--version", "--frobnicate"],
    *["-x", "-h", f"--limit={10**30}", "--limit=-1", "--limit=0", "--limit", str(10**30), str(2**63), "-1", "0"],
    *["--where", "--between", "--columns", "--sort", "--context", "--year", "-o", "--output", "-", ".."],
    *["kind=forum", "knd=forum", "kind=", "=forum", "edition=16x", "edition=16", "year=2019", "value=nan"],
    *["id,name_en", "id,,id", "-name_en", "--sort=-start_date", "--sort=organiser_ids", "--context=0"],
    *["table", "csv", "json", "jsonl", "markdown", "--format=markdown", "--year=0", "--year=10000", "--column"],
    *["role", "event_partners"],
]
#: What --where, --columns and --sort are given: names of filters and columns, real values, and near misses.
WHERE_TEXT = st.builds(
    lambda name, value: f"{name}={value}",
    st.one_of(st.sampled_from([*ALL_FILTERS, "between"]), UNKNOWN_FILTER_NAMES),
    st.one_of(
        st.sampled_from(sorted({str(v) for values in SAMPLES.values() for v in values if "\x00" not in str(v)})),
        st.sampled_from([w for w in WEIRD_TEXT if not any(unicodedata.category(c) == "Cs" for c in w)]),
    ),
)
COLUMN_TEXT = st.one_of(
    st.lists(st.sampled_from([*sorted(SAMPLES), "nmae_en", "", " id"]), min_size=1, max_size=3).map(",".join),
    st.lists(st.sampled_from([*sorted(SAMPLES), "nmae_en"]), min_size=1, max_size=2).map(
        lambda names: ",".join(f"-{n}" if i % 2 else n for i, n in enumerate(names))
    ),
)
ROW_FORMATS = st.sampled_from(["table", "csv", "json", "jsonl", "markdown", "xml", "CSV"])
CLI_TEXT = st.one_of(
    st.sampled_from([w for w in WEIRD_TEXT if not any(unicodedata.category(c) == "Cs" for c in w)]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    REAL_IDS,
    REAL_IDS.flatmap(lambda record_id: st.sampled_from([v for v in _id_variants(record_id) if "\x00" not in v])),
    st.sampled_from([*TABLE_NAMES, *WRONG_TABLES, *STYLE_TEXT, *FORMAT_TEXT, str(RELEASE_FILE), str(DATA_DIR)]),
    LONG_TEXT.filter(lambda text: "\ud800" not in text),
    st.integers().map(str),
)
CLI_ARGV = st.one_of(
    st.tuples(st.sampled_from(SUBCOMMANDS), st.lists(st.one_of(CLI_TEXT, st.sampled_from(CLI_OPTIONS)), max_size=5)),
    st.tuples(
        st.just("search"),
        st.tuples(
            CLI_TEXT,
            st.just("--limit"),
            st.one_of(st.sampled_from(CLI_OPTIONS), CLI_TEXT),
            st.just("--table"),
            CLI_TEXT,
        ),
    ),
    st.tuples(st.just("cite"), st.tuples(st.just("--style"), CLI_TEXT, st.just("--record"), CLI_TEXT)),
    st.tuples(st.just("cite"), st.tuples(st.just("--record"), CLI_TEXT)),
    st.tuples(st.just("export"), st.tuples(CLI_TEXT, st.just("--format"), CLI_TEXT)),
    st.tuples(st.just("diff"), st.lists(CLI_TEXT, min_size=1, max_size=2)),
    st.tuples(
        st.just("list"),
        st.tuples(
            st.sampled_from([*TABLE_NAMES, *WRONG_TABLES]),
            st.just("--where"),
            WHERE_TEXT,
            st.just("--columns"),
            COLUMN_TEXT,
            COLUMN_TEXT.map(lambda text: f"--sort={text}"),
            st.just("--limit"),
            st.one_of(st.sampled_from(["1", "3", "0", "1000001"]), CLI_TEXT),
            st.just("--format"),
            ROW_FORMATS,
        ),
    ),
    st.tuples(
        st.just("list"),
        st.tuples(st.sampled_from(TABLE_NAMES), st.just("--between"), CLI_TEXT | st.sampled_from(DATE_TEXT), CLI_TEXT),
    ),
    st.tuples(
        st.just("show"),
        st.tuples(
            CLI_TEXT,
            st.just("--context"),
            st.one_of(st.integers(-5, 300).map(str), CLI_TEXT),
            st.just("--format"),
            ROW_FORMATS,
        ),
    ),
    st.tuples(
        st.just("timeline"),
        st.tuples(
            st.just("--between"),
            st.sampled_from([*DATE_TEXT, ".."]),
            st.sampled_from([*DATE_TEXT, ".."]),
            st.just("--format"),
            ROW_FORMATS,
        ),
    ),
).map(lambda parts: [parts[0], *parts[1]])
#: The commands that write a file when given -o.
WRITERS = ("export", "list", "show", "search", "related", "timeline", "describe")


def api_twin(argv: list[str]) -> tuple[str, Callable[..., object], tuple[object, ...], dict[str, object]] | None:
    """The Python call a command line stands for, its arguments parsed as the command line parses them."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            args = cli._parser().parse_args(argv)
    except (Exception, SystemExit):  # a usage error, --help or --version: no call to compare with
        return None
    if args.command == "show" and args.context is not False:
        return ("in_context", bdc.in_context, (args.id,), {"chars": args.context})
    if args.command in ("show", "related"):
        return (args.command, bdc.get if args.command == "show" else bdc.related, (args.id,), {})
    if args.command == "describe" and args.column is None:
        return ("describe", bdc.describe, (args.table,), {})
    if args.command == "timeline" and args.columns is None:
        dates: dict[str, object] = {} if args.year is None else {"year": args.year}
        if args.between is not None:
            dates["between"] = tuple(None if bound in ("..", "") else bound for bound in args.between)
        return ("timeline_table", bdc.timeline_table, (), dates)
    if args.command == "search":
        return ("search", bdc.search, (args.text,), {"table": args.table, "limit": args.limit})
    if args.command == "cite" and args.record is not None:
        return ("cite_sources", bdc.cite_sources, (args.record, args.style), {})
    if args.command == "cite":
        return ("cite", bdc.cite, (args.style,), {})
    if args.command == "diff":
        return ("diff", bdc.diff, (args.old, args.new), {})
    return None


@FUZZ_WITH_CAPSYS
@given(argv=CLI_ARGV)
def test_command_line(scratch: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    folder = Path(tempfile.mkdtemp(dir=scratch))
    # Every export, and any other write asked for (-o, or --output however shortened), goes to this
    # example's folder, whatever else was drawn.
    if argv[0] == "export" or (argv[0] in WRITERS and any(a.startswith(("-o", "--o")) for a in argv)):
        argv = [argv[0], *(a for a in argv[1:] if a != "--"), "-o", str(folder / "out")]
    capsys.readouterr()
    with contextlib.chdir(folder):
        outcome = attempt("main", cli.main, argv)
    err = capsys.readouterr().err
    call = f"binhduong-corpus {' '.join(map(shown, argv))}"
    if isinstance(outcome.error, Hang):
        raise AssertionError(f"[hang] {call} was still running after {HANG_SECONDS:.0f} s") from outcome.error
    if outcome.error is not None:
        raise AssertionError(f"[cli] {call} raised {describe_error(outcome.error)}") from outcome.error
    status = outcome.value
    assert status in (0, 1, 2), f"[cli] {call} exited {status!r}; stderr: {err[:300]!r}"
    assert "Traceback" not in err, f"[cli] {call} printed a traceback: {err[-500:]!r}"
    assert "internal error" not in err, f"[cli] {call} hit an internal error (exit {status}): {err.strip()[:300]!r}"
    if status != 0:
        assert err.count("\n") <= 1 and len(err.splitlines()) <= 1, f"[cli] {call}: stderr is not one line: {err!r}"
    assert outcome.seconds <= LIMIT_SECONDS, f"[slow] {call} took {outcome.seconds:.2f} s"
    assert not leftovers(folder), f"[write] {call} left {leftovers(folder)}"
    twin = api_twin(argv)
    if twin is None:
        return
    name, fn, args, kwargs = twin
    with contextlib.chdir(folder), contextlib.redirect_stdout(io.StringIO()):
        same = attempt(name, fn, *args, **kwargs)
    if same.error is None:
        assert status == 0, f"[cli] {call} exited {status} although {same.call} answers: {err.strip()[:200]!r}"
    elif isinstance(same.error, bdc.CorpusError):
        wanted = 2 if isinstance(same.error, bdc.InvalidArgumentError) else 1
        assert status == wanted, (
            f"[cli] {call} exited {status}, not {wanted}: {same.call} raised {describe_error(same.error)}"
        )


# --- where exports may not write ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class WriteCase:
    """A target set up in ``folder``; ``must`` is "refuse", "succeed" or "either"."""

    prepare: Callable[[Path], Path]
    overwrite: bool
    must: str


def _existing(folder: Path) -> Path:
    (folder / "events.csv").write_bytes(b"keep me")
    return folder / "events.csv"


def _symlink(folder: Path) -> Path:
    (folder / "other.txt").write_bytes(b"keep me")
    (folder / "events.csv").symlink_to(folder / "other.txt")
    return folder / "events.csv"


def _dangling(folder: Path) -> Path:
    (folder / "events.csv").symlink_to(folder / "nowhere.txt")
    return folder / "events.csv"


def _read_only(folder: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder")
    inner = folder / "locked"
    inner.mkdir()
    inner.chmod(0o500)
    return inner / "events.csv"


def _under_a_file(folder: Path) -> Path:
    (folder / "plain.txt").write_bytes(b"keep me")
    return folder / "plain.txt" / "events.csv"  # ENOTDIR


def _a_folder(folder: Path) -> Path:
    (folder / "events.csv").mkdir()
    (folder / "events.csv" / "inside.txt").write_bytes(b"keep me")
    return folder / "events.csv"


def _missing_parent(folder: Path) -> Path:
    return folder / "missing" / "events.csv"


def _long_name(folder: Path) -> Path:
    return folder / ("x" * 239 + ".csv")  # 243 bytes, and its schema's name 251: legal file names


def _long_schema_name(folder: Path) -> Path:
    return folder / ("x" * 246 + ".csv")  # 250 bytes, but its schema's name, 258, is not a legal one


def _too_long_name(folder: Path) -> Path:
    return folder / ("x" * 296 + ".csv")  # 300 bytes: longer than a file name may be (ENAMETOOLONG)


def _nul(folder: Path) -> Path:
    return folder / "ev\x00ents.csv"


def _stale_temporary(folder: Path) -> Path:
    (folder / ".events.csv.0123456789ab.tmp").write_bytes(b"left by a killed export")
    return folder / "events.csv"


WRITE_CASES = {
    "existing file, no overwrite": WriteCase(_existing, False, "refuse"),
    "existing file, overwrite": WriteCase(_existing, True, "succeed"),
    "symlink onto another file, no overwrite": WriteCase(_symlink, False, "refuse"),
    "symlink onto another file, overwrite": WriteCase(_symlink, True, "either"),
    "dangling symlink, overwrite": WriteCase(_dangling, True, "either"),
    "read-only folder": WriteCase(_read_only, True, "refuse"),
    "path under a file": WriteCase(_under_a_file, True, "refuse"),
    "folder as target, no overwrite": WriteCase(_a_folder, False, "refuse"),
    "folder as target, overwrite": WriteCase(_a_folder, True, "refuse"),
    "missing parent folder": WriteCase(_missing_parent, False, "refuse"),
    "name of 243 bytes": WriteCase(_long_name, False, "succeed"),
    "name of 250 bytes, its schema's 258": WriteCase(_long_schema_name, False, "refuse"),
    "name of 300 bytes": WriteCase(_too_long_name, False, "refuse"),
    "NUL in the name": WriteCase(_nul, False, "refuse"),
    "stale temporary beside the target": WriteCase(_stale_temporary, False, "succeed"),
}


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, a link's target, or "dir"."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        found[key] = os.readlink(path) if path.is_symlink() else "dir" if path.is_dir() else path.read_bytes()
    return found


@pytest.mark.parametrize("case", WRITE_CASES.values(), ids=WRITE_CASES.keys())
def test_export_write_paths(case: WriteCase, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = case.prepare(folder)
    before = _snapshot(folder)
    try:
        outcome = attempt("export_table", export_table, "events", "csv", target, overwrite=case.overwrite)
    finally:
        for path in folder.rglob("*"):  # let pytest clean up a read-only folder
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o700)
    call = outcome.call
    if outcome.error is not None and not isinstance(outcome.error, bdc.CorpusError):
        raise AssertionError(f"[raw] {call} raised {describe_error(outcome.error)}") from outcome.error
    after = _snapshot(folder)
    temporaries = [name for name in after if re.search(r"(^|/)\..+\.tmp$", name)]
    assert not temporaries, f"[write] {call} left {temporaries}"
    if case.must == "refuse":
        assert outcome.error is not None, f"[write] {call} wrote {outcome.value} rows where it must refuse"
    if case.must == "succeed":
        assert outcome.error is None, f"[write] {call} refused: {describe_error(outcome.error)}"
    if outcome.error is not None:
        unchanged = {k: v for k, v in before.items() if not re.search(r"\.tmp$", k)}
        assert after == unchanged, f"[write] {call} failed but changed the folder: {before} -> {after}"
        return
    for name, content in before.items():  # whatever a link pointed at is untouched
        if name != str(target.relative_to(folder)) and not name.endswith(".tmp"):
            assert after.get(name) == content, f"[write] {call} changed {name}"
    assert not target.is_symlink() and target.read_bytes().startswith(b'"id"'), f"[write] {call} wrote no CSV"
    assert not (folder / "nowhere.txt").exists(), f"[write] {call} wrote through a dangling link"


def test_export_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``-o -`` writes the table to standard output, as command-line tools do, and no file named "-"."""
    with contextlib.chdir(tmp_path):
        status = cli.main(["export", "events", "-o", "-"])
    out, err = capsys.readouterr()
    problems = []
    if status != 0:
        problems.append(f"exit {status}, stderr {err.strip()!r}")
    if (tmp_path / "-").exists():
        problems.append(f"wrote a file named '-' ({(tmp_path / '-').stat().st_size} bytes)")
    if not out.startswith('"id"'):
        problems.append(f"stdout does not start with the CSV header: {out[:80]!r}")
    assert not problems, f"[write] binhduong-corpus export events -o -: {'; '.join(problems)}"


def test_export_refuses_to_replace_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "events.csv"
    target.write_bytes(b"keep me")
    status = cli.main(["export", "events", "-o", str(target)])
    err = capsys.readouterr().err
    assert status in (1, 2) and err.count("\n") == 1 and "Traceback" not in err, f"[cli] exit {status}: {err!r}"
    assert target.read_bytes() == b"keep me", "[write] export replaced a file without --force"
    assert not leftovers(tmp_path), f"[write] export left {leftovers(tmp_path)}"


# --- what diff may not wait on --------------------------------------------------------------------------


def _pipe_for_a_table(folder: Path) -> Path:
    """A release folder whose events file is a named pipe that nobody writes to."""
    for entry in MANIFEST["tables"].values():
        if entry["file"] != "events.parquet":
            (folder / entry["file"]).write_bytes((DATA_DIR / entry["file"]).read_bytes())
    (folder / "manifest.json").write_bytes((DATA_DIR / "manifest.json").read_bytes())
    os.mkfifo(folder / "events.parquet")
    return folder


def _pipe_for_the_manifest(folder: Path) -> Path:
    os.mkfifo(folder / "manifest.json")
    return folder


def _pipe_for_a_snapshot(folder: Path) -> Path:
    os.mkfifo(folder / "0.1.0.json")
    return folder / "0.1.0.json"


PIPES = {"a table file": _pipe_for_a_table, "the manifest": _pipe_for_the_manifest, "a snapshot": _pipe_for_a_snapshot}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("make", PIPES.values(), ids=PIPES.keys())
def test_diff_does_not_wait_on_a_pipe(make: Callable[[Path], Path], tmp_path: Path) -> None:
    """A named pipe where diff() expects a file is refused at once, not read until someone writes to it."""
    where = make(tmp_path)
    outcome = attempt("diff", bdc.diff, where)
    check(outcome, UNSURE, is_a(bdc.Diff))


# --- a write that the system stops part-way --------------------------------------------------------------


def test_export_under_a_file_size_limit(tmp_path: Path) -> None:
    """A write cut short (here by a file-size limit, as by a full disk) is one line, exit 1, the old file whole."""
    resource = pytest.importorskip("resource")
    if not hasattr(signal, "SIGXFSZ"):
        pytest.skip("no file-size limit here")
    target = tmp_path / "events.csv"
    target.write_bytes(b"keep me")

    def limit() -> None:  # in the child only: writes past 4 kB fail with EFBIG instead of killing it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = subprocess.run(
        [sys.executable, "-m", "binhduong_corpus", "export", "events", "-o", str(target), "--force"],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )
    call = "binhduong-corpus export events -o events.csv --force (4 kB file-size limit)"
    assert done.returncode == 1, f"[write] {call} exited {done.returncode}: {done.stderr[-300:]!r}"
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, f"[write] {call}: {done.stderr!r}"
    assert target.read_bytes() == b"keep me", f"[write] {call} changed the old file"
    assert not leftovers(tmp_path), f"[write] {call} left {leftovers(tmp_path)}"
