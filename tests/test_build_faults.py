"""A build that fails while writing leaves the previous files whole.

Each test works on a copy: the repository's seeds/, docs/, CITATION.cff and
releases/, and a copy of the package with its data. The copy is built once
(the previous data), then a curated note is changed so that the next build's
bytes differ; otherwise "the old data is whole" would prove nothing. That
build is then made to fail: a file-size limit (EFBIG), an exception at each
staged file or halfway through one, a SIGKILL. Afterwards every output must
hold its previous bytes, no temporary file may be left (after the next build
at least), the copy must verify and load, and a rebuild must bring it up to
date.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from binhduong_corpus import _files
from binhduong_corpus._version import __version__
from binhduong_corpus.build import build, main, read_curated
from binhduong_corpus.build._outputs import outputs
from binhduong_corpus.errors import WriteError

from .conftest import ROOT, Runner

TEMP = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
OLD_NOTE = "as for the other bylines."
NEW_NOTE = "as for the other bylines (revised)."

VERIFY_AND_LOAD = """
import binhduong_corpus as b
bad = [(c.file, c.problem) for c in b.verify() if not c.ok]
assert not bad, bad
print(sum(b.load_table(name).num_rows for name in b.table_names()))
"""


@dataclass(frozen=True)
class Copy:
    """A copy of the repository's inputs and of the package, for one test to break."""

    root: Path  # seeds/, docs/, CITATION.cff, releases/
    site: Path  # the PYTHONPATH entry holding binhduong_corpus/

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def package(self) -> Path:
        return self.site / "binhduong_corpus"

    @property
    def data(self) -> Path:
        return self.package / "data"

    def args(self, *mode: str) -> list[str]:
        folders = {"--seeds": self.seeds, "--out": self.data, "--docs": self.root / "docs", "--root": self.root}
        return [*(f"{flag}={path}" for flag, path in folders.items()), f"--releases={self.root / 'releases'}", *mode]

    def folders(self) -> tuple[Path, ...]:
        """Every folder the build writes into."""
        return (self.data, self.package, self.root / "docs", self.root)

    def files(self) -> dict[str, bytes]:
        """The bytes of every file in the folders the build writes into, temporary files included."""
        return {
            str(path.relative_to(self.site.parent)): path.read_bytes()
            for folder in self.folders()
            for path in sorted(folder.iterdir())
            if path.is_file()
        }

    def temporaries(self) -> list[str]:
        return sorted(path.name for folder in self.folders() for path in folder.iterdir() if TEMP.fullmatch(path.name))

    def new_bytes(self) -> dict[Path, bytes]:
        """What a build of the current seeds writes, in the order it stages the files."""
        files, _ = outputs(read_curated(self.seeds), self.data, self.root / "docs", self.root)
        return files

    def targets(self) -> list[Path]:
        return list(self.new_bytes())


@pytest.fixture
def repo(tmp_path: Path, package_copy: Path) -> Copy:
    """A copy whose data is built from its seeds, with a note then changed in those seeds."""
    root = tmp_path / "repo"
    for name in ("seeds", "docs", "releases"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy2(ROOT / "CITATION.cff", root / "CITATION.cff")
    copy = Copy(root, package_copy)
    assert main(copy.args()) == 0
    people = copy.seeds / "curated" / "people.toml"
    text = people.read_text(encoding="utf-8")
    assert text.count(OLD_NOTE) == 1
    people.write_text(text.replace(OLD_NOTE, NEW_NOTE), encoding="utf-8")
    return copy


def assert_verifies_and_loads(copy: Copy, run_python: Runner) -> None:
    proc = run_python(VERIFY_AND_LOAD, pythonpath=copy.site)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 0


def assert_rebuild_is_up_to_date(copy: Copy, before: dict[str, bytes]) -> None:
    assert main(copy.args()) == 0
    assert main(copy.args("--check")) == 0
    assert copy.temporaries() == []
    assert copy.files() != before, "the changed note must have changed the data"


def assert_one_line_failure(stderr: str, targets: list[Path]) -> None:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    assert stderr.startswith("binhduong_corpus.build: failed: could not write "), stderr
    assert any(f"could not write {target}:" in stderr for target in targets), stderr
    assert stderr.rstrip().endswith("no file was replaced; the previous files were left as they were"), stderr


def test_the_changed_note_changes_some_outputs_but_not_all(repo: Copy) -> None:
    # The faults below would prove little if the new build wrote the same bytes, or if nothing stayed the same.
    changed = {path.name for path, data in repo.new_bytes().items() if path.read_bytes() != data}
    assert changed == {"people.parquet", "datapackage.json", "croissant.json", "manifest.json"}


# --- a) a file-size limit -----------------------------------------------------------------------------


def _build_with_file_size_limit(copy: Copy, limit: int) -> subprocess.CompletedProcess[str]:
    resource = pytest.importorskip("resource")

    def limit_file_size() -> None:
        # Ignored, SIGXFSZ would kill the process; a write past the limit then fails with EFBIG instead.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy.site), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "binhduong_corpus.build", *copy.args()],
        capture_output=True,
        text=True,
        env=env,
        cwd=copy.root,
        preexec_fn=limit_file_size,
        timeout=120,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_a_file_size_limit_leaves_the_previous_files(repo: Copy, run_python: Runner) -> None:
    before = repo.files()
    new = repo.new_bytes()
    sizes = sorted(len(data) for data in new.values())
    # From below every file to just below the largest, so each limit stops a different write.
    limits = sorted({300, sizes[0], sizes[len(sizes) // 2], sizes[-1] - 1})
    for limit in limits:
        proc = _build_with_file_size_limit(repo, limit)
        assert proc.returncode == 1, (limit, proc.stdout, proc.stderr)
        assert "File too large" in proc.stderr
        first_too_large = next(path for path, data in new.items() if len(data) > limit)
        assert_one_line_failure(proc.stderr, [first_too_large])
        assert repo.files() == before, limit
    assert_verifies_and_loads(repo, run_python)
    assert_rebuild_is_up_to_date(repo, before)


# --- b) an exception midway -------------------------------------------------------------------------------


def _fail_at(k: int, how: Callable[[int, bytes], None]) -> Callable[[int, bytes], None]:
    """A replacement for the staging write that runs ``how`` instead on the k-th file."""
    write, calls = _files._write_all, 0

    def write_all(fd: int, data: bytes) -> None:
        nonlocal calls
        calls += 1
        (how if calls == k else write)(fd, data)

    return write_all


def _disk_full(fd: int, data: bytes) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _halfway(fd: int, data: bytes) -> None:
    os.write(fd, data[: len(data) // 2])
    raise RuntimeError("injected halfway through the file")


@pytest.mark.parametrize("how", [_disk_full, _halfway], ids=["disk-full", "halfway"])
def test_an_exception_at_any_staged_file_leaves_the_previous_files(
    repo: Copy,
    how: Callable[[int, bytes], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    run_python: Runner,
) -> None:
    before = repo.files()
    targets = repo.targets()
    # 7 tables, 3 descriptions, the vocabulary, the retired ids, the coverage, the lock, 6 docs, CITATION.cff,
    # the manifest
    assert len(targets) == 22
    for k, target in enumerate(targets, start=1):
        with monkeypatch.context() as patch:
            patch.setattr(_files, "_write_all", _fail_at(k, how))
            assert main(repo.args()) == 1, target
        err = capsys.readouterr().err
        assert_one_line_failure(err, [target])
        assert repo.files() == before, target
    assert_verifies_and_loads(repo, run_python)
    assert_rebuild_is_up_to_date(repo, before)


def test_the_error_names_the_file_and_keeps_its_cause(repo: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_files, "_write_all", _fail_at(2, _disk_full))
    with pytest.raises(WriteError) as caught:
        build(repo.seeds, repo.data, repo.root / "docs", repo.root)
    assert caught.value.path == repo.data / "events.parquet"
    assert isinstance(caught.value.__cause__, OSError) and caught.value.__cause__.errno == errno.ENOSPC
    assert "No space left on device" in str(caught.value)


def test_a_failed_replace_says_what_was_left(repo: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not a guarantee but its limit: after one move, the manifest still vouches for the old data.
    replace, calls = _files._replace, 0

    def replace_once(temp: Path, target: Path) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        replace(temp, target)

    monkeypatch.setattr(_files, "_replace", replace_once)
    with pytest.raises(WriteError, match=r"1 of 4 changed files were already replaced, but not manifest\.json"):
        build(repo.seeds, repo.data, repo.root / "docs", repo.root)
    assert repo.temporaries() == []
    monkeypatch.undo()
    assert main(repo.args()) == 0 and main(repo.args("--check")) == 0


# --- c) a killed build -------------------------------------------------------------------------------------

KILL = """
import os, signal, sys
from binhduong_corpus import _files
from binhduong_corpus.build import main
original, calls = _files.{name}, 0
def then_die(*args):
    global calls
    result = original(*args)
    calls += 1
    if calls == {k}:
        os.kill(os.getpid(), signal.SIGKILL)
    return result
_files.{name} = then_die
sys.exit(main({args!r}))
"""


def _without_temporaries(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not TEMP.fullmatch(Path(name).name)}


def _killed_build(copy: Copy, run_python: Runner, name: str, k: int) -> None:
    proc = run_python(KILL.format(name=name, k=k, args=copy.args()), pythonpath=copy.site)
    assert proc.returncode == -signal.SIGKILL, (proc.stdout, proc.stderr)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_build_killed_while_staging_leaves_the_previous_files(repo: Copy, run_python: Runner) -> None:
    before = repo.files()
    targets = repo.targets()
    for k in (1, 5, len(targets)):
        _killed_build(repo, run_python, "_stage", k)
        # The killed build's own temporaries stay; the previous one's were removed when it started.
        left = repo.temporaries()
        assert len(left) == k, left
        assert _without_temporaries(repo.files()) == before
    assert_verifies_and_loads(repo, run_python)
    assert_rebuild_is_up_to_date(repo, before)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_build_killed_between_two_moves_is_refused_until_rebuilt(repo: Copy, run_python: Runner) -> None:
    # The documented limit: one table new, the manifest old. The store must refuse that table, not load it.
    before = repo.files()
    _killed_build(repo, run_python, "_replace", 1)
    moved = [name for name, data in _without_temporaries(repo.files()).items() if before.get(name) != data]
    assert moved == ["site/binhduong_corpus/data/people.parquet"]
    proc = run_python(
        "import binhduong_corpus as b\n"
        "print(sorted(c.file for c in b.verify() if not c.ok))\n"
        "try:\n    b.load_table('people')\nexcept b.IntegrityError as exc:\n    print('refused:', exc)\n",
        pythonpath=repo.site,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("['people.parquet']\nrefused: "), proc.stdout
    assert_rebuild_is_up_to_date(repo, before)
    assert_verifies_and_loads(repo, run_python)


# --- the other writers: --locate and --release --------------------------------------------------------------


def test_locate_leaves_the_curated_files_whole_when_a_write_fails(
    repo: Copy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    curated = repo.seeds / "curated"
    for name, offsets in (("sources.toml", ", start = 0, end = 45 }"), ("people.toml", ", start = 2186, end = 2192 }")):
        text = (curated / name).read_text(encoding="utf-8")
        assert text.count(offsets) == 1
        (curated / name).write_text(text.replace(offsets, " }"), encoding="utf-8")
    before = {path.name: path.read_bytes() for path in curated.iterdir()}
    for k, how in ((1, _disk_full), (2, _halfway)):
        with monkeypatch.context() as patch:
            patch.setattr(_files, "_write_all", _fail_at(k, how))
            assert main(repo.args("--locate")) == 1
        assert_one_line_failure(capsys.readouterr().err, [curated / "sources.toml", curated / "people.toml"])
        assert {path.name: path.read_bytes() for path in curated.iterdir()} == before
    assert main(repo.args("--locate")) == 0
    assert capsys.readouterr().out == "located 2 quotes\n"
    assert (curated / "people.toml").read_text(encoding="utf-8").count(", start = 2186, end = 2192 }") == 1


def test_release_leaves_no_file_when_its_write_fails(
    repo: Copy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    releases = repo.root / "releases"
    current = releases / f"{__version__}.json"  # --release writes this version's snapshot only
    recorded = current.read_bytes()
    earlier = sorted(path for path in releases.iterdir() if path != current)
    current.unlink()
    for how in (_disk_full, _halfway):
        with monkeypatch.context() as patch:
            patch.setattr(_files, "_write_all", _fail_at(1, how))
            assert main(repo.args("--release")) == 1
        assert_one_line_failure(capsys.readouterr().err, [current])
        assert sorted(releases.iterdir()) == earlier
    # Unharmed, it writes the snapshot the repository recorded for the same data.
    assert main(repo.args("--release")) == 0
    assert current.read_bytes() == recorded
