"""How long each public call takes on the shipped corpus, warm, with the largest inputs it accepts.

Run:  .venv/bin/python benchmarks/bench_calls.py [--repeat N]

Every call is made once to warm the caches, then timed N times (default 15, median, one Arrow
thread, GC on). The baseline of a call is its budget, 100 ms, so the ratio is the share of the
budget it takes. The growth rows time the same call at two input sizes (package ms at the larger,
baseline ms at the smaller) and give the ratio of the per-item costs; a value near or below 1.0
means linear or better, and they have no aim. A benchmark reports; it never fails a build, so the
script always exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable

import binhduong_corpus as bdc
from _report import Row, clock, guarded, print_table, run, single_threaded_arrow

BUDGET_MS = 100.0
WORDS = " ".join(f"w{i}" for i in range(32))  # the most different words a search takes

CALLS: dict[str, Callable[[], object]] = {
    "load_table(all tables)": lambda: [bdc.load_table(n) for n in bdc.table_names()],
    "load_records(all tables)": lambda: [bdc.load_records(n) for n in bdc.table_names()],
    "events(between, kind list)": lambda: bdc.events(between=("2016", "2024"), kind=["forum", "fair", "summit"]),
    "evidence(record=1,000 ids)": lambda: bdc.evidence(record=[f"ev-x{i}" for i in range(1_000)]),
    "search('dai hoi dong')": lambda: bdc.search("dai hoi dong"),
    "search(1,000 characters)": lambda: bdc.search(("wta " * 250)[:1_000]),
    "search(32 words, no match)": lambda: bdc.search(WORDS),
    "related(pt-icf)": lambda: bdc.related("pt-icf").events,
    "timeline_table()": lambda: bdc.timeline_table(),
    "cite_sources(pt-eindhoven, apa)": lambda: bdc.cite_sources("pt-eindhoven", "apa"),
    "diff(None)": lambda: bdc.diff(None),
    "verify()": lambda: bdc.verify(),
    "get(malformed id)": lambda: _refused(lambda: bdc.get("PT-ICF")),
    "fold(100,000 characters)": lambda: bdc.fold(("Đại hội đồng " * 7_693)[:100_000]),
}


def _refused(call: Callable[[], object]) -> None:
    try:
        call()
    except bdc.CorpusError:
        return
    raise AssertionError("expected a CorpusError")


def _search_words(n: int) -> Callable[[], object]:
    return lambda: bdc.search(" ".join(f"w{i}" for i in range(n)))


def _record_filter(n: int) -> Callable[[], object]:
    return lambda: bdc.evidence(record=[f"ev-x{i}" for i in range(n)])


def _fold_chars(n: int) -> Callable[[], object]:
    return lambda: bdc.fold("a" * n)


def timed(call: Callable[[], object], repeat: int) -> float:
    call()  # warm
    return statistics.median(clock(call) for _ in range(repeat))


def call_row(name: str, call: Callable[[], object], repeat: int) -> list[Row]:
    return [Row(name, timed(call, repeat), BUDGET_MS, aim=1.0, note="against the budget")]


def growth_row(
    name: str, make: Callable[[int], Callable[[], object]], small: int, large: int, repeat: int
) -> list[Row]:
    """Per-item cost at ``large`` over per-item cost at ``small``."""
    at_small, at_large = timed(make(small), repeat), timed(make(large), repeat)
    ratio = (at_large / large) / (at_small / small)
    return [Row(name, at_large, at_small, ratio, note=f"per-item cost, {small:,} -> {large:,}")]


GROWTH: dict[str, tuple[Callable[[int], Callable[[], object]], int, int]] = {
    "search: 1 -> 32 words": (_search_words, 1, 32),
    "evidence(record=...): 10 -> 1,000 ids": (_record_filter, 10, 1_000),
    "fold: 1,000 -> 100,000 characters": (_fold_chars, 1_000, 100_000),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    single_threaded_arrow()
    print(f"python {sys.version.split()[0]}; binhduong-corpus {bdc.__version__}; median of {args.repeat}, warm\n")
    rows: list[Row] = []
    for name, call in CALLS.items():
        rows += guarded(name, lambda c=call, n=name: call_row(n, c, args.repeat))
    timed_rows = [r for r in rows if r.package_ms is not None]
    if timed_rows:
        worst = max(timed_rows, key=lambda r: r.package_ms or 0.0)
        rows.append(Row("slowest call", worst.package_ms, BUDGET_MS, aim=1.0, note=worst.measurement))
    for name, (make, small, large) in GROWTH.items():
        rows += guarded(name, lambda m=make, a=small, b=large, n=name: growth_row(n, m, a, b, args.repeat))
    print_table(rows, width=40)
    return 0


if __name__ == "__main__":
    run(main)
