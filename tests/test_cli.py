"""One command-line convention: exit 0 on success, 1 on a failure, 2 on a usage error; one line on stderr."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import binhduong_corpus as bdc
from binhduong_corpus.cli import main

CASES = [
    # (arguments, exit status, what stderr must say)
    (["--version"], 0, ""),
    (["--help"], 0, ""),
    (["show", "pt-icf"], 0, ""),
    (["verify"], 0, ""),
    (["show", "pt-icff"], 1, "no record has id 'pt-icff'; did you mean 'pt-icf'"),
    (["related", "pt-nope"], 1, "no record has id 'pt-nope'"),
    (["related", "nope"], 2, "record_id='nope' is not a record id"),
    (["--no-such-option"], 2, "usage error: unrecognized arguments: --no-such-option"),
    (["show"], 2, "show needs a record id, such as pt-icf"),
    (["frobnicate"], 2, "usage error: argument command: invalid choice: 'frobnicate'"),
    (["search", "wta", "--table", "evidence"], 2, "invalid choice: 'evidence'"),
    (["search", "wta", "--limit", "many"], 2, "invalid int value: 'many'"),
    (["cite", "--style", "mla"], 2, "style='mla' is not a known citation style; valid: bibtex"),
    (["export", "nope"], 2, "invalid choice: 'nope'"),
    (["list", "events", "--where", "kind=forum"], 0, ""),
    (["list", "events", "--where", "knd=forum"], 2, "unknown filter 'knd' for table 'events' (did you mean 'kind'?)"),
    (["list", "events", "--sort", "nope"], 2, "sort='nope' is not a known events column"),
    (["show", "pt-icf", "--context"], 0, ""),
    (["show", "pt-icf", "--context", "-1"], 2, "--context '-1': give a number of characters from 0 to 10,000"),
    (["timeline", "--year", "2019", "--format", "markdown"], 0, ""),
    (["describe", "events", "--column", "role"], 0, ""),
]


@pytest.mark.parametrize(("args", "status", "message"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_exit_status_and_one_line(
    args: list[str], status: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == status
    err = capsys.readouterr().err
    if status == 0:
        assert err == ""
        return
    assert err.count("\n") == 1 and err.startswith("binhduong-corpus: "), err
    assert message in err and "Traceback" not in err


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    python = f"{shlex.quote(sys.executable)} -m binhduong_corpus"
    return subprocess.run(
        ["sh", "-c", command.replace("PY", python)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_export_to_stdout_writes_the_table_and_no_file(tmp_path: Path) -> None:
    result = _shell("PY export people -o - --format jsonl", tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == [p.id for p in bdc.people()]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["list people", "show pe-john-jung", "timeline", "search wta", "related pt-icf"])
def test_rows_to_stdout_in_a_real_shell(command: str, tmp_path: Path) -> None:
    """``-o -`` and no -o alike write to stdout, and JSON Lines there is one object a line."""
    for output in ("", " -o -"):
        result = _shell(f"PY {command} --format jsonl{output}", tmp_path)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert all(isinstance(json.loads(line), dict) for line in result.stdout.splitlines())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("redirect", "message"),
    [
        (">&-", "binhduong-corpus: stdout is closed; nothing was written"),
        ("> /dev/full", "binhduong-corpus: cannot write stdout: No space left on device"),
    ],
)
def test_a_closed_or_full_stdout_is_a_failure(redirect: str, message: str, tmp_path: Path) -> None:
    if "/dev/full" in redirect and not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    result = _shell(f"PY summary {redirect}", tmp_path)
    assert result.returncode == 1 and result.stderr.splitlines() == [message], result.stderr


def test_a_broken_pipe_ends_quietly() -> None:
    """As `binhduong-corpus ... | head -n 1`: the reader leaves early, and that is no error."""
    import fcntl

    read_end, write_end = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # a one-page pipe, so the 25 kB export cannot fit before the reader leaves
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    command = [sys.executable, "-m", "binhduong_corpus", "export", "sources", "-o", "-", "--format", "jsonl"]
    process = subprocess.Popen(command, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.read(100)
    assert process.wait(timeout=120) == 0
    assert process.stderr is not None and process.stderr.read() == b""


def test_export_under_a_file_size_limit_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """A full disk, as a file-size limit makes it (EFBIG): one line, exit 1, the old file and nothing else."""
    import resource
    import signal

    target = tmp_path / "sources.jsonl"
    target.write_text("mine\n", encoding="utf-8")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4_096, 4_096))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "binhduong_corpus",
            "export",
            "sources",
            "-o",
            str(target),
            "--format",
            "jsonl",
            "--force",
        ],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "could not write" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sources.jsonl"]
