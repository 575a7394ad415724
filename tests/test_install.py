"""The data ships: a built wheel, installed into a fresh environment, loads every table.

The fresh environment gets the wheel only (``--no-deps``); its dependencies
come from this environment's site-packages through a ``.pth`` file, which
keeps the test offline. A ``.pth`` line adds a plain path, so this
environment's own (editable) install of the package is not visible there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import binhduong_corpus as bdc

from .conftest import ROOT

CHECK = """
import sys, binhduong_corpus as b
from binhduong_corpus._layout import METADATA_FILES
assert 'site-packages' in b.__file__ and {root!r} not in b.__file__, b.__file__
for name in b.table_names():
    assert b.load_table(name).num_rows == b.manifest()['tables'][name]['rows']
    assert len(b.load_records(name)) == b.manifest()['tables'][name]['rows']
assert b.get('pt-icf').abbreviation == 'ICF'
assert all(check.ok for check in b.verify()) and len(b.verify()) == len(b.table_names()) + len(METADATA_FILES)
assert b.cite('cff').startswith('# Generated') and b.__version__ in b.cite('bibtex')
assert b.search('dai hoi dong')[0].record_id == 'ev-wta-general-assembly-2018'
assert b.events(country_code='KR', year=2019) and not b.diff(None)
docs = b.docs_path()
assert 'site-packages' in str(docs) and docs.name == 'docs' and docs.parent.name == 'binhduong_corpus', docs
assert (docs / 'data-dictionary.md').read_text(encoding='utf-8').startswith('# Data dictionary')
assert {{'data-dictionary.md', 'datasheet.md', 'vocabulary.md'}} <= set(b.docs_files())
assert 'Columns of the events table:' in b.Event.__doc__ and b.describe('event_partners').rows
print('ok', b.__version__)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("binhduong_corpus-*.whl")
    return built


def test_wheel_contains_data_and_typing_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for info in bdc.manifest()["tables"].values():
        assert f"binhduong_corpus/data/{info['file']}" in names
    for name in ("manifest.json", "datapackage.json", "croissant.json", "vocabulary.json", "retired.json"):
        assert f"binhduong_corpus/data/{name}" in names
    assert "binhduong_corpus/py.typed" in names
    shipped_docs = {n.removeprefix("binhduong_corpus/docs/") for n in names if n.startswith("binhduong_corpus/docs/")}
    assert shipped_docs == {path.name for path in (ROOT / "docs").glob("*.md")}  # the Markdown, nothing else
    assert not any(n.startswith(("seeds/", "tests/")) for n in names)


def test_wheel_installs_and_loads_every_table(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    Path(purelib, "_deps_from_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", CHECK.format(root=str(ROOT / "src"))],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {bdc.__version__}"
    script = subprocess.run(
        [str(venv / "bin" / "binhduong-corpus")], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert script.returncode == 0, script.stderr
    assert script.stdout.startswith(f"binhduong-corpus {bdc.__version__}")
