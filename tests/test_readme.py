"""The README's example runs, its two commands are the ones CI and make use, and the CLI works."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import binhduong_corpus as bdc
from binhduong_corpus.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[str]:
    assert "<!-- readme-example: a test runs the Python blocks of this file -->\n```python\n" in README, (
        "README lost its example"
    )
    return re.findall(r"^```python\n(.*?)^```", README, re.MULTILINE | re.DOTALL)


def test_readme_examples_run() -> None:
    out = io.StringIO()
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        for number, block in enumerate(_examples(), 1):
            exec(compile(block, f"README.md block {number}", "exec"), namespace)
    printed = out.getvalue()
    assert bdc.__version__ in printed
    assert "16 2019-10-21/2019-10-22" in printed
    assert "Daejeon Metropolitan City" in printed


def test_readme_commands_are_the_make_targets_ci_runs() -> None:
    commands = re.findall(r"^(make \w+)\s+#", README, re.MULTILINE)
    assert commands[:2] == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_make_run_sets_up_a_fresh_environment_and_prints_the_corpus(tmp_path: Path) -> None:
    """The README's first command, for real: a new virtual environment, a real install from this checkout."""
    base_python = getattr(sys, "_base_executable", sys.executable)
    proc = subprocess.run(
        ["make", "--no-print-directory", "run", f"VENV={tmp_path / 'venv'}", f"PYTHON={base_python}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"binhduong-corpus {bdc.__version__}" in proc.stdout
    assert "Timeline of events and awards" in proc.stdout


def test_summary_shows_version_tables_timeline_and_sources() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "binhduong_corpus"], capture_output=True, text=True, check=True, encoding="utf-8"
    ).stdout
    assert out.startswith(f"binhduong-corpus {bdc.__version__}")
    for name, info in bdc.manifest()["tables"].items():
        assert re.search(rf"^  {name}\s+{info['rows']} rows$", out, re.MULTILINE), name
    timeline = out[out.index("Timeline") : out.index("Sources")]
    dates = re.findall(r"^  (\d{4})", timeline, re.MULTILINE)
    assert dates == sorted(dates) and len(dates) == len(bdc.events()) + len(bdc.awards())
    assert "[ev-wta-general-assembly-2018]" in timeline
    assert "http://www.baohaiquan.vn/" in out[out.index("Sources") :]


def test_show_prints_record_and_evidence() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["show", "pt-eindhoven"]) == 0
    text = out.getvalue()
    assert '"relationship": "sister_locality"' in text
    assert "src-004[" in text and "Einhoven" in text


def test_show_unknown_id_fails_with_suggestion() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "binhduong_corpus", "show", "pt-eindhoven-nl"], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "did you mean 'pt-eindhoven'" in proc.stderr


def test_export_formats(tmp_path: Path) -> None:
    import csv
    import json

    import pyarrow.parquet as pq

    from binhduong_corpus._fileform import decode

    for fmt in ("csv", "jsonl", "parquet"):
        target = tmp_path / f"events.{fmt}"
        assert main(["export", "events", "--format", fmt, "-o", str(target)]) == 0
    rows = list(csv.DictReader((tmp_path / "events.csv").open(encoding="utf-8")))
    assert len(rows) == len(bdc.events())
    meetings = next(r for r in rows if r["id"] == "ev-korea-business-meetings-2019")
    assert json.loads(meetings["participant_ids"]) == list(bdc.get(meetings["id"]).participant_ids)
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["id"] == bdc.events()[0].id
    exported = pq.ParquetFile(tmp_path / "events.parquet").read()
    assert exported.equals(pq.ParquetFile(bdc.data_files()["events"]).read())  # the shipped files' form
    assert decode(exported).equals(bdc.load_table("events"))


def test_export_refuses_to_replace_a_file_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "events.csv"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["export", "events", "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert main(["export", "events", "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith('"id"')


def test_export_that_fails_midway_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from binhduong_corpus import _files
    from binhduong_corpus._export import export_table

    target = tmp_path / "events.jsonl"
    target.write_text("mine\n", encoding="utf-8")

    def disk_full(fd: int, data: bytes) -> None:
        import errno
        import os

        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_files, "_write_all", disk_full)
    with pytest.raises(bdc.CorpusError, match="No space left on device"):
        export_table("events", "jsonl", target, overwrite=True)
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]  # no temporary file left


def test_export_replaces_a_symlink_not_the_file_it_points_to(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "events.csv"
    link.symlink_to(precious)
    assert main(["export", "events", "-o", str(link)]) == 2  # exists: refused
    assert main(["export", "events", "-o", str(link), "--force"]) == 0
    assert precious.read_text(encoding="utf-8") == "keep\n" and not link.is_symlink()


def test_export_into_a_missing_folder_is_refused_without_creating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "events.csv"
    assert main(["export", "events", "-o", str(target)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
