"""Citations: each style field by field against the one metadata source; sources behind records.

The real tools (pybtex, citeproc-py, cffconvert) run on every citation in tests/test_cite_tools.py.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
import yaml
from hypothesis import given, strategies as st

import binhduong_corpus as bdc
from binhduong_corpus._cite import STYLES, UNTITLED, citation_notes, natural_case
from binhduong_corpus._metadata import DATASET

from .conftest import ROOT

# The fields every BibTeX style knows (plain.bst), and url/doi, which the others read and all ignore.
BIBTEX_FIELDS = {"author", "title", "journal", "howpublished", "year", "month", "key", "url", "doi"}


def _bibtex_fields(entry: str) -> dict[str, str]:
    return {k: v.strip("{}") for k, v in re.findall(r"^\s+(\w+)\s+= (.+),$", entry, re.MULTILINE)}


def _source_ids() -> list[str]:
    return [source.id for source in bdc.sources()]


def test_bibtex_carries_every_field() -> None:
    entry = bdc.cite("bibtex")
    assert entry.startswith(f"@misc{{{DATASET.name}-{DATASET.version},")
    fields = _bibtex_fields(entry)
    assert set(fields) <= BIBTEX_FIELDS
    assert fields["howpublished"] == f"Dataset, version {DATASET.version}" and DATASET.version == bdc.__version__
    assert fields["year"] == DATASET.released[:4]
    month = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    assert fields["month"] == month[int(DATASET.released[5:7]) - 1]
    assert fields["title"].replace("\\_", "_") == DATASET.title
    assert "title        = {{binhduong" in entry  # the whole title is protected from case changes
    assert fields["author"].replace("\\_", "_") == DATASET.authors[0]
    assert "doi" not in fields and "url" not in fields  # the project names neither


def test_apa() -> None:
    text = bdc.cite("apa")
    assert text == (f"{DATASET.authors[0]}. ({DATASET.year}). {DATASET.title} (Version {DATASET.version}) [Data set].")


def test_cff_matches_citation_file_and_metadata() -> None:
    text = bdc.cite("cff")
    assert text == (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["cff-version"] == "1.2.0" and data["type"] == "dataset"
    assert (data["title"], data["version"], data["date-released"]) == (DATASET.title, DATASET.version, DATASET.released)
    assert [a["name"] for a in data["authors"]] == list(DATASET.authors)
    assert data["license"] == DATASET.data_licence and data["keywords"] == list(DATASET.keywords)
    assert not {"doi", "url", "repository-code"} & set(data)


def test_ris_and_csl_json() -> None:
    ris = bdc.cite("ris").splitlines()
    assert ris[0] == "TY  - DATA" and ris[-1] == "ER  - "
    assert f"ET  - {DATASET.version}" in ris and f"DA  - {DATASET.released.replace('-', '/')}" in ris
    assert [line[6:] for line in ris if line.startswith("KW")] == list(DATASET.keywords)
    (item,) = json.loads(bdc.cite("csl-json"))
    assert (item["type"], item["version"], item["title"]) == ("dataset", DATASET.version, DATASET.title)
    assert item["issued"] == {"date-parts": [[int(part) for part in DATASET.released.split("-")]]}
    assert item["author"] == [{"literal": DATASET.authors[0]}]
    assert "DOI" not in item and "URL" not in item and "note" not in item


def test_unknown_style_lists_the_styles() -> None:
    with pytest.raises(
        bdc.UnknownNameError,
        match="style='mla' is not a known citation style; valid: bibtex, apa, cff, ris, csl-json",
    ):
        bdc.cite("mla")
    with pytest.raises(bdc.UnknownNameError, match="did you mean 'apa'"):
        bdc.cite("APA ")
    with pytest.raises(bdc.InvalidTypeError, match="expected a citation style"):
        bdc.cite(None)  # type: ignore[arg-type]
    with pytest.raises(bdc.InvalidArgumentError):
        bdc.cite_sources("pt-icf", "harvard")


@pytest.mark.parametrize("style", STYLES)
def test_sources_of_a_record_in_every_style(style: str) -> None:
    text = bdc.cite_sources("pt-eindhoven", style)
    assert "Bình Dương xây dựng thành phố thông minh" in text  # src-004
    assert "Bình Dương tiếp tục nâng cao hiệu quả công tác đối ngoại" in text  # src-001
    assert "http://www.baohaiquan.vn/pages/binh-duong-xay-dung-thanh-pho-thong-minh.aspx" in text
    assert text.count("http") == 1  # only src-004 gives a URL


@pytest.mark.parametrize("style", STYLES)
def test_a_source_id_cites_that_source(style: str) -> None:
    for source_id in _source_ids():
        (item,) = json.loads(bdc.cite_sources(source_id, "csl-json"))
        assert item["id"] == source_id
        assert source_id in bdc.cite_sources(source_id, style) or style in ("apa", "cff")


def test_every_style_is_rendered_from_the_csl_item() -> None:
    """What the CSL-JSON item says is what each style says, for every source."""
    for source_id in _source_ids():
        (item,) = json.loads(bdc.cite_sources(source_id, "csl-json"))
        names = [name["literal"] for name in item.get("author", [])]
        for style in STYLES:
            text = bdc.cite_sources(source_id, style)
            assert item["title"] in text, (source_id, style)
            assert all(name in text for name in names), (source_id, style)
            assert ("http" in text) == ("URL" in item), (source_id, style)


def test_an_untitled_unsigned_article_without_publisher() -> None:
    source = bdc.get("src-000")
    assert (source.title, source.authors, source.publisher, source.url) == (None, (), None, None)
    (item,) = json.loads(bdc.cite_sources("src-000", "csl-json"))
    assert item == {
        "id": "src-000",
        "type": "article-newspaper",
        "title": UNTITLED,
        "language": "vi",
        "issued": {"date-parts": [[2018, 10, 10]]},
        "note": "Publication date inferred by the curators.",
    }
    assert bdc.cite_sources("src-000", "apa") == "[Untitled news article]. (2018, October 10)."
    bibtex = bdc.cite_sources("src-000", "bibtex")
    assert bibtex.startswith("% src-000: Publication date inferred by the curators.\n@misc{src-000,\n")
    assert _bibtex_fields(bibtex) == {"title": UNTITLED, "year": "2018", "month": "oct", "key": "Untitled news article"}
    (reference,) = yaml.safe_load(bdc.cite_sources("src-000", "cff"))["references"]
    assert reference["authors"] == [{"name": "anonymous"}]  # the CFF guide's way to say so
    assert "AU  -" not in bdc.cite_sources("src-000", "ris")


def test_an_unsigned_article_is_credited_to_its_publisher() -> None:
    assert bdc.get("src-001").authors == ()
    publisher = "Đài PTTH Bình Dương"
    (item,) = json.loads(bdc.cite_sources("src-001", "csl-json"))
    assert item["author"] == [{"literal": publisher}] and item["container-title"] == publisher
    assert "issued" not in item  # the article gives no date, and none is made up
    assert bdc.cite_sources("src-001", "apa") == (
        f"{publisher}. (n.d.). Bình Dương tiếp tục nâng cao hiệu quả công tác đối ngoại."
    )
    bibtex = bdc.cite_sources("src-001", "bibtex")
    assert "@misc{src-001," in bibtex and _bibtex_fields(bibtex)["author"] == publisher
    (reference,) = yaml.safe_load(bdc.cite_sources("src-001", "cff"))["references"]
    assert reference["authors"] == [{"name": publisher}]
    assert f"AU  - {publisher}" in bdc.cite_sources("src-001", "ris")


def test_signed_dated_articles_are_newspaper_articles() -> None:
    for source_id, journal in (("src-002", "BDO"), ("src-003", "BEGIC"), ("src-004", "Hải Quan")):
        bibtex = bdc.cite_sources(source_id, "bibtex")
        assert f"@article{{{source_id}," in bibtex
        assert _bibtex_fields(bibtex)["journal"] == journal
        assert "TY  - NEWS" in bdc.cite_sources(source_id, "ris")


@pytest.mark.parametrize("style", STYLES)
def test_bylines_in_natural_case_in_every_style(style: str) -> None:
    assert bdc.get("src-002").authors == ("PHƯƠNG LÊ",)  # the record keeps the byline as printed
    text = bdc.cite_sources("src-002", style)
    assert "Phương Lê" in text and "PHƯƠNG" not in text


def test_bylines_are_literal_names() -> None:
    """Bylines are printed given name first, against Vietnamese order: no family/given split is claimed."""
    for source in bdc.sources():
        for item in json.loads(bdc.cite_sources(source.id, "csl-json")):
            assert all(set(name) == {"literal"} for name in item.get("author", []))


def test_inferences_are_noted_beside_the_reference_not_in_it() -> None:
    record = "aw-icf-top1-2023"  # src-002: date and publisher inferred
    note = "Publication date and publisher inferred by the curators."
    assert citation_notes(record) == {"src-002": note}
    apa = bdc.cite_sources(record, "apa")
    assert apa == "Phương Lê. (2024, February 5). Xứng danh top 1 Cộng đồng thông minh thế giới. BDO."
    (item,) = json.loads(bdc.cite_sources(record, "csl-json"))
    assert item["note"] == note
    bibtex = bdc.cite_sources(record, "bibtex")
    assert bibtex.startswith(f"% src-002: {note}\n@article{{src-002,") and "note" not in _bibtex_fields(bibtex)
    assert f"N1  - {note}" in bdc.cite_sources(record, "ris")
    assert yaml.safe_load(bdc.cite_sources(record, "cff"))["references"][0]["notes"] == note
    stated = bdc.cite_sources("ev-wta-hitech-fair-2019", "ris")  # src-003: date stated, publisher inferred
    assert "DA  - 2019/11/10" in stated and "N1  - Publisher inferred by the curators." in stated


def test_no_curator_marker_inside_formatted_references() -> None:
    for source_id in _source_ids():
        assert "inferred" not in bdc.cite_sources(source_id, "apa")
        entries = re.sub(r"^%.*\n", "", bdc.cite_sources(source_id, "bibtex"), flags=re.MULTILINE)
        assert "inferred" not in entries


def test_a_date_interval_is_cited_by_what_it_agrees_on() -> None:
    assert bdc.get("src-004").date == "2017-11-23/2017-11-25"
    (item,) = json.loads(bdc.cite_sources("src-004", "csl-json"))
    assert item["issued"] == {"date-parts": [[2017, 11]]}
    assert item["note"] == (
        "Publication date and publisher inferred by the curators; EDTF publication date 2017-11-23/2017-11-25."
    )
    assert "(2017, November)" in bdc.cite_sources("src-004", "apa")
    assert "DA  - 2017/11\n" in bdc.cite_sources("src-004", "ris")
    (reference,) = yaml.safe_load(bdc.cite_sources("src-004", "cff"))["references"]
    assert (reference["year"], reference["month"]) == (2017, 11) and "date-published" not in reference


def test_bibtex_uses_only_standard_fields() -> None:
    texts = [bdc.cite("bibtex"), *(bdc.cite_sources(source_id, "bibtex") for source_id in _source_ids())]
    for text in texts:
        assert set(_bibtex_fields(text)) <= BIBTEX_FIELDS, text


def test_cite_sources_follows_the_evidence() -> None:
    for record in [*bdc.events(), *bdc.people()]:
        items = json.loads(bdc.cite_sources(record.id, "csl-json"))
        assert [i["id"] for i in items] == sorted({ev.source_id for ev in record.evidence})
        assert set(citation_notes(record.id)) <= {i["id"] for i in items}


def test_cite_sources_unknown_record() -> None:
    with pytest.raises(bdc.UnknownRecordError, match="did you mean 'pt-icf'"):
        bdc.cite_sources("pt-icff")
    with pytest.raises(bdc.UnknownRecordError):
        citation_notes("pt-icff")


# --- the byline helper -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "cited"),
    [
        ("PHƯƠNG LÊ", "Phương Lê"),
        ("ĐẶNG THỊ ÁNH", "Đặng Thị Ánh"),
        ("NGUYỄN-TRẦN THU", "Nguyễn-Trần Thu"),
        ("Thuy Linh", "Thuy Linh"),
        ("Lê Thu", "Lê Thu"),
        ("McDonald", "McDonald"),  # mixed case is as the author wants it
        ("BTV", "Btv"),  # a byline, not a publisher: publishers are never recased
        ("", ""),
        ("123", "123"),
    ],
)
def test_natural_case(byline: str, cited: str) -> None:
    assert natural_case(byline) == cited


def test_natural_case_keeps_combining_marks_in_their_word() -> None:
    decomposed = unicodedata.normalize("NFD", "PHƯƠNG LÊ")
    assert natural_case(decomposed) == unicodedata.normalize("NFD", "Phương Lê")
    assert "PHƯƠNG LÊ".title() == "Phương Lê"  # fine in NFC ...
    assert unicodedata.normalize("NFC", decomposed.title()) != "Phương Lê"  # ... but not in NFD


_VI_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZĐÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"
_VI_WORD = st.text(alphabet=_VI_UPPER, min_size=1, max_size=8)


@given(st.lists(_VI_WORD, min_size=1, max_size=4), st.sampled_from([" ", "-", " - "]), st.booleans())
def test_natural_case_of_vietnamese_capitals(words: list[str], separator: str, decomposed: bool) -> None:
    byline = separator.join(words)
    byline = unicodedata.normalize("NFD", byline) if decomposed else byline
    cited = natural_case(byline)
    assert cited.upper() == byline  # the same letters, marks and separators
    assert [w[0] for w in cited.replace("-", " ").split()] == [w[0] for w in byline.replace("-", " ").split()]
    assert not any(ch.isupper() for w in cited.replace("-", " ").split() for ch in w[1:])
    assert natural_case(cited) == cited  # a byline in natural case stays as it is


@given(st.text(max_size=30))
def test_natural_case_changes_only_bylines_in_capitals(byline: str) -> None:
    cited = natural_case(byline)
    if any(ch.islower() for ch in byline) or not any(ch.isupper() for ch in byline):
        assert cited == byline
    assert natural_case(cited) == cited or not any(ch.islower() for ch in cited)
