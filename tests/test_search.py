"""Search: folding, ranking, self-retrieval, filters and errors."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pytest
from hypothesis import given, settings, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus._search import FIELDS


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Bình Dương", "binh duong"),
        ("Đại hội đồng", "dai hoi dong"),
        ("ĐẠI HỘI ĐỒNG", "dai hoi dong"),
        ("Hiệp hội Đô thị Khoa học Thế giới (WTA)", "hiep hoi do thi khoa hoc the gioi wta"),
        ("Frank-Jürgen Richter", "frank jurgen richter"),
        ("Lotte E&C Group", "lotte e c group"),
        ("  25 – 27/11/2017 ", "25 27 11 2017"),
        ("BEGIC -\u00a0Binh", "begic binh"),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert bdc.fold(text) == folded


@settings(max_examples=300, deadline=None)
@given(st.text().filter(lambda t: "\x00" not in t))
def test_fold_is_idempotent_and_leaves_only_letters_digits_and_single_spaces(text: str) -> None:
    once = bdc.fold(text)
    assert bdc.fold(once) == once
    assert once == once.strip() and "  " not in once
    # "Cn": characters newer than this Python's Unicode tables, which Arrow's may already know as letters.
    assert all(ch == " " or unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Cn" for ch in once)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâbdđeêioôơuưyAĂÂĐÊÔƠƯ \u0300\u0301\u0303\u0309\u0323", min_size=1, max_size=20))
def test_fold_ignores_vietnamese_marks_and_case(text: str) -> None:
    assert "đ" not in bdc.fold(text)
    assert bdc.fold(text) == bdc.fold(text.upper()) == bdc.fold(text.lower())


def _named_values() -> list[tuple[str, str, str, float]]:
    out = []
    for table, fields in FIELDS.items():
        if table == "evidence":
            continue
        for record in bdc.load_records(table):
            for field, weight in fields:
                value = getattr(record, field)
                value = " ".join(value) if isinstance(value, tuple) else value
                if value and bdc.fold(value):
                    out.append((record.id, table, value, weight))
    return out


def test_every_record_is_found_by_each_of_its_searched_values() -> None:
    for record_id, table, value, weight in _named_values():
        hits = {h.record_id: h for h in bdc.search(value, table=table, limit=None)}
        assert record_id in hits, (record_id, value)
        assert hits[record_id].score >= 100 * weight, (record_id, value, hits[record_id])


@settings(max_examples=100, deadline=None)
@given(case=st.sampled_from(_named_values()), style=st.sampled_from(["fold", "upper", "lower"]))
def test_a_record_is_found_by_its_own_folded_value(case: tuple[str, str, str, float], style: str) -> None:
    record_id, _, value, _ = case
    query = {"fold": bdc.fold, "upper": str.upper, "lower": str.lower}[style](value)
    assert record_id in {h.record_id for h in bdc.search(query, limit=None)}


def test_ranking_puts_exact_names_and_abbreviations_first() -> None:
    hits = bdc.search("wta", limit=None)
    assert (hits[0].record_id, hits[0].field, hits[0].score) == ("pt-wta", "abbreviation", 100.0)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    quote_hits = [h for h in hits if h.field == "evidence.quote"]
    assert quote_hits and max(h.score for h in quote_hits) < min(h.score for h in hits if h.field == "name_en")


def test_vietnamese_without_diacritics_and_english() -> None:
    assert bdc.search("dai hoi dong")[0].record_id == "ev-wta-general-assembly-2018"
    assert bdc.search("Đại hội đồng")[0].record_id == "ev-wta-general-assembly-2018"
    assert bdc.search("hoi cho cong nghe cao")[0].record_id == "ev-wta-hitech-fair-2019"
    assert bdc.search("Hi-Tech Fair")[0].record_id == "ev-wta-hitech-fair-2019"
    assert bdc.search("phuong le")[0].record_id == "pe-phuong-le"


def test_each_hit_names_record_field_and_score() -> None:
    hit = bdc.search("Zacharilla")[0]
    assert (hit.record_id, hit.table, hit.field, hit.text) == ("pe-lou-zacharilla", "people", "name", "Lou Zacharilla")
    assert hit.record == bdc.get("pe-lou-zacharilla")
    quoted = [h for h in bdc.search("Zacharilla", limit=None) if h.field == "evidence.quote"]
    assert {h.record_id for h in quoted} == {"aw-icf-top1-2023", "ev-icf-2023-award-ceremony"}
    assert all(h.table in ("awards", "events") for h in quoted)


def test_each_record_appears_once_and_table_filter_holds() -> None:
    hits = bdc.search("binh duong", limit=None)
    assert len({h.record_id for h in hits}) == len(hits)
    events_only = bdc.search("binh duong", table="events", limit=None)
    assert events_only and all(h.table == "events" for h in events_only)
    assert len(bdc.search("binh duong", limit=3)) == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": ""}, "the search text is empty"),
        ({"text": "   \n"}, "the search text is empty"),
        ({"text": "?!…"}, "has no letters or digits"),
        ({"text": 5}, "text=5: expected a string, got int"),
        ({"text": "wta\x00"}, "holds a NUL character"),
        ({"text": "\udc80wta"}, "holds a lone surrogate"),
        ({"text": "x" * 1_001}, "1,001 characters; at most 1,000 allowed"),
        ({"text": " ".join(f"w{i}" for i in range(33))}, "has 33 different words; at most 32 allowed"),
        ({"text": "wta", "table": "event"}, "table='event' is not a known table to search (did you mean 'events'?)"),
        ({"text": "wta", "table": "evidence"}, "table='evidence' is not a known table to search"),
        ({"text": "wta", "limit": 0}, "limit=0: expected a whole number from 1 to 1,000,000"),
        ({"text": "wta", "limit": 10**30}, "expected a whole number from 1 to 1,000,000"),
    ],
)
def test_bad_search_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(bdc.InvalidArgumentError) as info:
        bdc.search(**kwargs)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_search_index_over_other_tables() -> None:
    events = pa.concat_tables([bdc.load_table("events")] * 3)
    index = bdc.SearchIndex({"events": events})
    hits = index.search("dai hoi dong", limit=None)
    assert [h.record_id for h in hits] == ["ev-wta-general-assembly-2018", "ev-wta-general-assembly-2019"]


def test_repeated_words_find_the_same_records() -> None:
    ids = {hit.record_id for hit in bdc.search("wta", limit=None)}
    assert {hit.record_id for hit in bdc.search("wta " * 50, limit=None)} == ids
    assert bdc.search("zzzz wta") == ()  # one word that matches nowhere: nothing, at once


def test_fold_refuses_what_is_not_text() -> None:
    with pytest.raises(bdc.InvalidArgumentError, match="NUL character"):
        bdc.fold("a\x00b")
    with pytest.raises(bdc.InvalidArgumentError, match="lone surrogate"):
        bdc.fold("\ud800")
    with pytest.raises(bdc.InvalidTypeError, match="expected a string, got bytes"):
        bdc.fold(b"wta")  # type: ignore[arg-type]
