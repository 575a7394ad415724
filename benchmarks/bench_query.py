"""Benchmark the package's query, record and search paths on a large synthetic events table.

Run:  .venv/bin/python benchmarks/bench_query.py [--rows N] [--repeat R] [--json PATH]

A corpus of N events (default 1,000,000) is generated with numpy and Arrow from a fixed seed,
with exactly the schema of ``arrow_schema("events")``: names from a small Vietnamese/English
vocabulary (with diacritics), enum columns drawn from the enums, EDTF dates of mixed precision
with matching start_date/end_date, 0-3 partner ids per list, and nulls in nullable columns.
Each time is the median of R calls (default 7) after one warm-up; package and baseline calls
alternate so drift cancels out.

  filter      ``filter_table(big, "events", country_code="KR", kind="forum", between=(Oct 2019))``
              vs the same query in DuckDB on the same Arrow table, fetched as Arrow
  records     ``records_from_table(first 100k rows, Event)``  vs  ``Table.to_pylist()``
  search n=…  ``SearchIndex({"events": big.slice(0, n)}).search(q, limit=20)``, per corpus size;
              index building is timed once and shown in the note, not in the latency
  … growth    ratio = time per row at the largest size / time per row at the smallest size;
              <= 1 means no worse than linear. The exponent log(t1/t0)/log(n1/n0) is in the note
              (0 = constant, 1 = linear, > 1 = worse than linear)

How to read it: "ratio" is package / baseline unless stated, so 1.00x means no overhead; "ok"
means within the aim, "over" means not, "info" rows have no aim. The script always exits 0.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import timeit
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from binhduong_corpus import Basis, Event, EventKind, Language, Qualifier, Role, SearchIndex, filter_table
from binhduong_corpus._arrow import records_from_table
from binhduong_corpus._edtf import parse_edtf
from binhduong_corpus.schema import arrow_schema

SEED = 20191021
# Prefix i in Vietnamese translates prefix i in English; one tenth of names say "Đại hội đồng".
VI_PREFIX = ["Hội nghị", "Đại hội đồng", "Diễn đàn", "Hội chợ", "Triển lãm", "Hội thảo", "Lễ ký kết",
             "Lễ trao giải", "Đoàn công tác", "Hội nghị thượng đỉnh"]  # fmt: skip
EN_PREFIX = ["Conference", "General Assembly", "Forum", "Fair", "Exhibition", "Workshop", "Signing",
             "Award ceremony", "Delegation", "Summit"]  # fmt: skip
VI_TOPIC = ["Thành phố thông minh", "WTA", "Horasis", "Đổi mới sáng tạo", "Smart City", "công nghệ cao",
            "hợp tác kinh tế", "ICF", "Khoa học Công nghệ", "đầu tư"]  # fmt: skip
EN_TOPIC = ["Smart City", "WTA", "Horasis", "Innovation", "Smart City", "Hi-Tech", "Economic Cooperation",
            "ICF", "Science and Technology", "Investment"]  # fmt: skip
PLACES = ["Bình Dương", "Thủ Dầu Một", "Daejeon", "Eindhoven", "Hà Nội", "Seoul", "Singapore", "Tokyo",
          "Thành phố Hồ Chí Minh", "Brainport"]  # fmt: skip
THEMES = ["Kết nối - Hợp tác - Phát triển", "Thành phố thông minh bền vững", "Innovation for a smart future",
          "Khoa học vì cộng đồng"]  # fmt: skip
COUNTRIES = ["VN", "KR", "JP", "SG", "NL", "BE", "US", "CN", "TW", "TH", "DE", "FR", "AU", "IN", "GB"]
COUNTRY_P = [0.30, 0.12, 0.08, 0.06, 0.06, 0.05, 0.05, 0.05, 0.04, 0.04, 0.04, 0.03, 0.03, 0.03, 0.02]
PARTNERS = ["pt-wta", "pt-horasis", "pt-icf", "pt-unesco", "pt-daejeon", "pt-eindhoven", "pt-brainport", "pt-kotra"]


def generate(n: int) -> pa.Table:
    """N synthetic events with the real schema, built column-wise (no Python loop per row)."""
    rng = np.random.default_rng(SEED)
    schema = arrow_schema("events")

    def pick(vocab: list[str], idx: np.ndarray | None = None, null: float = 0.0, p: list[float] | None = None) -> Any:
        idx = rng.choice(len(vocab), n, p=p) if idx is None else idx
        return pc.take(pa.array(vocab, pa.string()), pa.array(idx, mask=rng.random(len(idx)) < null))

    def ints(lo: int, hi: int, null: float) -> pa.Array:
        return pa.array(rng.integers(lo, hi, n), mask=rng.random(n) < null)

    def id_lists(name: str) -> pa.Array:
        offsets = np.concatenate([[0], np.cumsum(rng.choice(4, n, p=[0.55, 0.25, 0.12, 0.08]))]).astype(np.int32)
        values = pick(PARTNERS, rng.integers(0, len(PARTNERS), offsets[-1])) if offsets[-1] else pa.array([], pa.string())
        return pa.ListArray.from_arrays(pa.array(offsets), values, type=schema.field(name).type)

    # Dates: precision 0 year, 1 month, 2 day, 3 day interval, 4 open end, 5 open start, 6 no date.
    months = ((rng.integers(2010, 2026, n) - 1970) * 12 + rng.integers(0, 12, n)).astype("datetime64[M]")
    day = months.astype("datetime64[D]") + rng.integers(0, 28, n)
    later = day + rng.integers(1, 5, n)
    years = months.astype("datetime64[Y]")
    nat = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    prec = rng.choice(7, n, p=[0.22, 0.25, 0.30, 0.12, 0.03, 0.02, 0.06])
    rows = np.arange(n)
    year_start, year_end = years.astype("datetime64[D]"), (years + 1).astype("datetime64[D]") - 1
    month_start, month_end = months.astype("datetime64[D]"), (months + 1).astype("datetime64[D]") - 1
    start = np.stack([year_start, month_start, day, day, day, nat, nat])[prec, rows]
    end = np.stack([year_end, month_end, day, later, nat, day, nat])[prec, rows]
    day_s, later_s = pc.cast(pa.array(day), pa.string()), pc.cast(pa.array(later), pa.string())
    year_s = pc.utf8_slice_codeunits(day_s, 0, 4)
    date = pc.choose(pa.array(prec, pa.int8()), year_s, pc.utf8_slice_codeunits(day_s, 0, 7), day_s,
                     pc.binary_join_element_wise(day_s, later_s, "/"), pc.binary_join_element_wise(day_s, "..", "/"),
                     pc.binary_join_element_wise("..", day_s, "/"), pa.nulls(n, pa.string()))  # fmt: skip

    prefix, topic, place = rng.integers(0, 10, n), rng.integers(0, 10, n), rng.integers(0, len(PLACES), n)
    attendees = ints(30, 5000, 0.7)
    cols: dict[str, Any] = {
        "id": pc.binary_join_element_wise("ev-synthetic-", pc.cast(pa.array(rows), pa.string()), ""),
        "name_vi": pc.binary_join_element_wise(pick(VI_PREFIX, prefix), pick(VI_TOPIC, topic), pick(PLACES, place), year_s, " "),
        "name_en": pc.binary_join_element_wise(year_s, pick(EN_TOPIC, topic), pick(EN_PREFIX, prefix), pick(PLACES, place), " "),
        "translated": pick([m.value for m in Language], null=0.6),
        "kind": pick([m.value for m in EventKind]),
        "date": date,
        "date_basis": pc.take(pa.array([m.value for m in Basis]), pa.array(rng.integers(0, 2, n), mask=prec == 6)),
        "start_date": pa.array(start, pa.date32(), mask=np.isnat(start)),
        "end_date": pa.array(end, pa.date32(), mask=np.isnat(end)),
        "place": pick(PLACES, null=0.4),
        "country_code": pick(COUNTRIES, null=0.1, p=COUNTRY_P),
        "role": pick([m.value for m in Role]),
        "organiser_ids": id_lists("organiser_ids"),
        "participant_ids": id_lists("participant_ids"),
        "parent_id": pc.binary_join_element_wise("ev-synthetic-", pc.cast(ints(0, n, 0.9), pa.string()), ""),
        "edition": ints(1, 40, 0.8),
        "theme": pick(THEMES, null=0.7),
        "attendees": attendees,
        "attendees_qualifier": pc.if_else(attendees.is_null(), None, pick([m.value for m in Qualifier])),
        "countries_represented": ints(2, 80, 0.85),
        "note": pick(["Ngày suy ra từ năm của bài báo.", "Date inferred from the article's year."], null=0.9),
    }
    return pa.Table.from_arrays([cols[f.name] for f in schema], schema=schema)


def check(table: pa.Table) -> None:
    """Schema, Arrow invariants, non-null columns, unique ids, and dates against the package's EDTF parser."""
    table.validate(full=True)
    assert table.schema.equals(arrow_schema("events")), "generated schema differs from arrow_schema('events')"
    for field in table.schema:
        assert field.nullable or table.column(field.name).null_count == 0, f"nulls in non-null {field.name}"
    assert pc.count_distinct(table.column("id")).as_py() == table.num_rows, "ids are not unique"
    sample = table.select(["date", "start_date", "end_date"]).take(np.arange(0, table.num_rows, max(1, table.num_rows // 2000)))
    for row in sample.to_pylist():
        if row["date"] is not None:
            parsed = parse_edtf(row["date"])
            assert (parsed.start, parsed.end) == (row["start_date"], row["end_date"]), row


@dataclass
class Row:
    measurement: str
    package_ms: float | None
    baseline_ms: float | None
    ratio: float | None
    aim: float | None
    note: str = ""
    error: str | None = None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.aim is None or self.ratio is None:
            return "info"
        return "ok" if self.ratio <= self.aim else "over"


def ms(fn: Callable[[], object]) -> float:
    return timeit.timeit(fn, number=1) * 1000  # timeit turns off GC, equally for both sides


def paired(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[float, float]:
    ours(), theirs()  # warm-up
    a: list[float] = []
    b: list[float] = []
    for i in range(repeat):
        first, second = ((ours, a), (theirs, b)) if i % 2 == 0 else ((theirs, b), (ours, a))
        first[1].append(ms(first[0]))
        second[1].append(ms(second[0]))
    return statistics.median(a), statistics.median(b)


def guarded(name: str, aim: float | None, body: Callable[[], list[Row]]) -> list[Row]:
    try:
        return body()
    except Exception as exc:  # report, never fail
        traceback.print_exc(file=sys.stderr)
        return [Row(name, None, None, None, aim, error=f"{type(exc).__name__}: {exc}")]


SQL = """SELECT * FROM big WHERE country_code = 'KR' AND kind = 'forum' AND date IS NOT NULL
  AND (start_date IS NULL OR start_date <= DATE '2019-10-31') AND (end_date IS NULL OR end_date >= DATE '2019-10-01')"""


def bench_filter(big: pa.Table, repeat: int) -> list[Row]:
    con = duckdb.connect()
    con.register("big", big)
    rel = lambda: con.sql(SQL)  # noqa: E731
    fetch = lambda: (getattr(r := rel(), "to_arrow_table", None) or r.fetch_arrow_table)()  # noqa: E731
    ours = lambda: filter_table(big, "events", country_code="KR", kind="forum", between=("2019-10-01", "2019-10-31"))  # noqa: E731
    got, want = ours(), fetch()
    assert sorted(got.column("id").to_pylist()) == sorted(want.column("id").to_pylist()), "API and DuckDB disagree"
    a, b = paired(ours, fetch, repeat)
    return [Row("filter vs duckdb", a, b, a / b, 1.5, f"{got.num_rows:,} rows")]


def bench_records(big: pa.Table, repeat: int) -> list[Row]:
    result = big.slice(0, min(100_000, big.num_rows))
    a, b = paired(lambda: records_from_table(result, Event), result.to_pylist, repeat)
    return [Row("records vs to_pylist", a, b, a / b, 2.0, f"{result.num_rows:,} rows")]


def bench_search(big: pa.Table, repeat: int) -> list[Row]:
    sizes = sorted({min(s, big.num_rows) for s in (10_000, 100_000, 1_000_000)})
    queries = ("dai hoi dong", "wta")
    times: dict[str, list[float]] = {q: [] for q in queries}
    rows: list[Row] = []
    for n in sizes:
        build = ms(lambda: SearchIndex({"events": big.slice(0, n)}))
        index = SearchIndex({"events": big.slice(0, n)})
        for q in queries:
            search = lambda q=q: index.search(q, limit=20)  # noqa: E731
            search()  # warm-up
            t = statistics.median(ms(search) for _ in range(repeat))
            times[q].append(t)
            hits = len(index.search(q, limit=None))
            rows.append(Row(f"search {q!r} n={n:,}", t, None, None, None, f"{hits:,} matches; index build {build:,.0f} ms"))
    if len(sizes) > 1:
        for q in queries:
            t0, t1, n0, n1 = times[q][0], times[q][-1], sizes[0], sizes[-1]
            exponent = math.log(t1 / t0) / math.log(n1 / n0)
            rows.append(Row(f"search {q!r} growth", t1, t0, (t1 / n1) / (t0 / n0), 1.0,
                            f"per-row ratio n={n1:,} vs n={n0:,}; exponent {exponent:.2f}"))  # fmt: skip
    return rows


def print_table(rows: list[Row]) -> None:
    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:,.2f}"

    header = f"{'measurement':<30}{'package ms':>12}{'baseline ms':>13}{'ratio':>8}{'aim':>8}  {'status':<7}note"
    print(header)
    print("-" * (len(header) + 30))
    for r in rows:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        aim = "-" if r.aim is None else f"<={r.aim:.1f}x"
        note = r.error.splitlines()[0] if r.error else r.note
        print(f"{r.measurement:<30}{num(r.package_ms):>12}{num(r.baseline_ms):>13}{ratio:>8}{aim:>8}  {r.status:<7}{note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic events to generate (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed calls per measurement, after a warm-up (default 7)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    n, repeat = max(1, args.rows), max(1, args.repeat)

    started = time.perf_counter()
    big = generate(n)
    generated = (time.perf_counter() - started) * 1000
    checked = ms(lambda: check(big))
    print(f"python {sys.version.split()[0]}; pyarrow {pa.__version__}; duckdb {duckdb.__version__}; "
          f"{n:,} events generated in {generated:,.0f} ms, checked in {checked:,.0f} ms; median of {repeat}\n")  # fmt: skip
    rows = [
        *guarded("filter vs duckdb", 1.5, lambda: bench_filter(big, repeat)),
        *guarded("records vs to_pylist", 2.0, lambda: bench_records(big, repeat)),
        *guarded("search", 1.0, lambda: bench_search(big, repeat)),
    ]
    print_table(rows)
    if args.json is not None:
        payload = {"rows": n, "repeat": repeat, "results": [asdict(r) | {"status": r.status} for r in rows]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports; it never fails a build
        traceback.print_exc()
    sys.exit(0)
