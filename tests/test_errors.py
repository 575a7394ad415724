"""docs/errors.md is true: every example in its tables raises the error (or exits with the status) it names."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import binhduong_corpus as bdc
from binhduong_corpus._export import export_table
from binhduong_corpus.cli import main

from .conftest import ROOT

DOC = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
PYTHON_ROWS = re.findall(r"^\|[^\n]*\| `((?:bdc\.|export_table)[^`]*)` \| `(\w+)` \|$", DOC, re.MULTILINE)
CLI_ROWS = re.findall(r"^\|[^\n]*\| `binhduong-corpus ([^`]*)` \| (\d) \|$", DOC, re.MULTILINE)


def test_the_tables_were_read() -> None:
    assert len(PYTHON_ROWS) >= 50 and len(CLI_ROWS) >= 12


@pytest.mark.parametrize(("example", "error"), PYTHON_ROWS, ids=[row[0] for row in PYTHON_ROWS])
def test_each_python_row(example: str, error: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "existing.csv").write_text("mine\n", encoding="utf-8")
    expected = getattr(bdc, error)
    with pytest.raises(expected) as info:
        eval(example, {"bdc": bdc, "export_table": export_table})
    assert type(info.value) is expected, f"{example} raised {type(info.value).__name__}, the doc says {error}"
    assert isinstance(info.value, bdc.CorpusError)
    assert (tmp_path / "existing.csv").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("command", "status"), CLI_ROWS, ids=[row[0] for row in CLI_ROWS])
def test_each_cli_row(
    command: str, status: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "existing.csv").write_text("mine\n", encoding="utf-8")
    assert main(shlex.split(command)) == int(status)
    err = capsys.readouterr().err
    assert (err == "") if status == "0" else (err.count("\n") == 1 and err.startswith("binhduong-corpus: "))


def test_every_error_class_is_in_the_hierarchy_table() -> None:
    for name in bdc.errors.__all__:
        assert f"| `{name}` |" in DOC or name == "CorpusError", name
