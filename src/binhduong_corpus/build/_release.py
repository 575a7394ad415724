"""Recording a release and writing its CHANGELOG "Data" section (docs/versioning.md).

The snapshots and the version policy are the runtime's
(:mod:`binhduong_corpus._release`), so an installed package can diff
releases; writing them is the build's. That module reaches the store, and
the store imports the schema lock; it is imported only here, when a mode
needs it, so that a missing or broken lock never stops the build that
regenerates it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .._files import json_bytes, remove_stale, write_files
from .._version import RELEASED, __version__
from ..errors import BuildError
from ..records import EVIDENCE_TABLE

if TYPE_CHECKING:
    import pyarrow as pa

    from .._release import Diff
    from .._store import Retirement

__all__ = ["changelog_data", "data_section", "release"]


def release(out: Path, releases: Path) -> Path:
    """Record the built data as the snapshot of the current version in ``releases/``; return its path.

    Refuses when that version was already recorded with other data: a
    released version never changes; bump it instead (docs/versioning.md).
    """
    from .._release import snapshot

    target = releases / f"{__version__}.json"
    data = json_bytes(snapshot(_built_tables(out), __version__, RELEASED, _built_retired(out)))
    if target.exists() and target.read_bytes() != data:
        message = f"release {__version__} is already recorded with other data; bump the version"
        raise BuildError(message, file=str(target))
    remove_stale([target])
    write_files({target: data})
    return target


def changelog_data(out: Path, releases: Path) -> str:
    """The CHANGELOG "Data" section for the current version: records added, changed, removed since the last release."""
    from .._release import diff, parse_version, snapshot

    current = snapshot(_built_tables(out), __version__, retired=_built_retired(out))
    earlier = sorted(
        (p for p in releases.glob("*.json") if parse_version(p.stem) < parse_version(__version__)),
        key=lambda p: parse_version(p.stem),
    )
    before = json.loads(earlier[-1].read_text(encoding="utf-8")) if earlier else {"version": "0.0.0", "tables": {}}
    return data_section(diff(before, current))


def data_section(change: Diff) -> str:
    """Markdown listing the record ids a Diff added, changed and removed, per table (evidence spans counted).

    Added and changed ids share one line per table; a removed id has a line of its own, with what
    became of it (``merged into `<successor>`: <reason>`` or ``removed: <reason>``) when it is listed
    as retired, since a reason may hold commas.
    """
    lines = ["### Data", ""]
    for label, attribute in (("Added", "added"), ("Changed", "changed"), ("Removed", "removed")):
        per_table = {t.table: [k if isinstance(k, str) else k[0] for k in getattr(t, attribute)] for t in change.tables}
        records = {name: keys for name, keys in per_table.items() if keys and name != EVIDENCE_TABLE}
        spans = len(per_table.get(EVIDENCE_TABLE, []))
        total = sum(map(len, records.values()))
        counted = f"- {label}: {total} record(s)" + (f", {spans} evidence span(s)" if spans else "")
        lines.append(counted + (":" if records else "."))
        if attribute == "removed":
            lines += [f"  - {name}: {_removed(change, key)}" for name, keys in records.items() for key in keys]
        else:
            lines += [f"  - {name}: {', '.join(f'`{k}`' for k in keys)}" for name, keys in records.items()]
    return "\n".join(lines) + "\n"


def _removed(change: Diff, key: str) -> str:
    """A removed id as the Data section lists it: with its successor and reason when it is listed as retired."""
    fate = change.retirement(key)
    if fate is None:
        return f"`{key}`"
    how = f"merged into `{fate.successor}`" if fate.successor else "removed"
    return f"`{key}` ({how}: {fate.reason})"


def _built_tables(out: Path) -> dict[str, pa.Table]:
    """The built tables, after the same checks as installed data: a half-finished build is never recorded."""
    from .._store import checked_tables

    return checked_tables(out)


def _built_retired(out: Path) -> dict[str, Retirement]:
    """The built folder's retired ids, checked like its tables."""
    from .._store import checked_retired

    return checked_retired(out)
