"""Sentence coverage: how sources are cut into sentences, the reasons the build demands, and what ships.

Refusals are shown on a copy of ``seeds/`` with one targeted edit, as in test_build.py.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus import _store
from binhduong_corpus.build import read_curated
from binhduong_corpus.build._coverage import REASONS, sentences
from binhduong_corpus.errors import BuildError

from .conftest import ROOT
from .test_build import edit


def reasons(seeds: Path) -> Path:
    return seeds / "curated" / "coverage.toml"


def refusal(seeds: Path, *fragments: str) -> BuildError:
    with pytest.raises(BuildError) as caught:
        read_curated(seeds)
    for fragment in fragments:
        assert fragment in str(caught.value), str(caught.value)
    assert caught.value.file == str(reasons(seeds))
    return caught.value


# --- cutting sentences ------------------------------------------------------------------------------


def test_sentences_end_at_a_stop_before_a_capital_and_at_line_ends() -> None:
    text = "Hôm nay 10/10, họp. Đó là WTA.\nMr. Tran visited the 16th fair… Trong đó, 1.000 người.\n\n×\n"
    cut = [text[a:b] for a, b in sentences(text)]
    assert cut == [
        "Hôm nay 10/10, họp.",
        "Đó là WTA.",
        "Mr. Tran visited the 16th fair…",
        "Trong đó, 1.000 người.",
        "×",
    ]


def test_a_stop_before_a_small_letter_or_inside_a_number_ends_nothing() -> None:
    text = "about 1.000 delegates. and more: see 6.jpgBinh Duong"
    assert [text[a:b] for a, b in sentences(text)] == [text]


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(".!?… \n"), max_size=200)


@given(texts)
def test_sentences_are_ordered_trimmed_and_cover_every_visible_character(text: str) -> None:
    spans = sentences(text)
    assert spans == sorted(spans)
    for (_, b), (c, _) in itertools.pairwise(spans):
        assert b <= c
    for a, b in spans:
        piece = text[a:b]
        assert piece and piece == piece.strip() and "\n" not in piece
    covered = {i for a, b in spans for i in range(a, b)}
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


# --- refusals ----------------------------------------------------------------------------------------


def test_a_sentence_with_neither_evidence_nor_reason_is_refused(seeds: Path) -> None:
    edit(reasons(seeds), 'starts = "Cỡ chữ: Font size"', 'starts = "Cỡ chữ: Font size"\nreason = "x"')
    text = reasons(seeds).read_text(encoding="utf-8")
    block = re.search(r'\[\[sentence\]\]\nsource = "src-003"\nstarts = "Cỡ chữ: Font size"\n.*?\n\n', text, re.S)
    assert block is not None
    reasons(seeds).write_text(text.replace(block[0], ""), encoding="utf-8")
    refusal(seeds, "src-003 sentence 3 [126:177]", "has no evidence and no reason", "furniture, context, opinion")


def test_a_reason_on_a_covered_sentence_is_stale(seeds: Path) -> None:
    entry = (
        '[[sentence]]\nsource = "src-003"\nstarts = "10/11/2019 | Thuy Linh"\nreason = "furniture"\nnote = "Byline."\n'
    )
    reasons(seeds).write_text(reasons(seeds).read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    refusal(seeds, "src-003 sentence 4", "is covered by pe-thuy-linh, src-003", "is stale: remove it")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ('reason = "furniture"\nnote = "Font-size', 'reason = "menu"\nnote = "Font-size', "unknown reason 'menu'"),
        ('starts = "Cỡ chữ: Font size"', 'starts = "Cỡ chữ: Font sizes"', "no sentence of src-003 open(s) with"),
        ('note = "Font-size controls."', 'note = " Font-size controls."', "note must be one line of plain text"),
        ('note = "Font-size controls."', 'note = "Font-size controls."\npage = 2', "unknown keys ['page']"),
    ],
    ids=["unknown-reason", "no-such-sentence", "padded-note", "unknown-key"],
)
def test_a_malformed_reason_is_refused(seeds: Path, old: str, new: str, fragment: str) -> None:
    edit(reasons(seeds), old, new)
    refusal(seeds, fragment)


def test_opening_words_that_several_sentences_share_need_an_occurrence(seeds: Path) -> None:
    edit(
        reasons(seeds),
        'starts = "Với ý nghĩa và tầm cỡ của sự kiện"\noccurrence = 1\n',
        'starts = "Với ý nghĩa và tầm cỡ của sự kiện"\n',
    )
    refusal(seeds, "2 sentences open with", "add more words or occurrence = N")


def test_a_sentence_gets_one_reason(seeds: Path) -> None:
    entry = '[[sentence]]\nsource = "src-003"\nstarts = "Tiêu đề"\nreason = "furniture"\nnote = "A label."\n'
    reasons(seeds).write_text(reasons(seeds).read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    refusal(seeds, "src-003 sentence 29 already has a reason")


# --- what ships ----------------------------------------------------------------------------------------


def _shipped() -> dict[str, Any]:
    return _store.coverage()  # coverage.json, checked against the manifest


def test_every_shipped_sentence_is_covered_or_has_a_reason() -> None:
    data = _shipped()
    rows = data["sentences"]
    assert rows and all(bool(row["record_ids"]) != bool(row["reason"]) for row in rows)
    assert {row["reason"] for row in rows if row["reason"]} <= set(REASONS)
    texts = {source.id: source.text for source in bdc.sources()}
    for row in rows:
        assert [row["start"], row["end"]] in [list(span) for span in sentences(texts[row["source_id"]])]
        spans = [e for e in bdc.evidence() if e.source_id == row["source_id"]]
        touching = sorted({e.record_id for e in spans if e.start < row["end"] and row["start"] < e.end})
        assert touching == row["record_ids"]


def test_describe_reports_the_share_covered_per_source() -> None:
    data = _shipped()
    description = bdc.describe()
    assert [c.source_id for c in description.coverage] == sorted(texts := {s.id for s in bdc.sources()})
    for covered in description.coverage:
        counted = data["sources"][covered.source_id]
        assert (covered.sentences, covered.covered) == (counted["sentences"], counted["covered"])
        assert covered.sentences == len(sentences(bdc.get(covered.source_id).text))
    assert "Sentence coverage: evidence spans touch" in str(description) and len(texts) == 5
    assert description.to_dict()["coverage"][0]["source_id"] == "src-000"


def test_the_report_lists_every_sentence() -> None:
    report = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    rows = _shipped()["sentences"]
    assert len(re.findall(r"^\| \d+ \| \d+–\d+ \|", report, re.M)) == len(rows)
