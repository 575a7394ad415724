"""Citations: the dataset at its installed version, and the articles behind any record.

Styles: ``bibtex``, ``apa``, ``cff``, ``ris`` and ``csl-json``. The dataset's
fields come from :data:`binhduong_corpus._metadata.DATASET`; an article's
from its row in the sources table. Nothing is made up: no DOI or URL is
given where the project or the article names none, and a publication date
or publisher the curators inferred is marked as inferred.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._arguments import check_choice, shown
from ._metadata import DATASET, DatasetMetadata
from .errors import InvalidTypeError

if TYPE_CHECKING:
    from .records import Source

__all__ = ["STYLES", "cite", "cite_sources"]

STYLES = ("bibtex", "apa", "cff", "ris", "csl-json")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _check_style(style: object) -> str:
    if not isinstance(style, str):
        raise InvalidTypeError(f"style={shown(style)}: expected a citation style, got {type(style).__name__}")
    return check_choice("style", style.lower(), STYLES, "citation style")


def cite(style: str = "bibtex") -> str:
    """A reference to this version of the dataset in ``style``."""
    formats: dict[str, Callable[[DatasetMetadata], str]] = {
        "bibtex": _dataset_bibtex,
        "apa": _dataset_apa,
        "cff": citation_cff,
        "ris": _dataset_ris,
        "csl-json": lambda meta: _json([_dataset_csl(meta)]),
    }
    return formats[_check_style(style)](DATASET)


# --- the dataset --------------------------------------------------------------------------


def _key(meta: DatasetMetadata) -> str:
    return f"{meta.name}-{meta.version}"


def _released(meta: DatasetMetadata) -> datetime.date:
    return datetime.date.fromisoformat(meta.released)


def _dataset_bibtex(meta: DatasetMetadata) -> str:
    fields = [
        ("author", " and ".join("{" + _tex(a) + "}" for a in meta.authors)),
        ("title", _tex(meta.title)),
        ("year", str(meta.year)),
        ("month", _MONTHS[_released(meta).month - 1]),
        ("version", meta.version),
        ("howpublished", _tex(f"Dataset, Python package {meta.name} {meta.version}")),
        ("note", _tex(f"Data licence {meta.data_licence}; code licence {meta.code_licence}")),
    ]
    fields += [(name, value) for name, value in (("url", meta.url), ("doi", meta.doi)) if value]
    return _bibtex_entry("misc", _key(meta), fields)


def _dataset_apa(meta: DatasetMetadata) -> str:
    tail = "".join(f" {link}" for link in (f"https://doi.org/{meta.doi}" if meta.doi else None, meta.url) if link)
    return f"{_apa_authors(meta.authors)} ({meta.year}). {meta.title} (Version {meta.version}) [Data set].{tail}"


def _dataset_ris(meta: DatasetMetadata) -> str:
    released = _released(meta)
    lines = [("TY", "DATA"), *[("AU", a) for a in meta.authors], ("TI", meta.title), ("PY", str(meta.year))]
    lines += [("DA", released.strftime("%Y/%m/%d")), ("ET", meta.version), ("AB", meta.abstract)]
    lines += [("KW", k) for k in meta.keywords]
    lines += [("N1", f"Data licence {meta.data_licence}; code licence {meta.code_licence}")]
    lines += [(tag, value) for tag, value in (("UR", meta.url), ("DO", meta.doi)) if value]
    return _ris(lines)


def _dataset_csl(meta: DatasetMetadata) -> dict[str, Any]:
    released = _released(meta)
    item: dict[str, Any] = {
        "id": _key(meta),
        "type": "dataset",
        "title": meta.title,
        "author": [{"literal": a} for a in meta.authors],
        "issued": {"date-parts": [[released.year, released.month, released.day]]},
        "version": meta.version,
        "abstract": meta.abstract,
        "keyword": ", ".join(meta.keywords),
        "license": meta.data_licence,
    }
    item.update({k: v for k, v in (("URL", meta.url), ("DOI", meta.doi)) if v})
    return item


def citation_cff(meta: DatasetMetadata = DATASET) -> str:
    """The CITATION.cff text (Citation File Format 1.2.0, ``type: dataset``)."""
    lines = [
        "# Generated from binhduong_corpus._metadata by `python -m binhduong_corpus.build`; do not edit by hand.",
        "cff-version: 1.2.0",
        f"message: {_yaml('If you use this dataset, please cite it with its version as below.')}",
        "type: dataset",
        f"title: {_yaml(meta.title)}",
        f"abstract: {_yaml(meta.abstract)}",
        "authors:",
        *[f"  - name: {_yaml(a)}" for a in meta.authors],
        f"version: {_yaml(meta.version)}",
        f"date-released: {_yaml(meta.released)}",
        f"license: {meta.data_licence}",
        "keywords:",
        *[f"  - {_yaml(k)}" for k in meta.keywords],
    ]
    lines += [
        f"{key}: {_yaml(value)}"
        for key, value in (("url", meta.url), ("repository-code", meta.repository), ("doi", meta.doi))
        if value
    ]
    return "\n".join(lines) + "\n"


# --- the sources behind a record ------------------------------------------------------------


def cite_sources(record_id: str, style: str = "bibtex") -> str:
    """References to the news articles whose text backs ``record_id``, one per article, in ``style``."""
    from ._relations import related

    style = _check_style(style)
    sources = related(record_id).sources
    if style == "csl-json":
        return _json([_source_csl(s) for s in sources])
    if style == "cff":
        return "references:\n" + "".join(_source_cff(s) for s in sources)
    render = {"bibtex": _source_bibtex, "apa": _source_apa, "ris": _source_ris}[style]
    return "\n".join(render(s) for s in sources)


def _source_date(source: Source) -> tuple[int, ...]:
    """The date parts that hold for the whole EDTF range: (y, m, d), (y, m), (y) or ()."""
    start, end = source.start_date, source.end_date
    if start is None or end is None:
        return ()
    parts = [(start.year, end.year), (start.month, end.month), (start.day, end.day)]
    common: list[int] = []
    for a, b in parts:
        if a != b:
            break
        common.append(a)
    return tuple(common)


def _caveats(source: Source) -> str:
    notes = [
        f"{what} inferred by the curators"
        for what, basis in (("publication date", source.date_basis), ("publisher", source.publisher_basis))
        if basis is not None and basis.value == "inferred"
    ]
    return "; ".join(notes)


def _title(source: Source) -> str:
    return source.title or "[Untitled article]"


def _source_bibtex(source: Source) -> str:
    date = _source_date(source)
    fields = [("author", " and ".join("{" + _tex(a) + "}" for a in source.authors)), ("title", _tex(_title(source)))]
    fields += [("journal", _tex(source.publisher or "")), ("year", str(date[0]) if date else "")]
    fields += [("month", _MONTHS[date[1] - 1] if len(date) > 1 else ""), ("day", str(date[2]) if len(date) > 2 else "")]
    fields += [("language", source.language.value), ("url", source.url or ""), ("note", _tex(_caveats(source)))]
    return _bibtex_entry("article", source.id, [(k, v) for k, v in fields if v])


def _source_apa(source: Source) -> str:
    date = _source_date(source)
    when = "n.d." if not date else ", ".join([str(date[0]), *_apa_month_day(date)])
    when += " [inferred]" if source.date_basis is not None and source.date_basis.value == "inferred" else ""
    who = _apa_authors(source.authors) if source.authors else _title(source) + "."
    what = "" if not source.authors else f" {_title(source)}."
    where = f" {source.publisher}." if source.publisher else ""
    return f"{who} ({when}).{what}{where}{' ' + source.url if source.url else ''}"


def _apa_month_day(date: tuple[int, ...]) -> list[str]:
    if len(date) < 2:
        return []
    month = datetime.date(2000, date[1], 1).strftime("%B")
    return [f"{month} {date[2]}" if len(date) > 2 else month]


def _source_ris(source: Source) -> str:
    date = _source_date(source)
    lines = [("TY", "NEWS"), *[("AU", a) for a in source.authors], ("TI", _title(source))]
    lines += [(tag, value) for tag, value in (("T2", source.publisher), ("UR", source.url)) if value]
    if date:
        lines += [("PY", str(date[0])), ("DA", "/".join([str(date[0]), *(f"{p:02d}" for p in date[1:])]))]
    lines += [("LA", source.language.value), ("ID", source.id)]
    lines += [("N1", _caveats(source))] if _caveats(source) else []
    return _ris(lines)


def _source_csl(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.id,
        "type": "article-newspaper",
        "title": _title(source),
        "language": source.language.value,
    }
    if source.authors:
        item["author"] = [{"literal": a} for a in source.authors]
    if source.publisher:
        item["container-title"] = source.publisher
    if _source_date(source):
        item["issued"] = {"date-parts": [list(_source_date(source))]}
    if source.url:
        item["URL"] = source.url
    if _caveats(source):
        item["note"] = _caveats(source)
    return item


def _source_cff(source: Source) -> str:
    lines = ["  - type: newspaper-article", f"    title: {_yaml(_title(source))}"]
    lines += ["    authors:", *[f"      - name: {_yaml(a)}" for a in source.authors]] if source.authors else []
    date = _source_date(source)
    lines += [
        f"    {key}: {_yaml(value)}" for key, value in (("journal", source.publisher), ("url", source.url)) if value
    ]
    lines += [f"    year: {date[0]}"] if date else []
    lines += [f"    date-published: {_yaml(datetime.date(*date).isoformat())}"] if len(date) == 3 else []
    lines += [f"    notes: {_yaml(_caveats(source))}"] if _caveats(source) else []
    return "\n".join(lines) + "\n"


# --- text formats ------------------------------------------------------------------------------


def _tex(text: str) -> str:
    """Escape BibTeX's special characters; letters stay as UTF-8 (biber and BibTeX 8-bit both read it)."""
    for char, escaped in (
        ("\\", r"\textbackslash{}"),
        ("{", r"\{"),
        ("}", r"\}"),
        ("_", r"\_"),
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
    ):
        text = text.replace(char, escaped)
    return text


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    body = "".join(
        f"  {name:<{width}} = {value if name == 'month' else '{' + value + '}'},\n" for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}}}\n"


def _apa_authors(authors: tuple[str, ...]) -> str:
    names = list(authors)
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return joined if joined.endswith(".") else joined + "."


def _ris(lines: list[tuple[str, str]]) -> str:
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n"


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
