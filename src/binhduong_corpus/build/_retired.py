"""The retired record ids (``seeds/curated/retired.toml``), checked or refused.

An id is never reused (docs/versioning.md). When a release removes a record
outright, or merges it into another, its id is listed here with the release
that retired it, the record it was merged into (its *successor*, absent for
a removal) and why, so that the release snapshot, ``diff``, the CHANGELOG
and a lookup of the id can all say what became of it.

Checked against the live records: a retired id is no longer any record's,
and a successor is a live record of the retired id's own table. Each check
raises :class:`BuildError` naming the file, the retired id (as the record)
and the field; nothing is repaired.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import attrs

from .._files import json_bytes
from ..errors import BuildError
from ..records import RECORD_TABLES, TABLE_OF_PREFIX
from ._curation import curated_file, described, forbidden_character, parse_toml, read_toml, shown

__all__ = ["Retired", "read_retired", "retired_json"]

_KEYS = ("id", "release", "successor", "reason")
_ID_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LINE_SEPARATOR = re.compile("[\u2028\u2029]")
_RELEASE = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")  # the runtime's _release reaches the store

Live = Mapping[str, Collection[str]]  # table -> the ids of its live records
Where = dict[str, Any]  # the file and retired id a BuildError names


@attrs.frozen(slots=True)
class Retired:
    """A record id no record has any more: the release that retired it, its successor or None, and why."""

    id: str
    release: str
    successor: str | None
    reason: str


def read_retired(seeds: Path, live: Live | None = None) -> tuple[Retired, ...]:
    """Read and check the retired ids, sorted by id; raise BuildError on the first problem.

    ``live`` maps each record table to the ids of its records; the build passes the ids it has just
    validated. Without it, the ids are read from the curated files as they stand.
    """
    path = curated_file(seeds, "retired")
    file = str(path)
    data = parse_toml(path)
    extra = sorted(set(data) - {"retired"})
    if extra:
        raise BuildError(f"unexpected top-level keys {extra}; only [[retired]] entries belong here", file=file)
    entries = data.get("retired", [])
    if not isinstance(entries, list):
        expected = "expected an array of tables, each headed [[retired]]"
        raise BuildError(f"{expected}; got {described(entries)}", file=file, field="retired")
    ids = _live_ids(seeds) if live is None else live
    retired: dict[str, Retired] = {}
    for index, entry in enumerate(entries):
        one = _entry(entry, f"[[retired]] entry {index + 1}", file, ids)
        if one.id in retired:
            raise BuildError("duplicate retired id; list each id once", file=file, record_id=one.id, field="id")
        retired[one.id] = one
    # The file's order is the curators'; the shipped file's is fixed, so moving an entry changes no byte.
    return tuple(retired[key] for key in sorted(retired))


def retired_json(retired: tuple[Retired, ...]) -> bytes:
    """``retired.json``: retired id -> its release, successor (null when removed outright) and reason, sorted."""
    listed = {one.id: {"release": one.release, "successor": one.successor, "reason": one.reason} for one in retired}
    return json_bytes(listed, sort_keys=True)


def _live_ids(seeds: Path) -> dict[str, set[str]]:
    """The ids the curated record files hold, unvalidated: enough to tell a live id from a retired one."""
    return {table: {one["id"] for _, one in read_toml(curated_file(seeds, table), table)} for table in RECORD_TABLES}


# --- one entry ------------------------------------------------------------------------------------


def _entry(entry: object, position: str, file: str, live: Live) -> Retired:
    if not isinstance(entry, dict):
        raise BuildError(f"{position}: expected a table, got {described(entry)}", file=file, field="retired")
    record_id = _id(entry.get("id"), position, file)
    where = {"file": file, "record_id": record_id}
    unknown = sorted(set(entry) - set(_KEYS))
    if unknown:
        raise BuildError(f"unknown field; valid fields are {list(_KEYS)}", field=unknown[0], **where)
    table = TABLE_OF_PREFIX[record_id.partition("-")[0] + "-"]
    _check_not_live(record_id, live, where)
    successor = entry.get("successor")
    if successor is not None:
        _check_successor(successor, table, live, where)
    return Retired(
        id=record_id,
        release=_release(entry.get("release"), where),
        successor=successor,
        reason=_reason(entry.get("reason"), where),
    )


def _id(value: object, position: str, file: str) -> str:
    if value is None:
        raise BuildError(f"required field is missing ({position})", file=file, field="id")
    if not isinstance(value, str):
        raise BuildError(f"expected string, got {described(value)} ({position})", file=file, field="id")
    if not _well_formed(value):
        raise BuildError(f"{_malformed(value)} ({position})", file=file, field="id")
    return value


def _well_formed(value: str) -> bool:
    prefix, hyphen, words = value.partition("-")
    return prefix + hyphen in TABLE_OF_PREFIX and _ID_WORDS.fullmatch(words) is not None


def _malformed(value: str) -> str:
    prefixes = ", ".join(f"'{prefix}'" for prefix in TABLE_OF_PREFIX)
    return f"id {shown(value)} is not a record id: a table prefix ({prefixes}) and lowercase ASCII words, hyphenated"


def _check_not_live(record_id: str, live: Live, where: Where) -> None:
    """A retired id is no record's: a record that still has it is not retired (and its id not free to reuse)."""
    holders = [name for name, ids in live.items() if record_id in ids]
    if holders:
        fix = f"remove the record from {holders[0]}.toml to retire it, or drop this entry"
        raise BuildError(f"{record_id!r} is still a live record in {holders[0]}; {fix}", field="id", **where)


def _check_successor(value: object, table: str, live: Live, where: Where) -> None:
    """A merged id points at a live record of its own table, so a lookup of the old id leads somewhere."""
    if not isinstance(value, str):
        raise BuildError(f"expected string, got {described(value)}", field="successor", **where)
    if not _well_formed(value):
        raise BuildError(_malformed(value), field="successor", **where)
    other = TABLE_OF_PREFIX[value.partition("-")[0] + "-"]
    if other != table:
        prefix = next(p for p, name in TABLE_OF_PREFIX.items() if name == table)
        same = f"a record merges into one of its own table: {table} ('{prefix}')"
        raise BuildError(f"successor {value!r} is a record of {other}; {same}", field="successor", **where)
    ids = live.get(table, ())
    if value not in ids:
        close = difflib.get_close_matches(value, sorted(ids), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        message = f"successor {value!r} is no live record of {table}; a successor must be a record that ships{hint}"
        raise BuildError(message, field="successor", **where)


def _release(value: object, where: Where) -> str:
    if value is None:
        raise BuildError("required field is missing: the version that retired the id", field="release", **where)
    if not isinstance(value, str):
        raise BuildError(f"expected string, got {described(value)}", field="release", **where)
    if not _RELEASE.fullmatch(value):
        message = f"{shown(value)} is not a version: give MAJOR.MINOR.PATCH, such as '0.2.0'"
        raise BuildError(message, field="release", **where)
    return value


def _reason(value: object, where: Where) -> str:
    """One line of plain text: the CHANGELOG, ``diff`` and the lookup message print it inside a line."""
    if value is None:
        raise BuildError("required field is missing: say in one line why the id was retired", field="reason", **where)
    if not isinstance(value, str):
        raise BuildError(f"expected string, got {described(value)}", field="reason", **where)
    if not value or value != value.strip():
        raise BuildError(f"empty or padded string {shown(value)}; give one line of text", field="reason", **where)
    found = forbidden_character(value)
    if found is not None:
        at, what = found
        one_line = "; a reason is one line of plain text" if value[at] == "\n" else ""
        raise BuildError(f"{what} at index {at} of {shown(value)}{one_line}", field="reason", **where)
    breaks = _LINE_SEPARATOR.search(value)  # not control characters, but line breaks all the same
    if breaks is not None:
        what = f"line separator U+{ord(breaks[0]):04X} at index {breaks.start()} of {shown(value)}"
        raise BuildError(f"{what}; a reason is one line of plain text", field="reason", **where)
    return value
