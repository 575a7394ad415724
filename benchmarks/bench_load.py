"""Benchmark what binhduong_corpus costs over bare pyarrow, the peer a user would pick to read the files.

Run:  .venv/bin/python benchmarks/bench_load.py [--rounds N] [--json PATH]

Whole-process timings: a fresh interpreter per run, single-threaded (OMP_NUM_THREADS=1 and
ARROW_IO_THREADS=1 for every process, so Arrow has one CPU and one I/O thread on every side).
Each round runs every process once, each round starting with a different one, so drift falls on
all of them alike; the table shows medians over N rounds (default 15):

  import         ``import binhduong_corpus``  vs  ``python -c pass`` (the floor every process pays)
  import, net    (``import binhduong_corpus`` - floor)  vs  (``import pyarrow`` - floor): what importing
                 the package adds to a process, against what importing the reader it replaces adds
  load_table     ``load_table(n)`` for every table  vs  ``ParquetFile(path).read(use_threads=False)`` of the
                 same files; both processes import pyarrow
  records        ``load_records(n)`` for every table  vs  the same bare read (typed records are the
                 package's own work; a bare reader has none to do)

In-process timings (one call per sample after a warm-up, garbage collector on, imports not counted,
``pyarrow.set_cpu_count(1)`` and ``set_io_thread_count(1)``):

  load_table*    every table after clearing the package caches  vs  ParquetFile(path).read(use_threads=False)
  records*       every table after clearing the package caches  vs  the same read, then ``.to_pylist()``

"ratio" is package / baseline, so 1.00x means no overhead; "ok" is within the aim, "over" is not,
"info" has no aim. A benchmark reports; it never fails a build, so the script always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from _report import (
    FLOOR,
    Row,
    alternated,
    data_folder,
    guarded,
    print_table,
    process,
    run,
    single_threaded_arrow,
    timed,
    write_json,
)


def table_files() -> list[str]:
    """The Parquet files load_table reads: the tables the manifest lists."""
    data = data_folder()
    tables = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["tables"]
    return [str(data / info["file"]) for info in tables.values()]


def process_rows(paths: list[str], rounds: int) -> list[Row]:
    read = f"import pyarrow.parquet as pq\ntables = [pq.ParquetFile(p).read(use_threads=False) for p in {paths!r}]"
    codes = {
        "floor": FLOOR,
        "import": "import binhduong_corpus",
        "import pyarrow": "import pyarrow",
        "load_table": "import binhduong_corpus as b\nfor n in b.table_names():\n    b.load_table(n)",
        "read": read,
        "records": "import binhduong_corpus as b\nfor n in b.table_names():\n    b.load_records(n)",
    }
    t = dict(zip(codes, alternated([process(code) for code in codes.values()], rounds), strict=True))
    floor = t["floor"]

    def net(ours: str) -> str:
        return f"net of the {floor:.1f} ms floor: {(t[ours] - floor) / (t['read'] - floor):.2f}x"

    return [
        Row("import", t["import"], floor, aim=1.3, note=f"vs python -c pass; adds {t['import'] - floor:.1f} ms"),
        Row("import, net", t["import"] - floor, t["import pyarrow"] - floor, note="vs import pyarrow, both - floor"),
        Row("load_table", t["load_table"], t["read"], aim=1.15, note=f"vs ParquetFile.read; {net('load_table')}"),
        Row("records", t["records"], t["read"], aim=1.5, note=f"vs the same bare read; {net('records')}"),
    ]


def in_process_rows(paths: list[str], samples: int) -> list[Row]:
    import pyarrow.parquet as pq

    import binhduong_corpus

    single_threaded_arrow()
    names = binhduong_corpus.table_names()

    def cold(load: Callable[[str], object]) -> Callable[[], None]:
        def run() -> None:
            binhduong_corpus.clear_cache()
            for name in names:
                load(name)

        return run

    def read() -> list[object]:
        return [pq.ParquetFile(p).read(use_threads=False) for p in paths]

    def read_pylist() -> list[object]:
        return [pq.ParquetFile(p).read(use_threads=False).to_pylist() for p in paths]

    sides = [cold(binhduong_corpus.load_table), read, cold(binhduong_corpus.load_records), read_pylist]
    ours_t, bare_t, ours_r, bare_r = alternated([timed(side) for side in sides], samples)
    return [
        Row("load_table*", ours_t, bare_t, note="vs single-threaded ParquetFile.read"),
        Row("records*", ours_r, bare_r, note="vs the same read + to_pylist"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", "--pairs", type=int, default=15, help="process rounds (default 15)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()
    rounds = max(1, args.rounds)
    samples = max(20, rounds * 5)  # in-process calls are cheap; take more samples

    paths = table_files()
    print(
        f"python {sys.version.split()[0]}; {len(paths)} files; {rounds} process rounds, {samples} in-process; medians\n"
    )
    rows = guarded("process runs", lambda: process_rows(paths, rounds))
    rows += guarded("in-process runs", lambda: in_process_rows(paths, samples))
    print_table(rows, width=14)
    print("\n* in-process, per call after warm-up, imports excluded; package caches cleared before each call")
    write_json(args.json, {"python": sys.version.split()[0], "rounds": rounds, "in_process_samples": samples}, rows)
    return 0


if __name__ == "__main__":
    run(main)
