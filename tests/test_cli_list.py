"""The command line for people and scripts: list, --format everywhere, show --context, timeline, -o.

Every machine format parses back to the rows the Python query gives (CSV
through the csv module, JSON and JSON Lines through json); a text table fits
the terminal's width; colour only on a terminal, never with NO_COLOR.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus._render import display_width
from binhduong_corpus.cli import main
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import Column, columns as schema_columns

COLUMNS: dict[str, dict[str, Column]] = {t: {c.name: c for c in schema_columns(TABLES[t])} for t in TABLES}
MACHINE = ("csv", "json", "jsonl")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _typed(column: Column | None, text: str) -> object:
    """A CSV cell read back as the column's Python value (an empty cell is null)."""
    if text == "":
        return None
    kind = column.kind if column is not None else "string"
    if kind == "int64":
        return int(text)
    if kind == "float64":
        return float(text)
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "list":
        return json.loads(text)
    if kind == "bool":
        return text == "true"
    return text


def parse(fmt: str, out: str, table: str) -> list[dict[str, Any]]:
    """The rows a machine format holds, in Python values (dates as ISO text for JSON, as dates for CSV)."""
    if fmt == "json":
        rows: list[dict[str, Any]] = json.loads(out)
        return rows
    if fmt == "jsonl":
        return [json.loads(line) for line in out.splitlines()]
    return [
        {name: _typed(COLUMNS[table].get(name), text) for name, text in row.items()}
        for row in csv.DictReader(io.StringIO(out))
    ]


def expected(fmt: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Python query's rows as the format carries them: JSON has dates as ISO text."""
    if fmt == "csv":
        return rows
    found: list[dict[str, Any]] = json.loads(json.dumps(rows, default=datetime.date.isoformat))
    return found


# --- list: every format round-trips ---------------------------------------------------------------------------

LISTINGS = [
    # (command-line filters, the Python query's keyword arguments)
    (["--where", "kind=forum"], {"kind": "forum"}),
    (["--where", "kind=forum", "--where", "kind=fair", "--where", "country_code=KR"],
     {"kind": ["forum", "fair"], "country_code": "KR"}),
    (["--where", "organiser=pt-wta"], {"organiser": "pt-wta"}),
    (["--where", "edition=16"], {"edition": 16}),
    (["--where", "year=2019", "--columns", "id,date,name_en"], {"year": 2019, "columns": ["id", "date", "name_en"]}),
    (["--between", "2019-10-22", "2019-10-22"], {"between": ("2019-10-22", "2019-10-22")}),
    (["--between", "2022", ".."], {"between": ("2022", None)}),
]  # fmt: skip


@pytest.mark.parametrize("fmt", MACHINE)
@pytest.mark.parametrize(("args", "kwargs"), LISTINGS, ids=[" ".join(case[0]) for case in LISTINGS])
def test_list_round_trips(
    args: list[str], kwargs: dict[str, Any], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["list", "events", *args, "--format", fmt], capsys)
    assert status == 0 and err == "", err
    rows = bdc.query("events", **kwargs).to_arrow().to_pylist()
    assert rows, "a case that matches nothing shows nothing"
    assert parse(fmt, out, "events") == expected(fmt, rows)


@pytest.mark.parametrize("table", bdc.table_names())
@pytest.mark.parametrize("fmt", MACHINE)
def test_every_table_round_trips_whole(table: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["list", table, "--format", fmt], capsys)
    assert status == 0
    assert parse(fmt, out, table) == expected(fmt, bdc.load_table(table).to_pylist())


def _markdown_rows(out: str) -> list[list[str]]:
    lines = out.splitlines()
    assert re.fullmatch(r"\|(---:?\|)+", lines[1]), lines[1]
    return [[cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


def test_list_as_markdown_and_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [e.id for e in bdc.events(kind="forum")]
    status, out, _ = run(
        ["list", "events", "--where", "kind=forum", "--columns", "id,name_en", "--format", "markdown"], capsys
    )
    assert status == 0 and out.startswith("| id | name_en |\n")
    assert [row[0] for row in _markdown_rows(out)] == ids
    monkeypatch.setenv("COLUMNS", "200")
    status, out, _ = run(["list", "events", "--where", "kind=forum", "--columns", "id,name_en"], capsys)
    lines = out.splitlines()
    assert status == 0 and lines[0].split() == ["id", "name_en"] and set(lines[1]) == {"-", " "}
    assert [line.split()[0] for line in lines[2:]] == ids


def test_markdown_escapes_pipes() -> None:
    from binhduong_corpus._render import render

    out = render([{"a": "x | y", "b": "line\none"}], ["a", "b"], "markdown")
    assert _markdown_rows(out) == [["x | y", "line one"]]


def test_sort_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["list", "events", "--sort=-start_date,id", "--limit", "3", "--format", "json"], capsys)
    everything = bdc.load_table("events").to_pylist()
    dated = sorted((e for e in everything if e["start_date"]), key=lambda e: e["id"])
    dated.sort(key=lambda e: e["start_date"], reverse=True)
    assert status == 0 and [row["id"] for row in json.loads(out)] == [e["id"] for e in dated[:3]]
    status, out, _ = run(["list", "awards", "--sort", "tier,id", "--format", "jsonl", "--columns", "tier,id"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows == sorted(rows, key=lambda row: (row["tier"], row["id"]))


# --- a property: any valid filters and columns come back as the Python query's rows ------------------------------

DATED = [t for t in TABLES if "start_date" in COLUMNS[t]]


def _values(table: str, name: str) -> list[object]:
    """What column ``name`` holds (list items one by one), short enough to be a filter value."""
    found: set[object] = set()
    for value in bdc.load_table(table).column(name).to_pylist():
        for item in value if isinstance(value, list) else [value]:
            if item is not None and not (isinstance(item, str) and len(item) > 1_000):
                found.add(item)
    return sorted(found, key=repr)


FILTERABLE = {t: [name for name in COLUMNS[t] if _values(t, name)] for t in TABLES}


def _text(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


@st.composite
def listings(draw: st.DrawFn) -> tuple[str, list[str], dict[str, Any], str]:
    table = draw(st.sampled_from(sorted(TABLES)))
    args: list[str] = []
    kwargs: dict[str, Any] = {}
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(FILTERABLE[table]))
        value = draw(st.sampled_from(_values(table, name)))
        args += ["--where", f"{name}={_text(value)}"]
        previous = kwargs.get(name)
        kwargs[name] = value if previous is None else [*(previous if isinstance(previous, list) else [previous]), value]
    if table in DATED and draw(st.booleans()):
        bound = st.one_of(st.none(), st.dates(datetime.date(2013, 1, 1), datetime.date(2025, 12, 31)))
        start, end = sorted(draw(st.tuples(bound, bound)), key=lambda d: (d is None, d))
        args += ["--between", _text(start) if start else "..", _text(end) if end else ".."]
        kwargs["between"] = (start, end)
    if draw(st.booleans()):
        picked = draw(st.lists(st.sampled_from(sorted(COLUMNS[table])), min_size=1, max_size=4, unique=True))
        args += ["--columns", ",".join(picked)]
        kwargs["columns"] = picked
    return table, args, kwargs, draw(st.sampled_from(MACHINE))


@settings(settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci")))  # HYPOTHESIS_PROFILE=fuzz: at length
@given(case=listings())
def test_any_listing_round_trips(case: tuple[str, list[str], dict[str, Any], str]) -> None:
    table, args, kwargs, fmt = case
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        assert main(["list", table, *args, "--format", fmt]) == 0
    rows = bdc.query(table, **kwargs).to_arrow().to_pylist()
    assert parse(fmt, out.getvalue(), table) == expected(fmt, rows)


# --- wrong arguments: exit 2, one line naming what is wrong and what is valid ----------------------------------------

BAD = [
    (["list", "event"], "invalid choice: 'event'"),
    (["list", "events", "--where", "knd=forum"], "unknown filter 'knd' for table 'events' (did you mean 'kind'?)"),
    (["list", "events", "--where", "kind=forums"], "kind='forums' is not a known kind value (did you mean 'forum'?)"),
    (["list", "events", "--where", "kind"], "--where 'kind': give FIELD=VALUE"),
    (["list", "events", "--where", "edition=16x"], "edition='16x': expected a whole number"),
    (["list", "events", "--where", "between=2019"], "--between START END"),
    (["list", "events", "--where", "organiser=PT-WTA"], "is not a record id"),
    (["list", "partners", "--where", "country_code=kr"], "did you mean 'KR'"),
    (["list", "figures", "--where", "value=nan"], "expected a finite number"),
    (["list", "partners", "--between", "2019", ".."], "unknown filter 'between' for table 'partners'"),
    (["list", "events", "--between", "2019-10-31", "2019-10-01"], "before it starts"),
    (["list", "events", "--between", "2019-02-30", ".."], "is not a valid date"),
    (["list", "events", "--columns", "nmae_en"], "nmae_en"),
    (["list", "events", "--columns", ""], "''"),
    (["list", "events", "--sort", "nmae_en"], "sort='nmae_en' is not a known events column (did you mean 'name_en'?)"),
    (["list", "events", "--sort", "organiser_ids"], "a list column cannot be sorted by"),
    (["list", "events", "--limit", "0"], "limit=0: expected a whole number from 1 to 1,000,000"),
    (["list", "events", "--limit", "ten"], "invalid int value: 'ten'"),
    (["list", "events", "--format", "xml"], "invalid choice: 'xml'"),
    (["show", "pt-icf", "--context", "-1"], "--context '-1': give a number of characters from 0 to 10,000"),
    (["show", "pt-icf", "--context", "many"], "--context 'many': give a number of characters from 0 to 10,000"),
    (["show", "pt-icf", "--context", "10001"], "--context 10001: give a number of characters from 0 to 10,000"),
    (["timeline", "--year", "0"], "year=0: expected a whole year from 1 to 9999"),
    (["timeline", "--columns", "nmae_en"], "did you mean 'name_en'"),
    (["search", "wta", "--format", "yaml"], "invalid choice: 'yaml'"),
]


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[" ".join(case[0]) for case in BAD])
def test_bad_arguments_exit_2_in_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(argv, capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("binhduong-corpus: ") and message in err, err


def test_an_unknown_id_in_a_filter_matches_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["list", "events", "--where", "organiser=pt-nobody", "--format", "json"], capsys)
    assert status == 0 and json.loads(out) == []


# --- output: the terminal's width, colour, -o -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 60, 80, 132])
@pytest.mark.parametrize(
    "argv",
    [
        ["list", "events"],
        ["list", "sources", "--columns", "id,title,text"],
        ["timeline"],
        ["search", "smart city"],
        ["related", "pt-icf"],
        ["show", "ev-wta-hitech-fair-2019", "--format", "table", "--context"],
    ],
    ids=" ".join,
)
def test_tables_fit_the_terminal(
    argv: list[str], width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    status, out, _ = run(argv, capsys)
    assert status == 0
    table_lines = [line for line in out.splitlines() if not line.startswith("(")]  # the note of columns left out
    assert max(display_width(line) for line in table_lines) <= width


def test_a_table_too_wide_says_which_columns_it_left_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(["list", "events"], capsys)
    assert re.search(r"^\(\d+ more column\(s\) not shown: .*note; choose with --columns or --format\)$", out, re.M)


def test_long_cells_are_wrapped_then_cut_with_a_marker(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from binhduong_corpus._render import MAX_LINES

    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = run(["list", "sources", "--columns", "id,text"], capsys)
    lines = out.splitlines()[2:]
    assert lines[0].startswith("src-000") and lines[MAX_LINES - 1].endswith("…")
    assert lines[MAX_LINES].startswith("src-001")


def _on_a_terminal(argv: list[str], env: Mapping[str, str]) -> bytes:
    """What the command prints when its stdout is a terminal (a pseudo-terminal here)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "binhduong_corpus", *argv],
            stdout=follower,
            stderr=subprocess.PIPE,
            env={**os.environ, "COLUMNS": "100", **env},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


@pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminals here")
@pytest.mark.parametrize("argv", [["list", "events", "--columns", "id"], ["show", "pt-icf", "--context"]])
def test_colour_only_on_a_terminal_and_never_with_no_color(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for name in ("NO_COLOR", "TERM"):
            patch.delenv(name, raising=False)
        assert b"\x1b[" in _on_a_terminal(argv, {})
        assert b"\x1b[" not in _on_a_terminal(argv, {"NO_COLOR": "1"})
        assert b"\x1b[" not in _on_a_terminal(argv, {"TERM": "dumb"})
    status, out, _ = run(argv, capsys)  # stdout is no terminal here
    assert status == 0 and "\x1b[" not in out


@pytest.mark.parametrize(
    "argv",
    [["list", "events"], ["show", "pt-icf"], ["search", "wta"], ["related", "pt-icf"], ["timeline"]],
    ids=" ".join,
)
def test_dash_o_dash_is_stdout(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        status, out, err = run([*argv, "--format", "json", "-o", "-"], capsys)
    assert status == 0 and err == "" and json.loads(out)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", [*MACHINE, "markdown", "table"])
def test_writing_a_file_refuses_to_replace_one_without_force(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "events.out"
    status, out, _ = run(["list", "events", "--where", "kind=forum", "--format", fmt, "-o", str(target)], capsys)
    assert status == 0 and out == f"wrote 5 rows of events to {target}\n"
    written = target.read_text(encoding="utf-8")
    if fmt in MACHINE:
        assert parse(fmt, written, "events") == expected(fmt, bdc.query("events", kind="forum").to_arrow().to_pylist())
    status, _, err = run(["list", "events", "--format", fmt, "-o", str(target)], capsys)
    assert status == 2 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == written
    assert run(["list", "events", "--format", fmt, "-o", str(target), "--force"], capsys)[0] == 0
    assert target.read_text(encoding="utf-8") != written
    assert [p.name for p in tmp_path.iterdir()] == ["events.out"]  # no temporary file left


def test_writing_into_a_missing_folder_or_onto_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for target, message in [(tmp_path / "no" / "x.csv", "does not exist"), (tmp_path, "is a folder")]:
        status, _, err = run(["list", "events", "-o", str(target)], capsys)
        assert status == 2 and message in err, err
    assert list(tmp_path.iterdir()) == []


# --- show, search, related, timeline ---------------------------------------------------------------------------------


def test_show_context_prints_the_quote_marked_inside_its_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["show", "ev-wta-hitech-fair-2019", "--context"], capsys)
    text = " ".join(out.split())
    assert status == 0
    assert "Besides, «the 16th WTA Hi-Tech Fair from October 21st to October 22nd, 2019 introduced" in text
    assert (
        "«Mr. Tran Thanh Liem, Chairman of Binh Duong People's Committee visited the 16th WTA Hi-Tech Fair 2019»"
        in text
    )
    status, out, _ = run(["show", "pt-eindhoven", "--context"], capsys)
    sentence = "Theo ông Mai Hùng Dũng, «từ năm 2016, Bình Dương đã kết nghĩa với thành phố Einhoven (Hà Lan)» và"
    assert status == 0 and sentence in " ".join(out.split())


def test_show_context_before_the_id_reads_as_the_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    before = run(["show", "--context", "pt-eindhoven"], capsys)
    after = run(["show", "pt-eindhoven", "--context"], capsys)
    assert before[0] == 0 and before[1] == after[1]


def test_show_context_n_gives_n_characters_of_whole_words(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["show", "ev-wta-hitech-fair-2019", "--context", "30", "--format", "json"], capsys)
    record = json.loads(out)
    source = bdc.get("src-003").text
    assert status == 0
    for span in record["evidence"]:
        context = span["context"]
        before, after = context["before"], context["after"]
        assert len(before) <= 30 and len(after) <= 30 and before and after
        assert source[context["window_start"] : span["start"]] == before
        assert source[span["end"] : context["window_end"]] == after
        assert source[context["window_start"] - 1].isspace() and source[context["window_end"]].isspace()


def test_show_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    record = bdc.get("aw-icf-top1-2023")
    _, out, _ = run(["show", record.id, "--format", "json"], capsys)
    obj = json.loads(out)
    assert obj["id"] == record.id and [e["quote"] for e in obj["evidence"]] == [e.quote for e in record.evidence]
    _, out, _ = run(["show", record.id, "--format", "jsonl"], capsys)
    assert out.count("\n") == 1 and json.loads(out) == obj
    _, out, _ = run(["show", record.id, "--format", "csv"], capsys)
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["tier"] == "Top1" and json.loads(row["evidence"]) == obj["evidence"]
    _, out, _ = run(["show", record.id, "--format", "markdown"], capsys)
    assert "| tier | Top1 |" in out and "| src-002 |" in out
    _, out, _ = run(["show", record.id, "--format", "table"], capsys)
    assert re.search(r"^tier\s+Top1$", out, re.M) and "Evidence:" in out


def test_search_and_related_formats_match_python(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["search", "dai hoi dong", "--format", "json"], capsys)
    assert [(h["record_id"], h["field"], h["score"]) for h in json.loads(out)] == [
        (h.record_id, h.field, h.score) for h in bdc.search("dai hoi dong")
    ]
    _, out, _ = run(["related", "pt-icf", "--format", "csv"], capsys)
    rel = bdc.related("pt-icf")
    assert [tuple(r.values()) for r in csv.DictReader(io.StringIO(out))] == [
        (link.from_id, link.field, link.to_id) for link in (*rel.outgoing, *rel.incoming)
    ]
    status, out, _ = run(["search", "zzzzqqq"], capsys)
    assert status == 0 and out == "no record matches 'zzzzqqq'\n"
    assert run(["search", "zzzzqqq", "--format", "json"], capsys)[1] == "[]\n"


def test_timeline_table_has_role_parent_precision_and_basis() -> None:
    table = bdc.timeline_table()
    assert table.column_names == [
        *["id", "table", "kind", "date", "date_basis", "precision", "start_date", "end_date", "name_en", "name_vi"],
        *["role", "parent_id"],
    ]
    rows = {row["id"]: row for row in table.to_pylist()}
    fair = bdc.get("ev-wta-hitech-fair-2019")
    assert rows[fair.id]["role"] == fair.role.value and rows[fair.id]["parent_id"] == "ev-wta-2019-daejeon"
    assert rows[fair.id]["precision"] == "interval" and rows[fair.id]["date_basis"] == "stated"
    award = rows["aw-icf-top1-2023"]
    assert award["role"] is None and award["parent_id"] is None and award["precision"] == "year"


@pytest.mark.parametrize("fmt", MACHINE)
def test_timeline_round_trips(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["timeline", "--between", "2019", "2019", "--format", fmt], capsys)
    rows = bdc.timeline_table(between=("2019", "2019")).to_pylist()
    # The timeline's columns share their names and types with the events table's, or are text.
    assert status == 0 and parse(fmt, out, "events") == expected(fmt, rows)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_timeline_nests_sub_events_under_their_parent(
    fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    status, out, _ = run(["timeline", "--year", "2019", "--columns", "name_en,id", "--format", fmt], capsys)
    assert status == 0
    ids = re.findall(r"\b((?:ev|aw)-[a-z0-9-]+)", out)
    series = ids.index("ev-wta-2019-daejeon")
    parts = {e.id for e in bdc.related("ev-wta-2019-daejeon").parts}
    assert set(ids[series + 1 : series + 1 + len(parts)]) == parts
    for line in out.splitlines():
        if any(part in line for part in parts):
            assert "↳ " in line
        elif "ev-wta-2019-daejeon" in line:
            assert "↳" not in line
    timeline = [item.id for item in bdc.timeline(year=2019)]
    assert sorted(ids) == sorted(timeline)


def test_describe_says_what_a_column_means_and_which_values_it_takes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["describe", "events", "--column", "role"], capsys)
    assert status == 0 and out.startswith("role: ") and "One of: host, participant, visitor" in out
    _, out, _ = run(["describe", "events", "--format", "json"], capsys)
    assert json.loads(out) == bdc.describe("events").to_dict()
    _, out, _ = run(["describe", "--format", "csv"], capsys)
    rows = {(row["table"], row["name"]): row for row in csv.DictReader(io.StringIO(out))}
    assert json.loads(rows["awards", "tier"]["values"]) == ["Smart21", "Top7", "Top1"]
    assert len(rows) == sum(len(table.columns) for table in bdc.describe().tables)
    for argv, message in [
        (["describe", "evnts"], "did you mean 'events'"),
        (["describe", "--column", "role"], "give the TABLE too"),
        (["describe", "events", "--column", "rol"], "unknown column 'rol'"),
    ]:
        status, _, err = run(argv, capsys)
        assert status == 2 and message in err and err.count("\n") == 1


def test_help_is_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    _, top, _ = run(["--help"], capsys)
    listed = re.search(r"\{([a-z,]+)\}", top)
    assert listed is not None
    for command in [None, *listed[1].split(",")]:
        argv = ["--help"] if command is None else [command, "--help"]
        status, out, _ = run(argv, capsys)
        assert status == 0 and out
        assert "`" not in out and not re.search(r":(func|class|mod|meth|data):", out), (command, out)
