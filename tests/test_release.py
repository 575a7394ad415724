"""Releases: the version policy against recorded snapshots, diff exactness, CHANGELOG, verify()."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus._release import Retirement, diff, parse_version, policy_problems, snapshot
from binhduong_corpus._version import RELEASED
from binhduong_corpus.build import data_section, table_bytes

from .conftest import ROOT
from .strategies import records

RELEASES = sorted((ROOT / "releases").glob("*.json"), key=lambda p: parse_version(p.stem))


def _snapshot(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


# --- the policy on the real releases ------------------------------------------------------------


def test_the_installed_data_is_its_versions_recorded_release() -> None:
    recorded = ROOT / "releases" / f"{bdc.__version__}.json"
    assert recorded.exists(), "record the release: python -m binhduong_corpus.build --release"
    change = diff(recorded)
    assert policy_problems(change) == [], str(change)
    assert not change, "the data changed since this version was recorded: bump the version (docs/versioning.md)"
    assert _snapshot(recorded)["released"] == RELEASED


def test_consecutive_releases_respect_the_policy() -> None:
    for older, newer in itertools.pairwise(RELEASES):
        assert policy_problems(diff(older, newer)) == [], (older.name, newer.name)


def _changelog_sections() -> dict[str, str]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    parts = re.split(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})\n", text, flags=re.MULTILINE)
    return {parts[i]: (parts[i + 1], parts[i + 2]) for i in range(1, len(parts), 3)}  # type: ignore[misc]


# A Removed line: one id, with its successor and reason when the release lists it as retired.
_REMOVED = re.compile(r"  - (\w+): `([^`]+)`(?: \((?:merged into `([^`]+)`|removed): .+\))?")


def _removed_in(body: str) -> dict[str, str | None]:
    """The ids a CHANGELOG Data section lists as removed, each with the successor its line names (or None)."""
    removed = body.split("### Data", 1)[1].split("- Removed:", 1)[1].split("\n\n", 1)[0]
    lines = removed.splitlines()[1:]  # after "- Removed: N record(s):"
    matches = [_REMOVED.fullmatch(line) for line in lines]
    assert all(matches), f"a Removed line is not `- table: `id`` (merged into `id`: ... | removed: ...): {lines}"
    return {m[2]: m[3] for m in matches if m}


def test_changelog_has_each_releases_data_section() -> None:
    sections = _changelog_sections()
    previous: dict[str, Any] = {"version": "0.0.0", "tables": {}}
    for path in RELEASES:
        release = _snapshot(path)
        date, body = sections[release["version"]]
        assert date == release["released"]
        change = diff(previous, release)
        expected = data_section(change)
        assert expected in body, f"CHANGELOG {release['version']} Data section is not:\n{expected}"
        # Each removed id, with the successor the release's snapshot gives it (snapshots before 0.2.0 list none).
        removed = [key for t in change.tables if t.table != "evidence" for key in t.removed]
        successors = {key: fate.successor if (fate := change.retirement(key)) else None for key in removed}
        assert _removed_in(body) == successors, release["version"]
        previous = release


# --- the policy itself ------------------------------------------------------------------------------


def _corpus(events: list[Any], version: str, retired: dict[str, Retirement] | None = None) -> dict[str, Any]:
    import pyarrow.parquet as pq

    data = pq.ParquetFile(pa.BufferReader(table_bytes("events", tuple(events)))).read()
    return snapshot({"events": data}, version, retired=retired)


@pytest.fixture(scope="module")
def base() -> list[Any]:
    return list(bdc.events())


def test_removing_an_id_needs_a_major_bump(base: list[Any]) -> None:
    retired = {base[0].id: Retirement("2.0.0", None, "a test removes it")}
    old, new = _corpus(base, "1.2.3"), _corpus(base[1:], "1.3.0", retired)
    problems = policy_problems(diff(old, new))
    assert problems and "needs major" in problems[0] and base[0].id in problems[0]
    assert policy_problems(diff(old, _corpus(base[1:], "2.0.0", retired))) == []
    # Below 1.0.0 the MINOR number is the breaking one (docs/versioning.md); the id is listed as retired either way.
    below_one = {base[0].id: Retirement("0.2.0", None, "a test removes it")}
    assert policy_problems(diff(_corpus(base, "0.1.0"), _corpus(base[1:], "0.2.0", below_one))) == []
    assert "needs major" in policy_problems(diff(_corpus(base, "0.1.0"), _corpus(base[1:], "0.1.1", below_one)))[0]
    unlisted = policy_problems(diff(old, _corpus(base[1:], "2.0.0")))
    assert unlisted == [f"events: {base[0].id} removed without being listed in seeds/curated/retired.toml"]


def test_adding_needs_minor_and_correcting_needs_patch(base: list[Any]) -> None:
    import attrs

    old = _corpus(base[1:], "1.2.3")
    assert "needs minor" in policy_problems(diff(old, _corpus(base, "1.2.4")))[0]
    assert policy_problems(diff(old, _corpus(base, "1.3.0"))) == []
    corrected = [attrs.evolve(base[1], note="corrected"), *base[2:]]
    change = diff(old, _corpus(corrected, "1.2.4"))
    assert change.required_bump() == "patch" and policy_problems(change) == []
    assert change.table("events").changed == ((base[1].id, ("note",)),)


def test_changed_data_without_a_new_version_is_refused(base: list[Any]) -> None:
    import attrs

    old = _corpus(base, "0.1.0")
    changed = _corpus([attrs.evolve(base[0], name_en="x"), *base[1:]], "0.1.0")
    assert policy_problems(diff(old, changed)) == ["the data changed (patch-level) but the version is still 0.1.0"]
    assert "does not come after" in policy_problems(diff(old, _corpus(base, "0.0.9")))[0]


def _unique(items: list[Any]) -> list[Any]:
    return list({item.id: item for item in items}.values())


@settings(max_examples=40, deadline=None)
@given(
    old=st.lists(records("events"), max_size=6).map(_unique),
    extra=st.lists(records("events"), max_size=4).map(_unique),
    data=st.data(),
)
def test_diff_finds_exactly_the_added_removed_and_changed_ids(
    old: list[Any], extra: list[Any], data: st.DataObject
) -> None:
    import attrs

    kept = [r for r in old if data.draw(st.booleans())]
    edited = {r.id for r in kept if data.draw(st.booleans())}
    new = [attrs.evolve(r, name_en=r.name_en + "!") if r.id in edited else r for r in kept]
    added = [r for r in extra if r.id not in {o.id for o in old}]
    change = diff(_corpus(old, "1.0.0"), _corpus(new + added, "1.0.0")).table("events")
    assert set(change.added) == {r.id for r in added}
    assert set(change.removed) == {r.id for r in old} - {r.id for r in kept}
    assert dict(change.changed) == {i: ("name_en",) for i in edited}


def test_diff_between_folders_and_the_installed_data(tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "release"
    shutil.copytree(data_dir, folder)
    raw = table_bytes("events", tuple(e for e in bdc.events() if e.id != "ev-gif-2019"))
    (folder / "events.parquet").write_bytes(raw)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["events"]["sha256"] = hashlib.sha256(raw).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    change = diff(folder)  # folder (old) -> installed (new)
    assert change.table("events").added == ("ev-gif-2019",)
    assert change.required_bump() == "minor"
    assert diff(folder / "manifest.json", folder) == diff(folder, folder) and not diff(folder, folder)
    with pytest.raises(bdc.InvalidArgumentError, match=r"no manifest\.json"):
        diff(tmp_path)
    (folder / "events.parquet").write_bytes(raw[:-1])  # now the folder's own manifest no longer vouches for it
    with pytest.raises(bdc.IntegrityError, match=r"events\.parquet differs from its folder's manifest\.json"):
        diff(folder)


@pytest.mark.parametrize(
    ("old", "error", "message"),
    [
        ("notadict", bdc.InvalidArgumentError, "old='notadict': cannot read a corpus there"),
        (5, bdc.InvalidTypeError, "old=5: expected a file path"),
        ({}, bdc.InvalidArgumentError, "old is not a corpus snapshot: its version is None"),
        ({"version": "1.0.0", "tables": []}, bdc.InvalidArgumentError, "its tables are [], not a mapping"),
        ({"version": "1.0.0", "tables": {"events": {"records": {"a": 1}}}}, bdc.InvalidArgumentError, "not a mapping"),
    ],
)
def test_diff_refuses_what_is_not_a_corpus(old: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        diff(old)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_diff_refuses_a_malformed_snapshot_file(tmp_path: Path) -> None:
    for text, message in (
        ("{", "not valid JSON"),
        ("[]", "expected a mapping, got list"),
        ('{"tables": {}}', "version"),
    ):
        path = tmp_path / "snapshot.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(bdc.InvalidArgumentError, match=message):
            diff(path)


def test_diff_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "binhduong_corpus", "diff", str(RELEASES[0])], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith(f"binhduong-corpus {RELEASES[0].stem} -> {bdc.__version__}")


# --- verify -----------------------------------------------------------------------------------------


def test_verify_reports_every_shipped_file() -> None:
    checks = bdc.verify()
    manifest = bdc.manifest()
    assert {c.file for c in checks} == {t["file"] for t in manifest["tables"].values()} | set(manifest["metadata"])
    assert all(c.ok for c in checks)


def test_verify_names_a_flipped_byte(damaged_install: Any, run_python: Any) -> None:
    def damage(data: Path) -> None:
        target = data / "awards.parquet"
        raw = bytearray(target.read_bytes())
        raw[100] ^= 0xFF
        target.write_bytes(bytes(raw))
        (data / "croissant.json").unlink()

    code = "import binhduong_corpus as b\nfor c in b.verify():\n    print(c.file, '|', c.problem)"
    result = run_python(code, pythonpath=damaged_install(damage))
    problems = dict(line.split(" | ") for line in result.stdout.splitlines())
    bad = {file: problem for file, problem in problems.items() if problem}
    assert set(bad) == {"awards.parquet", "croissant.json"}, result.stderr
    assert bad["awards.parquet"].startswith("has sha256 ") and bad["croissant.json"] == "file is missing"
