"""Retired record ids: the curated list and its refusals, retired.json, lookups, snapshots, diff and the policy.

An id is never reused (docs/versioning.md). Each refusal of ``retired.toml``
is shown on a private file with one entry, checked against a fixed set of
live ids, and names the file, the retired id (as the record) and the field.
Diffs and the version policy are shown on hand-made snapshots, so they hold
whatever the shipped data is; the lookups and the shipped file use the
installed data.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import string
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus._release import Retirement, diff, policy_problems, snapshot
from binhduong_corpus._store import retired_problem, retirements
from binhduong_corpus.build import data_section, read_curated
from binhduong_corpus.build._retired import Retired, read_retired, retired_json
from binhduong_corpus.cli import main
from binhduong_corpus.errors import BuildError
from binhduong_corpus.records import TABLE_OF_PREFIX

from .conftest import PACKAGE, ROOT, Runner

SEEDS = ROOT / "seeds"
SHIPPED = PACKAGE / "data" / "retired.json"

LAUNCH = "ev-smart-city-programme-launch-2016"
APPROVAL = "ev-smart-city-programme-approval-2016"

#: The live records the refusals are checked against.
LIVE = {"events": {"ev-kept", "ev-other"}, "partners": {"pt-icf"}, "sources": {"src-000"}}

MERGED = """
[[retired]]
id = "ev-gone"
release = "0.2.0"
successor = "ev-kept"
reason = "Told twice; merged."
"""


def write(tmp_path: Path, text: str) -> Path:
    """A seeds folder whose curated/retired.toml is ``text``; return the seeds folder."""
    curated = tmp_path / "seeds" / "curated"
    curated.mkdir(parents=True, exist_ok=True)
    (curated / "retired.toml").write_text(text, encoding="utf-8")
    return tmp_path / "seeds"


def edited(old: str, new: str) -> str:
    """MERGED with ``old`` (which occurs once) replaced, so each refusal breaks exactly what it says."""
    assert MERGED.count(old) == 1, old
    return MERGED.replace(old, new)


def refusal(tmp_path: Path, text: str) -> BuildError:
    seeds = write(tmp_path, text)
    with pytest.raises(BuildError) as info:
        read_retired(seeds, LIVE)
    assert info.value.file == str(seeds / "curated" / "retired.toml")
    return info.value


# --- the curated list ------------------------------------------------------------------------------------


def test_an_entry_reads_as_a_retired_id(tmp_path: Path) -> None:
    removed = MERGED.replace("ev-gone", "ev-dropped").replace('successor = "ev-kept"\n', "")
    retired = read_retired(write(tmp_path, removed + MERGED), LIVE)
    assert retired == (
        Retired("ev-dropped", "0.2.0", None, "Told twice; merged."),
        Retired("ev-gone", "0.2.0", "ev-kept", "Told twice; merged."),
    )  # sorted by id: the file's order is the curators'


def test_an_empty_list_is_none_retired(tmp_path: Path) -> None:
    assert read_retired(write(tmp_path, "# nothing retired yet\n"), LIVE) == ()


def test_the_curated_list_holds_the_merged_launch() -> None:
    (launch,) = read_retired(SEEDS)  # checked against the ids of the curated files as they stand
    assert launch == Retired(
        LAUNCH,
        "0.2.0",
        APPROVAL,
        "src-004 tells one milestone twice: the official start of the Smart City programme in 2016 and its "
        "official approval in November 2016; merged into the approval.",
    )


@pytest.mark.parametrize(
    ("text", "record_id", "field", "message"),
    [
        ('note = "x"\n' + MERGED, None, None, "unexpected top-level keys ['note']; only [[retired]] entries belong"),
        ("retired = 5\n", None, "retired", "expected an array of tables, each headed [[retired]]; got int 5"),
        ("retired = [1]\n", None, "retired", "[[retired]] entry 1: expected a table, got int 1"),
        (edited('id = "ev-gone"\n', ""), None, "id", "required field is missing ([[retired]] entry 1)"),
        (edited('"ev-gone"', "5"), None, "id", "expected string, got int 5"),
        (edited('"ev-gone"', '"EV-Gone"'), None, "id", "'EV-Gone' is not a record id: a table prefix ('src-', "),
        (edited('"ev-gone"', '"xx-gone"'), None, "id", "'xx-gone' is not a record id"),
        (edited('"ev-gone"', '"ev-gone-"'), None, "id", "lowercase ASCII words, hyphenated"),
        (
            edited('release = "0.2.0"', 'relase = "0.2.0"'),
            "ev-gone",
            "relase",
            "unknown field; valid fields are ['id', 'release', 'successor', 'reason']",
        ),
        (MERGED + MERGED, "ev-gone", "id", "duplicate retired id; list each id once"),
        (
            edited('"ev-gone"', '"ev-other"'),
            "ev-other",
            "id",
            "'ev-other' is still a live record in events; remove the record from events.toml to retire it",
        ),
        (
            edited('id = "ev-gone"\nrelease = "0.2.0"\nsuccessor = "ev-kept"', 'id = "pt-icf"\nrelease = "0.2.0"'),
            "pt-icf",
            "id",
            "'pt-icf' is still a live record in partners",
        ),
        (edited('release = "0.2.0"\n', ""), "ev-gone", "release", "required field is missing: the version that"),
        (edited('"0.2.0"', "0.2"), "ev-gone", "release", "expected string, got float 0.2"),
        (edited('"0.2.0"', '"0.2"'), "ev-gone", "release", "'0.2' is not a version: give MAJOR.MINOR.PATCH"),
        (edited('"0.2.0"', '"v0.2.0"'), "ev-gone", "release", "'v0.2.0' is not a version"),
        (edited('"0.2.0"', '"00.2.0"'), "ev-gone", "release", "'00.2.0' is not a version"),
        (edited('"ev-kept"', "1"), "ev-gone", "successor", "expected string, got int 1"),
        (edited('"ev-kept"', '"ev kept"'), "ev-gone", "successor", "'ev kept' is not a record id"),
        (
            edited('"ev-kept"', '"pt-icf"'),
            "ev-gone",
            "successor",
            "successor 'pt-icf' is a record of partners; a record merges into one of its own table: events ('ev-')",
        ),
        (
            edited('"ev-kept"', '"ev-kep"'),
            "ev-gone",
            "successor",
            "successor 'ev-kep' is no live record of events; a successor must be a record that ships; "
            "did you mean 'ev-kept'?",
        ),
        (edited('"ev-kept"', '"ev-gone"'), "ev-gone", "successor", "successor 'ev-gone' is no live record of events"),
        (edited('reason = "Told twice; merged."\n', ""), "ev-gone", "reason", "required field is missing: say in"),
        (edited('"Told twice; merged."', "[]"), "ev-gone", "reason", "expected string, got list []"),
        (edited('"Told twice; merged."', '""'), "ev-gone", "reason", "empty or padded string ''; give one line"),
        (edited('"Told twice; merged."', '" Told twice."'), "ev-gone", "reason", "empty or padded string"),
        (
            edited('"Told twice; merged."', '"Told twice.\\nMerged."'),
            "ev-gone",
            "reason",
            "control character U+000A at index 11 of 'Told twice.\\nMerged.'; a reason is one line of plain text",
        ),
        (edited('"Told twice; merged."', '"Told\\ttwice."'), "ev-gone", "reason", "control character U+0009 at"),
        (
            edited('"Told twice; merged."', '"Told twice.\\u2028Merged."'),
            "ev-gone",
            "reason",
            "line separator U+2028 at index 11 of 'Told twice.\\u2028Merged.'; a reason is one line of plain text",
        ),
    ],
)
def test_each_refusal_names_what_is_wrong(
    tmp_path: Path, text: str, record_id: str | None, field: str | None, message: str
) -> None:
    error = refusal(tmp_path, text)
    assert (error.record_id, error.field) == (record_id, field)
    assert message in str(error)


def test_a_missing_or_broken_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "seeds" / "curated").mkdir(parents=True)
    with pytest.raises(BuildError, match="curated file is missing"):
        read_retired(tmp_path / "seeds", LIVE)
    assert "invalid TOML" in str(refusal(tmp_path, "[[retired]\n"))


def test_the_build_refuses_a_retired_id_that_is_still_live(tmp_path: Path) -> None:
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    path = seeds / "curated" / "retired.toml"
    path.write_text('[[retired]]\nid = "pt-icf"\nrelease = "0.2.0"\nreason = "Gone."\n', encoding="utf-8")
    with pytest.raises(BuildError) as info:
        read_curated(seeds)
    assert (info.value.file, info.value.record_id, info.value.field) == (str(path), "pt-icf", "id")
    assert "'pt-icf' is still a live record in partners" in str(info.value)


# --- retired.json ----------------------------------------------------------------------------------------


def test_the_shipped_file_is_the_curated_list() -> None:
    assert SHIPPED.read_bytes() == retired_json(read_retired(SEEDS))
    assert dict(bdc.manifest()["metadata"]["retired.json"]) == {
        "bytes": SHIPPED.stat().st_size,
        "sha256": hashlib.sha256(SHIPPED.read_bytes()).hexdigest(),
    }


_WORD = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)
_ID = st.builds(
    lambda prefix, words: prefix + "-".join(words),
    st.sampled_from(sorted(TABLE_OF_PREFIX)),
    st.lists(_WORD, min_size=1, max_size=3),
).filter(lambda i: not i.endswith("-live-record"))
_REASON = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda text: text == text.strip()
)
_RELEASE = st.builds(lambda *parts: ".".join(map(str, parts)), *[st.integers(0, 30)] * 3)
#: One live record per table, the successor a merged id may name.
_SUCCESSORS = {prefix: f"{prefix}live-record" for prefix in TABLE_OF_PREFIX}
_LIVE = {table: {_SUCCESSORS[prefix]} for prefix, table in TABLE_OF_PREFIX.items()}


@st.composite
def retired_lists(draw: st.DrawFn) -> list[Retired]:
    ids = draw(st.lists(_ID, max_size=6, unique=True))
    return [
        Retired(
            record_id,
            draw(_RELEASE),
            _SUCCESSORS[record_id.partition("-")[0] + "-"] if draw(st.booleans()) else None,
            draw(_REASON),
        )
        for record_id in ids
    ]


def _toml(retired: list[Retired]) -> str:
    """The entries as a curator writes them (JSON strings are TOML basic strings for this text)."""
    lines = []
    for one in retired:
        lines += ["[[retired]]", f"id = {json.dumps(one.id)}", f"release = {json.dumps(one.release)}"]
        lines += [f"successor = {json.dumps(one.successor)}"] if one.successor else []
        lines += [f"reason = {json.dumps(one.reason, ensure_ascii=False)}", ""]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(retired=retired_lists(), order=st.randoms(use_true_random=False))
def test_retired_json_is_deterministic_and_reads_back(
    retired: list[Retired], order: Any, tmp_path_factory: Any
) -> None:
    shuffled = list(retired)
    order.shuffle(shuffled)
    seeds = write(tmp_path_factory.mktemp("retired"), _toml(shuffled))
    assert len(tomllib.loads(_toml(shuffled)).get("retired", [])) == len(retired)  # the generated file is TOML
    read = read_retired(seeds, _LIVE)
    assert read == tuple(sorted(retired, key=lambda one: one.id))
    raw = retired_json(read)
    assert raw == retired_json(tuple(shuffled))  # the file's order changes no byte
    data = json.loads(raw)
    assert retired_problem(data) == ""
    assert retirements(data) == {one.id: Retirement(one.release, one.successor, one.reason) for one in retired}
    # A snapshot carries the same list, and a snapshot read back gives it again.
    recorded = snapshot({}, "1.0.0", retired=retirements(data))
    assert recorded["retired"] == data and retired_problem(json.loads(json.dumps(recorded["retired"]))) == ""


# --- the store and lookups -----------------------------------------------------------------------------------


def test_the_store_gives_the_retired_ids_read_only() -> None:
    from binhduong_corpus import _store

    retired = _store.retired()
    assert retired[LAUNCH] == Retirement("0.2.0", APPROVAL, retired[LAUNCH].reason)
    assert retired[LAUNCH].reason.startswith("src-004 tells one milestone twice")
    with pytest.raises(TypeError):
        retired["ev-x"] = retired[LAUNCH]  # type: ignore[index]
    assert _store.retired() is retired  # cached like the vocabulary


def test_get_of_a_merged_id_names_its_successor() -> None:
    with pytest.raises(bdc.UnknownRecordError) as info:
        bdc.get(LAUNCH)
    message = str(info.value)
    assert message.startswith(
        f"no record has id {LAUNCH!r} any more; it was retired in 0.2.0: merged into {APPROVAL} ("
    )
    assert message.endswith(
        "(src-004 tells one milestone twice: the official start of the Smart City programme in "
        "2016 and its official approval in November 2016; merged into the approval.)"
    )
    assert (info.value.successor, info.value.retired_in) == (APPROVAL, "0.2.0")
    assert bdc.get(info.value.successor).id == APPROVAL
    with pytest.raises(bdc.UnknownRecordError, match="merged into"):
        bdc.related(LAUNCH)


def test_an_id_that_was_never_a_records_is_no_retired_one() -> None:
    with pytest.raises(bdc.UnknownRecordError) as info:
        bdc.get("ev-never-was")
    assert "retired" not in str(info.value) and (info.value.successor, info.value.retired_in) == (None, None)


@pytest.mark.parametrize("command", ["show", "related"])
def test_the_command_line_prints_what_became_of_an_id(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, LAUNCH]) == 1
    err = capsys.readouterr().err
    assert err.startswith("binhduong-corpus: no record has id") and err.count("\n") == 1
    assert f"retired in 0.2.0: merged into {APPROVAL}" in err


def _listed(data: Path, retired: dict[str, Any]) -> None:
    """Write ``retired`` as the folder's retired.json, with the manifest vouching for it."""
    raw = json.dumps(retired).encode("utf-8")
    (data / "retired.json").write_bytes(raw)
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    manifest["metadata"]["retired.json"] = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    (data / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_get_of_a_removed_id_says_so(damaged_install: Any, run_python: Runner) -> None:
    removed = {"pt-gone": {"release": "0.3.0", "successor": None, "reason": "No source names it."}}
    site = damaged_install(lambda data: _listed(data, removed))
    code = (
        "import binhduong_corpus as b\ntry:\n    b.get('pt-gone')\nexcept b.UnknownRecordError as e:\n"
        "    print(e, '|', e.successor, '|', e.retired_in)"
    )
    result = run_python(code, pythonpath=site)
    assert result.stdout.strip() == (
        "no record has id 'pt-gone' any more; it was retired in 0.3.0: removed (No source names it.) | None | 0.3.0"
    ), result.stderr


def test_a_malformed_retired_json_is_refused(damaged_install: Any, run_python: Runner) -> None:
    site = damaged_install(lambda data: _listed(data, {"pt-gone": {"release": "0.3.0"}}))
    code = "import binhduong_corpus as b\ntry:\n    b.get('pt-gone')\nexcept b.IntegrityError as e:\n    print(e)"
    out = run_python(code, pythonpath=site).stdout
    assert out.startswith("retired.json is malformed: 'pt-gone' is {'release': '0.3.0'}, not an object of release")


# --- snapshots and diff ------------------------------------------------------------------------------------

REASON = "src-004 tells one milestone twice"


def corpus(version: str, ids: list[str], retired: dict[str, Any] | None = None) -> dict[str, Any]:
    """A snapshot of one events table with these ids; without ``retired``, one from before ids were retired."""
    records = {key: {"id": hashlib.sha256(key.encode()).hexdigest()[:12]} for key in ids}
    out: dict[str, Any] = {"version": version, "tables": {"events": {"columns": {"id": "string"}, "records": records}}}
    if retired is not None:
        out["retired"] = retired
    return out


def merged(release: str = "0.2.0") -> dict[str, Any]:
    return {"ev-x": {"release": release, "successor": "ev-y", "reason": REASON}}


def test_diff_says_what_became_of_each_removed_id() -> None:
    retired = {**merged(), "ev-z": {"release": "0.2.0", "successor": None, "reason": "No source says it."}}
    change = diff(corpus("0.1.0", ["ev-w", "ev-x", "ev-y", "ev-z"]), corpus("0.2.0", ["ev-y"], retired))
    assert str(change).splitlines() == [
        "binhduong-corpus 0.1.0 -> 0.2.0: major (a MINOR bump below 1.0.0)",
        "events:",
        "  - ev-w (removed without being listed in seeds/curated/retired.toml)",
        f"  - ev-x (merged into ev-y: {REASON})",
        "  - ev-z (removed: No source says it.)",
    ]
    events = change.table("events")
    assert events.retirement("ev-x") == change.retirement("ev-x") == Retirement("0.2.0", "ev-y", REASON)
    assert change.retirement("ev-w") is None and change.unlisted == events.unlisted == ("ev-w",)
    assert policy_problems(change) == ["events: ev-w removed without being listed in seeds/curated/retired.toml"]


def test_the_changelog_lists_a_removed_id_with_its_successor() -> None:
    retired = {**merged(), "ev-z": {"release": "0.2.0", "successor": None, "reason": "No source says it."}}
    section = data_section(
        diff(corpus("0.1.0", ["ev-a", "ev-x", "ev-y", "ev-z"]), corpus("0.2.0", ["ev-a", "ev-y", "ev-b"], retired))
    )
    assert section == (
        "### Data\n\n"
        "- Added: 1 record(s):\n"
        "  - events: `ev-b`\n"
        "- Changed: 0 record(s).\n"
        "- Removed: 2 record(s):\n"
        f"  - events: `ev-x` (merged into `ev-y`: {REASON})\n"
        "  - events: `ev-z` (removed: No source says it.)\n"
    )


def test_a_snapshot_from_before_ids_were_retired_reads_as_none_retired() -> None:
    first = ROOT / "releases" / "0.1.0.json"
    assert "retired" not in json.loads(first.read_text(encoding="utf-8"))  # recorded before; never edited
    assert not diff(first, first)
    change = diff(corpus("0.1.0", ["ev-x", "ev-y"]), corpus("0.2.0", ["ev-y"]))
    assert change.unlisted == ("ev-x",) and change.retirement("ev-x") is None
    assert snapshot({}, "0.2.0")["retired"] == {}


def test_a_snapshot_with_malformed_retired_ids_is_refused() -> None:
    with pytest.raises(bdc.InvalidArgumentError, match=r"new is not a corpus snapshot: its retired ids are malformed"):
        diff(corpus("0.1.0", ["ev-x"]), corpus("0.2.0", [], {"ev-x": {"release": "0.2.0", "successor": 5}}))


def test_a_folder_snapshot_takes_its_retired_json(tmp_path: Path, data_dir: Path) -> None:
    folder = Path(shutil.copytree(data_dir, tmp_path / "release"))
    tables = {name: bdc.load_table(name) for name in bdc.table_names()}
    before = snapshot(tables, "0.1.0")
    before["tables"]["events"]["records"][LAUNCH] = {"id": "0" * 12}  # as a release that still had it
    change = diff(before, folder)
    assert change.table("events").removed == (LAUNCH,)
    assert change.retirement(LAUNCH) == Retirement("0.2.0", APPROVAL, change.retirement(LAUNCH).reason)  # type: ignore[union-attr]
    (folder / "retired.json").write_text("{}\n", encoding="utf-8")  # no longer what the folder's manifest vouches for
    with pytest.raises(bdc.IntegrityError, match=r"retired\.json differs from its folder's manifest\.json"):
        diff(before, folder)


# --- the version policy below and above 1.0.0 ----------------------------------------------------------------


def test_below_one_a_minor_bump_may_retire_an_id() -> None:
    assert policy_problems(diff(corpus("0.1.0", ["ev-x", "ev-y"]), corpus("0.2.0", ["ev-y"], merged()))) == []
    across = diff(corpus("0.1.0", ["ev-x", "ev-y"]), corpus("0.3.0", ["ev-y"], merged()))
    assert policy_problems(across) == []  # retired in 0.2.0, between the two


def test_below_one_a_patch_bump_may_not() -> None:
    problems = policy_problems(diff(corpus("0.1.0", ["ev-x", "ev-y"]), corpus("0.1.1", ["ev-y"], merged("0.1.1"))))
    assert problems == [
        "0.1.0 -> 0.1.1 is a patch bump, but the change needs major (removed: events: ev-x); "
        "below 1.0.0 a MINOR bump (0.y -> 0.(y+1)) is enough"
    ]
    added = diff(corpus("0.1.0", ["ev-y"]), corpus("0.1.1", ["ev-x", "ev-y"]))
    assert policy_problems(added) == ["0.1.0 -> 0.1.1 is a patch bump, but the change needs minor"]


def test_from_one_a_removal_needs_a_major_bump() -> None:
    problems = policy_problems(diff(corpus("1.0.0", ["ev-x", "ev-y"]), corpus("1.1.0", ["ev-y"], merged("1.1.0"))))
    assert problems == ["1.0.0 -> 1.1.0 is a minor bump, but the change needs major (removed: events: ev-x)"]
    major = diff(corpus("1.0.0", ["ev-x", "ev-y"]), corpus("2.0.0", ["ev-y"], merged("2.0.0")))
    assert policy_problems(major) == [] and str(major).splitlines()[0] == "binhduong-corpus 1.0.0 -> 2.0.0: major"


def test_an_unlisted_removal_is_refused_whatever_the_bump() -> None:
    for new in ("0.2.0", "1.0.0"):
        problems = policy_problems(diff(corpus("0.1.0", ["ev-x", "ev-y"]), corpus(new, ["ev-y"], {})))
        assert problems == ["events: ev-x removed without being listed in seeds/curated/retired.toml"], new


def test_a_retirement_in_another_release_is_refused() -> None:
    problems = policy_problems(diff(corpus("0.2.0", ["ev-x", "ev-y"]), corpus("0.3.0", ["ev-y"], merged("0.2.0"))))
    assert problems == ["events: ev-x is listed as retired in '0.2.0', but it was removed between 0.2.0 and 0.3.0"]
