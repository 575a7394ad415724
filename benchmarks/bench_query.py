"""Benchmark filtering, typed records and search on a large synthetic events table.

Run:  .venv/bin/python benchmarks/bench_query.py [--rows N] [--repeat R] [--json PATH]

N events (default 1,000,000, fixed seed) with exactly arrow_schema("events") are generated column-wise.
Times are medians of R calls (default 7) after a warm-up, package and baseline calls alternating.

  filter vs duckdb  filter_table(big, "events", country_code="KR", kind="forum", between=1-31 Oct 2019)
                    vs the same SQL in DuckDB on the same Arrow table, fetched as Arrow (same ids checked)
  records           records_from_table(first 100k rows, Event)  vs  Table.to_pylist()
  search q n=...    SearchIndex({"events": big.slice(0, n)}).search(q, limit=20); index build time is in
                    the note, not in the latency
  search q growth   time per row at the largest n / at the smallest n: <= 1 is no worse than linear; the
                    note gives the exponent log(t1/t0)/log(n1/n0) (0 constant, 1 linear)

"ratio" is package / baseline (1.00x = no overhead); "ok" = within the aim, "over" = not, "info" = no aim.
A benchmark reports and never fails a build: the script always exits 0.
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
from binhduong_corpus._arrow import arrow_schema, records_from_table
from binhduong_corpus._edtf import parse_edtf

SEED = 20191021
# Index i of each list goes with index i of its translation, so name_vi and name_en describe the same event.
VI_PREFIX = "Hội nghị|Đại hội đồng|Diễn đàn|Hội chợ|Triển lãm|Hội thảo|Lễ ký kết|Lễ trao giải|Đoàn công tác|Hội thảo"
EN_PREFIX = "Conference|General Assembly|Forum|Fair|Exhibition|Workshop|Signing|Award ceremony|Delegation|Seminar"
VI_TOPIC = "Thành phố thông minh|WTA|Horasis|Đổi mới sáng tạo|Smart City|công nghệ cao|hợp tác|ICF|Khoa học|đầu tư"
EN_TOPIC = "Smart City|WTA|Horasis|Innovation|Smart City|Hi-Tech|Cooperation|ICF|Science|Investment"
PLACES = "Bình Dương|Thủ Dầu Một|Daejeon|Eindhoven|Hà Nội|Seoul|Singapore|Tokyo|Đà Nẵng|Brainport"
THEMES = "Kết nối - Hợp tác - Phát triển|Thành phố thông minh bền vững|Innovation for a smart future"
NOTES = "Ngày suy ra từ năm của bài báo.|Date inferred from the article's year."
COUNTRIES = "VN|KR|JP|SG|NL|BE|US|CN|TW|TH|DE|FR|AU|IN|GB"
COUNTRY_P = [0.30, 0.12, 0.08, 0.06, 0.06, 0.05, 0.05, 0.05, 0.04, 0.04, 0.04, 0.03, 0.03, 0.03, 0.02]
PARTNERS = "pt-wta|pt-horasis|pt-icf|pt-unesco|pt-daejeon|pt-eindhoven|pt-brainport|pt-kotra"


def generate(n: int) -> pa.Table:
    """N synthetic events with the real schema, built column by column (no Python loop per row)."""
    rng = np.random.default_rng(SEED)
    schema = arrow_schema("events")

    def pick(vocab: Any, idx: Any = None, null: float | np.ndarray = 0.0, p: Any = None) -> pa.Array:
        """Values from a "|"-separated vocabulary or an enum; ``null`` is a share of nulls or a null mask."""
        words = vocab.split("|") if isinstance(vocab, str) else [member.value for member in vocab]
        idx = rng.choice(len(words), n, p=p) if idx is None else idx
        mask = null if isinstance(null, np.ndarray) else rng.random(len(idx)) < null
        return pc.take(pa.array(words, pa.string()), pa.array(idx, mask=mask))

    def ints(lo: int, hi: int, null: float) -> pa.Array:
        return pa.array(rng.integers(lo, hi, n), mask=rng.random(n) < null)

    def id_lists(name: str) -> pa.Array:
        offsets = np.concatenate([[0], np.cumsum(rng.choice(4, n, p=[0.55, 0.25, 0.12, 0.08]))]).astype(np.int32)
        values = pick(PARTNERS, rng.integers(0, 8, offsets[-1]))
        return pa.ListArray.from_arrays(pa.array(offsets), values, type=schema.field(name).type)

    # Precision: 0 year, 1 month, 2 day, 3 day interval, 4 open end "A/..", 5 open start "../B", 6 no date.
    prec = rng.choice(7, n, p=[0.22, 0.25, 0.30, 0.12, 0.03, 0.02, 0.06])
    months = ((rng.integers(2010, 2026, n) - 1970) * 12 + rng.integers(0, 12, n)).astype("datetime64[M]")
    years, day = months.astype("datetime64[Y]"), months.astype("datetime64[D]") + rng.integers(0, 28, n)
    later, nat = day + rng.integers(1, 5, n), np.full(n, np.datetime64("NaT"), "datetime64[D]")
    first = [years.astype("datetime64[D]"), months.astype("datetime64[D]"), day, day, day, nat, nat]
    last = [(years + 1).astype(day.dtype) - 1, (months + 1).astype(day.dtype) - 1, day, later, nat, day, nat]
    start, end = (np.stack(side)[prec, np.arange(n)] for side in (first, last))
    day_s, later_s = pc.cast(pa.array(day), pa.string()), pc.cast(pa.array(later), pa.string())
    year_s, join = pc.utf8_slice_codeunits(day_s, 0, 4), pc.binary_join_element_wise
    texts = [year_s, pc.utf8_slice_codeunits(day_s, 0, 7), day_s, join(day_s, later_s, "/"), join(day_s, "..", "/"),
             join("..", day_s, "/"), pa.nulls(n, pa.string())]  # fmt: skip

    prefix, topic, place = rng.integers(0, 10, n), rng.integers(0, 10, n), rng.integers(0, 10, n)
    attendees = ints(30, 5000, 0.7)
    cols: dict[str, Any] = {
        "id": join("ev-synthetic-", pc.cast(pa.array(np.arange(n)), pa.string()), ""),
        "name_vi": join(pick(VI_PREFIX, prefix), pick(VI_TOPIC, topic), pick(PLACES, place), year_s, " "),
        "name_en": join(year_s, pick(EN_TOPIC, topic), pick(EN_PREFIX, prefix), pick(PLACES, place), " "),
        "translated": pick(Language, null=0.6),
        "kind": pick(EventKind),
        "date": pc.choose(pa.array(prec, pa.int8()), *texts),
        "date_basis": pick(Basis, null=prec == 6),
        **{name: pa.array(d, pa.date32(), mask=np.isnat(d)) for name, d in (("start_date", start), ("end_date", end))},
        "place": pick(PLACES, null=0.4),
        "country_code": pick(COUNTRIES, null=0.1, p=COUNTRY_P),
        "role": pick(Role),
        **{name: id_lists(name) for name in ("organiser_ids", "participant_ids")},
        "parent_id": join("ev-synthetic-", pc.cast(ints(0, n, 0.9), pa.string()), ""),
        "edition": ints(1, 40, 0.8),
        "theme": pick(THEMES, null=0.7),
        "attendees": attendees,
        "attendees_qualifier": pick(Qualifier, null=attendees.is_null().to_numpy(zero_copy_only=False)),
        "countries_represented": ints(2, 80, 0.85),
        "note": pick(NOTES, null=0.9),
    }
    return pa.Table.from_arrays([cols[f.name] for f in schema], schema=schema)


def check(table: pa.Table) -> None:
    """Schema, Arrow invariants, non-null columns, unique ids; sampled dates against the package's EDTF parser."""
    table.validate(full=True)
    assert table.schema.equals(arrow_schema("events")), "generated schema differs from arrow_schema('events')"
    for field in table.schema:
        assert field.nullable or table.column(field.name).null_count == 0, f"nulls in non-null {field.name}"
    assert pc.count_distinct(table.column("id")).as_py() == table.num_rows, "ids are not unique"
    step = max(1, table.num_rows // 2000)
    for row in table.select(["date", "start_date", "end_date"]).take(np.arange(0, table.num_rows, step)).to_pylist():
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
        if self.error is not None or self.aim is None or self.ratio is None:
            return "info" if self.error is None else "error"
        return "ok" if self.ratio <= self.aim else "over"


def ms(fn: Callable[[], object]) -> float:
    return timeit.timeit(fn, number=1) * 1000  # timeit turns GC off, the same for both sides


def paired(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[float, float]:
    ours(), theirs()  # warm-up
    a: list[float] = []
    b: list[float] = []
    for i in range(repeat):  # alternate which side goes first
        for fn, out in ((ours, a), (theirs, b))[:: 1 if i % 2 == 0 else -1]:
            out.append(ms(fn))
    return statistics.median(a), statistics.median(b)


def guarded(bench: Callable[[pa.Table, int], list[Row]], big: pa.Table, repeat: int) -> list[Row]:
    try:
        return bench(big, repeat)
    except Exception as exc:  # one failing measurement must not hide the others
        traceback.print_exc(file=sys.stderr)
        return [Row(bench.__name__, None, None, None, None, error=f"{type(exc).__name__}: {exc}")]


SQL = """SELECT * FROM big WHERE country_code = 'KR' AND kind = 'forum' AND date IS NOT NULL
  AND (start_date IS NULL OR start_date <= DATE '2019-10-31') AND (end_date IS NULL OR end_date >= DATE '2019-10-01')"""


def bench_filter(big: pa.Table, repeat: int) -> list[Row]:
    con = duckdb.connect()
    con.register("big", big)

    def ours() -> pa.Table:
        return filter_table(big, "events", country_code="KR", kind="forum", between=("2019-10-01", "2019-10-31"))

    def theirs() -> pa.Table:
        rel = con.sql(SQL)  # to_arrow_table from DuckDB 1.4; fetch_arrow_table before
        return (rel.to_arrow_table if hasattr(rel, "to_arrow_table") else rel.fetch_arrow_table)()

    got, want = ours(), theirs()
    assert sorted(got.column("id").to_pylist()) == sorted(want.column("id").to_pylist()), "API and DuckDB disagree"
    a, b = paired(ours, theirs, repeat)
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
        started = time.perf_counter()
        index = SearchIndex({"events": big.slice(0, n)})
        build = (time.perf_counter() - started) * 1000
        for q in queries:
            index.search(q, limit=20)  # warm-up
            times[q].append(statistics.median([ms(lambda i=index, t=q: i.search(t, limit=20)) for _ in range(repeat)]))
            matches = len(index.search(q, limit=None))
            note = f"{matches:,} matches; index build {build:,.0f} ms"
            rows.append(Row(f"search {q!r} n={n:,}", times[q][-1], None, None, None, note))
    for q in queries if len(sizes) > 1 else ():
        (t0, t1), (n0, n1) = (times[q][0], times[q][-1]), (sizes[0], sizes[-1])
        note = f"per row, n={n1:,} vs n={n0:,}; exponent {math.log(t1 / t0) / math.log(n1 / n0):.2f}"
        rows.append(Row(f"search {q!r} growth", t1, t0, (t1 / n1) / (t0 / n0), 1.0, note))
    return rows


def print_table(rows: list[Row]) -> None:
    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:,.2f}"

    header = f"{'measurement':<34}{'package ms':>12}{'baseline ms':>13}{'ratio':>8}{'aim':>8}  {'status':<7}note"
    print(f"{header}\n{'-' * (len(header) + 40)}")
    for r in rows:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        aim = "-" if r.aim is None else f"<={r.aim:.1f}x"
        note = r.error.splitlines()[0] if r.error else r.note
        sides = f"{num(r.package_ms):>12}{num(r.baseline_ms):>13}"
        print(f"{r.measurement:<34}{sides}{ratio:>8}{aim:>8}  {r.status:<7}{note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="events to generate (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed calls after a warm-up (default 7)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    n, repeat = max(1, args.rows), max(1, args.repeat)

    started = time.perf_counter()
    big = generate(n)
    generated = (time.perf_counter() - started) * 1000
    checked = ms(lambda: check(big))
    print(f"python {sys.version.split()[0]}; pyarrow {pa.__version__}; duckdb {duckdb.__version__}; {n:,} events "
          f"generated in {generated:,.0f} ms, checked in {checked:,.0f} ms; median of {repeat}\n")  # fmt: skip
    rows = [row for bench in (bench_filter, bench_records, bench_search) for row in guarded(bench, big, repeat)]
    print_table(rows)
    if args.json is not None:
        payload = {"rows": n, "repeat": repeat, "results": [asdict(r) | {"status": r.status} for r in rows]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    from _report import run

    run(main)
