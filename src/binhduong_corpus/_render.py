"""Rows as text: an aligned table that fits a width, CSV, JSON, JSON Lines or a Markdown table.

A row is a mapping from column names to plain Python values (text, numbers,
booleans, dates, lists, None), as ``pyarrow.Table.to_pylist()`` gives them.
Every writer of the command line goes through here, so each format means the
same in every command:

* ``table``: for people. Columns are aligned and fit the width given (the
  terminal's): the widest columns are narrowed first, their cells wrapped at
  spaces and cut after a few lines with "…"; columns that cannot fit at all
  are left out, and :func:`fitting` says which. Lists are joined with ", ".
* ``csv``: a header row, then one row per record; an empty cell is null;
  lists and objects are compact JSON text; dates ISO; booleans true/false.
* ``json``: one JSON array of objects (or one object); dates ISO.
* ``jsonl``: one JSON object per line.
* ``markdown``: a pipe table; ``|`` and ``\\`` in a cell are escaped, a line break is a space.

Nothing here reads the corpus or writes a file.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

__all__ = ["FORMATS", "MAX_LINES", "display_width", "fitting", "json_text", "render", "wrap"]

FORMATS = ("table", "csv", "json", "jsonl", "markdown")

#: The most lines a cell of a text table takes; the rest is cut with "…".
MAX_LINES = 4
_GAP = "  "
_PROSE, _WORD, _NARROWEST = 20, 16, 8  # how far columns are narrowed, in turn (see _widths)
_BOLD, _PLAIN = "\x1b[1m", "\x1b[0m"
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not the no-break space, which nesting uses to indent

Row = Mapping[str, object]
Indent = Mapping[str, tuple[str, str]]  # column -> (prefix of its first line, of the lines after)


def render(
    rows: Sequence[Row],
    columns: Sequence[str],
    fmt: str,
    *,
    width: int = 80,
    colour: bool = False,
    depths: Sequence[int] | None = None,
    nested: str | None = None,
    lines: int | None = MAX_LINES,
) -> str:
    """``rows`` (only ``columns``, in that order) in format ``fmt``, ending with a line break.

    ``depths`` gives each row's nesting level, shown by indenting the column
    ``nested`` in a table or Markdown; the other formats leave it out. A
    table's cells take at most ``lines`` lines (None: as many as they need).
    """
    if fmt == "csv":
        return _csv(rows, columns)
    if fmt in ("json", "jsonl"):
        picked = [{name: row.get(name) for name in columns} for row in rows]
        return json_text(picked) if fmt == "json" else "".join(json_text(row, indent=None) for row in picked)
    indents = _indents(rows, columns, depths, nested, markdown=fmt == "markdown")
    if fmt == "markdown":
        return _markdown(rows, columns, indents)
    return _table(rows, columns, indents, width, colour, lines)


def json_text(value: object, *, indent: int | None = 2) -> str:
    """``value`` as JSON text with a final line break: UTF-8 as is, dates ISO."""
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_json_default) + "\n"


def _json_default(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


# --- cells ---------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    """A value as a table or Markdown shows it, on one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _SPACES.sub(" ", str(value)).strip()


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def _numeric(rows: Sequence[Row], name: str) -> bool:
    values = [row.get(name) for row in rows if row.get(name) is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _indents(
    rows: Sequence[Row], columns: Sequence[str], depths: Sequence[int] | None, nested: str | None, *, markdown: bool
) -> list[Indent]:
    """Per row, the nested column's prefix for its first line and for the lines after."""
    if depths is None or nested is None or nested not in columns:
        return [{} for _ in rows]
    space = "\u00a0" if markdown else " "  # Markdown keeps no-break spaces where it would drop plain ones
    return [{nested: (space * 2 * (depth - 1) + "↳ ", " " * 2 * depth)} if depth else {} for depth in depths]


# --- CSV -------------------------------------------------------------------------------------------------


def _csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(row.get(name)) for name in columns] for row in rows)
    return out.getvalue()


# --- Markdown ----------------------------------------------------------------------------------------------


def _markdown(rows: Sequence[Row], columns: Sequence[str], indents: Sequence[Indent]) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|") or " "

    lines = ["| " + " | ".join(cell(name) for name in columns) + " |"]
    lines.append("|" + "|".join("---:" if _numeric(rows, name) else "---" for name in columns) + "|")
    for row, indent in zip(rows, indents, strict=True):
        texts = [indent.get(name, ("", ""))[0] + _text(row.get(name)) for name in columns]
        lines.append("| " + " | ".join(cell(text) for text in texts) + " |")
    return "\n".join(lines) + "\n"


# --- the text table ------------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """How many terminal columns ``text`` takes: marks take none, wide East Asian characters two."""
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int, *, first: str = "", rest: str = "", lines: int | None = None) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` columns, each prefixed (``first``, then ``rest``).

    A word longer than a line is broken inside. With ``lines``, what does not fit
    in that many lines is cut, the last line ending with "…".
    """
    out: list[str] = []
    prefix, line = first, ""
    room = width - max(display_width(first), display_width(rest))
    for word in _SPACES.split(text.strip()):
        for piece in _pieces(word, room):
            joined = f"{line} {piece}" if line else piece
            if not line or display_width(prefix + joined) <= width:
                line = joined
            else:
                out.append(prefix + line)
                prefix, line = rest, piece
    out.append(prefix + line)
    if lines is not None and len(out) > lines:
        out = [*out[: lines - 1], _cut(out[lines - 1], width)]
    return out


def _pieces(word: str, width: int) -> Iterator[str]:
    """``word`` in pieces of at most ``width`` columns: broken after a hyphen or slash where it can be."""
    width = max(width, 1)
    piece = ""
    for part in re.findall(r"[^-/]*[-/]|[^-/]+", word) or [""]:
        if piece and display_width(piece + part) > width:
            yield piece
            piece = ""
        for ch in part:
            if piece and display_width(piece + ch) > width:
                yield piece
                piece = ""
            piece += ch
    yield piece


def _cut(line: str, width: int) -> str:
    """``line`` ending in "…", within ``width`` columns."""
    while line and display_width(line) + 1 > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def _natural(rows: Sequence[Row], name: str, indents: Sequence[Indent]) -> int:
    cells = (
        display_width(indent.get(name, ("", ""))[0] + _text(row.get(name)))
        for row, indent in zip(rows, indents, strict=True)
    )
    return max(display_width(name), *cells, 1)


def fitting(rows: Sequence[Row], columns: Sequence[str], width: int) -> list[str]:
    """The leading ``columns`` a table of ``width`` columns can show readably (always at least one)."""
    indents: list[Indent] = [{} for _ in rows]
    shown: list[str] = []
    used = 0
    for name in columns:
        floor = _WORD if _atomic(rows, name) else _PROSE
        need = min(_natural(rows, name, indents), floor) + (len(_GAP) if shown else 0)
        if shown and used + need > width:
            break
        shown.append(name)
        used += need
    return shown


def _atomic(rows: Sequence[Row], name: str) -> bool:
    """Whether no cell of the column holds a space: ids, dates, codes, numbers."""
    return not any(" " in _text(row.get(name)) for row in rows)


def _widths(natural: list[int], atomic: list[bool], room: int) -> list[int]:
    """Column widths within ``room``, the widest narrowed first: prose down to 20 columns, then cells that
    hold no space (ids, dates, codes) down to 16, then any column down to 8."""
    widths = [min(n, room) for n in natural]
    stages = [(_PROSE, room), (_PROSE, _WORD), (_NARROWEST, _NARROWEST)]
    for prose, word in stages:
        floors = [min(w, word if a else prose) for w, a in zip(widths, atomic, strict=True)]
        excess = sum(widths) - room
        while excess > 0:
            widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
            if widths[widest] <= floors[widest]:
                break
            widths[widest] -= 1
            excess -= 1
    return widths


def _table(
    rows: Sequence[Row],
    columns: Sequence[str],
    indents: Sequence[Indent],
    width: int,
    colour: bool,
    most: int | None,
) -> str:
    natural = [_natural(rows, name, indents) for name in columns]
    atomic = [_atomic(rows, name) for name in columns]
    widths = _widths(natural, atomic, max(1, width - len(_GAP) * (len(columns) - 1)))
    right = [_numeric(rows, name) for name in columns]
    header = _GAP.join(_pad(_fit(name, w), w, r) for name, w, r in zip(columns, widths, right, strict=True))
    lines = [f"{_BOLD}{header.rstrip()}{_PLAIN}" if colour else header.rstrip()]
    lines.append(_GAP.join("-" * w for w in widths))
    for row, indent in zip(rows, indents, strict=True):
        cells = [_cell_lines(row, name, w, indent, most) for name, w in zip(columns, widths, strict=True)]
        for i in range(max(len(cell) for cell in cells)):
            parts = [
                _pad(cell[i] if i < len(cell) else "", w, r) for cell, w, r in zip(cells, widths, right, strict=True)
            ]
            lines.append(_GAP.join(parts).rstrip())
    if not rows:
        lines.append("(no rows)")
    return "\n".join(lines) + "\n"


def _cell_lines(row: Row, name: str, width: int, indent: Indent, most: int | None) -> list[str]:
    first, rest = indent.get(name, ("", ""))
    return wrap(_text(row.get(name)), width, first=first, rest=rest, lines=most)


def _fit(text: str, width: int) -> str:
    return text if display_width(text) <= width else _cut(text, width)
