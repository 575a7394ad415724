"""Citations: the dataset at its installed version, and the articles behind any record.

Every reference is first built as one CSL-JSON item (the model that
citation processors such as citeproc-js, citeproc-py, pandoc and Zotero
share); BibTeX, RIS, CFF and APA are rendered from that item, never from
the record, so the styles cannot disagree about a fact.

Nothing is made up: no title, date, URL, DOI or publisher is given where
the project or the article names none. An untitled article is described in
brackets, as APA does for untitled works, and an unsigned one is credited to
its publisher where one is known. What the curators inferred (a date, a
publisher) is said beside the reference, never inside the formatted text:
:func:`citation_notes`, CSL ``note``, RIS ``N1``, CFF ``notes`` and a ``%``
comment line before a BibTeX entry, which BibTeX and biber skip.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NotRequired, TypedDict

from ._arguments import check_choice, shown
from ._metadata import DATASET, DatasetMetadata
from .errors import InvalidTypeError

if TYPE_CHECKING:
    from .records import Source

__all__ = ["STYLES", "UNTITLED", "citation_cff", "citation_notes", "cite", "cite_sources", "natural_case"]

STYLES = ("bibtex", "apa", "cff", "ris", "csl-json")

#: The title given to an article that prints none: APA's bracketed description of an untitled work.
UNTITLED = "[Untitled news article]"

# Not calendar.month_name: that follows the locale, and APA's months are English.
_MONTHS = tuple("January February March April May June July August September October November December".split())


# The CSL-JSON item, the one model every style is rendered from (CSL 1.0.2 variable names). A name is
# always "literal": bylines are printed given name first, against Vietnamese order, so no split is claimed.
class _Name(TypedDict):
    literal: str


_Date = TypedDict("_Date", {"date-parts": list[list[int]]})
_Item = TypedDict(
    "_Item",
    {
        "id": str,
        "type": str,
        "title": str,
        "author": NotRequired[list[_Name]],
        "container-title": NotRequired[str],
        "issued": NotRequired[_Date],
        "version": NotRequired[str],
        "abstract": NotRequired[str],
        "keyword": NotRequired[str],
        "license": NotRequired[str],
        "language": NotRequired[str],
        "URL": NotRequired[str],
        "DOI": NotRequired[str],
        "note": NotRequired[str],
    },
)


def _check_style(style: object) -> str:
    if not isinstance(style, str):
        raise InvalidTypeError(f"style={shown(style)}: expected a citation style, got {type(style).__name__}")
    return check_choice("style", style.lower(), STYLES, "citation style")


def cite(style: str = "bibtex") -> str:
    """A reference to this version of the dataset in ``style``."""
    style = _check_style(style)
    if style == "cff":
        return citation_cff()
    return _RENDER[style]([_dataset_item(DATASET)])


def cite_sources(record_id: str, style: str = "bibtex") -> str:
    """References to the news articles whose text backs ``record_id``, one per article, in ``style``.

    A source's own id gives that source: its evidence quotes itself.
    """
    style = _check_style(style)
    items = [_source_item(source) for source in _sources_of(record_id)]
    if style == "cff":
        return "references:\n" + "".join(_cff_reference(item) for item in items)
    return _RENDER[style](items)


def citation_notes(record_id: str) -> dict[str, str]:
    """What the curators inferred in the references :func:`cite_sources` gives, by source id.

    A source whose date and publisher are both stated has no entry. Keep the
    note beside the reference (a footnote, a comment): it is not part of it.
    """
    return {source.id: note for source in _sources_of(record_id) if (note := _caveat(source))}


def citation_cff(meta: DatasetMetadata = DATASET) -> str:
    """The CITATION.cff text (Citation File Format 1.2.0, ``type: dataset``)."""
    item = _dataset_item(meta)
    lines = [
        "# Generated from binhduong_corpus._metadata by `python -m binhduong_corpus.build`; do not edit by hand.",
        "cff-version: 1.2.0",
        f"message: {_yaml('If you use this dataset, please cite it with its version as below.')}",
        "type: dataset",
        f"title: {_yaml(item['title'])}",
        *_cff_optional("", [("abstract", item.get("abstract"))]),
        "authors:",
        *_cff_authors("  ", item),
        *_cff_optional("", [("version", item.get("version")), ("date-released", _iso_date(item))]),
        *_cff_optional("", [("license", item.get("license"))]),
        *_cff_list("", "keywords", _keywords(item)),
        *_cff_optional("", [("url", item.get("URL")), ("repository-code", meta.repository), ("doi", item.get("DOI"))]),
    ]
    return "\n".join(lines) + "\n"


def _sources_of(record_id: str) -> tuple[Source, ...]:
    from ._relations import related

    return related(record_id).sources


# --- the CSL-JSON items ---------------------------------------------------------------------


def _dataset_item(meta: DatasetMetadata) -> _Item:
    year, month, day = (int(part) for part in meta.released.split("-"))
    item: _Item = {
        "id": f"{meta.name}-{meta.version}",
        "type": "dataset",
        "title": meta.title,
        "author": [{"literal": author} for author in meta.authors],
        "issued": {"date-parts": [[year, month, day]]},
        "version": meta.version,
        "abstract": meta.abstract,
        "keyword": ", ".join(meta.keywords),  # CSL's one string; RIS and CFF split it again
        "license": meta.data_licence,
    }
    if meta.url:
        item["URL"] = meta.url
    if meta.doi:
        item["DOI"] = meta.doi
    return item


def _source_item(source: Source) -> _Item:
    item: _Item = {
        "id": source.id,
        "type": "article-newspaper",
        "title": source.title or UNTITLED,
        "language": source.language.value,
    }
    # Unsigned news is credited to its publisher, as an organisation, where the article names one.
    authors = [natural_case(byline) for byline in source.authors] or ([source.publisher] if source.publisher else [])
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    if source.publisher:
        item["container-title"] = source.publisher
    if parts := _date_parts(source):
        item["issued"] = {"date-parts": [list(parts)]}
    if source.url:
        item["URL"] = source.url
    if note := _caveat(source):
        item["note"] = note
    return item


def natural_case(byline: str) -> str:
    """A byline set in capitals ("PHƯƠNG LÊ") in natural case ("Phương Lê"); any other byline as it is.

    A word keeps its first letter and lowers the rest; a combining mark stays inside
    its word. ``str.title`` would capitalise the letter after each combining mark,
    which text not in NFC carries after every accented letter.
    """
    if any(ch.islower() for ch in byline) or not any(ch.isupper() for ch in byline):
        return byline
    out: list[str] = []
    in_word = False
    for ch in byline:
        if ch.isalpha():
            out.append(ch.lower() if in_word else ch)
            in_word = True
        else:
            out.append(ch)
            in_word = in_word and unicodedata.category(ch).startswith("M")
    return "".join(out)


def _date_parts(source: Source) -> tuple[int, ...]:
    """The date parts that hold for the whole EDTF range: (y, m, d), (y, m), (y) or ()."""
    start, end = source.start_date, source.end_date
    if start is None or end is None:
        return ()
    common: list[int] = []
    for a, b in ((start.year, end.year), (start.month, end.month), (start.day, end.day)):
        if a != b:
            break
        common.append(a)
    return tuple(common)


def _caveat(source: Source) -> str:
    inferred = [
        what
        for what, basis in (("publication date", source.date_basis), ("publisher", source.publisher_basis))
        if basis is not None and basis.value == "inferred"
    ]
    notes = [f"{' and '.join(inferred)} inferred by the curators"] if inferred else []
    # A reference gives only the date parts an interval agrees on; the interval itself goes beside it.
    if source.date and "/" in source.date:
        notes.append(f"EDTF publication date {source.date}")
    text = "; ".join(notes)
    return text[:1].upper() + text[1:] + "." if text else ""


def _parts(item: _Item) -> list[int]:
    return item["issued"]["date-parts"][0] if "issued" in item else []


def _names(item: _Item) -> list[str]:
    return [name["literal"] for name in item.get("author", [])]


def _iso_date(item: _Item) -> str | None:
    parts = _parts(item)
    return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}" if len(parts) == 3 else None


# --- CSL-JSON and APA -----------------------------------------------------------------------------


def _csl_json(items: list[_Item]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _apa(items: list[_Item]) -> str:
    return "\n".join(_apa_reference(item) for item in items)


def _apa_reference(item: _Item) -> str:
    """APA 7: author. (date). title (version) [kind]. site. link -- a work with no author leads with its title."""
    names = _names(item)
    title = item["title"] + (f" (Version {item['version']})" if "version" in item else "")
    title = _sentence(title + (" [Data set]" if item["type"] == "dataset" else ""))
    parts = [_apa_names(names), f"({_apa_date(item)}).", title] if names else [title, f"({_apa_date(item)})."]
    site = item.get("container-title")
    if site and names != [site]:  # a site that is also the author is named once (APA 7, 9.11)
        parts.append(_sentence(site))
    if link := _link(item):
        parts.append(link)
    return " ".join(parts)


def _apa_names(names: list[str]) -> str:
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return _sentence(joined)


def _apa_date(item: _Item) -> str:
    parts = _parts(item)
    if not parts:
        return "n.d."
    if item["type"] == "dataset":  # APA dates a data set by its year
        return str(parts[0])
    month_day = [_MONTHS[parts[1] - 1] + (f" {parts[2]}" if len(parts) > 2 else "")] if len(parts) > 1 else []
    return ", ".join([str(parts[0]), *month_day])


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _link(item: _Item) -> str | None:
    return f"https://doi.org/{item['DOI']}" if "DOI" in item else item.get("URL")


# --- BibTeX ----------------------------------------------------------------------------------------

_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# BibTeX counts braces without regard to backslashes, so ``\{`` would unbalance a field: braces
# become text commands. ``~`` would be a no-break space and the rest are LaTeX's special characters.
_TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL = re.compile("[" + re.escape("".join(_TEX_ESCAPES)) + "]")


def _bibtex(items: list[_Item]) -> str:
    return "\n".join(_bibtex_reference(item) for item in items)


def _bibtex_reference(item: _Item) -> str:
    names, parts = _names(item), _parts(item)
    container = item.get("container-title")
    # @article needs author, title, journal and year; anything less is @misc, which needs nothing.
    kind = "article" if item["type"] != "dataset" and names and container and parts else "misc"
    fields = [
        ("author", " and ".join(_tex_protected(name) for name in names)),
        ("title", _tex_protected(item["title"])),
    ]
    if kind == "article":
        fields += [("journal", _tex(container or ""))]
    elif item["type"] == "dataset":
        fields += [("howpublished", _tex(f"Dataset, version {item.get('version', '')}"))]
    elif container and names != [container]:
        fields += [("howpublished", _tex(container))]
    fields += [("year", str(parts[0]) if parts else ""), ("month", _BIBTEX_MONTHS[parts[1] - 1] if parts[1:] else "")]
    fields += [("url", _tex_url(item.get("URL", ""))), ("doi", _tex_url(item.get("DOI", "")))]
    # Without an author the sorting styles (plain, alpha, ...) sort and label by "key", as APA leads with the title.
    fields += [] if names else [("key", _tex(item["title"].strip("[]")))]
    comment = f"% {item['id']}: {_comment(item['note'])}\n" if "note" in item else ""
    return comment + _bibtex_entry(kind, item["id"], [(name, value) for name, value in fields if value])


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    body = "".join(
        f"  {name:<{width}} = {value if name == 'month' else '{' + value + '}'},\n" for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}}}\n"


def _tex(text: str) -> str:
    """Text as BibTeX field content: special characters escaped, whitespace as BibTeX reads it, letters UTF-8."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_ESCAPES[m[0]], " ".join(text.split()))


def _tex_protected(text: str) -> str:
    """A brace group that styles print as written: no style lowercases "Bình Dương", "WTA" or "ICF" in it.

    A group that opens with a command is a "special character" to BibTeX, whose
    letters change case after all, so such a group starts with an empty one.
    """
    inner = _tex(text)
    return "{" + ("{}" if inner.startswith("\\") else "") + inner + "}"


def _tex_url(url: str) -> str:
    # The url package reads the address verbatim except for braces, which must balance.
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _comment(text: str) -> str:
    # Outside an entry BibTeX skips everything up to the next "@".
    return " ".join(text.replace("@", "(at)").split())


# --- RIS ------------------------------------------------------------------------------------------

_RIS_TYPES = {"dataset": "DATA", "article-newspaper": "NEWS"}


def _ris(items: list[_Item]) -> str:
    return "\n".join(_ris_reference(item) for item in items)


def _ris_reference(item: _Item) -> str:
    parts = _parts(item)
    lines: list[tuple[str, str | None]] = [("TY", _RIS_TYPES[item["type"]]), ("TI", item["title"])]
    lines[1:1] = [("AU", name) for name in _names(item)]
    lines += [("T2", item.get("container-title")), ("PY", str(parts[0]) if parts else None)]
    lines += [("DA", "/".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])]) if parts else None)]
    lines += [("ET", item.get("version")), ("AB", item.get("abstract"))]
    lines += [("KW", keyword) for keyword in _keywords(item)]
    lines += [("LA", item.get("language")), ("UR", item.get("URL")), ("DO", item.get("DOI"))]
    lines += [("ID", item["id"]), ("N1", item.get("note"))]
    return "".join(f"{tag}  - {_ris_line(value)}\n" for tag, value in lines if value) + "ER  - \n"


def _ris_line(text: str) -> str:
    return " ".join(text.split())  # a RIS value ends at the line's end


def _keywords(item: _Item) -> list[str]:
    return [keyword for keyword in item.get("keyword", "").split(", ") if keyword]


# --- CFF ------------------------------------------------------------------------------------------

_CFF_TYPES = {"dataset": "data", "article-newspaper": "newspaper-article"}


def _cff_reference(item: _Item) -> str:
    parts = _parts(item)
    lines = [f"  - type: {_CFF_TYPES[item['type']]}", f"    title: {_yaml(item['title'])}", "    authors:"]
    lines += _cff_authors("      ", item)
    lines += _cff_optional("    ", [("journal", item.get("container-title"))])
    lines += _cff_optional("    ", [("year", parts[0] if parts else None), ("month", parts[1] if parts[1:] else None)])
    lines += _cff_optional("    ", [("date-published", _iso_date(item)), ("url", item.get("URL"))])
    lines += _cff_list("    ", "languages", [item["language"]] if "language" in item else [])
    lines += _cff_optional("    ", [("notes", item.get("note"))])
    return "\n".join(lines) + "\n"


def _cff_authors(indent: str, item: _Item) -> list[str]:
    # CFF requires an author; its guide writes a truly anonymous work's as the entity "anonymous".
    return [f"{indent}- name: {_yaml(name)}" for name in _names(item) or ["anonymous"]]


def _cff_optional(indent: str, pairs: Iterable[tuple[str, str | int | None]]) -> list[str]:
    return [
        f"{indent}{key}: {_yaml(value) if isinstance(value, str) else value}"
        for key, value in pairs
        if value is not None
    ]


def _cff_list(indent: str, key: str, values: Iterable[str]) -> list[str]:
    values = list(values)
    return [f"{indent}{key}:", *[f"{indent}  - {_yaml(value)}" for value in values]] if values else []


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


_RENDER: dict[str, Callable[[list[_Item]], str]] = {
    "bibtex": _bibtex,
    "apa": _apa,
    "ris": _ris,
    "csl-json": _csl_json,
}
