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
from .errors import InvalidArgumentError
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


def _load(where: str | Path | Mapping[str, object] | None) -> dict[str, Any]:
    if where is None:
        return snapshot({name: _store.table(name) for name in _store.table_names()}, _store.manifest()["version"])
    if isinstance(where, Mapping):
        return dict(where)
    path = Path(where)
    if path.is_dir():
        return _from_folder(path)
    if path.is_file() and path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data.get("tables"), dict) and all("records" in t for t in data["tables"].values()):
            return dict(data)
        return _from_folder(path.parent)
    raise InvalidArgumentError(
        f"cannot read a corpus from {str(where)!r}: give a folder of Parquet files with manifest.json, "
        "a manifest.json, a releases/<version>.json snapshot, or None for the installed data"
    )


def _from_folder(folder: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise InvalidArgumentError(f"{str(folder)!r} has no manifest.json; it is not a corpus release folder")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    tables = {name: pq.ParquetFile(folder / info["file"]).read() for name, info in manifest["tables"].items()}
    return snapshot(tables, manifest["version"])


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
    before, after = _load(old), _load(new)
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
