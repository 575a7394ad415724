"""Releases: snapshots of what a version contains, the difference between two, and the version policy.

A *snapshot* (``releases/<version>.json`` in the repository) records, for
every record of every table, a short digest of each field, plus each
table's columns and types. It is small, reviewable in a diff, and enough to
say which records were added, removed or changed and in which fields.

:func:`diff` compares two corpora given as: the installed data (``None``),
a folder of Parquet files with their ``manifest.json``, that manifest's
path, or a snapshot file. The version policy (docs/versioning.md) turns a
difference into the smallest version bump it needs.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import _store
from ._arguments import check_path, shown
from ._fileform import decode as from_file_form
from ._layout import MANIFEST
from .errors import IntegrityError, InvalidArgumentError
from .records import EVIDENCE_TABLE, KEY_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Diff", "TableDiff", "bump_of", "diff", "parse_version", "policy_problems", "snapshot"]

_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_BUMPS = ("patch", "minor", "major")


def _record_key(table: str, row: Mapping[str, Any]) -> str:
    return "|".join(str(row[column]) for column in KEY_COLUMNS.get(table, ("id",)))


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def snapshot(tables: Mapping[str, pa.Table], version: str, released: str | None = None) -> dict[str, Any]:
    """A snapshot of tables ``{name: pyarrow.Table}`` as it would be written to ``releases/``."""
    out: dict[str, Any] = {"name": "binhduong-corpus", "version": version, "released": released, "tables": {}}
    for name, data in tables.items():
        records = {}
        for row in data.to_pylist():
            records[_record_key(name, row)] = {field: _digest(value) for field, value in row.items()}
        out["tables"][name] = {
            "columns": {f.name: str(f.type) for f in data.schema},
            "records": dict(sorted(records.items())),
        }
    return out


# --- reading a corpus ---------------------------------------------------------------------------


def _load(arg: str, where: object) -> dict[str, Any]:
    """The snapshot of a corpus given as None (installed), a snapshot, a folder, a manifest or a snapshot file."""
    if where is None:
        return snapshot({name: _store.table(name) for name in _store.table_names()}, _store.manifest()["version"])
    if isinstance(where, Mapping):
        return _checked_snapshot(arg, where)
    path = check_path(arg, where)
    if path.is_dir():
        return _from_folder(arg, path)
    if path.is_file() and path.suffix == ".json":
        data = _read_json(arg, path)
        # A manifest lists files; a snapshot lists records.
        return _from_folder(arg, path.parent) if _looks_like_manifest(data) else _checked_snapshot(arg, data)
    raise InvalidArgumentError(
        f"{arg}={shown(str(where))}: cannot read a corpus there; give a folder of Parquet files with manifest.json, "
        "a manifest.json, a releases/<version>.json snapshot, or None for the installed data"
    )


def _looks_like_manifest(data: object) -> bool:
    tables = data.get("tables") if isinstance(data, dict) else None
    return isinstance(tables, dict) and any(isinstance(t, dict) and "file" in t for t in tables.values())


def _regular(arg: str, path: Path) -> Path:
    """``path`` if it is a regular file: reading a named pipe or a device could wait for ever."""
    if not path.is_file():
        raise InvalidArgumentError(f"{arg}: {shown(str(path))} is not a regular file")
    return path


def _read_json(arg: str, path: Path) -> object:
    try:
        return json.loads(_regular(arg, path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidArgumentError(f"{arg}={shown(str(path))}: cannot be read ({exc.strerror or exc})") from None
    except (ValueError, RecursionError) as exc:
        raise InvalidArgumentError(
            f"{arg}={shown(str(path))}: not valid JSON ({' '.join(str(exc).split())[:120]})"
        ) from None


def _checked_snapshot(arg: str, data: object) -> dict[str, Any]:
    """``data`` if it has a snapshot's shape: a version and, per table, columns and per-record digests."""
    problem = _snapshot_problem(data)
    if problem:
        raise InvalidArgumentError(f"{arg} is not a corpus snapshot: {problem}")
    assert isinstance(data, Mapping)
    return {str(key): value for key, value in data.items()}


def _snapshot_problem(data: object) -> str:
    if not isinstance(data, Mapping):
        return f"expected a mapping, got {type(data).__name__}"
    if not isinstance(data.get("version"), str):
        return f"its version is {shown(data.get('version'))}, not a string"
    tables = data.get("tables")
    if not isinstance(tables, Mapping):
        return f"its tables are {shown(tables)}, not a mapping"
    for name, table in tables.items():
        if not isinstance(name, str) or not isinstance(table, Mapping):
            return f"table {shown(name)} is {shown(table)}, not a mapping"
        columns, records = table.get("columns", {}), table.get("records", {})
        if not isinstance(columns, Mapping) or not isinstance(records, Mapping):
            return f"table {name!r} needs mappings of columns and records"
        if not all(isinstance(fields, Mapping) for fields in records.values()):
            return f"table {name!r} has a record that is not a mapping of field digests"
    return ""


def _from_folder(arg: str, folder: Path) -> dict[str, Any]:
    """The snapshot of a release folder, each file checked against that folder's own manifest."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise InvalidArgumentError(f"{arg}={shown(str(folder))} has no {MANIFEST}; it is not a corpus release folder")
    manifest = _read_json(arg, manifest_path)
    entries = manifest.get("tables") if isinstance(manifest, dict) else None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    if not isinstance(entries, dict) or not isinstance(version, str):
        raise InvalidArgumentError(f"{arg}: {manifest_path} is not a corpus manifest (no version or tables)")
    tables = {}
    for name, entry in entries.items():
        file = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(file, str) or Path(file).name != file:
            raise InvalidArgumentError(f"{arg}: {manifest_path} gives no plain file name for table {shown(name)}")
        raw = _read_listed(arg, folder / file, entry)
        try:
            # Releases whose files stored lists natively and those that store JSON text compare alike.
            tables[str(name)] = from_file_form(pq.ParquetFile(pa.BufferReader(raw)).read(use_threads=False))
        except (pa.ArrowException, OSError) as exc:
            raise IntegrityError(
                f"{folder / file} is not a readable Parquet file ({' '.join(str(exc).split())})"
            ) from None
    return snapshot(tables, version)


def _read_listed(arg: str, path: Path, entry: Mapping[str, object]) -> bytes:
    try:
        raw = _regular(arg, path).read_bytes()
    except OSError as exc:
        raise InvalidArgumentError(f"{arg}: {path} cannot be read ({exc.strerror or exc})") from None
    expected = entry.get("sha256")
    if isinstance(expected, str) and hashlib.sha256(raw).hexdigest() != expected:
        raise IntegrityError(f"{path} differs from its folder's {MANIFEST} (sha256); the release folder is damaged")
    return raw


# --- comparing --------------------------------------------------------------------------------


@attrs.frozen
class TableDiff:
    """What changed in one table."""

    table: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (record key, fields that differ)
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()  # removed, renamed or retyped

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.columns_added or self.columns_removed)


@attrs.frozen
class Diff:
    """The difference between two corpora, table by table (only tables that differ)."""

    old_version: str
    new_version: str
    tables: tuple[TableDiff, ...]

    def __bool__(self) -> bool:
        return bool(self.tables)

    def table(self, name: str) -> TableDiff:
        return next((t for t in self.tables if t.table == name), TableDiff(name))

    def required_bump(self) -> str | None:
        """The smallest bump the policy allows for this difference: major, minor, patch or None."""
        return bump_of(self)

    def __str__(self) -> str:
        lines = [f"binhduong-corpus {self.old_version} -> {self.new_version}: " + (self.required_bump() or "no change")]
        for t in self.tables:
            lines.append(f"{t.table}:")
            lines += [f"  + column {c}" for c in t.columns_added] + [f"  - column {c}" for c in t.columns_removed]
            lines += [f"  + {key}" for key in t.added] + [f"  - {key}" for key in t.removed]
            lines += [f"  ~ {key}: {', '.join(fields)}" for key, fields in t.changed]
        return "\n".join(lines)


def _table_diff(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> TableDiff:
    old_cols, new_cols = old.get("columns", {}), new.get("columns", {})
    old_recs, new_recs = old.get("records", {}), new.get("records", {})
    changed = []
    for key in sorted(set(old_recs) & set(new_recs)):
        fields = sorted(
            f for f in set(old_recs[key]) | set(new_recs[key]) if old_recs[key].get(f) != new_recs[key].get(f)
        )
        if fields:
            changed.append((key, tuple(fields)))
    return TableDiff(
        table=name,
        added=tuple(sorted(set(new_recs) - set(old_recs))),
        removed=tuple(sorted(set(old_recs) - set(new_recs))),
        changed=tuple(changed),
        columns_added=tuple(sorted(set(new_cols) - set(old_cols))),
        columns_removed=tuple(sorted(c for c in old_cols if new_cols.get(c) != old_cols[c])),
    )


def diff(old: str | Path | Mapping[str, object] | None, new: str | Path | Mapping[str, object] | None = None) -> Diff:
    """What changed from ``old`` to ``new`` (default: the installed data); see the module docs for the forms."""
    before, after = _load("old", old), _load("new", new)
    names = list(dict.fromkeys([*after["tables"], *before["tables"]]))
    tables = tuple(
        d for name in names if (d := _table_diff(name, before["tables"].get(name, {}), after["tables"].get(name, {})))
    )
    return Diff(str(before["version"]), str(after["version"]), tables)


# --- the version policy ---------------------------------------------------------------------------


def bump_of(change: Diff) -> str | None:
    """major: a record or table removed, or a column removed, renamed or retyped; minor: records or columns
    added; patch: anything else that differs (corrections, evidence spans); None: no difference."""
    if not change:
        return None
    removed_records = any(t.removed for t in change.tables if t.table != EVIDENCE_TABLE)
    if removed_records or any(t.columns_removed for t in change.tables):
        return "major"
    if any(t.added for t in change.tables if t.table != EVIDENCE_TABLE) or any(t.columns_added for t in change.tables):
        return "minor"
    return "patch"


def parse_version(version: str) -> tuple[int, int, int]:
    match = _SEMVER.fullmatch(version)
    if not match:
        raise InvalidArgumentError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return int(match[1]), int(match[2]), int(match[3])


def _bump_between(old: str, new: str) -> str | None:
    a, b = parse_version(old), parse_version(new)
    if b <= a:
        return None
    return "major" if b[0] > a[0] else "minor" if b[1] > a[1] else "patch"


def policy_problems(change: Diff) -> list[str]:
    """Why ``change.new_version`` breaks the version policy for this difference; empty when it does not."""
    needed = change.required_bump()
    made = _bump_between(change.old_version, change.new_version)
    if change.old_version == change.new_version:
        return (
            []
            if needed is None
            else [f"the data changed ({needed}-level) but the version is still {change.new_version}"]
        )
    if made is None:
        return [f"version {change.new_version} does not come after {change.old_version}"]
    if needed is not None and _BUMPS.index(made) < _BUMPS.index(needed):
        removed = [
            f"{t.table}: {', '.join(t.removed or t.columns_removed)}"
            for t in change.tables
            if t.removed or t.columns_removed
        ]
        why = f" (removed: {'; '.join(removed)})" if needed == "major" and removed else ""
        return [f"{change.old_version} -> {change.new_version} is a {made} bump, but the change needs {needed}{why}"]
    return []
