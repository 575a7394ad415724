"""Reading the curator's inputs: seed texts (``seeds/*.txt``) and curated files (``seeds/curated/*.toml``).

Nothing is checked here beyond what reading needs: UTF-8, NFC and no control
characters but line breaks in the seed texts; valid TOML and the shape of a
curated file (one array of tables, each entry a table with a string ``id``,
its ``evidence`` a list of tables). Turning entries into records is
:mod:`._validate`'s.
"""

from __future__ import annotations

import re
import reprlib
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import BuildError

__all__ = [
    "EVIDENCE_KEYS",
    "curated_file",
    "described",
    "forbidden_character",
    "parse_toml",
    "read_seed_texts",
    "read_toml",
    "shown",
]

#: The keys an evidence entry may have.
EVIDENCE_KEYS = frozenset({"source", "quote", "start", "end", "basis", "note", "supports"})

# Unicode category Cc (U+0000-U+001F, U+007F-U+009F) and Cs (lone surrogates), with and without "\n".
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_FORBIDDEN_BUT_LINE_BREAK = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

_SHOWN = reprlib.Repr()
_SHOWN.maxstring, _SHOWN.maxother, _SHOWN.maxlong = 80, 80, 80


def shown(value: object) -> str:
    """``repr(value)``, cut short when long: a message stays one readable line whatever the input."""
    return _SHOWN.repr(value)


def forbidden_character(text: str, *, line_breaks: bool = False) -> tuple[int, str] | None:
    """Where the first control character or lone surrogate of ``text`` is, and what it is; or None."""
    found = (_FORBIDDEN_BUT_LINE_BREAK if line_breaks else _FORBIDDEN).search(text)
    if found is None:
        return None
    char = found[0]
    kind = "lone surrogate" if unicodedata.category(char) == "Cs" else "control character"
    return found.start(), f"{kind} U+{ord(char):04X}"


def described(value: object) -> str:
    """A value's type and (shortened) repr, as messages show what was given instead."""
    return f"{type(value).__name__} {shown(value)}"


def curated_file(seeds: Path, table: str) -> Path:
    """Where the curated entries of ``table`` are kept."""
    return seeds / "curated" / f"{table}.toml"


def read_seed_texts(seeds: Path) -> dict[str, tuple[bytes, str]]:
    """Every seed document: file name -> (its bytes, its text)."""
    out = {}
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_bytes()
        text = _decoded(raw, str(path))
        if not unicodedata.is_normalized("NFC", text):
            raise BuildError("text is not NFC-normalised; evidence offsets assume NFC", file=str(path))
        _check_seed_characters(text, str(path))
        out[path.name] = (raw, text)
    return out


def _check_seed_characters(text: str, file: str) -> None:
    found = forbidden_character(text, line_breaks=True)
    if found is not None:
        at, what = found
        line = text.count("\n", 0, at) + 1
        raise BuildError(f"{what} on line {line}; a seed text holds no control character but \\n", file=file)


def read_toml(path: Path, table: str) -> list[tuple[str, dict[str, Any]]]:
    """The ``[[table]]`` entries of a curated file, each with the file it came from."""
    data = parse_toml(path)
    extra = set(data) - {table}
    if extra:
        only = f"only [[{table}]] entries belong here"
        raise BuildError(f"unexpected top-level keys {sorted(extra)}; {only}", file=str(path))
    entries = data.get(table, [])
    if not isinstance(entries, list):
        expected = f"expected an array of tables, each headed [[{table}]]"
        raise BuildError(f"{expected}; got {described(entries)}", file=str(path), field=table)
    for index, entry in enumerate(entries):
        _check_entry_shape(entry, f"[[{table}]] entry {index + 1}", table, str(path))
    return [(str(path), entry) for entry in entries]


def _decoded(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BuildError(f"not UTF-8 (line {line}): {exc}", file=file) from None


def parse_toml(path: Path) -> dict[str, Any]:
    """A curated file as TOML gives it: UTF-8 and valid TOML, or a BuildError naming the file."""
    try:
        text = _decoded(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise BuildError("curated file is missing", file=str(path)) from None
    try:
        return tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, or an integer too long to convert
        raise BuildError(f"invalid TOML: {exc}", file=str(path)) from None
    except RecursionError:
        raise BuildError("invalid TOML: arrays or tables nested too deeply", file=str(path)) from None


def _check_entry_shape(entry: object, position: str, table: str, file: str) -> None:
    """An entry is a table with a string id; its evidence, when given, is a list of tables."""
    if not isinstance(entry, dict):
        raise BuildError(f"{position}: expected a table, got {described(entry)}", file=file, field=table)
    record_id = entry.get("id")
    if record_id is None:
        raise BuildError(f"required field is missing ({position})", file=file, field="id")
    if not isinstance(record_id, str):
        raise BuildError(f"expected string, got {described(record_id)} ({position})", file=file, field="id")
    _check_evidence_shape(entry.get("evidence"), file, record_id)


def _check_evidence_shape(evidence: object, file: str, record_id: str) -> None:
    if evidence is None:
        return  # validation refuses a record without evidence, and says so
    table = "{ source = ..., quote = ... } table"
    if not isinstance(evidence, list):
        raise BuildError(
            f"expected a list of {table}s, got {described(evidence)}", file=file, record_id=record_id, field="evidence"
        )
    for index, item in enumerate(evidence):
        if not isinstance(item, dict):
            field = f"evidence[{index}]"
            raise BuildError(f"expected a {table}, got {described(item)}", file=file, record_id=record_id, field=field)
