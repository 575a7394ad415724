"""Benchmark filtering and typed records on a large synthetic events table, against the peers a user would pick.

Run:  .venv/bin/python benchmarks/bench_query.py [--rows N] [--repeat R] [--json PATH]

N events (default 1,000,000, fixed seed) with exactly arrow_schema("events") are generated column-wise
(bench_search.py reuses the generator). Every side runs single-threaded (pyarrow.set_cpu_count(1) and
set_io_thread_count(1); DuckDB ``SET threads=1``; Polars with POLARS_MAX_THREADS=1) with the garbage
collector on. Times are medians of R rounds (default 7) after a warm-up round, the sides taking turns
to go first.

  filter ... vs polars  filter_table(big, "events", ...)  vs  the same filter on a Polars DataFrame made
                        from the table beforehand
  filter ... vs duckdb  the same  vs  the same SQL on a DuckDB table loaded from the Arrow table beforehand
                        Loading the data into each engine is outside the timing; each side returns an Arrow
                        table with all 21 columns (Polars ``.to_arrow(compat_level=newest)``, which copies
                        nothing; DuckDB's Arrow fetch, which builds the result from DuckDB's own storage),
                        and all three return the same ids (checked). Two filters: a narrow one (country,
                        kind, one month) and a broad one (three kinds, nine years).
  records vs to_pylist  records_from_table(big, Event)  vs  big.to_pylist(): frozen attrs records against
                        plain dicts, over the whole table; median of at most 3 rounds, each call takes seconds

"ratio" is package / baseline (1.00x = no overhead); "ok" = within the aim, "over" = not, "info" = no aim.
A benchmark reports and never fails a build: the script always exits 0.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from _report import (
    Row,
    alternated,
    clock,
    guarded,
    print_table,
    run,
    single_threaded_arrow,
    single_threaded_polars,
    timed,
    write_json,
)
from binhduong_corpus import Basis, Event, EventKind, Language, Qualifier, Role, filter_table
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


@dataclass(frozen=True)
class Filter:
    """One filter, said once and spelled for each side."""

    kinds: tuple[str, ...]
    country: str | None
    between: tuple[str, str]  # as the package takes it: a year bound means the whole year
    days: tuple[str, str]  # the same range as days, for SQL and Polars

    def given(self) -> dict[str, Any]:
        country = {} if self.country is None else {"country_code": self.country}
        kind = self.kinds[0] if len(self.kinds) == 1 else list(self.kinds)
        return {"kind": kind, "between": self.between, **country}

    def sql(self) -> str:
        # The package's date rule: a dated record whose days overlap [lo, hi]; a missing bound is open.
        (lo, hi), kinds = self.days, ", ".join(f"'{k}'" for k in self.kinds)
        where = [f"kind IN ({kinds})", "date IS NOT NULL"]
        where += [
            f"(start_date IS NULL OR start_date <= DATE '{hi}')",
            f"(end_date IS NULL OR end_date >= DATE '{lo}')",
        ]
        where += [] if self.country is None else [f"country_code = '{self.country}'"]
        return "SELECT * FROM big WHERE " + " AND ".join(where)

    def polars(self, pl: Any) -> Any:
        (lo, hi), c = (datetime.date.fromisoformat(day) for day in self.days), pl.col
        parts = [c("kind").is_in(list(self.kinds)), c("date").is_not_null()]
        parts += [c("start_date").is_null() | (c("start_date") <= hi), c("end_date").is_null() | (c("end_date") >= lo)]
        parts += [] if self.country is None else [c("country_code") == self.country]
        return pl.all_horizontal(parts)


FILTERS = {
    "narrow": Filter(("forum",), "KR", ("2019-10-01", "2019-10-31"), ("2019-10-01", "2019-10-31")),
    "broad": Filter(("forum", "fair", "summit"), None, ("2016", "2024"), ("2016-01-01", "2024-12-31")),
}


def to_arrow(relation: Any) -> pa.Table:
    # to_arrow_table from DuckDB 1.4; fetch_arrow_table before
    return (relation.to_arrow_table if hasattr(relation, "to_arrow_table") else relation.fetch_arrow_table)()


def bench_filters(big: pa.Table, repeat: int) -> list[Row]:
    pl = single_threaded_polars()
    con = duckdb.connect()
    con.execute("SET threads = 1")
    # Load the data into each engine once, outside the timing: the comparison is of filtering, not loading.
    con.register("arrow_big", big)
    con.execute("CREATE TABLE big AS SELECT * FROM arrow_big")
    con.unregister("arrow_big")
    frame = pl.from_arrow(big)
    rows = []
    for name, spec in FILTERS.items():
        sides = filter_sides(spec, big, pl, frame, con)
        ids = [sorted(side().column("id").to_pylist()) for side in sides]
        assert ids[0] == ids[1] == ids[2], f"filter {name}: the package, Polars and DuckDB disagree"
        ours, polars, duck = alternated([timed(side) for side in sides], repeat)
        note = f"{len(ids[0]):,} rows of {big.num_rows:,}, as Arrow"
        rows.append(Row(f"filter {name} vs polars", ours, polars, aim=1.2, note=note))
        rows.append(Row(f"filter {name} vs duckdb", ours, duck, aim=1.5, note=note))
    return rows


def filter_sides(spec: Filter, big: pa.Table, pl: Any, frame: Any, con: Any) -> list[Callable[[], pa.Table]]:
    """The package, Polars and DuckDB applying ``spec``, each giving an Arrow table of every column."""
    given, expr, sql = spec.given(), spec.polars(pl), spec.sql()
    newest = pl.CompatLevel.newest()  # Arrow's string views, as Polars holds them: the export copies nothing
    return [
        lambda: filter_table(big, "events", **given),
        lambda: frame.filter(expr).to_arrow(compat_level=newest),
        lambda: to_arrow(con.sql(sql)),
    ]


def bench_records(big: pa.Table, repeat: int) -> list[Row]:
    rounds = min(repeat, 3)  # each call builds a Python object per row: seconds at 1M rows
    ours, theirs = alternated([timed(lambda: records_from_table(big, Event)), timed(big.to_pylist)], rounds)
    return [Row("records vs to_pylist", ours, theirs, aim=2.0, note=f"{big.num_rows:,} rows, median of {rounds}")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="events to generate (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds after a warm-up (default 7)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    n, repeat = max(1, args.rows), max(1, args.repeat)
    single_threaded_arrow()

    started = time.perf_counter()
    big = generate(n)
    generated = (time.perf_counter() - started) * 1000
    checked = clock(lambda: check(big))
    versions = f"python {sys.version.split()[0]}; pyarrow {pa.__version__}; duckdb {duckdb.__version__}"
    made = f"{n:,} events generated in {generated:,.0f} ms, checked in {checked:,.0f} ms"
    print(f"{versions}; {made}; median of {repeat}; one thread each\n")
    rows = guarded("filters", lambda: bench_filters(big, repeat))
    rows += guarded("records", lambda: bench_records(big, repeat))
    print_table(rows, width=24)
    write_json(args.json, {"rows": n, "repeat": repeat}, rows)
    return 0


if __name__ == "__main__":
    run(main)
