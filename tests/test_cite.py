"""Citations: each style field by field against the one metadata source; sources behind records."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

import binhduong_corpus as bdc
from binhduong_corpus._cite import STYLES
from binhduong_corpus._metadata import DATASET

from .conftest import ROOT


def _bibtex_fields(entry: str) -> dict[str, str]:
    return {k: v.strip("{}") for k, v in re.findall(r"^\s+(\w+)\s+= (.+),$", entry, re.MULTILINE)}


def test_bibtex_carries_every_field() -> None:
    entry = bdc.cite("bibtex")
    assert entry.startswith(f"@misc{{{DATASET.name}-{DATASET.version},")
    fields = _bibtex_fields(entry)
    assert fields["version"] == DATASET.version == bdc.__version__
    assert fields["year"] == DATASET.released[:4]
    assert fields["month"] == "nov"
    assert fields["title"].replace("\\_", "_") == DATASET.title
    assert fields["author"].replace("\\_", "_") == DATASET.authors[0]
    assert DATASET.data_licence in fields["note"]
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
    (item,) = json.loads(bdc.cite("csl-json"))
    assert (item["type"], item["version"], item["title"]) == ("dataset", DATASET.version, DATASET.title)
    assert item["issued"] == {"date-parts": [[2026, 11, 22]]}
    assert "DOI" not in item and "URL" not in item


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


def test_source_citations_mark_what_was_inferred() -> None:
    apa = bdc.cite_sources("aw-icf-top1-2023", "apa")
    assert apa == "PHƯƠNG LÊ. (2024, February 5 [inferred]). Xứng danh top 1 Cộng đồng thông minh thế giới. BDO."
    (item,) = json.loads(bdc.cite_sources("aw-icf-top1-2023", "csl-json"))
    assert item["note"] == "publication date inferred by the curators; publisher inferred by the curators"
    untitled = bdc.cite_sources("ev-wta-general-assembly-2018", "bibtex")
    assert "[Untitled article]" in untitled and "journal" not in untitled  # src-000 names no publisher
    stated = bdc.cite_sources("ev-wta-hitech-fair-2019", "ris")
    assert "DA  - 2019/11/10" in stated and "N1  - publication date" not in stated


def test_cite_sources_follows_the_evidence() -> None:
    for record in [*bdc.events(), *bdc.people()]:
        (items) = json.loads(bdc.cite_sources(record.id, "csl-json"))
        assert [i["id"] for i in items] == sorted({ev.source_id for ev in record.evidence})


def test_cite_sources_unknown_record() -> None:
    with pytest.raises(bdc.UnknownRecordError, match="did you mean 'pt-icf'"):
        bdc.cite_sources("pt-icff")


def _cffconvert() -> str | None:
    local = ROOT / ".venv-cff" / "bin" / "cffconvert"
    return str(local) if local.exists() else shutil.which("cffconvert")


def test_citation_cff_passes_cffconvert_validate() -> None:
    tool = _cffconvert()
    if tool is None:
        pytest.skip("cffconvert is not installed here (make test installs it in .venv-cff)")
    result = subprocess.run([tool, "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout
