"""What every benchmark script shares: timing with the garbage collector on, fresh-process runs,
single-threaded peers, one table format, and a run that reports but never fails a build."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any


@dataclass
class Row:
    """One line of a results table. ``ratio`` is package / baseline unless a script sets it otherwise."""

    measurement: str
    package_ms: float | None = None
    baseline_ms: float | None = None
    ratio: float | None = None
    aim: float | None = None
    note: str = ""
    error: str | None = None

    def __post_init__(self) -> None:
        if self.ratio is None and self.package_ms is not None and self.baseline_ms:
            self.ratio = self.package_ms / self.baseline_ms

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.aim is None or self.ratio is None:
            return "info"
        return "ok" if self.ratio <= self.aim else "over"


def print_table(rows: Sequence[Row], width: int = 34) -> None:
    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:,.2f}"

    header = f"{'measurement':<{width}}{'package ms':>12}{'baseline ms':>13}{'ratio':>9}{'aim':>9}  {'status':<7}note"
    print(f"{header}\n{'-' * (len(header) + 50)}")
    for r in rows:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        aim = "-" if r.aim is None else f"<={r.aim:.2f}x"
        note = r.error.splitlines()[0] if r.error else r.note
        sides = f"{num(r.package_ms):>12}{num(r.baseline_ms):>13}"
        print(f"{r.measurement:<{width}}{sides}{ratio:>9}{aim:>9}  {r.status:<7}{note}")


def write_json(path: Path | None, meta: dict[str, Any], rows: Sequence[Row]) -> None:
    if path is None:
        return
    payload = meta | {"results": [asdict(r) | {"status": r.status} for r in rows]}
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def guarded(name: str, bench: Callable[[], list[Row]]) -> list[Row]:
    """The rows of one benchmark, or one error row: a failing measurement must not hide the others."""
    try:
        return bench()
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return [Row(name, error=f"{type(exc).__name__}: {exc}")]


# --- timing -------------------------------------------------------------------------------------


def clock(fn: Callable[[], object]) -> float:
    """Wall time of one call in ms. Not timeit: timeit turns the garbage collector off, and users run with it on."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def alternated(sides: Sequence[Callable[[], float]], rounds: int) -> list[float]:
    """The median of each side over ``rounds`` rounds after one warm-up round; each round starts with a
    different side, so drift (page cache, CPU clock, a neighbour's load) falls on every side alike."""
    for side in sides:
        side()
    samples: list[list[float]] = [[] for _ in sides]
    for r in range(rounds):
        for k in range(len(sides)):
            i = (r + k) % len(sides)
            samples[i].append(sides[i]())
    return [statistics.median(s) for s in samples]


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    return lambda: clock(fn)


# --- single threads on every side ---------------------------------------------------------------

# Arrow sizes its CPU pool from OMP_NUM_THREADS and its I/O pool from ARROW_IO_THREADS when the pools
# are first made; a child process given these starts single-threaded with no code of ours in it.
SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "ARROW_IO_THREADS": "1", "POLARS_MAX_THREADS": "1"}


def single_threaded_arrow() -> None:
    import pyarrow as pa

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)


def single_threaded_polars() -> ModuleType:
    """Polars, with one thread. Polars reads POLARS_MAX_THREADS once, on first import, so check it took."""
    os.environ["POLARS_MAX_THREADS"] = "1"
    import polars as pl

    if pl.thread_pool_size() != 1:
        raise RuntimeError(f"polars runs {pl.thread_pool_size()} threads: it was imported before this call")
    return pl


# --- fresh processes ----------------------------------------------------------------------------

# An installed package runs from cached bytecode (pip compiles it), so every side may write and use
# __pycache__ even where the environment says not to; the warm-up round fills it.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | SINGLE_THREAD_ENV


def run_process(code: str) -> tuple[float, str]:
    """Wall time in ms of one fresh single-threaded interpreter running ``code``, and what it printed."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_ENV)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"subprocess failed ({proc.returncode}):\n{code}\n{proc.stderr.strip()}")
    return elapsed, proc.stdout


def process(code: str) -> Callable[[], float]:
    return lambda: run_process(code)[0]


FLOOR = "pass"  # what any Python process costs: `python -c pass`


def data_folder() -> Path:
    """The installed package's data folder (found without importing the package's code in the timed runs)."""
    from importlib.resources import files

    return Path(str(files("binhduong_corpus") / "data"))


def run(main: Callable[[], object]) -> None:
    """Run ``main``; print any error's traceback; exit 0 whatever happened."""
    try:
        main()
    except Exception:  # a benchmark reports; it never fails a build
        traceback.print_exc()
    sys.exit(0)
