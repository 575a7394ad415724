"""Command line: ``binhduong-corpus`` (or ``python -m binhduong_corpus``).

``summary`` (the default) prints the version, each table with its row count,
a dated timeline of events and awards, and where the sources come from.
``show ID`` prints one record with its evidence, ``related ID`` its links,
``search TEXT`` ranked matches, ``cite`` a reference, ``diff OLD [NEW]`` the
changes between releases, ``verify`` checks the shipped files, ``export TABLE``
writes a table as CSV (with its Table Schema beside it), JSON Lines or
Parquet, and ``export --format sqlite`` every table to one SQLite database.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import load
from ._commandline import FAILURE, INTERRUPTED, OK, USAGE, Parser, parse, say
from ._store import FIX, manifest, table_names, verify
from ._version import __version__
from .errors import CorpusError, IntegrityError, InvalidArgumentError, UnknownTableError
from .records import RECORD_TABLES, Event

if TYPE_CHECKING:
    from .records import Award, Record, Source

__all__ = ["main", "summary_lines"]

PROG = "binhduong-corpus"
SQLITE_FILE = "binhduong-corpus.db"  # where `export --format sqlite` writes without -o


def _name(item: Event | Award) -> str:
    return item.name_en if item.name_en == item.name_vi else f"{item.name_en} / {item.name_vi}"


def summary_lines() -> Iterator[str]:
    """The lines that ``binhduong-corpus summary`` prints."""
    from ._query import timeline

    info = manifest()
    yield f"binhduong-corpus {info['version']}: evidence-backed records of Bình Dương's international cooperation"
    yield ""
    yield "Tables"
    for name in table_names():
        yield f"  {name:<10} {info['tables'][name]['rows']:>4} rows"
    yield ""
    yield "Timeline of events and awards (EDTF date; * = date inferred by the curators)"
    for item in timeline():
        kind = item.kind.value if isinstance(item, Event) else f"award:{item.tier.value}"
        mark = "*" if item.date_basis and item.date_basis.value == "inferred" else " "
        yield f"  {item.date or 'undated':<22}{mark} {kind:<18} {_name(item)}  [{item.id}]"
    yield ""
    yield "Sources"
    for src in load.sources():
        yield from _source_lines(src)


def _source_lines(src: Source) -> Iterator[str]:
    date = f"{src.date}{' (inferred)' if src.date_basis and src.date_basis.value == 'inferred' else ''}"
    publisher = src.publisher or "publisher not stated"
    if src.publisher and src.publisher_basis and src.publisher_basis.value == "inferred":
        publisher += " (inferred)"
    yield f"  {src.id}  [{src.language.value}] {src.title or '(no headline)'}"
    yield f"           {publisher}; {', '.join(src.authors) or 'no byline'}; {date if src.date else 'undated'}"
    yield f"           {src.url or 'no URL in the text'}; seed file {src.seed_file}"


def _show(record_id: str) -> Iterator[str]:
    record = load.get(record_id)
    fields = {k: v for k, v in _plain(record).items() if k not in ("evidence", "text")}
    yield json.dumps(fields, ensure_ascii=False, indent=2, default=str)
    yield "Evidence:"
    for ev in record.evidence:
        flag = "" if ev.basis.value == "stated" else f" (inferred: {ev.note})"
        yield f"  {ev.source_id}[{ev.start}:{ev.end}]{flag}: {ev.quote}"


def _search(text: str, table: str | None, limit: int) -> Iterator[str]:
    from ._search import search

    hits = search(text, table=table, limit=limit)
    if not hits:
        yield f"no record matches {text!r}"
    for hit in hits:
        yield f"{hit.score:6.1f}  {hit.record_id:<45} {hit.field:<15} {hit.text[:90]}"


def _related(record_id: str) -> Iterator[str]:
    from ._relations import related

    rel = related(record_id)
    for link in rel.outgoing:
        yield f"  {record_id} --{link.field}--> {link.to_id}"
    for link in rel.incoming:
        yield f"  {link.from_id} --{link.field}--> {record_id}"


def _plain(record: Record) -> dict[str, Any]:
    from ._convert import converter

    result: dict[str, Any] = converter.unstructure(record)
    return result


def _export(table: str | None, fmt: str, output: str | None, force: bool) -> Iterator[str]:
    from ._export import export_bytes, export_table, schema_path

    if table is None and fmt != "sqlite":
        raise InvalidArgumentError(
            f"export --format {fmt} writes one table: give its name ({', '.join(table_names())})"
        )
    if table is not None and fmt == "sqlite":
        raise InvalidArgumentError("export --format sqlite writes every table to one database: give no table name")
    if table is None:
        yield from _export_sqlite(output, force)
        return
    if output == "-":  # a CSV goes without its schema: stdout holds one file
        _to_stdout(export_bytes(table, fmt)[0])
        return
    target = Path(output or f"{table}.{fmt}")
    rows = export_table(table, fmt, target, overwrite=force)
    schema = f" and its Table Schema to {schema_path(target)}" if fmt == "csv" else ""
    yield f"wrote {rows} rows of {table} to {target}{schema}"


def _export_sqlite(output: str | None, force: bool) -> Iterator[str]:
    from ._export import export_sqlite, sqlite_bytes

    if output == "-":
        _to_stdout(sqlite_bytes()[0])
        return
    target = Path(output or SQLITE_FILE)
    rows = export_sqlite(target, overwrite=force)
    yield f"wrote {len(rows)} tables to {target}: {', '.join(f'{name} {count}' for name, count in rows.items())}"


def _to_stdout(data: bytes) -> None:
    """Write exported bytes to stdout; the report line would corrupt them, so it is left out."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


def _verify() -> Iterator[str]:
    """One line per file; a failure ends as an IntegrityError, which main() reports in one line and exits 1."""
    failed = 0
    for check in verify():
        failed += not check.ok
        yield f"{'ok    ' if check.ok else 'FAILED'} {check.file}" + ("" if check.ok else f": {check.problem}")
    if failed:
        raise IntegrityError(f"{failed} data file(s) failed verification: {FIX}")
    yield "all files match the manifest and this package's schema"


def _parser() -> Parser:
    parser = Parser(prog="binhduong-corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"binhduong-corpus {__version__}")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("summary", help="version, tables, timeline and sources (the default)")
    show = sub.add_parser("show", help="one record with its evidence")
    show.add_argument("id")
    find = sub.add_parser("search", help="search names, themes, people and quotes (accents optional)")
    find.add_argument("text")
    find.add_argument("--table", choices=RECORD_TABLES)
    find.add_argument("--limit", type=int, default=20)
    rel = sub.add_parser("related", help="the records one record references and is referenced by")
    rel.add_argument("id")
    sub.add_parser("verify", help="check every shipped file against the manifest and the schema")
    compare = sub.add_parser("diff", help="records added, removed and changed between two releases")
    compare.add_argument("old", help="release folder, its manifest.json, or a releases/<version>.json snapshot")
    compare.add_argument("new", nargs="?", help="the same forms; default: the installed data")
    cite = sub.add_parser("cite", help="cite the dataset, or with --record the articles behind a record")
    cite.add_argument("--style", default="bibtex", help="bibtex, apa, cff, ris or csl-json")
    cite.add_argument("--record", help="a record id: cite the sources its evidence quotes")
    export = sub.add_parser(
        "export", help="write a table to a file (a CSV with its Table Schema), or every table to a SQLite database"
    )
    export.add_argument("table", nargs="?", choices=table_names(), help="the table; none with --format sqlite")
    export.add_argument("--format", choices=("csv", "jsonl", "parquet", "sqlite"), default="csv")
    export.add_argument(
        "-o", "--output", help=f"the file to write, or - for stdout (default: TABLE.FORMAT or {SQLITE_FILE} here)"
    )
    export.add_argument("--force", action="store_true", help="replace the file if it exists")
    return parser


def _status(error: CorpusError) -> int:
    """2 for a wrong argument (a usage error), 1 for everything else (integrity, not found, missing extra)."""
    return USAGE if isinstance(error, InvalidArgumentError | UnknownTableError) else FAILURE


def _lines(args: argparse.Namespace) -> Iterable[str]:
    if args.command == "show":
        return _show(args.id)
    if args.command == "search":
        return _search(args.text, args.table, args.limit)
    if args.command == "related":
        return _related(args.id)
    if args.command == "diff":
        from ._release import diff

        return [str(diff(args.old, args.new))]
    if args.command == "cite":
        from ._cite import cite, cite_sources

        cited = cite(args.style) if args.record is None else cite_sources(args.record, args.style)
        return [cited.rstrip("\n")]
    if args.command == "verify":
        return _verify()
    if args.command == "export":
        return _export(args.table, args.format, args.output, args.force)
    return summary_lines()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status: 0 done, 1 failed, 2 usage error.

    Every failure is one line on stderr, never a traceback.
    """
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # a non-UTF-8 console still gets every line
    args = parse(_parser(), argv, PROG)
    if isinstance(args, int):
        return args
    if sys.stdout is None:  # started with stdout closed (`>&-`): whatever it printed would be lost
        say(PROG, "stdout is closed; nothing was written")
        return FAILURE
    try:
        for line in _lines(args):
            print(line)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not after main() has returned
    except CorpusError as exc:
        say(PROG, str(exc))
        return _status(exc)
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly, as shell tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OSError as exc:  # stdout or a file it was asked to write cannot be written
        where = exc.filename or "stdout"
        say(PROG, f"cannot write {where}: {exc.strerror or exc}")
        return FAILURE
    except KeyboardInterrupt:
        say(PROG, "interrupted")
        return INTERRUPTED
    except Exception as exc:  # a bug: still one line, with what a report needs
        say(PROG, f"internal error ({type(exc).__name__}: {exc}); please report it")
        return FAILURE
    return OK
