"""Search: folding, ranking, self-retrieval, filters and errors."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pytest
from hypothesis import given, settings, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus._postings import ARROW_FROM, arrow_postings, python_postings
from binhduong_corpus._search import FIELDS, TIERS


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


def _named_values() -> list[tuple[str, str, str, int]]:
    """(record id, table, value, tier) for every value of every searched field of every record."""
    out = []
    for table, fields in FIELDS.items():
        if table == "evidence":
            continue
        for record in bdc.load_records(table):
            for field, tier in fields:
                value = getattr(record, field)
                value = " ".join(value) if isinstance(value, tuple) else value
                if value and bdc.fold(value):
                    out.append((record.id, table, value, TIERS.index(tier)))
    return out


def _tier(hit: bdc.Hit) -> int:
    """A hit's tier, read back from its score (see the ranking in docs/query.md)."""
    return round((100 - hit.score) * 128 / 100) % 32 // 4


def test_every_record_is_found_by_each_of_its_searched_values() -> None:
    for record_id, table, value, tier in _named_values():
        hits = {h.record_id: h for h in bdc.search(value, table=table, limit=None)}
        assert record_id in hits, (record_id, value)
        assert _tier(hits[record_id]) <= tier, (record_id, value, hits[record_id])


@settings(max_examples=100, deadline=None)
@given(case=st.sampled_from(_named_values()), style=st.sampled_from(["fold", "upper", "lower"]))
def test_a_record_is_found_by_its_own_folded_value(case: tuple[str, str, str, int], style: str) -> None:
    record_id, _, value, _ = case
    query = {"fold": bdc.fold, "upper": str.upper, "lower": str.lower}[style](value)
    assert record_id in {h.record_id for h in bdc.search(query, limit=None)}


def test_ranking_puts_exact_names_and_abbreviations_first() -> None:
    hits = bdc.search("wta", limit=None)
    assert (hits[0].record_id, hits[0].field, hits[0].text) == ("pt-wta", "abbreviation", "WTA")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    quote_hits = [h for h in hits if h.field == "evidence.quote"]
    assert quote_hits and max(h.score for h in quote_hits) < min(h.score for h in hits if h.field == "name_en")


def test_an_exact_id_comes_first_with_the_full_score() -> None:
    hit = bdc.search("ev-wta-hitech-fair-2019")[0]
    assert (hit.record_id, hit.field, hit.score) == ("ev-wta-hitech-fair-2019", "id", 100.0)
    assert bdc.search("EV WTA HITECH FAIR 2019")[0].record_id == "ev-wta-hitech-fair-2019"


# What people type, by kind: each finds the record a reader of the sources expects in the top five.
RELEVANCE = {
    "abbreviation": [("FDI", "fg-fdi-capital-2024"), ("ICF", "pt-icf"), ("UBND", "pe-mai-hung-dung")],
    "synonym": [
        ("sister city", "pt-eindhoven"),
        ("twin city", "ev-eindhoven-twinning-2016"),
        ("kết nghĩa", "pt-eindhoven"),
    ],
    "country": [
        ("South Korea", "ev-gif-2019"),
        ("Hàn Quốc", "ev-korea-business-meetings-2019"),
        ("Hà Lan", "pt-eindhoven"),
        ("Netherlands", "pt-emmen"),
    ],
    "vocabulary word": [
        ("hội chợ", "ev-wta-hitech-fair-2019"),
        ("trade fair", "ev-wta-hitech-fair-2019"),
        ("Top 1", "aw-icf-top1-2023"),
    ],
    "no diacritics": [
        ("dai hoi dong", "ev-wta-general-assembly-2018"),
        ("hoi cho cong nghe cao", "ev-wta-hitech-fair-2019"),
    ],
    "one typo": [
        ("Eindhovn", "pt-eindhoven"),
        ("Zacharila", "pe-lou-zacharilla"),
        ("conferance", "ev-smart-city-conference-2017"),
    ],
    "prefix": [("daej", "pt-daejeon"), ("zachar", "pe-lou-zacharilla")],
    "words in different fields": [("Hi-Tech Fair Daejeon", "ev-wta-hitech-fair-2019")],
}


@pytest.mark.parametrize(
    ("query", "expected"), [case for cases in RELEVANCE.values() for case in cases], ids=lambda v: str(v)
)
def test_what_people_type_finds_what_they_mean(query: str, expected: str) -> None:
    assert expected in [hit.record_id for hit in bdc.search(query, limit=5)]


@pytest.mark.parametrize(("query", "code"), [("South Korea", "KR"), ("Hàn Quốc", "KR"), ("Netherlands", "NL")])
def test_a_country_name_finds_the_records_in_that_country(query: str, code: str) -> None:
    hits = bdc.search(query, limit=None)
    located = {r.id for name in ("events", "partners") for r in bdc.load_records(name) if r.country_code == code}
    assert located <= {h.record_id for h in hits}
    assert sum(h.record_id in located for h in hits[:5]) >= min(len(located), 2)


def test_a_typo_ranks_below_every_exact_match() -> None:
    hits = bdc.search("conferance", limit=None)
    assert hits and all(h.score < 50 for h in hits)
    exact = bdc.search("conference", limit=None)
    assert min(h.score for h in exact) > max(h.score for h in hits)
    assert bdc.search("wtaa") == ()  # four letters: no typo allowed


def test_a_prefix_ranks_below_every_whole_word_and_short_words_are_never_prefixes() -> None:
    prefixed = bdc.search("daej", limit=None)
    whole = bdc.search("daejeon", limit=None)
    assert {h.record_id for h in prefixed} == {h.record_id for h in whole}
    assert max(h.score for h in prefixed) <= 75 < min(h.score for h in whole)
    # "nga" (Russia, in Vietnamese) is a whole word, not the start of "ngân" (bank).
    assert [h.record_id for h in bdc.search("Nga")] == ["pt-oryol"]


def test_short_words_and_numbers_get_no_typo() -> None:
    assert bdc.search("2018 dai hoi dong")[0].record_id == "ev-wta-general-assembly-2018"
    assert "ev-wta-general-assembly-2018" not in {h.record_id for h in bdc.search("2017 dai hoi dong", limit=None)}


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
    assert all(h.table in ("awards", "events") and "Zacharilla" in h.text for h in quoted)
    alias = next(h for h in bdc.search("Hàn Quốc", limit=None) if h.record_id == "pt-daejeon")
    assert (alias.field, alias.text) == ("alias", "Hàn Quốc")


def test_each_record_appears_once_and_table_filter_holds() -> None:
    hits = bdc.search("binh duong", limit=None)
    assert len({h.record_id for h in hits}) == len(hits)
    events_only = bdc.search("binh duong", table="events", limit=None)
    assert events_only and all(h.table == "events" for h in events_only)
    assert len(bdc.search("binh duong", limit=3)) == 3
    assert [h.record_id for h in bdc.search("binh duong", limit=3)] == [h.record_id for h in hits[:3]]


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


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(), st.text(alphabet="aăbđêoưy ĐÊ-,.½2019", max_size=24), st.sampled_from(["Hi-Tech", "–", ""])
        ),
        max_size=12,
    )
)
def test_python_and_arrow_postings_are_the_same(values: list[str | None]) -> None:
    docs = list(range(len(values)))
    slow, fast = python_postings(values, docs), arrow_postings(pa.array(values, pa.string()), docs)
    assert {t: list(d) for t, d in fast.terms.items()} == {t: list(d) for t, d in slow.terms.items()}
    assert {n: list(d) for n, d in fast.by_size.items()} == {n: list(d) for n, d in slow.by_size.items()}


def test_a_large_index_ranks_as_a_small_one_does() -> None:
    """Past the size indexed with Arrow's kernels, each copy of a record scores as the record itself does."""
    events = bdc.load_table("events")
    copies = 900
    ids = [f"{record_id}-copy{k:03d}" for k in range(copies) for record_id in events.column("id").to_pylist()]
    large_table = pa.concat_tables([events] * copies)
    large_table = large_table.set_column(0, "id", pa.array(ids, pa.string()))
    assert large_table.num_rows >= ARROW_FROM
    small, large = bdc.SearchIndex({"events": events}), bdc.SearchIndex({"events": large_table})
    for query in ("dai hoi dong", "wta", "Hi-Tech Fair Daejeon", "daej", "conferance", "Hàn Quốc", "host"):
        expected = {(h.record_id, h.field, h.score) for h in small.search(query, limit=None)}
        found = {(h.record_id.rsplit("-copy", 1)[0], h.field, h.score) for h in large.search(query, limit=None)}
        assert found == expected, query
        assert len(large.search(query, limit=None)) == copies * len(expected)


def test_searching_imports_neither_pandas_nor_pyarrow_compute() -> None:
    import subprocess
    import sys

    script = (
        "import sys, binhduong_corpus as b; b.search('dai hoi dong')\n"
        "print(sorted({'pandas', 'pyarrow.compute'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_record_ranks_by_the_fields_its_kind_of_match_reached() -> None:
    """A whole-word hit in an alias is not promoted to the name tier by a prefix the name holds."""
    meetings = next(h for h in bdc.search("Korea", limit=None) if h.record_id == "ev-korea-business-meetings-2019")
    assert (meetings.field, meetings.text) == ("alias", "South Korea")  # its name says only "Korean"
    typo = next(h for h in bdc.search("zacharila", limit=None) if h.record_id == "aw-icf-top1-2023")
    assert "Zacharilla" in typo.text  # the value shown holds the word the typo reached


def test_a_name_and_a_date_beat_a_quote_that_holds_both_words() -> None:
    assert bdc.search("ICF 2022")[0].record_id == "aw-icf-top7-2022"
    assert bdc.search("Top 7 2023")[0].record_id == "aw-icf-top7-2023"


def test_hits_over_other_tables_name_the_table_the_row_came_from() -> None:
    events = bdc.load_table("events").slice(0, 3)
    ids = pa.array([f"mine-{k}" for k in range(3)], pa.string())
    index = bdc.SearchIndex({"events": events.set_column(0, "id", ids)})
    word = bdc.fold(events.column("name_en")[0].as_py()).split()[0]
    hits = index.search(word, table="events", limit=None)
    assert hits and all(h.table == "events" for h in hits)


def test_rows_out_of_record_order_give_the_same_hits() -> None:
    evidence = bdc.load_table("evidence")
    shuffled = evidence.take(pa.array(list(range(len(evidence)))[::-1]))
    forwards = bdc.SearchIndex({"evidence": evidence}).search("binh duong", limit=None)
    backwards = bdc.SearchIndex({"evidence": shuffled}).search("binh duong", limit=None)
    assert {h.record_id for h in forwards} == {h.record_id for h in backwards}
