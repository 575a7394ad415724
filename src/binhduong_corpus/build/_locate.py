"""``--locate``: fill in the start/end offsets of evidence quotes that lack them.

It rewrites evidence entries written one inline table per line
(``{ source = "...", quote = "..." },``), as the curated files do, and
leaves every other line as it is.
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
from ._curation import curated_file, read_seed_texts, read_toml

__all__ = ["locate"]

_INLINE = re.compile(r"^(?P<indent>\s*)(?P<table>\{.*\})(?P<comma>,?)\s*$")


def locate(seeds: Path) -> int:
    """Write start/end into evidence entries that lack them (first occurrence); return how many.

    Every file is located before any is written, and then all are written
    or none: a quote that cannot be found leaves every curated file as it was.
    """
    sources = {entry["id"]: entry for _, entry in read_toml(curated_file(seeds, "sources"), "sources")}
    texts = {name: text for name, (_, text) in read_seed_texts(seeds).items()}
    files: dict[Path, bytes] = {}
    filled = 0
    for table in RECORD_TABLES:
        path = curated_file(seeds, table)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        updated = [_locate_line(line, sources, texts, path) for line in lines]
        changed = sum(new != old for new, old in zip(updated, lines, strict=True))
        if changed:
            files[path], filled = "".join(updated).encode("utf-8"), filled + changed
    remove_stale(curated_file(seeds, table) for table in RECORD_TABLES)
    write_files(files)
    return filled


def _locate_line(line: str, sources: Mapping[str, Any], texts: Mapping[str, str], path: Path) -> str:
    match = _INLINE.match(line)
    if not match or "quote" not in match["table"]:
        return line
    entry = tomllib.loads("e = " + match["table"])["e"]
    if "start" in entry and "end" in entry:
        return line
    source = sources.get(entry.get("source"))
    if source is None or source.get("seed_file") not in texts:
        valid = sorted(sources)
        raise BuildError(f"source {entry.get('source')!r} does not exist; valid sources are {valid}", file=str(path))
    text = texts[source["seed_file"]]
    # A curator types plain spaces; the seeds hold some no-break spaces.
    pattern = "".join(r"\s" if ch.isspace() else re.escape(ch) for ch in entry["quote"])
    found = re.search(pattern, text)
    if found is None:
        raise BuildError(f"quote not found in {entry['source']}: {entry['quote']!r}", file=str(path))
    entry.update(quote=found[0], start=found.start(), end=found.end())
    body = ", ".join(f"{key} = {_toml_value(value)}" for key, value in entry.items())
    return f"{match['indent']}{{ {body} }}{match['comma']}\n"


def _toml_value(value: object) -> str:
    """A TOML literal; invisible characters are escaped so a reviewer sees them."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        if ch != " " and unicodedata.category(ch) in ("Zs", "Cf")
        else ch
        for ch in text
    )
