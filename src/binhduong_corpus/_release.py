"""Releases: snapshots of what a version contains, the difference between two, and the version policy.

A *snapshot* (``releases/<version>.json`` in the repository) records, for
every record of every table, a short digest of each field, plus each
table's columns and types, and the record ids retired so far, each with its
release, successor and reason. It is small, reviewable in a diff, and enough
to say which records were added, removed (and what became of them) or
changed and in which fields. A snapshot recorded before ids were retired has
no ``retired`` and reads as having none.

:func:`diff` compares two corpora given as: the installed data (``None``),
a folder of Parquet files with their ``manifest.json``, that manifest's
path, or a snapshot file. The version policy (docs/versioning.md) turns a
difference into the smallest version bump it needs, and wants every removed
id listed as retired.
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
from ._layout import MANIFEST, RETIRED
from ._store import Retirement, retired_problem, retirements
from .errors import IntegrityError, InvalidArgumentError
from .records import EVIDENCE_TABLE, KEY_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Diff", "Retirement", "TableDiff", "bump_of", "diff", "parse_version", "policy_problems", "snapshot"]

_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_BUMPS = ("patch", "minor", "major")
_UNLISTED = "removed without being listed in seeds/curated/retired.toml"


def _record_key(table: str, row: Mapping[str, Any]) -> str:
    return "|".join(str(row[column]) for column in KEY_COLUMNS.get(table, ("id",)))


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def snapshot(
    tables: Mapping[str, pa.Table],
    version: str,
    released: str | None = None,
    retired: Mapping[str, Retirement] | None = None,
) -> dict[str, Any]:
    """A snapshot of tables ``{name: pyarrow.Table}`` and retired ids ``{id: Retirement}``, as in ``releases/``."""
    listed = {key: dict(one._asdict()) for key, one in sorted((retired or {}).items())}
    out: dict[str, Any] = {
        "name": "binhduong-corpus",
        "version": version,
        "released": released,
        "retired": listed,
        "tables": {},
    }
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
        tables = {name: _store.table(name) for name in _store.table_names()}
        return snapshot(tables, _store.manifest()["version"], retired=_store.retired())
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
    problem = retired_problem(data.get("retired", {}))  # a snapshot from before ids were retired has none
    if problem:
        return f"its retired ids are malformed: {problem}"
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
    return snapshot(tables, version, retired=_folder_retired(arg, folder, manifest))


def _folder_retired(arg: str, folder: Path, manifest: object) -> dict[str, Retirement]:
    """The folder's retired ids, from its retired.json (checked against the manifest when it lists the file);
    a release from before ids were retired has none."""
    path = folder / RETIRED
    if not path.exists():
        return {}
    metadata = manifest.get("metadata") if isinstance(manifest, dict) else None
    listed = metadata.get(RETIRED) if isinstance(metadata, dict) else None
    raw = _read_listed(arg, path, listed if isinstance(listed, dict) else {})
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise IntegrityError(f"{path} is not valid JSON ({' '.join(str(exc).split())[:120]})") from None
    problem = retired_problem(data)
    if problem:
        raise IntegrityError(f"{path} is malformed: {problem}")
    return retirements(data)


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
    """What changed in one table; each removed id that the newer corpus lists as retired, with its retirement."""

    table: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (record key, fields that differ)
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()  # removed, renamed or retyped
    retired: tuple[tuple[str, Retirement], ...] = ()  # (removed id, what became of it), for the ids listed

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.columns_added or self.columns_removed)

    def retirement(self, key: str) -> Retirement | None:
        """What became of removed id ``key``: its release, successor and reason; None when it is not listed."""
        return dict(self.retired).get(key)

    @property
    def unlisted(self) -> tuple[str, ...]:
        """The removed record ids not listed as retired (evidence spans have no ids, so none of theirs)."""
        if self.table == EVIDENCE_TABLE:
            return ()
        listed = dict(self.retired)
        return tuple(key for key in self.removed if key not in listed)

    def removal(self, key: str) -> str:
        """A removed key as diff prints it: with what became of it, or why that is a problem."""
        fate = self.retirement(key)
        if fate is not None:
            return f"{key} ({_fate(fate)})"
        return f"{key} ({_UNLISTED})" if key in self.unlisted else key


def _fate(retirement: Retirement) -> str:
    """'merged into <successor>: <reason>' or 'removed: <reason>'."""
    how = f"merged into {retirement.successor}" if retirement.successor else "removed"
    return f"{how}: {retirement.reason}"


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

    def retirement(self, record_id: str) -> Retirement | None:
        """What became of a removed record id, when the newer corpus lists it as retired; else None."""
        return next((fate for t in self.tables if (fate := t.retirement(record_id)) is not None), None)

    @property
    def unlisted(self) -> tuple[str, ...]:
        """The removed record ids, of every table, that are not listed as retired."""
        return tuple(key for t in self.tables for key in t.unlisted)

    def required_bump(self) -> str | None:
        """The smallest bump the policy allows for this difference: major, minor, patch or None."""
        return bump_of(self)

    def __str__(self) -> str:
        needed = self.required_bump()
        below_one = needed == "major" and bool(_SEMVER.fullmatch(self.old_version)) and self.old_version[0] == "0"
        bump = f"{needed} (a MINOR bump below 1.0.0)" if below_one else needed or "no change"
        lines = [f"binhduong-corpus {self.old_version} -> {self.new_version}: {bump}"]
        for t in self.tables:
            lines.append(f"{t.table}:")
            lines += [f"  + column {c}" for c in t.columns_added] + [f"  - column {c}" for c in t.columns_removed]
            lines += [f"  + {key}" for key in t.added] + [f"  - {t.removal(key)}" for key in t.removed]
            lines += [f"  ~ {key}: {', '.join(fields)}" for key, fields in t.changed]
        return "\n".join(lines)


def _table_diff(
    name: str, old: Mapping[str, Any], new: Mapping[str, Any], retired: Mapping[str, Retirement]
) -> TableDiff:
    old_cols, new_cols = old.get("columns", {}), new.get("columns", {})
    old_recs, new_recs = old.get("records", {}), new.get("records", {})
    changed = []
    for key in sorted(set(old_recs) & set(new_recs)):
        fields = sorted(
            f for f in set(old_recs[key]) | set(new_recs[key]) if old_recs[key].get(f) != new_recs[key].get(f)
        )
        if fields:
            changed.append((key, tuple(fields)))
    removed = tuple(sorted(set(old_recs) - set(new_recs)))
    return TableDiff(
        table=name,
        added=tuple(sorted(set(new_recs) - set(old_recs))),
        removed=removed,
        changed=tuple(changed),
        columns_added=tuple(sorted(set(new_cols) - set(old_cols))),
        columns_removed=tuple(sorted(c for c in old_cols if new_cols.get(c) != old_cols[c])),
        retired=tuple((key, retired[key]) for key in removed if key in retired),
    )


def diff(old: str | Path | Mapping[str, object] | None, new: str | Path | Mapping[str, object] | None = None) -> Diff:
    """What changed from ``old`` to ``new`` (default: the installed data); see the module docs for the forms."""
    before, after = _load("old", old), _load("new", new)
    names = list(dict.fromkeys([*after["tables"], *before["tables"]]))
    # What became of a removed id is the newer corpus's to say: it lists the ids retired up to its release.
    retired = retirements(after.get("retired", {}))
    tables = tuple(
        d
        for name in names
        if (d := _table_diff(name, before["tables"].get(name, {}), after["tables"].get(name, {}), retired))
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
    """The bump from ``old`` to ``new``, as what it may carry: major, minor, patch, or None when it is none.

    Below 1.0.0 the MINOR number is the breaking one (Cargo's convention): 0.1.x -> 0.2.0 may do what
    a MAJOR bump does, and a PATCH bump stays corrections only.
    """
    a, b = parse_version(old), parse_version(new)
    if b <= a:
        return None
    if b[0] > a[0]:
        return "major"
    if b[1] > a[1]:
        return "major" if a[0] == 0 else "minor"
    return "patch"


def policy_problems(change: Diff) -> list[str]:
    """Why ``change.new_version`` breaks the version policy for this difference; empty when it does not.

    Two rules: the version moved on by at least the bump the change needs, and every record id the
    change removes is listed as retired (in a release after the old version, up to the new one).
    """
    return _bump_problems(change) + _retirement_problems(change)


def _bump_problems(change: Diff) -> list[str]:
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
        below_one = parse_version(change.old_version)[0] == 0 and needed == "major"
        hint = "; below 1.0.0 a MINOR bump (0.y -> 0.(y+1)) is enough" if below_one else ""
        return [
            f"{change.old_version} -> {change.new_version} is a {made} bump, but the change needs {needed}{why}{hint}"
        ]
    return []


def _retirement_problems(change: Diff) -> list[str]:
    """An id is never reused: each removed one is listed as retired, by a release this change spans."""
    problems = [f"{t.table}: {', '.join(t.unlisted)} {_UNLISTED}" for t in change.tables if t.unlisted]
    if _bump_between(change.old_version, change.new_version) is None:
        return problems  # no releases in between: a retirement's release cannot be placed
    old, new = parse_version(change.old_version), parse_version(change.new_version)
    for t in change.tables:
        for key, fate in t.retired:
            release = _SEMVER.fullmatch(fate.release)
            if release is None or not old < parse_version(fate.release) <= new:
                problems.append(
                    f"{t.table}: {key} is listed as retired in {fate.release!r}, but it was removed "
                    f"between {change.old_version} and {change.new_version}"
                )
    return problems
