"""How long each public call takes on the shipped corpus, warm, with the largest inputs it accepts.

Run:  .venv/bin/python benchmarks/bench_calls.py [--repeat N]

Every call is made once to warm the caches, then timed N times (default 15, median, single
thread, GC on). The budget is 100 ms per call. The growth rows time the same call at two input
sizes and print the ratio of the per-item costs; a value near or below 1.0 means linear or
better. A benchmark reports; it never fails a build, so the script always exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import binhduong_corpus as bdc

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
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def growth(make: Callable[[int], Callable[[], object]], small: int, large: int, repeat: int) -> float:
    """Per-item cost at ``large`` over per-item cost at ``small``."""
    return (timed(make(large), repeat) / large) / (timed(make(small), repeat) / small)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; binhduong-corpus {bdc.__version__}; median of {args.repeat}, warm\n")
    print(f"{'call':<34}{'ms':>10}{'of budget':>11}")
    worst = 0.0
    for name, call in CALLS.items():
        try:
            ms = timed(call, args.repeat)
        except Exception as exc:  # report, never fail
            print(f"{name:<34}{'error':>10}  {type(exc).__name__}: {exc}")
            continue
        worst = max(worst, ms)
        print(f"{name:<34}{ms:>10.2f}{ms / BUDGET_MS:>10.2f}x")
    print(f"\nslowest call: {worst:.2f} ms ({worst / BUDGET_MS:.2f}x the {BUDGET_MS:.0f} ms budget)\n")
    rows: dict[str, tuple[Callable[[int], Callable[[], object]], int, int]] = {
        "search: 1 -> 32 words": (_search_words, 1, 32),
        "evidence(record=...): 10 -> 1,000 ids": (_record_filter, 10, 1_000),
        "fold: 1,000 -> 100,000 characters": (_fold_chars, 1_000, 100_000),
    }
    print(f"{'growth':<40}{'per-item cost ratio':>22}")
    for name, (make, small, large) in rows.items():
        try:
            print(f"{name:<40}{growth(make, small, large, args.repeat):>21.2f}x")
        except Exception as exc:  # report, never fail
            print(f"{name:<40}  error {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    from _report import run

    run(main)
