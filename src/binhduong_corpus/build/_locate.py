"""``--locate``: fill in the start/end offsets of evidence quotes that lack them.

It rewrites evidence entries written one inline table per line
(``{ source = "...", quote = "..." },``), as the curated files do, and
leaves every other line as it is. Every curated file is read whole first,
and every quote to locate found, so a malformed file or a quote that is
not in its source is refused (naming the file, record and field) before
any line is touched.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._files import remove_stale, write_files
from ..errors import BuildError
from ..records import RECORD_TABLES
from ._curation import EVIDENCE_KEYS, curated_file, described, read_seed_texts, read_toml, shown

__all__ = ["locate"]

_INLINE = re.compile(r"^(?P<indent>\s*)(?P<table>\{.*\})(?P<comma>,?)\s*$")
_LINE = re.compile(r"(?<=\n)")  # splits after each "\n" only, unlike str.splitlines
_TEXT_KEYS = ("source", "quote", "basis", "note")  # what an entry to locate may hold besides its offsets

Sources = Mapping[str, Mapping[str, Any]]
Texts = Mapping[str, str]
Where = dict[str, Any]


def locate(seeds: Path) -> int:
    """Write start/end into evidence entries that lack them (first occurrence); return how many.

    Every file is located before any is written, and then all are written
    or none: a quote that cannot be found leaves every curated file as it was.
    """
    texts = {name: text for name, (_, text) in read_seed_texts(seeds).items()}
    curated = {table: read_toml(curated_file(seeds, table), table) for table in RECORD_TABLES}
    sources = {entry["id"]: entry for _, entry in curated["sources"]}  # read_toml saw each id is a str
    for entries in curated.values():
        for file, entry in entries:
            _check_locatable(entry, sources, texts, {"file": file, "record_id": entry["id"]})
    files: dict[Path, bytes] = {}
    filled = 0
    for table in RECORD_TABLES:
        path = curated_file(seeds, table)
        lines = _LINE.split(path.read_text(encoding="utf-8"))
        updated = [_locate_line(line, number, sources, texts, path) for number, line in enumerate(lines, 1)]
        changed = sum(new != old for new, old in zip(updated, lines, strict=True))
        if changed:
            files[path], filled = "".join(updated).encode("utf-8"), filled + changed
    remove_stale(curated_file(seeds, table) for table in RECORD_TABLES)
    write_files(files)
    return filled


def _check_locatable(entry: Mapping[str, Any], sources: Sources, texts: Texts, where: Where) -> None:
    """Every evidence entry of a record that lacks offsets can be located."""
    for index, evidence in enumerate(entry.get("evidence") or ()):  # read_toml saw a list of tables
        if _lacks_offsets(evidence):
            _find(evidence, sources, texts, {**where, "field": f"evidence[{index}]"})


def _lacks_offsets(evidence: Mapping[str, Any]) -> bool:
    return "start" not in evidence or "end" not in evidence


def _locate_line(line: str, number: int, sources: Sources, texts: Texts, path: Path) -> str:
    match = _INLINE.match(line)
    if not match or "quote" not in match["table"]:
        return line
    try:
        entry = tomllib.loads("e = " + match["table"])["e"]
    except ValueError as exc:  # the whole file is valid TOML: this line is not one entry alone
        message = f"line {number} looks like an evidence entry but is not one inline table: {exc}"
        raise BuildError(message, file=str(path)) from None
    if not _lacks_offsets(entry):
        return line
    found, start, end = _find(entry, sources, texts, {"file": str(path)})
    entry.update(quote=found, start=start, end=end)
    body = ", ".join(f"{key} = {_toml_value(value)}" for key, value in entry.items())
    return f"{match['indent']}{{ {body} }}{match['comma']}\n"


def _find(entry: Mapping[str, Any], sources: Sources, texts: Texts, where: Where) -> tuple[str, int, int]:
    """The quote as the source text has it, and its offsets (its first occurrence)."""
    _check_entry_to_locate(entry, where)
    source_id, quote = entry.get("source"), entry.get("quote")
    source = sources.get(source_id) if isinstance(source_id, str) else None
    seed_file = source.get("seed_file") if source is not None else None
    if not isinstance(seed_file, str) or seed_file not in texts:
        valid = sorted(sources)
        raise BuildError(f"source {shown(source_id)} does not exist; valid sources are {valid}", **where)
    if not isinstance(quote, str) or not quote:
        raise BuildError(f"quote is missing or empty: {shown(quote)}", **where)
    # A curator types plain spaces; the seeds hold some no-break spaces.
    pattern = "".join(r"\s" if ch.isspace() else re.escape(ch) for ch in quote)
    found = re.search(pattern, texts[seed_file])
    if found is None:
        raise BuildError(f"quote not found in {source_id}: {quote!r}", **where)
    return found[0], found.start(), found.end()


def _check_entry_to_locate(entry: Mapping[str, Any], where: Where) -> None:
    """Only the keys an evidence entry may have, its text keys strings: what ``--locate`` can write back."""
    unknown = set(entry) - EVIDENCE_KEYS
    if unknown:
        raise BuildError(f"unknown keys {sorted(unknown)}; valid keys are {sorted(EVIDENCE_KEYS)}", **where)
    for key in _TEXT_KEYS:
        if key in entry and not isinstance(entry[key], str):
            raise BuildError(f"{key}: expected string, got {described(entry[key])}", **where)
    supports = entry.get("supports", [])
    if not isinstance(supports, list) or not all(isinstance(name, str) for name in supports):
        raise BuildError(f"supports: expected a list of column names, got {described(supports)}", **where)


def _toml_value(value: object) -> str:
    """A TOML literal; invisible characters are escaped so a reviewer sees them."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        if ch != " " and unicodedata.category(ch) in ("Zs", "Cf")
        else ch
        for ch in text
    )
