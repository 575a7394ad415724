"""What each evidence span backs (``supports``), and the rules the build holds it to.

Every refusal is shown on a copy of ``seeds/`` with one targeted edit, as in test_build.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import binhduong_corpus as bdc
from binhduong_corpus.build import read_curated
from binhduong_corpus.errors import BuildError

from .test_build import edit


def events(seeds: Path) -> Path:
    return seeds / "curated" / "events.toml"


def refused(seeds: Path, record_id: str, field: str, *fragments: str) -> None:
    with pytest.raises(BuildError) as caught:
        read_curated(seeds)
    err = caught.value
    assert (err.record_id, err.field) == (record_id, field), str(err)
    for fragment in fragments:
        assert fragment in str(err), str(err)


# --- refusals --------------------------------------------------------------------------------------


def test_a_span_must_say_what_it_backs(seeds: Path) -> None:
    edit(events(seeds), ', supports = ["theme"]', "", record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "evidence[1]", "supports: expected a non-empty list of column names, got NoneType")


def test_supports_names_a_column_that_takes_evidence(seeds: Path) -> None:
    edit(events(seeds), 'supports = ["theme"]', 'supports = ["theme", "kind"]', record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "evidence[1]", "supports names 'kind'; valid columns are ['name_vi', 'name_en'")


def test_supports_may_not_name_a_column_twice(seeds: Path) -> None:
    edit(events(seeds), 'supports = ["theme"]', 'supports = ["theme", "theme"]', record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "evidence[1]", "a column is named twice")


def test_supports_may_not_name_an_empty_column(seeds: Path) -> None:
    edit(events(seeds), 'supports = ["theme"]', 'supports = ["theme", "edition"]', record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "evidence[1]", "supports names 'edition', which is empty in this record")


def test_supports_may_not_name_a_curators_translation(seeds: Path) -> None:
    edit(events(seeds), 'supports = ["theme"]', 'supports = ["theme", "name_vi"]', record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "evidence[1]", "'name_vi', which the record marks as a curator's translation")


def test_every_value_is_backed(seeds: Path) -> None:
    edit(events(seeds), 'supports = ["theme"]', 'supports = ["parent_id"]', record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "evidence", "theme is backed by no evidence span")


def test_a_stated_basis_needs_a_stated_span(seeds: Path) -> None:
    # The fair's dates are stated; with its stated span no longer backing them, only nothing would.
    edit(events(seeds), 'date_basis = "stated"', 'date_basis = "inferred"', record="ev-wta-hitech-fair-2019")
    refused(seeds, "ev-wta-hitech-fair-2019", "date_basis", "date_basis is 'inferred' but a stated span supports it")


def test_an_inferred_basis_has_no_stated_span(seeds: Path) -> None:
    edit(events(seeds), 'date_basis = "inferred"', 'date_basis = "stated"', record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "date_basis", "only inferred spans support it: it must be 'inferred'")


def test_not_involved_needs_a_span_that_says_so(seeds: Path) -> None:
    # The launch of the forum: no source says whether Bình Dương had a part in it.
    path = events(seeds)
    edit(path, 'date_basis = "stated"\n', 'date_basis = "stated"\nrole = "not_involved"\n', record="ev-gif-launch-2014")
    # Backed only by the curators' reading (an inferred span): silence read as a negative.
    edit(path, 'supports = ["name_en"]', 'supports = ["name_en", "role"]', record="ev-gif-launch-2014")
    refused(seeds, "ev-gif-launch-2014", "role", "needs a stated span saying so")


def test_a_stated_name_is_printed_in_its_span(seeds: Path) -> None:
    path = seeds / "curated" / "partners.toml"
    edit(path, 'name_vi = "TP Eindhoven"', 'name_vi = "Thành phố Eindhoven"', record="pt-eindhoven")
    refused(seeds, "pt-eindhoven", "name_vi", "'Thành phố Eindhoven' is not printed in every stated span that backs it")


def test_every_stated_span_that_backs_a_name_prints_it(seeds: Path) -> None:
    # The four-events list prints "2019 Global Innovation Forum"; the theme's sentence says only "2019 GIF".
    edit(events(seeds), 'supports = ["theme"]', 'supports = ["theme", "name_en"]', record="ev-gif-2019")
    refused(seeds, "ev-gif-2019", "name_en", "'2019 Global Innovation Forum' is not printed in every stated span")


def test_case_marks_and_punctuation_do_not_count(seeds: Path) -> None:
    # "Lotte E&C Group" is printed so; "lotte e-c group" folds to the same words.
    path = seeds / "curated" / "partners.toml"
    edit(path, 'name_en = "Lotte E&C Group"', 'name_en = "LOTTE E-C group"', record="pt-lotte-ec")
    read_curated(seeds)


# --- the shipped data keeps the rules --------------------------------------------------------------


TABLES = [name for name in bdc.table_names() if name != "evidence"]
RECORDS = [(name, record) for name in TABLES for record in bdc.load_records(name)]


def _evidenced(table: str) -> list[str]:
    return [column.name for column in bdc.describe(table).columns if "Evidence: spans" in column.text]


def _has_value(value: object) -> bool:
    return value is not None and value != () and value != []


@pytest.mark.parametrize(("table", "record"), RECORDS, ids=[r.id for _, r in RECORDS])
def test_every_value_says_how_it_is_known(table: str, record: object) -> None:
    translated = getattr(record, "translated", None)
    for column in _evidenced(table):
        value = getattr(record, column)
        if _has_value(value) and column != f"name_{translated}":
            assert bdc.basis_of(record, column) is not None, column
        if not _has_value(value):
            assert bdc.basis_of(record, column) is None, column


@pytest.mark.parametrize(("table", "record"), RECORDS, ids=[r.id for _, r in RECORDS])
def test_basis_columns_agree_with_the_spans(table: str, record: object) -> None:
    for column in ("date", "publisher"):
        basis = getattr(record, f"{column}_basis", None)
        if basis is not None:
            assert basis is bdc.basis_of(record, column)


def test_inferred_spans_say_how() -> None:
    for span in bdc.evidence():
        assert (span.basis is bdc.Basis.INFERRED) <= bool(span.note), span
        assert span.supports, span


def test_basis_of_names_what_is_valid() -> None:
    with pytest.raises(bdc.UnknownNameError, match="column 'kind' of Event has no evidence; valid: name_vi"):
        bdc.basis_of(bdc.get("ev-gif-2019"), "kind")
