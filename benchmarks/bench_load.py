"""Benchmark what binhduong_corpus adds over bare pyarrow when you import and load the data.

Run:  .venv/bin/python benchmarks/bench_load.py [--pairs N] [--json PATH]

Whole-process timings (fresh interpreter, ``subprocess.run([sys.executable, "-c", code])``).
Each pair runs both processes once, alternating which runs first so drift cancels out.
The table shows the median wall time over N pairs (default 15):

  import        ``import binhduong_corpus``  vs  ``import attrs``
  load_table    ``load_table(n)`` for all tables  vs  ``pyarrow.parquet.ParquetFile(path).read()``
                of the same files (both processes import pyarrow, so the comparison is fair)
  records       ``load_records(n)`` for all tables  vs  the same bare ParquetFile read

In-process timings (timeit, one call per sample, after warm-up, imports not counted):

  load_table*   all tables after clearing the package caches  vs  ParquetFile(path).read() of all files
  records*      all tables after clearing the package caches  vs  ParquetFile(path).read().to_pylist()

How to read it: "ratio" is package / baseline, so 1.00x means no overhead. "ok" means the ratio
is within the aim, "over" means it is not. In-process rows have no aim and are for information
only. A benchmark reports; it never fails a build, so the script always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Result:
    measurement: str
    kind: str  # "process" or "in-process"
    package_ms: float | None
    baseline_ms: float | None
    aim: float | None
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.package_ms is None or not self.baseline_ms:
            return None
        return self.package_ms / self.baseline_ms

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.aim is None or self.ratio is None:
            return "info"
        return "ok" if self.ratio <= self.aim else "over"


def data_files() -> list[str]:
    """Paths of the shipped Parquet files, from the manifest in the package data folder."""
    from importlib.resources import files

    data = Path(str(files("binhduong_corpus") / "data"))
    tables = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["tables"]
    return [str(data / info["file"]) for info in tables.values()]


# An installed package runs from cached bytecode (pip compiles it), so both sides may write and use
# __pycache__ here even where the environment says not to; the warm-up run fills it.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_process(code: str) -> float:
    """Wall time in ms of one fresh interpreter running ``code`` (with cached bytecode, as installed)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_ENV)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"subprocess failed ({proc.returncode}):\n{code}\n{proc.stderr.strip()}")
    return elapsed


def paired(package: Callable[[], float], baseline: Callable[[], float], pairs: int) -> tuple[float, float]:
    """Median of each side over ``pairs`` pairs, alternating the order within each pair."""
    package(), baseline()  # warm-up: bytecode caches, page cache
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(pairs):
        if i % 2 == 0:
            ours.append(package())
            theirs.append(baseline())
        else:
            theirs.append(baseline())
            ours.append(package())
    return statistics.median(ours), statistics.median(theirs)


def measure(name: str, kind: str, aim: float | None, sides: Callable[[], tuple[float, float]]) -> Result:
    try:
        ours, theirs = sides()
    except Exception as exc:  # report, never fail
        traceback.print_exc(file=sys.stderr)
        return Result(name, kind, None, None, aim, error=f"{type(exc).__name__}: {exc}")
    return Result(name, kind, ours, theirs, aim)


def process_results(paths: list[str], pairs: int) -> list[Result]:
    bare = f"import pyarrow.parquet as pq\nfor p in {paths!r}:\n    pq.ParquetFile(p).read()"
    cases = [
        ("import", 1.3, "import binhduong_corpus", "import attrs"),
        ("load_table", 1.15, "import binhduong_corpus as b\nfor n in b.table_names():\n    b.load_table(n)", bare),
        ("records", 1.5, "import binhduong_corpus as b\nfor n in b.table_names():\n    b.load_records(n)", bare),
    ]
    results = []
    for name, aim, ours, theirs in cases:
        sides = lambda o=ours, t=theirs: paired(lambda: run_process(o), lambda: run_process(t), pairs)  # noqa: E731
        results.append(measure(name, "process", aim, sides))
    return results


def in_process_results(paths: list[str], samples: int) -> list[Result]:
    import pyarrow.parquet as pq

    import binhduong_corpus

    names = binhduong_corpus.table_names()

    def cold_load_tables() -> None:
        binhduong_corpus.clear_cache()
        for name in names:
            binhduong_corpus.load_table(name)

    def cold_records() -> None:
        binhduong_corpus.clear_cache()
        for name in names:
            binhduong_corpus.load_records(name)

    def bare_read() -> None:
        for path in paths:
            pq.ParquetFile(path).read()

    def bare_pylist() -> None:
        for path in paths:
            pq.ParquetFile(path).read().to_pylist()

    def timer(fn: Callable[[], None]) -> Callable[[], float]:
        return lambda: timeit.timeit(fn, number=1) * 1000

    return [
        measure("load_table*", "in-process", None, lambda: paired(timer(cold_load_tables), timer(bare_read), samples)),
        measure("records*", "in-process", None, lambda: paired(timer(cold_records), timer(bare_pylist), samples)),
    ]


def print_table(results: list[Result]) -> None:
    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    header = f"{'measurement':<13}{'package ms':>12}{'baseline ms':>13}{'ratio':>8}{'aim':>8}  status"
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        aim = "-" if r.aim is None else f"<={r.aim:.2f}x"
        print(f"{r.measurement:<13}{ms(r.package_ms):>12}{ms(r.baseline_ms):>13}{ratio:>8}{aim:>8}  {r.status}")
        if r.error:
            print(f"  {r.error.splitlines()[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pairs", type=int, default=15, help="paired process runs per measurement (default 15)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args()
    pairs = max(1, args.pairs)

    paths = data_files()
    samples = max(20, pairs * 5)  # in-process calls are cheap; take more samples
    print(
        f"python {sys.version.split()[0]} ({sys.executable}); {len(paths)} files; {pairs} process pairs, "
        f"{samples} in-process pairs; medians\n"
    )
    results = process_results(paths, pairs) + in_process_results(paths, samples)
    print_table(results)
    print("\n* in-process, per call after warm-up, imports excluded; package caches cleared before each call")

    if args.json is not None:
        payload = {
            "python": sys.version.split()[0],
            "pairs": pairs,
            "in_process_samples": samples,
            "results": [asdict(r) | {"ratio": r.ratio, "status": r.status} for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    from _report import run

    run(main)
