"""Command line: binhduong-corpus (or python -m binhduong_corpus).

summary (the default) prints the version, each table with its row count, a
dated timeline of events and awards, and where the sources come from. list
prints the rows of a table that pass some filters; show one record with its
evidence (with --context, each quote inside its sentence); related its links;
search ranked matches; timeline the events and awards in date order; cite a
reference; diff the changes between releases; verify checks the shipped files;
export writes a table as CSV (with its Table Schema beside it), JSON Lines or
Parquet, or every table to one SQLite database.

Every command that prints rows takes --format (table, csv, json, jsonl or
markdown) and -o FILE (or -o - for stdout); the renderers are in _render.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import load
from ._commandline import FAILURE, INTERRUPTED, OK, USAGE, Parser, parse, say
from ._render import FORMATS, MAX_LINES, fitting, render
from ._store import FIX, manifest, table_names, verify
from ._version import __version__
from .errors import CorpusError, IntegrityError, InvalidArgumentError, UnknownTableError
from .records import RECORD_TABLES, Event

if TYPE_CHECKING:
    import pyarrow as pa

    from ._context import Context
    from ._description import ColumnDescription, Description, TableDescription
    from .records import Award, Evidence, Record, Source

__all__ = ["main", "summary_lines"]

PROG = "binhduong-corpus"
SQLITE_FILE = "binhduong-corpus.db"  # where `export --format sqlite` writes without -o
MAX_ROWS = 1_000_000  # the most rows --limit may ask for, as search's limit
#: The columns a text or Markdown timeline shows; the other formats give every column of timeline_table().
TIMELINE_COLUMNS = ("date", "date_basis", "kind", "role", "name_en", "id")

Rows = Sequence[Mapping[str, object]]


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
    yield ""
    yield from _coverage_lines()


def _coverage_lines() -> Iterator[str]:
    """How much of each source the evidence covers; every other sentence has a curator's reason."""
    from ._store import coverage

    sources = coverage()["sources"]
    covered = sum(s["covered"] for s in sources.values())
    total = sum(s["sentences"] for s in sources.values())
    yield f"Sentences backed by evidence: {covered} of {total}; every other one has a reason (docs/coverage.md)"
    for source_id, counts in sorted(sources.items()):
        article = counts["sentences"] - counts["with_reason"].get("furniture", 0)
        share = counts["covered"] / article if article else 0.0
        shares = f"{counts['covered']:>3} of {counts['sentences']:>3}; {share:>4.0%} of the {article}"
        yield f"  {source_id}  {shares} that are not page furniture"


def _source_lines(src: Source) -> Iterator[str]:
    date = f"{src.date}{' (inferred)' if src.date_basis and src.date_basis.value == 'inferred' else ''}"
    publisher = src.publisher or "publisher not stated"
    if src.publisher and src.publisher_basis and src.publisher_basis.value == "inferred":
        publisher += " (inferred)"
    yield f"  {src.id}  [{src.language.value}] {src.title or '(no headline)'}"
    yield f"           {publisher}; {', '.join(src.authors) or 'no byline'}; {date if src.date else 'undated'}"
    yield f"           {src.url or 'no URL in the text'}; seed file {src.seed_file}"


# --- where output goes ------------------------------------------------------------------------------------


def _to_stdout(output: str | None) -> bool:
    return output is None or output == "-"


def _width() -> int:
    import shutil

    return max(20, shutil.get_terminal_size((80, 24)).columns)  # COLUMNS first, then the terminal


def _colour(output: str | None) -> bool:
    """Bold and highlights only for a terminal, and never when NO_COLOR is set (no-color.org) or TERM is dumb."""
    if not _to_stdout(output) or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(sys.stdout.isatty())


def _deliver(text: str, output: str | None, force: bool, what: str) -> Iterator[str]:
    """``text`` on stdout (the lines main() prints), or written to the file ``output`` with a report line."""
    if _to_stdout(output):
        if text:
            yield text.removesuffix("\n")
        return
    assert output is not None
    target = _write(output, text.encode("utf-8"), force)
    yield f"wrote {what} to {target}"


def _write(output: str, data: bytes, force: bool) -> Path:
    """Write ``data`` to ``output`` as export does: whole or not at all, and an existing file only with --force."""
    from ._arguments import check_path, check_target, shown
    from ._files import remove_stale, write_files

    target = check_path("output", output)
    try:
        check_target(
            target, force, named=f"-o {shown(output)}", label=shown(output), replace="add --force to replace it"
        )
    except OSError as exc:  # a name the system refuses, such as one too long
        raise InvalidArgumentError(f"cannot write {shown(output)}: {exc.strerror or exc}") from None
    remove_stale([target])
    write_files({target: data})
    return target


def _rows(
    rows: Rows,
    columns: Sequence[str],
    args: argparse.Namespace,
    what: str,
    *,
    depths: Sequence[int] | None = None,
    nested: str | None = None,
) -> Iterator[str]:
    """Rows rendered in ``args.format`` and delivered to ``args.output``."""
    text = _rendered(rows, columns, args.format, args.output, depths=depths, nested=nested)
    yield from _deliver(text, args.output, args.force, what)


def _rendered(
    rows: Rows,
    columns: Sequence[str],
    fmt: str,
    output: str | None,
    *,
    depths: Sequence[int] | None = None,
    nested: str | None = None,
    lines: int | None = MAX_LINES,
) -> str:
    """Rows in ``fmt``; a text table too wide for the terminal leaves columns out and says which."""
    shown = list(columns)
    note = ""
    if fmt == "table":
        shown = fitting(rows, columns, _width())
        hidden = [name for name in columns if name not in shown]
        if hidden:
            note = f"({len(hidden)} more column(s) not shown: {', '.join(hidden)}; choose with --columns or --format)\n"
    colour = _colour(output)
    return render(rows, shown, fmt, width=_width(), colour=colour, depths=depths, nested=nested, lines=lines) + note


# --- list -----------------------------------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> Iterator[str]:
    from ._arguments import check_int
    from ._query import query
    from ._store import select_columns

    table = args.table
    given = _filters(table, args.where or [], args.between)
    limit = None if args.limit is None else check_int("limit", args.limit, 1, MAX_ROWS)
    names = None if args.columns is None else [name.strip() for name in args.columns.split(",")]
    data = query(table, columns=None, **given).to_arrow()
    if args.sort is not None:
        data = _sorted(data, table, args.sort)
    if limit is not None:
        data = data.slice(0, limit)
    if names is not None:
        data = select_columns(data, table, names)
    rows = data.to_pylist()
    yield from _rows(rows, data.column_names, args, f"{len(rows)} rows of {table}")


def _filters(table: str, where: Sequence[str], between: Sequence[str] | None) -> dict[str, object]:
    """``--where FIELD=VALUE`` (repeated: any of the values) and ``--between START END`` as the query's filters."""
    from ._arguments import shown
    from ._query import filter_value

    values: dict[str, list[object]] = {}
    for item in where:
        name, equals, text = item.partition("=")
        if not equals:
            raise InvalidArgumentError(f"--where {shown(item)}: give FIELD=VALUE, e.g. kind=forum")
        if name == "between":
            raise InvalidArgumentError("--where between=...: give a date range as --between START END")
        if name == "year" and name in values:
            raise InvalidArgumentError("--where year= is given twice: for a span of years give --between START END")
        values.setdefault(name, []).append(filter_value(table, name, text))
    given: dict[str, object] = {name: found[0] if len(found) == 1 else found for name, found in values.items()}
    if between is not None:
        given["between"] = tuple(None if bound in ("..", "") else bound for bound in between)
    return given


def _sorted(data: pa.Table, table: str, spec: str) -> pa.Table:
    """``data`` sorted by ``--sort a,-b`` (a minus sign: descending), nulls last; ties keep the table's order."""
    from ._arguments import check_choice, shown
    from .records import TABLES
    from .schema import columns

    kinds = {col.name: col.kind for col in columns(TABLES[table])}
    keys = []
    for part in spec.split(","):
        name = check_choice("sort", part.strip().removeprefix("-"), list(kinds), f"{table} column")
        if kinds[name] == "list":
            raise InvalidArgumentError(f"sort={shown(name)}: a list column cannot be sorted by; choose another")
        keys.append((name, "descending" if part.strip().startswith("-") else "ascending"))
    return data.sort_by(keys)


# --- show -------------------------------------------------------------------------------------------------------


def _show_target(record_id: str | None, context: str | bool | None) -> tuple[str, int | bool | None]:
    """The id and the context asked for; ``show --context ID`` reads as ``show ID --context`` (the sentence)."""
    from ._arguments import shown

    if isinstance(context, str) and not context.isdigit():
        if record_id is not None or context.startswith("-"):
            raise InvalidArgumentError(f"--context {shown(context)}: give a number of characters from 0 to 10,000")
        record_id, context = context, None
    if record_id is None:
        raise InvalidArgumentError("show needs a record id, such as pt-icf")
    if isinstance(context, str):
        if int(context) > 10_000:
            raise InvalidArgumentError(f"--context {context}: give a number of characters from 0 to 10,000")
        return record_id, int(context)
    return record_id, context


def _show(args: argparse.Namespace) -> Iterator[str]:
    record_id, around = _show_target(args.id, args.context)
    record = load.get(record_id)
    spans = _contexts(record, around)
    if args.format is None:
        yield from _readable(record, spans, _colour(args.output))
        return
    row = _plain(record)
    for span, context in zip(row["evidence"], spans or (), strict=False):
        span["context"] = {
            "before": context.before,
            "after": context.after,
            "window_start": context.window_start,
            "window_end": context.window_end,
        }
    yield from _deliver(_one_record(row, args, spans), args.output, args.force, record.id)


def _contexts(record: Record, context: int | bool | None) -> tuple[Context, ...] | None:
    """The spans in context: False when --context was not given, None (the sentence) when it was given bare."""
    from ._context import in_context

    if context is False:
        return None
    return in_context(record, context)


def _readable(record: Record, spans: tuple[Context, ...] | None, colour: bool) -> Iterator[str]:
    """The record's fields as JSON, then each evidence span: its quote, or the quote inside its context."""
    from ._render import wrap

    fields = {k: v for k, v in _plain(record).items() if k not in ("evidence", "text")}
    yield json.dumps(fields, ensure_ascii=False, indent=2, default=str)
    yield "Evidence:"
    for i, ev in enumerate(record.evidence):
        where = f"  {ev.source_id}[{ev.start}:{ev.end}]{_flag(ev)}:"
        if spans is None:
            yield f"{where} {ev.quote}"
            continue
        yield where
        block = "\n".join(wrap(str(spans[i]), _width(), first="    ", rest="    "))
        yield _highlight(block) if colour else block


def _flag(ev: Evidence) -> str:
    return "" if ev.basis.value == "stated" else f" (inferred: {ev.note})"


def _highlight(text: str) -> str:
    """The quote between « and » in bold, when the text marks exactly one."""
    if text.count("«") != 1 or text.count("»") != 1:
        return text
    return text.replace("«", "«\x1b[1m").replace("»", "\x1b[0m»")


def _one_record(row: dict[str, Any], args: argparse.Namespace, spans: tuple[Context, ...] | None) -> str:
    """One record in ``args.format``: an object (JSON), a row (CSV), or its fields then its evidence (table)."""
    from ._render import json_text

    if args.format == "json":
        return json_text(row)
    if args.format == "jsonl":
        return json_text(row, indent=None)
    if args.format == "csv":
        return render([row], list(row), "csv")
    fields = [{"field": name, "value": value} for name, value in row.items() if name != "evidence"]
    evidence = [dict(span) for span in row["evidence"]]
    for span, context in zip(evidence, spans or (), strict=False):
        span["quote"] = str(context)  # the quote, marked, inside its context
    columns = ("source_id", "start", "end", "basis", "quote", "note")
    return (
        _rendered(fields, ("field", "value"), args.format, args.output)
        + "\nEvidence:\n\n"
        + _rendered(evidence, columns, args.format, args.output, lines=None)  # quotes whole: they are the point
    )


# --- search, related, timeline -------------------------------------------------------------------------------


def _search(args: argparse.Namespace) -> Iterator[str]:
    from ._search import search

    hits = search(args.text, table=args.table, limit=args.limit)
    if not hits and args.format == "table":
        yield f"no record matches {args.text!r}"
        return
    rows = [
        {"score": hit.score, "record_id": hit.record_id, "table": hit.table, "field": hit.field, "text": hit.text}
        for hit in hits
    ]
    yield from _rows(rows, ("score", "record_id", "table", "field", "text"), args, f"{len(rows)} hits")


def _related(args: argparse.Namespace) -> Iterator[str]:
    from ._relations import related

    rel = related(args.id)
    rows = [{"from_id": link.from_id, "field": link.field, "to_id": link.to_id} for link in rel.outgoing + rel.incoming]
    yield from _rows(rows, ("from_id", "field", "to_id"), args, f"{len(rows)} links")


def _timeline(args: argparse.Namespace) -> Iterator[str]:
    from ._query import timeline_table

    given: dict[str, object] = {}
    if args.between is not None:
        given["between"] = tuple(None if bound in ("..", "") else bound for bound in args.between)
    if args.year is not None:
        given["year"] = args.year
    data = timeline_table(**given)
    nested = args.format in ("table", "markdown")
    names = _timeline_columns(args.columns, data.column_names, nested)
    rows = data.to_pylist()
    what = f"{len(rows)} events and awards"
    if not nested:
        yield from _rows(rows, names, args, what)
        return
    ordered, depths = _nested(rows)
    yield from _rows(ordered, names, args, what, depths=depths, nested="name_en")


def _timeline_columns(given: str | None, valid: Sequence[str], nested: bool) -> list[str]:
    """``--columns`` of the timeline, checked; by default a few for people, all of them for programs."""
    from ._arguments import check_names

    if given is None:
        return list(TIMELINE_COLUMNS if nested else valid)
    names = check_names("columns", [name.strip() for name in given.split(",")], valid, "timeline column")
    if len(set(names)) != len(names):
        raise InvalidArgumentError(f"columns={given!r} names a column twice; name each column once")
    return names


def _nested(rows: Rows) -> tuple[list[Mapping[str, object]], list[int]]:
    """Rows in timeline order, each sub-event moved to just after its parent (its own parts after it, and so on).

    A sub-event whose parent is not among the rows (a date filter left it out) keeps its place.
    """
    ids = {row["id"] for row in rows}
    parts: dict[object, list[Mapping[str, object]]] = {}
    roots = []
    for row in rows:
        if row["parent_id"] in ids:
            parts.setdefault(row["parent_id"], []).append(row)
        else:
            roots.append(row)
    ordered: list[Mapping[str, object]] = []
    depths: list[int] = []
    stack = [(row, 0) for row in reversed(roots)]
    while stack:
        row, depth = stack.pop()
        ordered.append(row)
        depths.append(depth)
        stack.extend((part, depth + 1) for part in reversed(parts.get(row["id"], [])))
    return ordered, depths


#: The columns of describe's rows (csv, markdown): one row per column of a table.
DESCRIBE_COLUMNS = ("table", "name", "type", "nullable", "meaning", "values", "language", "nulls", "example")


def _describe(args: argparse.Namespace) -> Iterator[str]:
    """What the tables and their columns mean: the Python describe(), as text, JSON or one row per column."""
    from ._description import describe
    from ._render import json_text

    if args.column is not None and args.table is None:
        raise InvalidArgumentError("--column names a column of one table: give the TABLE too")
    found = describe(args.table)
    if args.column is not None:
        found = found.column(args.column)
    if args.format == "table":
        text = f"{found}\n"
    elif args.format == "json":
        text = json_text(found.to_dict(), indent=2)
    else:
        text = render(_described_columns(found, args.table), DESCRIBE_COLUMNS, args.format)
    yield from _deliver(text, args.output, args.force, "the description")


def _described_columns(found: Description | TableDescription | ColumnDescription, table: str | None) -> Rows:
    from ._description import ColumnDescription, Description

    if isinstance(found, ColumnDescription):
        return [{"table": table, **found.to_dict()}]
    tables = found.tables if isinstance(found, Description) else (found,)
    return [{"table": item.name, **column.to_dict()} for item in tables for column in item.columns]


def _plain(record: Record) -> dict[str, Any]:
    from ._convert import converter

    result: dict[str, Any] = converter.unstructure(record)
    return result


# --- export, verify -------------------------------------------------------------------------------------------


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
        _bytes_to_stdout(export_bytes(table, fmt)[0])
        return
    target = Path(output or f"{table}.{fmt}")
    rows = export_table(table, fmt, target, overwrite=force)
    schema = f" and its Table Schema to {schema_path(target)}" if fmt == "csv" else ""
    yield f"wrote {rows} rows of {table} to {target}{schema}"


def _export_sqlite(output: str | None, force: bool) -> Iterator[str]:
    from ._export import export_sqlite, sqlite_bytes

    if output == "-":
        _bytes_to_stdout(sqlite_bytes()[0])
        return
    target = Path(output or SQLITE_FILE)
    rows = export_sqlite(target, overwrite=force)
    yield f"wrote {len(rows)} tables to {target}: {', '.join(f'{name} {count}' for name, count in rows.items())}"


def _bytes_to_stdout(data: bytes) -> None:
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


# --- the parser -----------------------------------------------------------------------------------------------

_LIST_EXAMPLES = """examples:
  binhduong-corpus list events --where kind=forum --where kind=summit
  binhduong-corpus list events --between 2019-10 .. --columns id,date,name_en --sort=-start_date
  binhduong-corpus list partners --where country_code=NL --format csv -o partners.csv
  binhduong-corpus list evidence --where record=pt-icf --format json

A misspelt column or value is an error that names what is valid, as in Python."""

_SHOW_EXAMPLES = """examples:
  binhduong-corpus show ev-wta-hitech-fair-2019 --context
  binhduong-corpus show pt-icf --context 120
  binhduong-corpus show pt-icf --format json"""


def _command(sub: Any, name: str, summary: str, description: str, epilog: str | None = None) -> Parser:
    parser: Parser = sub.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 78),  # the epilog's examples keep their lines; this is wrapped here
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _add_output(parser: Parser, *, default: str | None = "table", what: str = "the rows") -> None:
    kinds = "table (aligned to the terminal), csv, json, jsonl (one JSON object a line) or markdown"
    shown = f" (default: {default})" if default else " (default: the readable layout)"
    parser.add_argument(
        "--format", choices=FORMATS, default=default, metavar="FORMAT", help=f"print {what} as {kinds}{shown}"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen; - means stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _add_dates(parser: Parser) -> None:
    parser.add_argument(
        "--between",
        nargs=2,
        metavar=("START", "END"),
        help="only records whose dates overlap this range; each date is YYYY-MM-DD, YYYY-MM or YYYY, "
        "and .. leaves that end open",
    )


def _parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Evidence-backed records of Bình Dương's international cooperation: "
        "read, filter, search and cite them. With no command, print a summary.",
    )
    parser.add_argument("--version", action="version", version=f"binhduong-corpus {__version__}")
    sub = parser.add_subparsers(dest="command", title="commands")
    _command(
        sub,
        "summary",
        "version, tables, timeline and sources (the default)",
        "Print the version, each table with its number of rows, a dated timeline of events and awards, "
        "and where each source comes from.",
    )

    listing = _command(
        sub,
        "list",
        "rows of a table, filtered and sorted, as a table, CSV, JSON or Markdown",
        "Print the rows of TABLE that pass every filter. Filters use the names and checks of the Python "
        "query: a column name or a short name such as organiser, parent, issuer or record.",
        _LIST_EXAMPLES,
    )
    listing.add_argument("table", choices=table_names(), metavar="TABLE", help=", ".join(table_names()))
    listing.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="keep rows whose FIELD has VALUE (a list column: contains it); repeat a FIELD for any of several "
        "values, different FIELDs must all match; year=YYYY keeps that year",
    )
    _add_dates(listing)
    listing.add_argument("--columns", metavar="A,B,...", help="only these columns, in this order")
    listing.add_argument(
        "--sort",
        metavar="[-]COLUMN,...",
        help="sort by these columns (nulls last); a leading minus sorts down, written --sort=-COLUMN",
    )
    listing.add_argument("--limit", type=int, metavar="N", help=f"at most N rows (1 to {MAX_ROWS:,})")
    _add_output(listing)

    show = _command(
        sub,
        "show",
        "one record with its evidence",
        "Print one record: its fields, then each evidence span (source, offsets, the quote).",
        _SHOW_EXAMPLES,
    )
    show.add_argument("id", nargs="?", help="a record id, such as ev-wta-hitech-fair-2019 or pt-icf")
    show.add_argument(
        "--context",
        nargs="?",
        default=False,
        const=None,
        metavar="N",
        help="print each quote inside the text around it, marked with « »: its sentence, "
        "or N characters of the source on each side (whole words)",
    )
    _add_output(show, default=None, what="the record")

    find = _command(
        sub,
        "search",
        "search names, themes, people and quotes (accents optional)",
        "Find records by words in Vietnamese or English, with or without accents; best matches first.",
    )
    find.add_argument("text")
    find.add_argument("--table", choices=RECORD_TABLES, help="only this table's records")
    find.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default: 20)")
    _add_output(find, what="the hits")

    rel = _command(
        sub,
        "related",
        "the records one record references and is referenced by",
        "Print the links from and to one record, one per row: from_id, the field that links, to_id.",
    )
    rel.add_argument("id", help="a record id")
    _add_output(rel, what="the links")

    when = _command(
        sub,
        "timeline",
        "events and awards in date order, sub-events under their event",
        "Print the events and awards in date order (undated ones last). As a table or Markdown, each "
        "sub-event comes under the event it is part of; the other formats give every column of the "
        "Python timeline_table(), in date order, with parent_id.",
    )
    _add_dates(when)
    when.add_argument("--year", type=int, metavar="YYYY", help="only records whose dates overlap this year")
    when.add_argument(
        "--columns",
        metavar="A,B,...",
        help=f"only these columns, in this order (default: {','.join(TIMELINE_COLUMNS)} in a table or Markdown, "
        "all of them otherwise)",
    )
    _add_output(when)

    described = _command(
        sub,
        "describe",
        "what each table and column means, and which values it takes",
        "Print what each table holds and, column by column, its type, whether it may be null, what it means, "
        "the values it may take, its language and an example from the data.",
        "examples:\n  binhduong-corpus describe events\n  binhduong-corpus describe events --column role\n"
        "  binhduong-corpus describe --format csv -o columns.csv",
    )
    described.add_argument("table", nargs="?", metavar="TABLE", help="a table or link table (default: every one)")
    described.add_argument("--column", metavar="NAME", help="only this column of TABLE")
    _add_output(described, what="the description")

    _command(
        sub,
        "verify",
        "check every shipped file against the manifest and the schema",
        "Check every data file against the manifest (size, hash, rows) and this package's schema; exit 1 if any fails.",
    )
    compare = _command(
        sub,
        "diff",
        "records added, removed and changed between two releases",
        "List the records added, removed and changed between two releases of the data.",
    )
    compare.add_argument("old", help="release folder, its manifest.json, or a releases/<version>.json snapshot")
    compare.add_argument("new", nargs="?", help="the same forms; default: the installed data")
    cite = _command(
        sub,
        "cite",
        "cite the dataset, or with --record the articles behind a record",
        "Print a reference to the dataset, or to the articles a record's evidence quotes.",
    )
    cite.add_argument("--style", default="bibtex", help="bibtex, apa, cff, ris or csl-json")
    cite.add_argument("--record", help="a record id: cite the sources its evidence quotes")
    export = _command(
        sub,
        "export",
        "write a table to a file (a CSV with its Table Schema), or every table to a SQLite database",
        "Write one table as CSV (with its Table Schema beside it), JSON Lines or Parquet, or every table "
        "to one SQLite database.",
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


_COMMANDS = {
    "list": _list,
    "show": _show,
    "search": _search,
    "related": _related,
    "timeline": _timeline,
    "describe": _describe,
}


def _lines(args: argparse.Namespace) -> Iterable[str]:
    if args.command in _COMMANDS:
        return _COMMANDS[args.command](args)
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
