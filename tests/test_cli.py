"""One command-line convention: exit 0 on success, 1 on a failure, 2 on a usage error; one line on stderr."""

from __future__ import annotations

import pytest

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
    (["show"], 2, "usage error: the following arguments are required: id"),
    (["frobnicate"], 2, "usage error: argument command: invalid choice: 'frobnicate'"),
    (["search", "wta", "--table", "evidence"], 2, "invalid choice: 'evidence'"),
    (["search", "wta", "--limit", "many"], 2, "invalid int value: 'many'"),
    (["cite", "--style", "mla"], 2, "style='mla' is not a known citation style; valid: bibtex"),
    (["export", "nope"], 2, "invalid choice: 'nope'"),
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
